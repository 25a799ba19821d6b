"""The history of sessions, one session's page, and deleting a session."""

from functools import wraps

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from progress import record, safety
from progress.forms import (
    CheckInForm,
)
from progress.gate import PAUSED
from progress.models import (
    NEWEST_FIRST,
    Session,
    SessionExercise,
    SymptomsReach,
)
from progress.status import (
    early_entries,
    stage_views,
)


def session_view(*methods: str):
    """Views of one session: its owner's, or 404 for anyone else, whatever the method.

    The lookup comes before the method check so that another person's session never shows
    even as a "method not allowed"."""

    def decorator(view):
        @wraps(view)
        def wrapper(request: HttpRequest, pk: int) -> HttpResponse:
            session = get_object_or_404(Session, pk=pk, user=request.user)
            if request.method not in methods:
                return HttpResponseNotAllowed(methods)
            return view(request, session)

        return wrapper

    return decorator


def paused_by(result, session_id: int) -> bool:
    return any(c.session_id == session_id and c.status == PAUSED for c in result.changes)


def flare_help(result, session: Session) -> str | None:
    if session.pk not in result.flares:
        return None
    reaches_foot = session.symptoms_reach == SymptomsReach.FOOT
    return safety.flare_needs_help(result.flare_days.values(), session.date, reaches_foot)


@require_safe
def history(request: HttpRequest) -> HttpResponse:
    entries = SessionExercise.objects.select_related("exercise__stage")
    sessions = (
        Session.objects.filter(user=request.user)
        .order_by(*NEWEST_FIRST)
        .prefetch_related(Prefetch("entries", queryset=entries))
    )
    page = Paginator(sessions, 20).get_page(request.GET.get("page"))
    early_entries(request.user, page.object_list)
    return render(request, "progress/history.html", {"page": page})


@session_view("GET", "HEAD")
def session_detail(request: HttpRequest, session: Session) -> HttpResponse:
    _, result = stage_views(request.user)
    check_in = CheckInForm(session=session)
    context = {
        "session": session,
        "entries": session.entries.select_related("exercise"),
        "flare_reason": result.flares.get(session.pk),
        "paused_now": paused_by(result, session.pk),
        "flare_help": flare_help(result, session),
        "check_in_form": check_in if check_in.changeable else None,
        "today": timezone.localdate(),
        "scores": range(11),
    }
    return render(request, "progress/session.html", context)


@session_view("GET", "POST")
def delete(request: HttpRequest, session: Session) -> HttpResponse:
    if request.method == "POST":
        record.delete_session(session)
        messages.success(request, f"The session of {session.date:%-d %B %Y} was deleted.")
        return redirect("progress:history")
    return render(request, "progress/delete.html", {"session": session})
