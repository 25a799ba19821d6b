import hashlib
import io
import json
from datetime import timedelta
from functools import wraps
from uuid import uuid4

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from exercises.models import Exercise
from progress import csvlog, safety, signs
from progress.chart import pain_chart
from progress.forms import (
    AssessmentForm,
    CheckInForm,
    EntryForm,
    EntryFormSet,
    ScreeningForm,
    SessionForm,
    TypedEntryFormSet,
    now_to_the_minute,
)
from progress.gate import PAUSED
from progress.models import (
    NEWEST_FIRST,
    Assessment,
    RedFlagReport,
    Screening,
    Session,
    SessionExercise,
    SymptomsReach,
    is_timed,
)
from progress.routine import (
    WALK,
    strengthening_allowed,
    suggest_routine,
    swimming_allowed,
)
from progress.status import (
    StageView,
    early_entries,
    mark_announced,
    page_version,
    refresh_stage_changes,
    stage_views,
    stages_to_announce,
)

WEEKLY_TARGET = (3, 5)
GENTLE_STAGE = "gentle-start"


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


def _stages_by_slug(views: list[StageView]) -> dict[str, StageView]:
    return {view.stage.slug: view for view in views}


def _paused_by(result, session_id: int) -> bool:
    return any(c.session_id == session_id and c.status == PAUSED for c in result.changes)


def _flare_help(result, session: Session) -> str | None:
    if session.pk not in result.flares:
        return None
    reaches_foot = session.symptoms_reach == SymptomsReach.FOOT
    return safety.flare_needs_help(result.flare_days.values(), session.date, reaches_foot)


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


CSRF_MARK = "<!-- csrf field -->"


def _cached_page(request: HttpRequest, name: str, build) -> str | HttpResponse:
    """A person's page part from the cache, or built and cached: one query when it is there.

    The key holds everything the part depends on: the person, the version of their record and
    of the content (see status.page_version), and the day."""
    version = page_version(request.user)
    key = None
    if version is not None:
        raw = f"{name}:{request.user.pk}:{version}:{timezone.localdate()}"
        key = "page:" + hashlib.sha256(raw.encode()).hexdigest()
        if (html := cache.get(key)) is not None:
            return html
    result = build()
    if isinstance(result, str) and key is not None:
        cache.set(key, result, timeout=24 * 3600)
    return result


def _with_csrf(request: HttpRequest, html: str) -> str:
    field = f'<input type="hidden" name="csrfmiddlewaretoken" value="{get_token(request)}">'
    return mark_safe(html.replace(CSRF_MARK, field))


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    # The check-in's words change at noon (see CheckInForm), so the cached part does too.
    name = f"dashboard:{CheckInForm.part_of_day()}"
    main = _cached_page(request, name, lambda: _dashboard_main(request))
    if isinstance(main, HttpResponse):
        return main
    return render(request, "progress/dashboard.html", {"main": _with_csrf(request, main)})


def _dashboard_main(request: HttpRequest) -> str | HttpResponse:
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
    no_improvement = safety.leg_pain_review_due(sessions, result.first_day, today)

    last_was_flare = bool(last and last.pk in result.flares)
    # Warning signs first: no exercise is suggested while they are not yet assessed.
    routine, strengthening = [], 0
    if not suspension:
        routine, strengthening = _todays_routine(request.user, views, result, last, today)
    # A stage that has opened since the last visit is announced once, with where to start.
    opened = stages_to_announce(request.user, views)
    starts = {}
    if opened:
        exercises = Exercise.objects.filter(stage__in=[view.stage for view in opened])
        # Each stage's first exercise: the lowest order is put last, so it stays.
        starts = {e.stage_id: e for e in exercises.order_by("-order")}
        mark_announced(request.user, opened, today)

    context = {
        "stages": views,
        "opened": [(view, starts.get(view.stage.pk)) for view in opened],
        "this_week": this_week,
        "weekly_target": WEEKLY_TARGET,
        "last": last,
        "last_was_flare": last_was_flare,
        "last_flare_reason": result.flares.get(last.pk) if last else None,
        "paused_now": bool(last and _paused_by(result, last.pk)),
        "flare_help": _flare_help(result, last) if last else None,
        "suspension": suspension,
        "screening_due": safety.screening_due(screening),
        "screening_form": ScreeningForm(),
        "see_doctor": _see_doctor(screening, no_improvement),
        "no_improvement": no_improvement,
        "check_in": check_in.session if check_in else None,
        "check_in_form": check_in,
        "scores": range(11),
        "chart": chart,
        "routine": routine,
        "strengthening": strengthening,
        "first_week": result.first_day is None or (today - result.first_day).days < 7,
        "csrf_field": mark_safe(CSRF_MARK),
    }
    return render_to_string("progress/dashboard.html#main", context, request)


def _todays_routine(user, views, result, last, today) -> tuple[list[Exercise], int]:
    """Today's suggestion, and how many strengthening exercises it may hold (see routine.py)."""
    last_flare = max(result.flare_days.values(), default=None)
    too_much = result.too_much[0] if result.too_much else None
    strengthening = strengthening_allowed(today, result.first_day, last_flare, too_much)
    usable = {view.stage.slug for view in views if view.usable}
    # After a flare the plan is to back off: suggest only the gentle-start exercises.
    if last and last.pk in result.flares:
        usable = {GENTLE_STAGE}
    exercises = Exercise.objects.select_related("stage", "easier")
    available = [e for e in exercises if e.stage.slug in usable]
    # Days with a walk in a session that was not a flare and not too painful (asked every
    # time, so that the page takes the same queries whatever the record).
    too_painful = settings.GATE_RULES["max_leg_pain"]
    walking_days = (
        SessionExercise.objects.filter(session__user=user, exercise__slug=WALK)
        .exclude(session_id__in=list(result.flares))
        .exclude(session__leg_pain_before__gt=too_painful)
        .exclude(session__leg_pain_after__gt=too_painful)
        .exclude(session__leg_pain_next_morning__gt=too_painful)
        .values("session__date")
        .distinct()
        .count()
    )
    logged = set(
        SessionExercise.objects.filter(session__user=user)
        .values_list("exercise__slug", flat=True)
        .distinct()
    )
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


def _entry_initial(session: Session) -> list[dict]:
    return [
        {
            "exercise": entry.exercise,
            "sets": entry.sets,
            "reps": entry.reps,
            "hold_seconds": entry.hold_seconds,
            "load_kg": entry.load_kg,
            "minutes": entry.minutes,
            "distance_km": entry.distance_km,
        }
        for entry in session.entries.select_related("exercise")
    ]


def _whole(value, default: int = 0) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _with_rows_changed(data, session: Session | None, options: dict):
    """The form as typed, with an exercise row added or taken out: the no-JavaScript "Add
    another exercise" and "Remove" buttons. Nothing is checked yet (the person has not asked to
    save), so no error is shown.

    A row count that is not a whole number is taken as 0, and the rows never pass the formset's
    maximum."""
    count = min(max(_whole(data.get("form-TOTAL_FORMS")), 0), EntryFormSet.max_num)
    names = list(EntryForm.base_fields)
    rows = [{name: data.get(f"form-{i}-{name}") for name in names} for i in range(count)]
    if "add_rows" in data:
        rows = [*rows, {}][: EntryFormSet.max_num]
    else:
        index = _whole(data.get("remove_row"), -1)
        if 0 <= index < len(rows):
            del rows[index]
    typed = {
        name: data.getlist(name) if name == "red_flags" else data.get(name)
        for name in SessionForm.base_fields
    }
    form = SessionForm(instance=session, initial=typed)
    return form, TypedEntryFormSet(initial=rows, **options)


@transaction.atomic
def _save(session: Session, formset: EntryFormSet):
    session.save()
    session.entries.all().delete()
    SessionExercise.objects.bulk_create(
        SessionExercise(
            session=session,
            exercise=row["exercise"],
            order=order,
            sets=row.get("sets"),
            reps=row.get("reps"),
            hold_seconds=row.get("hold_seconds"),
            load_kg=row.get("load_kg"),
            minutes=row.get("minutes"),
            distance_km=row.get("distance_km"),
        )
        for order, row in enumerate(formset.chosen())
    )
    return refresh_stage_changes(session.user)


def _session_form_page(request: HttpRequest, session: Session | None) -> HttpResponse:
    if safety.latest_screening(request.user) is None:
        return redirect("progress:screening")
    # The diary stays open while the program is suspended: the page says so at its top.
    suspension = safety.suspension_for(request.user)
    views, _ = stage_views(request.user, report=suspension)
    groups = _exercise_groups(views)
    flags_before = set(session.red_flags) if session else set()
    already = (
        frozenset(session.entries.values_list("exercise__slug", flat=True))
        if session
        else frozenset()
    )
    options = {
        "stages": _stages_by_slug(views),
        "already_logged": already,
        "timed": _timed_slugs(groups),
    }
    if request.method == "POST" and ("add_rows" in request.POST or "remove_row" in request.POST):
        form, formset = _with_rows_changed(request.POST, session, options)
    elif request.method == "POST":
        form = SessionForm(request.POST, instance=session)
        formset = EntryFormSet(request.POST, **options)
        if form.is_valid() and formset.is_valid():
            token = None if session else form.cleaned_data.get("submission_id")
            if token and (done := Session.objects.filter(user=request.user, submission_id=token)):
                # The same form again (a double click, a reload): the session is already saved.
                return redirect(done.get())
            saved = form.save(commit=False)
            saved.user = request.user
            saved.submission_id = token or saved.submission_id
            try:
                state = _save(saved, formset)
            except IntegrityError:
                # Both copies arrived at once; the other one was saved first.
                done = Session.objects.filter(user=request.user, submission_id=token).first()
                if token is None or done is None:
                    raise
                return redirect(done)
            if set(saved.red_flags) - flags_before:
                safety.record_red_flags(request.user, saved.red_flags, session=saved)
                return redirect("progress:warning")
            done = "Session saved." if session else "Session logged."
            if saved.pk in state.flares:
                # Not a cheerful green: the page leads with what to do about the flare.
                messages.warning(request, f"{done} Your leg pain went up: please read below.")
            else:
                messages.success(request, done)
            return redirect(saved)
    else:
        initial = _entry_initial(session) if session else []
        form = SessionForm(
            instance=session,
            initial=None
            if session
            else {
                "date": timezone.localdate(),
                "time": now_to_the_minute(),
                "submission_id": uuid4(),
            },
        )
        formset = EntryFormSet(initial=initial, **options)
    return render(
        request,
        "progress/log.html",
        {
            "form": form,
            "formset": formset,
            "session": session,
            "exercise_groups": groups,
            "suspension": suspension,
        },
    )


@require_http_methods(["GET", "POST"])
def log(request: HttpRequest) -> HttpResponse:
    return _session_form_page(request, None)


@session_view("GET", "POST")
def edit(request: HttpRequest, session: Session) -> HttpResponse:
    return _session_form_page(request, session)


def _exercise_groups(views: list[StageView]) -> list[dict]:
    """The exercise menu of the log: exercises by stage, each stage with its status."""
    exercises = list(Exercise.objects.select_related("stage").order_by("stage__order", "order"))
    return [
        {"view": view, "exercises": [e for e in exercises if e.stage_id == view.stage.pk]}
        for view in views
    ]


def _timed_slugs(groups: list[dict]) -> frozenset[str]:
    """The exercises of the menu that are logged in minutes (walking, swimming)."""
    return frozenset(e.slug for group in groups for e in group["exercises"] if is_timed(e))


@require_GET
def log_row(request: HttpRequest) -> HttpResponse:
    """One exercise row for htmx: a new blank row, or the row again for the exercise just
    chosen, with the library's dose. Numbers typed before any exercise was chosen are kept."""
    adding = "add" in request.GET
    index = max(_whole(request.GET.get("form-TOTAL_FORMS" if adding else "index")), 0)
    if adding and index >= EntryFormSet.max_num:
        return HttpResponse(status=204)  # the session holds as many rows as it can
    index = min(index, EntryFormSet.max_num - 1)
    prefix = f"form-{index}"
    slug = "" if adding else request.GET.get(f"{prefix}-exercise", "")
    exercise = Exercise.objects.filter(slug=slug).first() if slug else None
    typed = {}
    if not adding and not request.GET.get("was"):
        typed = {name: request.GET.get(f"{prefix}-{name}") for name in DOSE_FIELDS}
    initial = {"exercise": exercise} | {name: value for name, value in typed.items() if value}
    if exercise and len(initial) == 1 and (exercise.reps_min or exercise.hold_seconds):
        # The program's dose, starting at the low end of a range.
        initial |= {
            "sets": exercise.repeats or 1,
            "reps": exercise.reps_min,
            "hold_seconds": exercise.hold_seconds,
        }
    views, _ = stage_views(request.user)
    groups = _exercise_groups(views)
    context = {
        "entry": EntryForm(prefix=prefix, initial=initial, timed=_timed_slugs(groups)),
        "index": index,
        "adding": adding,
        "total": index + 1,
        "max_rows": EntryFormSet.max_num,
        "suggested": exercise,
        "exercise_groups": groups,
    }
    return render(request, "progress/_entry_row.html", context)


DOSE_FIELDS = [name for name in EntryForm.base_fields if name != "exercise"]


@require_GET
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
        "paused_now": _paused_by(result, session.pk),
        "flare_help": _flare_help(result, session),
        "check_in_form": check_in if check_in.changeable else None,
        "today": timezone.localdate(),
        "scores": range(11),
    }
    return render(request, "progress/session.html", context)


@session_view("GET", "POST")
def delete(request: HttpRequest, session: Session) -> HttpResponse:
    if request.method == "POST":
        with transaction.atomic():
            session.delete()
            refresh_stage_changes(request.user)
        messages.success(request, f"The session of {session.date:%-d %B %Y} was deleted.")
        return redirect("progress:history")
    return render(request, "progress/delete.html", {"session": session})


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
    with transaction.atomic():
        session.leg_pain_next_morning = form.cleaned_data["leg_pain_next_morning"]
        session.save(update_fields=["leg_pain_next_morning", "updated_at"])
        result = refresh_stage_changes(request.user)
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


@require_GET
def stages(request: HttpRequest) -> HttpResponse:
    views, _ = stage_views(request.user)
    # The safety history: every warning sign reported and every assessment confirmed.
    reports = [("report", r.created_at, r) for r in RedFlagReport.objects.filter(user=request.user)]
    confirmed = [("assessed", a.confirmed_at, a) for a in request.user.assessments.all()]
    safety_history = sorted(reports + confirmed, key=lambda row: row[1], reverse=True)
    context = {"stages": views, "safety_history": safety_history}
    return render(request, "progress/stages.html", context)


@require_GET
def stages_json(request: HttpRequest) -> HttpResponse:
    body = _cached_page(request, "stages.json", lambda: _stages_json(request))
    return HttpResponse(body, content_type="application/json")


def _stages_json(request: HttpRequest) -> str:
    views, _ = stage_views(request.user)
    return json.dumps(
        {
            "stages": [
                {
                    "slug": view.stage.slug,
                    "name": view.stage.name,
                    "status": view.status,
                    "days_held": view.days_held,
                    "days_needed": view.days_needed,
                    "sessions_held": view.sessions_held,
                    "sessions_needed": view.sessions_needed,
                    "reason": view.reason,
                }
                for view in views
            ]
        }
    )


@require_GET
def export_csv(request: HttpRequest) -> HttpResponse:
    out = io.StringIO()
    csvlog.write_csv(request.user, out)
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    filename = f"sciatica-log-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_POST
def import_csv(request: HttpRequest) -> HttpResponse:
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "Choose a CSV file to import.")
        return redirect("progress:history")
    if upload.size > csvlog.MAX_BYTES:
        messages.error(request, "That file is larger than 5 MB: nothing was imported.")
        return redirect("progress:history")
    try:
        text = upload.read().decode("utf-8")
    except UnicodeDecodeError:
        messages.error(request, "That file is not a UTF-8 text (CSV) file: nothing was imported.")
        return redirect("progress:history")
    result = csvlog.import_csv(request.user, text)
    if result.errors:
        return render(
            request,
            "progress/import_errors.html",
            {
                "errors": result.errors[:50],
                "more": len(result.errors) - 50,
                "filename": upload.name,
            },
            status=400,
        )
    messages.success(
        request,
        f"Imported {result.created} session{'s' if result.created != 1 else ''}"
        + (f" ({result.skipped} already in your log)." if result.skipped else "."),
    )
    # What the imported sessions changed for the stages: opening is good news, a pause is not.
    for news in result.stage_changes:
        (messages.success if news.good else messages.warning)(request, str(news))
    if result.early_entries:
        messages.info(
            request,
            f"{result.early_entries} exercise{'s were' if result.early_entries != 1 else ' was'} "
            "done before its stage opened for you. They are kept as your history and marked "
            "below; the log form only offers the stages that are open now.",
        )
    if result.older_warning_signs:
        days = ", ".join(f"{day:%-d %B %Y}" for day in result.older_warning_signs)
        messages.warning(
            request,
            f"Your file records warning signs on {days}. If any of them is happening now: "
            f"{signs.advice(signs.Urgency.EMERGENCY)}. If not, "
            f"{signs.advice(signs.Urgency.GP)[0].lower()}{signs.advice(signs.Urgency.GP)[1:]} "
            "to talk about it.",
        )
    if result.recent_warning_signs:
        # A warning sign from the last week was in the file: what to do comes first.
        return redirect("progress:warning")
    return redirect("progress:history")


@require_http_methods(["GET", "POST"])
def screening(request: HttpRequest) -> HttpResponse:
    """The safety questions: at sign-up before the first session, then once a week."""
    form = ScreeningForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            answers = Screening.objects.create(
                user=request.user,
                red_flags=form.cleaned_data["red_flags"],
                soon_reasons=form.cleaned_data["soon_reasons"],
            )
            safety.record_red_flags(request.user, answers.red_flags, screening=answers)
            safety.touch(request.user)
        if answers.red_flags:
            return redirect("progress:warning")
        messages.success(request, "Thank you. Your answers are saved.")
        return redirect("progress:dashboard")
    first = safety.latest_screening(request.user) is None
    return render(request, "progress/screening.html", {"form": form, "first": first})


@require_GET
def warning(request: HttpRequest) -> HttpResponse:
    """The full page after warning signs: what to do now, and how to carry on afterwards."""
    report = safety.suspension_for(request.user)
    return render(request, "progress/warning.html", {"report": report})


@require_http_methods(["GET", "POST"])
def assessed(request: HttpRequest) -> HttpResponse:
    report = safety.suspension_for(request.user)
    if report is None:
        messages.info(request, "There is nothing to confirm: your program is not suspended.")
        return redirect("progress:dashboard")
    form = AssessmentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        Assessment.objects.create(user=request.user, note=form.cleaned_data["note"])
        safety.touch(request.user)
        messages.success(
            request,
            "Thank you. Your program is open again. If the warning signs come back, stop: "
            f"{signs.advice(signs.Urgency.EMERGENCY)[0].lower()}"
            f"{signs.advice(signs.Urgency.EMERGENCY)[1:]}.",
        )
        return redirect("progress:dashboard")
    return render(request, "progress/assessed.html", {"form": form, "report": report})
