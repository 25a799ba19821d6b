"""The history of sessions, one session's page, and deleting a session."""

import re
from datetime import date, timedelta
from decimal import Decimal
from functools import wraps
from html import escape
from typing import NamedTuple

from django.contrib import messages
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_safe

from exercises.catalogue import catalogue
from progress import cards, record, safety, status
from progress.forms import (
    CheckInForm,
)
from progress.gate import PAUSED
from progress.models import (
    DOSE_FIELDS,
    NEWEST_FIRST,
    Session,
    SessionExercise,
    SymptomsReach,
    dose_text,
)
from progress.status import stage_views


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


def flare_help(result, session_id: int, day: date, reaches_foot: bool) -> str | None:
    """Why a flare at this session should be seen by a clinician, or None (see safety.py)."""
    if session_id not in result.flares:
        return None
    return safety.flare_needs_help(result.flare_days.values(), day, reaches_foot)


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


def _month_options(first: date, last: date, chosen: date) -> SafeString:
    """The month list's options, every month from `last` back to `first`, newest first, the
    chosen one selected (built here: after years of logging they are many)."""
    options, month = [], last.replace(day=1)
    while month >= first.replace(day=1):
        selected = " selected" if month == chosen else ""
        options.append(f'<option value="{month:%Y-%m}"{selected}>{month:%B %Y}</option>')
        month = (month - timedelta(days=1)).replace(day=1)
    return mark_safe("".join(options))


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


def _latest_day(user, today: date) -> date | None:
    """The day of the person's latest session up to today: one index look-up."""
    table = connection.ops.quote_name(Session._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT MAX(date) FROM {table} WHERE user_id = %s AND date <= %s", [user.pk, today]
        )
        (day,) = cursor.fetchone()
    # SQLite gives dates back as text from an aggregate.
    return date.fromisoformat(str(day)) if day else None


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
        month = (_latest_day(request.user, today) or today).replace(day=1)
    first, last, older, newer = _bounds(request.user, month)
    version, stored, content = status.current_row(request.user)
    context = {
        # Read only where the page shows them, and not at all when the month's list comes
        # from the cache (keyed by the record's version: see the template).
        "sessions": SimpleLazyObject(
            lambda: _month_of_sessions(request.user, month, stored, content)
        ),
        "version": version,
        "month": month,
        "month_error": asked is not None and _month(asked) is None,
        "older": older,
        "newer": newer,
        "months": _month_options(first, last, month) if first else "",
    }
    return render(request, "progress/history.html", context)


class Card(NamedTuple):
    """A session in the month's list: its id and day, and its card's HTML."""

    pk: int
    date: date
    html: SafeString


def _month_of_sessions(user, month: date, stored: dict, content: str) -> list[Card]:
    """The month's sessions, newest first, each as the HTML of its card.

    Built here from plain rows (two queries) rather than from model objects in the template,
    where a month of daily sessions with eight exercises each took most of the page's time.
    `stored` and `content` are the person's stored state and the content's version.
    Only numbers, dates, fixed words and escaped exercise names go in."""
    sessions, entries = _month_rows(user, month)
    # Worked out once per exercise, and per exercise and dose, rather than for each entry.
    exercises = {
        pk: (escape(e.name), e.stage.slug if e.stage.gated else None)
        for pk, e in catalogue(content).by_pk.items()
    }
    texts: dict[tuple, str] = {}  # an exercise with its dose, as shown
    openings = status.openings(stored)
    url = cards.session_url()
    shown = []
    for pk, day, at, *pains, reach in sessions:
        done = []
        for entry in entries.get(pk, ()):
            name, gated = exercises[entry[0]]
            if (text := texts.get(entry)) is None:
                dose = dose_text(*entry[1:])
                text = texts[entry] = name + (DOSE.format(escape(dose)) if dose else "")
            if gated and not openings.open_before(gated, day, pk, at):
                text += EARLY
            done.append(text)
        shown.append(Card(pk, day, cards.session_card(url(pk), day, at, done, *pains, reach)))
    return shown


def _month_rows(user, month: date) -> tuple[list[tuple], dict[int, list[tuple]]]:
    """The month's sessions (CARD_FIELDS), newest first, and each one's entries (exercise and
    DOSE_FIELDS) in order. Plain SQL, as for `_bounds`: for a month of daily sessions the ORM's
    own work on these rows took longer than the page's target."""
    quote = connection.ops.quote_name
    sessions, entries = quote(Session._meta.db_table), quote(SessionExercise._meta.db_table)
    where = "s.user_id = %s AND s.date >= %s AND s.date < %s"
    params = [user.pk, month, _next_month(month)]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(f's.{quote(f)}' for f in CARD_FIELDS)} FROM {sessions} s "
            f"WHERE {where} ORDER BY s.date DESC, s.time DESC NULLS LAST, s.id DESC",
            params,
        )
        rows = cursor.fetchall()
        cursor.execute(
            f"SELECT e.session_id, e.exercise_id, "
            f"{', '.join(f'e.{quote(f)}' for f in DOSE_FIELDS)} FROM {entries} e "
            f"JOIN {sessions} s ON s.id = e.session_id WHERE {where} "
            f"ORDER BY e.{quote('order')}, e.id",
            params,
        )
        by_session: dict[int, list[tuple]] = {}
        for session_id, exercise_id, *dose in cursor.fetchall():
            # Kilograms and kilometres are decimals; SQLite gives them back as numbers.
            load, distance = dose[3], dose[5]
            dose[3] = load if load is None else Decimal(str(load))
            dose[5] = distance if distance is None else Decimal(str(distance))
            by_session.setdefault(session_id, []).append((exercise_id, *dose))
    return rows, by_session


CARD_FIELDS = (
    "id",
    "date",
    "time",
    "leg_pain_before",
    "leg_pain_after",
    "leg_pain_next_morning",
    "back_pain",
    "symptoms_reach",
)
DOSE = ' <span class="meta">({})</span>'
EARLY = ' <span class="badge badge-locked">before its stage opened</span>'


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
        "flare_help": flare_help(
            result, session.pk, session.date, session.symptoms_reach == SymptomsReach.FOOT
        ),
        "check_in_form": check_in if check_in.changeable else None,
        "today": timezone.localdate(),
    }
    return render(request, "progress/session.html", context)


@session_view("GET", "POST")
def delete(request: HttpRequest, session: Session) -> HttpResponse:
    if request.method == "POST":
        record.delete_session(session)
        messages.success(request, f"The session of {session.date:%-d %B %Y} was deleted.")
        return redirect("progress:history")
    return render(request, "progress/delete.html", {"session": session})
