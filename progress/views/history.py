"""The history of sessions, one session's page, and deleting a session."""

import re
from datetime import date, timedelta
from functools import wraps

from django.contrib import messages
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from exercises.models import Exercise
from progress import record, safety
from progress.forms import (
    CheckInForm,
)
from progress.gate import PAUSED
from progress.models import (
    NEWEST_FIRST,
    Session,
    SymptomsReach,
)
from progress.status import (
    early_entries,
    page_version,
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


MONTH = re.compile(r"(\d{4})-(\d{2})")
FIRST_YEAR = 1900  # sessions are dated from 1900 on
OLD_PAGE_SIZE = 20  # the history's pages before it was shown a month at a time


def _month(text: str | None) -> date | None:
    """The first day of the month written as YYYY-MM, or None if it is not one."""
    match = MONTH.fullmatch(text or "")
    if not match or not (int(match[1]) >= FIRST_YEAR and 1 <= int(match[2]) <= 12):
        return None
    return date(int(match[1]), int(match[2]), 1)


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _months_between(first: date, last: date) -> list[tuple[str, str]]:
    """Every month from `last` back to `first`, newest first, as the month list's values and
    labels (2026-03, March 2026)."""
    months, month = [], last.replace(day=1)
    while month >= first.replace(day=1):
        months.append((f"{month:%Y-%m}", f"{month:%B %Y}"))
        month = (month - timedelta(days=1)).replace(day=1)
    return months


def _bounds(user, month: date) -> tuple[date | None, date | None, date | None, date | None]:
    """The person's first and latest session days, and the nearest session days before and
    after `month`: one query of four index look-ups, whatever the length of the record."""
    table = connection.ops.quote_name(Session._meta.db_table)
    one = f"FROM {table} WHERE user_id = %s"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT MIN(date) {one}), (SELECT MAX(date) {one}), "
            f"(SELECT MAX(date) {one} AND date < %s), (SELECT MIN(date) {one} AND date >= %s)",
            [user.pk, user.pk, user.pk, month, user.pk, _next_month(month)],
        )
        row = cursor.fetchone()
    # SQLite gives dates back as text from a raw query.
    return tuple(date.fromisoformat(str(value)) if value else None for value in row)


@require_safe
def history(request: HttpRequest) -> HttpResponse:
    """One calendar month of sessions at a time, newest first, so that the page costs the same
    after years of logging. Without a month: the latest month with sessions, up to today."""
    sessions = Session.objects.filter(user=request.user)
    today = timezone.localdate()
    asked = request.GET.get("month")
    month = _month(asked)
    if asked is None and (page := request.GET.get("page")):
        # An address from when the history was shown 20 sessions a page: the month where
        # that page began.
        return _old_page(request, sessions, page)
    if month is None:
        latest = sessions.filter(date__lte=today).order_by("-date").values("date").first()
        month = (latest["date"] if latest else today).replace(day=1)
    first, last, older, newer = _bounds(request.user, month)
    context = {
        # Read only where the page shows them, and not at all when the month's list comes
        # from the cache (keyed by the record's version: see the template).
        "sessions": SimpleLazyObject(lambda: _month_of_sessions(request.user, sessions, month)),
        "version": page_version(request.user),
        "month": month,
        "month_value": f"{month:%Y-%m}",
        "month_error": asked is not None and _month(asked) is None,
        "older": older,
        "newer": newer,
        "months": _months_between(first, last) if first else [],
    }
    return render(request, "progress/history.html", context)


def _month_of_sessions(user, sessions, month: date) -> list[Session]:
    """The month's sessions, newest first, each with its entries and their exercises; the
    exercises come from one small query rather than a copy for every entry."""
    shown = list(
        sessions.filter(date__gte=month, date__lt=_next_month(month))
        .order_by(*NEWEST_FIRST)
        .prefetch_related("entries")
    )
    exercises = Exercise.objects.select_related("stage").in_bulk()
    for session in shown:
        for entry in session.entries.all():
            entry.exercise = exercises[entry.exercise_id]
    early_entries(user, shown)
    for session in shown:
        session.done = _entries_line(session.entries.all())
    return shown


DOSE = ' <span class="meta">({})</span>'
EARLY = mark_safe(' <span class="badge badge-locked">before its stage opened</span>')


def _entries_line(entries) -> str:
    """What was done in a session, as one line: built here rather than in the template, where
    a month of daily sessions with eight exercises each took most of the page's time."""
    if not entries:
        return "No exercises recorded"
    return format_html_join(
        ", ",
        "{}{}{}",
        (
            (
                entry.exercise.name,
                format_html(' <span class="meta">({})</span>', dose)
                if (dose := entry.dose_text)
                else "",
                EARLY if entry.early else "",
            )
            for entry in entries
        ),
    )


def _old_page(request: HttpRequest, sessions, page: str) -> HttpResponse:
    try:
        number = max(1, int(page))
    except ValueError:
        number = 1
    start = (
        sessions.order_by(*NEWEST_FIRST)
        .values_list("date", flat=True)[(number - 1) * OLD_PAGE_SIZE : number * OLD_PAGE_SIZE]
        .first()
    )
    url = reverse("progress:history")
    return redirect(f"{url}?month={start:%Y-%m}" if start else url)


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
