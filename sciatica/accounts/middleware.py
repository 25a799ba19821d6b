"""Each request of a logged-in person runs in their own time zone, so that every
timezone.localdate() and localtime() in views, forms and templates is their day, not the server's.

The zone's name is kept in the session rather than read from the database on every request:
it is set when the person logs in (the user_logged_in signal) and when they change it, and read
from their profile only when a session has none (sessions made before this existed). Log-out
and logging in as someone else clear the session, so one person's zone never follows another.
A change made on another device reaches this session at its next log-in.
"""

from collections.abc import Callable

from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control

from sciatica.accounts.models import time_zone_for
from sciatica.accounts.zones import known_time_zones

SESSION_KEY = "time_zone"


def remember_time_zone(request: HttpRequest, name: str) -> None:
    request.session[SESSION_KEY] = name


def remember_time_zone_at_login(
    sender, request: HttpRequest | None, user: AbstractBaseUser, **kwargs
) -> None:
    # Logging in without a request (or a session) is possible, e.g. from a script.
    if request is not None and hasattr(request, "session"):
        remember_time_zone(request, time_zone_for(user))


def time_zone_of(request: HttpRequest) -> str | None:
    """The person's zone name, or None for a visitor (who gets the site's default)."""
    if not request.user.is_authenticated:
        return None
    name = request.session.get(SESSION_KEY)
    if name not in known_time_zones():
        name = time_zone_for(request.user)
        remember_time_zone(request, name)
    return name


class TimeZoneMiddleware:
    """Goes after AuthenticationMiddleware, which gives the request its user."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # override(None) is the default zone. On the way out the thread's previous zone comes
        # back, so nothing leaks into the next request served by the same thread.
        with timezone.override(time_zone_of(request)):
            return self.get_response(request)


class PrivatePagesMiddleware:
    """A page made for a logged-in person shows their health record, or is shaped by it: no
    shared cache may keep it, and the browser should not store it either (a shared computer,
    the back button after logging out). Pages that set their own caching (the public emergency
    page) keep it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response
