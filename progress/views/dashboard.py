"""The dashboard: the week, the stages, today's routine, the chart, and the morning check-in."""

import hashlib
from datetime import UTC, datetime, timedelta

from django.contrib import messages
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_safe

from exercises.catalogue import catalogue
from exercises.models import Exercise
from progress import record, safety, signs
from progress.chart import pain_chart
from progress.forms import CheckInForm, ScreeningForm, check_in_open
from progress.measures_offer import offer_dates, offer_for
from progress.models import REACH_RANK, Screening, Session, SymptomsReach
from progress.routine import (
    strengthening_allowed,
    suggest_routine,
    swimming_allowed,
)
from progress.status import (
    mark_announced,
    page_version,
    read,
    stage_views,
    stages_to_announce,
)
from progress.views.history import flare_help, paused_by, session_view

WEEKLY_TARGET = (3, 5)
FOOT = REACH_RANK[SymptomsReach.FOOT]


GENTLE_STAGE = "gentle-start"


def _recent_sessions(user, after, check_in_from) -> list[tuple]:
    """The person's sessions dated after `after`, oldest first: id, date, leg pain before,
    after and next morning, back pain, and when it was last saved (only for those from
    `check_in_from` on, which the check-in needs). In plain SQL, as the ORM's own work on eight
    weeks of rows took longer than the page's target."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, date, leg_pain_before, leg_pain_after, leg_pain_next_morning, back_pain, "
            "CASE WHEN date >= %s THEN updated_at END "
            f"FROM {connection.ops.quote_name(Session._meta.db_table)} "
            "WHERE user_id = %s AND date > %s ORDER BY date, id",
            [check_in_from, user.pk, after],
        )
        return cursor.fetchall()


def _saved_at(value) -> datetime:
    """A timestamp from a plain SQL expression: SQLite gives text, in UTC."""
    if isinstance(value, str):
        value = parse_datetime(value)
    return timezone.make_aware(value, UTC) if timezone.is_naive(value) else value


def _last_eight_weeks(user, today, flares):
    """One query for the chart, this week's count, the last seven days' average leg pain before
    sessions (for the six-week review) and the morning check-in."""
    two_days_ago = today - timedelta(days=2)
    recent = _recent_sessions(user, today - timedelta(days=56), two_days_ago)
    flare_days = {row[1] for row in recent if row[0] in flares}
    scores = [
        (day, before, after, morning, back) for _, day, before, after, morning, back, _ in recent
    ]
    monday = today - timedelta(days=today.weekday())
    this_week = sum(1 for row in recent if monday <= row[1] <= today)
    last_week = [row[2] for row in recent if row[1] > today - timedelta(7)]
    # The morning after: asked for the latest session of yesterday or the day before that has
    # no next-morning score yet, even if a session was logged since. Once none is waiting, an
    # answer given today is shown, so that it can still be changed.
    candidates = [
        Session(
            pk=pk,
            date=day,
            leg_pain_before=before,
            leg_pain_after=after,
            leg_pain_next_morning=morning,
            back_pain=back,
            updated_at=_saved_at(saved),
        )
        for pk, day, before, after, morning, back, saved in recent
        if two_days_ago <= day < today
    ]
    waiting = [session for session in candidates if session.leg_pain_next_morning is None]
    answered = [session for session in candidates if check_in_open(session)]
    check_in = (waiting or answered or [None])[-1]
    average = sum(last_week) / len(last_week) if last_week else None
    return pain_chart(scores, today, flare_days).markup(), this_week, average, check_in


def cached_data(request: HttpRequest, name: str, build, version: str | None = None):
    """What `build()` computes for the person's page, from the cache or built and cached.

    The key holds everything the data depends on: the person, the version of their record and
    of the content (see status.page_version, or `version` when the caller has read it), and
    their day. Every worker computes the same key from the database, so none can serve
    another's out-of-date copy. Only data is cached: forms and their CSRF tokens are made for
    each request. An HttpResponse (a redirect) from `build` is returned as it is and not
    cached."""
    version = version or page_version(request.user)
    key = None
    if version is not None:
        raw = f"{name}:{request.user.pk}:{version}:{timezone.localdate()}"
        key = "page:" + hashlib.sha256(raw.encode()).hexdigest()
        if (data := cache.get(key)) is not None:
            return data
    data = build()
    if key is not None and not isinstance(data, HttpResponse):
        cache.set(key, data, timeout=24 * 3600)
    return data


@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    reading = read(request.user)
    data = cached_data(
        request, "dashboard", lambda: _dashboard_data(request, reading), reading.version
    )
    if isinstance(data, HttpResponse):
        return data
    # Forms are made afresh: the check-in's words follow the time of day (see CheckInForm).
    check_in = data["check_in"]
    # The data holds exercises by id: the cached copy stays small (see catalogue.py).
    content = catalogue(reading.content)
    exercises = content.by_pk
    context = {
        **data,
        "routine": [exercises[pk] for pk in data["routine"]],
        # Each with its page and its dose in words, worked out once for the content.
        "routine_links": [
            (exercises[pk], content.urls[exercises[pk].slug], content.doses[exercises[pk].slug])
            for pk in data["routine"]
        ],
        "opened": [(view, pk and exercises[pk]) for view, pk in data["opened"]],
        "check_in_form": CheckInForm(session=check_in) if check_in else None,
        "screening_form": ScreeningForm() if data["screening_due"] else None,
    }
    return render(request, "progress/dashboard.html", context)


def _dashboard_data(request: HttpRequest, reading) -> dict | HttpResponse:
    if reading.screening is None:
        # The safety questions come before anything else, once.
        return redirect("progress:screening")
    today = timezone.localdate()
    suspension = reading.suspension
    views, result = stage_views(request.user, today, reading=reading)
    # The latest session, as the gate last saw it.
    last = reading.state.previous
    chart, this_week, last_week, check_in = _last_eight_weeks(request.user, today, result.flares)
    no_improvement = safety.no_improvement_after_six_weeks(
        result.first_day, reading.routine.first_week_average, last_week, today
    )
    last_was_flare = bool(last and last.id in result.flares)
    # Warning signs first: no exercise is suggested while they are not yet assessed.
    routine, strengthening = [], 0
    if not suspension:
        routine, strengthening = todays_routine(views, result, reading, last, today)
    # A stage that has opened since the last visit is announced once, with where to start.
    # Marking it changes the page version, so the data cached with the notice is not used again.
    opened = stages_to_announce(request.user, views)
    if opened:
        mark_announced(request.user, opened, today)
    return {
        "stages": views,
        "opened": [(view, _first_exercise(view.stage, reading.content)) for view in opened],
        "this_week": this_week,
        "weekly_target": WEEKLY_TARGET,
        "last_was_flare": last_was_flare,
        "last_flare_reason": result.flares.get(last.id) if last else None,
        "paused_now": bool(last and paused_by(result, last.id)),
        "flare_help": last and flare_help(result, last.id, last.date, last.reach == FOOT),
        "suspension": suspension,
        "screening_due": safety.screening_due(reading.screening),
        "see_doctor": _see_doctor(reading.screening, no_improvement),
        "no_improvement": no_improvement,
        "check_in": check_in,
        "chart": chart,
        "routine": [exercise.pk for exercise in routine],
        "strengthening": strengthening,
        "first_week": result.first_day is None or (today - result.first_day).days < 7,
        # The weekly questionnaires: the baseline first, then once a week (never forced).
        "offer": offer_for(offer_dates(request.user), today),
    }


def _first_exercise(stage, content: str) -> int | None:
    """Where to start in a stage that has just opened: its first exercise's id."""
    first = min(
        (e for e in catalogue(content).exercises if e.stage_id == stage.pk),
        key=lambda e: e.order,
        default=None,
    )
    return first and first.pk


def todays_routine(views, result, reading, last, today) -> tuple[list[Exercise], int]:
    """Today's suggestion, and how many strengthening exercises it may hold (see routine.py).
    `reading.routine` holds what the suggestion needs from the whole log."""
    record = reading.routine
    last_flare = max(result.flare_days.values(), default=None)
    too_much = result.too_much[0] if result.too_much else None
    strengthening = strengthening_allowed(today, result.first_day, last_flare, too_much)
    usable = {view.stage.slug for view in views if view.usable}
    # After a flare the plan is to back off: suggest only the gentle-start exercises.
    if last and last.id in result.flares:
        usable = {GENTLE_STAGE}
    available = [e for e in catalogue(reading.content).exercises if e.stage.slug in usable]
    swimming = swimming_allowed(strengthening, len(record.calm_walk_days))
    last_slugs = set(last.exercises) if last else set()
    routine = suggest_routine(
        available, last_slugs, today.toordinal(), strengthening, swimming, set(record.logged)
    )
    return routine, strengthening


def _see_doctor(screening: Screening, no_improvement: bool) -> list[tuple[str, list[str]]]:
    """The reasons to see a GP, grouped by how soon: (what to do, [reasons])."""
    groups = []
    for advice, reasons in signs.by_urgency(screening.soon_reasons):
        groups.append((advice, [sign.text for sign in reasons]))
    if no_improvement:
        why = NO_IMPROVEMENT
        gp = signs.advice(signs.Urgency.GP)
        if groups and groups[-1][0] == gp:
            groups[-1][1].append(why)
        else:
            groups.append((gp, [why]))
    return groups


NO_IMPROVEMENT = (
    "Six weeks into the program, your leg pain has not come down by 2 points (or 30%) since "
    "your first week"
)


@session_view("POST")
def check_in(request: HttpRequest, session: Session) -> HttpResponse:
    form = CheckInForm(request.POST, session=session)
    # Back to where the check-in was made: the session's own page or the dashboard.
    back = session if request.POST.get("next") == session.get_absolute_url() else None
    if not form.is_valid():
        for error in form.non_field_errors() or ["Choose a score from 0 to 10."]:
            messages.error(request, error)
        return redirect(back or "progress:dashboard")
    before = session.leg_pain_next_morning
    result = record.record_check_in(session, form.cleaned_data["leg_pain_next_morning"])
    morning = form.which_morning
    if session.pk in result.flares:
        messages.warning(
            request,
            f"Thank you. Your leg hurt more {morning} than before the session, so ease off "
            "today: go back to the gentle-start exercises, with fewer repeats.",
        )
    elif before is not None and before != session.leg_pain_next_morning:
        messages.success(
            request,
            f"Thank you: {morning}'s leg pain is changed from {before} to "
            f"{session.leg_pain_next_morning}.",
        )
    else:
        messages.success(request, f"Thank you: {morning}'s leg pain is saved.")
    return redirect(back or "progress:dashboard")
