"""Refusing a request body that is too big before anything reads it."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string


class RequestSizeLimitMiddleware:
    """Answers 413 to a body larger than the biggest upload the app takes (a 5 MB CSV, plus
    the form around it), judged by its Content-Length before a byte of it is read. It comes
    first: the CSRF check would otherwise read a whole 100 MB upload to find its token.

    The proxy in front should refuse bodies over the same size (see the README), so that a
    client cannot hold a worker while it sends one without a Content-Length."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BYTES:
            limit = settings.MAX_UPLOAD_BYTES // (1024 * 1024)
            html = render_to_string("413.html", {"limit_mb": limit})
            response = HttpResponse(html, status=413)
            # The unread body is still on the wire: do not try to read another request after it.
            response["Connection"] = "close"
            return response
        return self.get_response(request)
