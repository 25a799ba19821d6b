"""The dashboard: the week, the stages, today's routine, the chart, and the morning check-in."""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db.models import Case, Exists, OuterRef, Q, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from exercises.models import Exercise
from progress import record, safety, signs
from progress.chart import pain_chart
from progress.forms import (
    CheckInForm,
    ScreeningForm,
)
from progress.models import (
    NEWEST_FIRST,
    Screening,
    Session,
    SessionExercise,
)
from progress.routine import (
    WALK,
    WALKING_DAYS_BEFORE_SWIMMING,
    strengthening_allowed,
    suggest_routine,
    swimming_allowed,
)
from progress.status import (
    mark_announced,
    page_version,
    stage_views,
    stages_to_announce,
)
from progress.views.history import flare_help, paused_by, session_view

WEEKLY_TARGET = (3, 5)


GENTLE_STAGE = "gentle-start"


def _last_eight_weeks(sessions, today, flares):
    """One query for the chart, this week's count and the morning check-in."""
    recent = list(
        sessions.filter(date__gt=today - timedelta(days=56))
        .order_by("date", "id")
        .values(
            "id",
            "date",
            "leg_pain_before",
            "leg_pain_after",
            "back_pain",
            "leg_pain_next_morning",
            "updated_at",
        )
    )
    flare_days = {row["date"] for row in recent if row["id"] in flares}
    scores = [
        (
            row["date"],
            row["leg_pain_before"],
            row["leg_pain_after"],
            row["leg_pain_next_morning"],
            row["back_pain"],
        )
        for row in recent
    ]
    monday = today - timedelta(days=today.weekday())
    this_week = sum(1 for row in recent if monday <= row["date"] <= today)
    # The morning after: asked for the latest session of yesterday or the day before that has
    # no next-morning score yet, even if a session was logged since. Once none is waiting, an
    # answer given today is shown, so that it can still be changed.
    candidates = [
        Session(pk=row["id"], **{k: v for k, v in row.items() if k != "id"})
        for row in recent
        if today - timedelta(days=2) <= row["date"] < today
    ]
    forms = [CheckInForm(session=session) for session in candidates]
    waiting = [form for form in forms if form.session.leg_pain_next_morning is None]
    answered = [form for form in forms if form.changeable]
    check_in = (waiting or answered or [None])[-1]
    return pain_chart(scores, today, flare_days), this_week, check_in


def cached_data(request: HttpRequest, name: str, build):
    """What `build()` computes for the person's page, from the cache or built and cached.

    The key holds everything the data depends on: the person, the version of their record and
    of the content (see status.page_version), and their day. Every worker computes the same
    key from the database, so none can serve another's out-of-date copy. Only data is cached:
    forms and their CSRF tokens are made for each request. An HttpResponse (a redirect) from
    `build` is returned as it is and not cached."""
    version = page_version(request.user)
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
    data = cached_data(request, "dashboard", lambda: _dashboard_data(request))
    if isinstance(data, HttpResponse):
        return data
    # Forms are made afresh: the check-in's words follow the time of day (see CheckInForm).
    check_in = data["check_in"]
    context = {
        **data,
        "check_in_form": CheckInForm(session=check_in) if check_in else None,
        "screening_form": ScreeningForm() if data["screening_due"] else None,
        "scores": range(11),
    }
    return render(request, "progress/dashboard.html", context)


def _dashboard_data(request: HttpRequest) -> dict | HttpResponse:
    screening = safety.latest_screening(request.user)
    if screening is None:
        # The safety questions come before anything else, once.
        return redirect("progress:screening")
    today = timezone.localdate()
    suspension = safety.suspension_for(request.user)
    views, result = stage_views(request.user, today, suspension)
    sessions = Session.objects.filter(user=request.user)
    last = sessions.order_by(*NEWEST_FIRST).first()

    chart, this_week, check_in = _last_eight_weeks(sessions, today, result.flares)
    # Only the first and the latest week count: the rest of the record need not be read.
    weeks = Q(date__lt=(result.first_day or today) + timedelta(days=7)) | Q(
        date__gt=today - timedelta(days=7)
    )
    no_improvement = safety.leg_pain_review_due(sessions.filter(weeks), result.first_day, today)

    last_was_flare = bool(last and last.pk in result.flares)
    # Warning signs first: no exercise is suggested while they are not yet assessed.
    routine, strengthening = [], 0
    if not suspension:
        routine, strengthening = _todays_routine(request.user, views, result, last, today)
    # A stage that has opened since the last visit is announced once, with where to start.
    # Marking it changes the page version, so the data cached with the notice is not used again.
    opened = stages_to_announce(request.user, views)
    starts = {}
    if opened:
        exercises = Exercise.objects.filter(stage__in=[view.stage for view in opened])
        # Each stage's first exercise: the lowest order is put last, so it stays.
        starts = {e.stage_id: e for e in exercises.order_by("-order")}
        mark_announced(request.user, opened, today)

    return {
        "stages": views,
        "opened": [(view, starts.get(view.stage.pk)) for view in opened],
        "this_week": this_week,
        "weekly_target": WEEKLY_TARGET,
        "last": last,
        "last_was_flare": last_was_flare,
        "last_flare_reason": result.flares.get(last.pk) if last else None,
        "paused_now": bool(last and paused_by(result, last.pk)),
        "flare_help": flare_help(result, last) if last else None,
        "suspension": suspension,
        "screening_due": safety.screening_due(screening),
        "see_doctor": _see_doctor(screening, no_improvement),
        "no_improvement": no_improvement,
        "check_in": check_in.session if check_in else None,
        "chart": chart,
        "routine": routine,
        "strengthening": strengthening,
        "first_week": result.first_day is None or (today - result.first_day).days < 7,
    }


def _todays_routine(user, views, result, last, today) -> tuple[list[Exercise], int]:
    """Today's suggestion, and how many strengthening exercises it may hold (see routine.py)."""
    last_flare = max(result.flare_days.values(), default=None)
    too_much = result.too_much[0] if result.too_much else None
    strengthening = strengthening_allowed(today, result.first_day, last_flare, too_much)
    usable = {view.stage.slug for view in views if view.usable}
    # After a flare the plan is to back off: suggest only the gentle-start exercises.
    if last and last.pk in result.flares:
        usable = {GENTLE_STAGE}
    # Whether the person has ever logged each exercise that is another's easier form (the
    # harder one waits for it: see routine.py), asked only of those few, and stopping at the
    # first entry found rather than reading the whole record.
    mine = SessionExercise.objects.filter(session__user=user, exercise=OuterRef("pk"))
    exercises = list(
        Exercise.objects.select_related("stage", "easier").annotate(
            ever_logged=Case(When(harder__isnull=False, then=Exists(mine)), default=False)
        )
    )
    logged = {e.slug for e in exercises if e.ever_logged}
    available = [e for e in exercises if e.stage.slug in usable]
    # Days with a walk in a session that was not a flare and not too painful: asked every time,
    # so that the page takes the same queries whatever the record, and only as far as swimming
    # needs.
    too_painful = settings.GATE_RULES["max_leg_pain"]
    calm_walks = (
        SessionExercise.objects.filter(session__user=user, exercise__slug=WALK)
        .exclude(session_id__in=list(result.flares))
        .exclude(session__leg_pain_before__gt=too_painful)
        .exclude(session__leg_pain_after__gt=too_painful)
        .exclude(session__leg_pain_next_morning__gt=too_painful)
        .order_by()
        .values_list("session__date", flat=True)
        .distinct()
    )
    walking_days = len(calm_walks[:WALKING_DAYS_BEFORE_SWIMMING])
    swimming = swimming_allowed(strengthening, walking_days)
    last_slugs = set(last.entries.values_list("exercise__slug", flat=True)) if last else set()
    routine = suggest_routine(
        available, last_slugs, today.toordinal(), strengthening, swimming, logged
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
