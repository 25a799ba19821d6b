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
)
from progress.gate import PAUSED
from progress.models import (
    Assessment,
    RedFlagReport,
    Screening,
    Session,
    SessionExercise,
    SymptomsReach,
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
    page_version,
    refresh_stage_changes,
    stage_views,
)

WEEKLY_TARGET = (3, 5)
GENTLE_STAGE = "gentle-start"

BLANK_ROWS = 3  # rows the "add rows" button adds when JavaScript is off


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
        )
    )
    flare_days = {row["date"] for row in recent if row["id"] in flares}
    scores = [(row["date"], row["leg_pain_before"], row["back_pain"]) for row in recent]
    monday = today - timedelta(days=today.weekday())
    this_week = sum(1 for row in recent if monday <= row["date"] <= today)
    # The morning after: asked for the latest session of yesterday or the day before that has
    # no next-morning score yet, even if a session was logged since.
    waiting = [
        row
        for row in recent
        if today - timedelta(days=2) <= row["date"] < today and row["leg_pain_next_morning"] is None
    ]
    check_in = Session(pk=waiting[-1].pop("id"), **waiting[-1]) if waiting else None
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
    main = _cached_page(request, "dashboard", lambda: _dashboard_main(request))
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
    last = sessions.order_by("-date", "-id").first()

    chart, this_week, check_in = _last_eight_weeks(sessions, today, result.flares)
    no_improvement = safety.leg_pain_review_due(sessions, result.first_day, today)

    last_was_flare = bool(last and last.pk in result.flares)
    # Warning signs first: no exercise is suggested while they are not yet assessed.
    routine, strengthening = [], 0
    if not suspension:
        routine, strengthening = _todays_routine(request.user, views, result, last, today)

    context = {
        "stages": views,
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
        "check_in": check_in,
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
        }
        for entry in session.entries.select_related("exercise")
    ]


def _with_blank_rows(data, rows: int):
    """POST data with `rows` more empty exercise rows, for the no-JavaScript "add rows" button.

    A count that is not a whole number is taken as 0, and the total never passes the
    formset's maximum."""
    data = data.copy()
    try:
        count = max(0, int(data.get("form-TOTAL_FORMS", 0)))
    except ValueError:
        count = 0
    data["form-TOTAL_FORMS"] = str(min(count + rows, EntryFormSet.max_num))
    return data


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
        )
        for order, row in enumerate(formset.chosen())
    )
    return refresh_stage_changes(session.user)


def _session_form_page(request: HttpRequest, session: Session | None) -> HttpResponse:
    if safety.latest_screening(request.user) is None:
        return redirect("progress:screening")
    views, _ = stage_views(request.user)
    flags_before = set(session.red_flags) if session else set()
    stages = _stages_by_slug(views)
    already = (
        frozenset(session.entries.values_list("exercise__slug", flat=True))
        if session
        else frozenset()
    )
    if request.method == "POST":
        adding_rows = "add_rows" in request.POST
        data = _with_blank_rows(request.POST, BLANK_ROWS) if adding_rows else request.POST
        form = SessionForm(data, instance=session)
        formset = EntryFormSet(data, stages=stages, already_logged=already)
        if not adding_rows and form.is_valid() and formset.is_valid():
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
            initial=None if session else {"date": timezone.localdate(), "submission_id": uuid4()},
        )
        formset = EntryFormSet(initial=initial, stages=stages, already_logged=already)
    return render(
        request,
        "progress/log.html",
        {
            "form": form,
            "formset": formset,
            "session": session,
            "exercise_groups": _exercise_groups(views),
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


@require_GET
def log_row(request: HttpRequest) -> HttpResponse:
    """One exercise row for htmx: a new blank row, or a row filled with the library's dose."""
    adding = "add" in request.GET
    try:
        index = int(request.GET.get("form-TOTAL_FORMS" if adding else "index", 0))
    except ValueError:
        index = 0
    index = min(max(index, 0), EntryFormSet.max_num - 1)
    slug = "" if adding else request.GET.get(f"form-{index}-exercise", "")
    exercise = Exercise.objects.filter(slug=slug).first() if slug else None
    initial = {"exercise": exercise}
    if exercise and (exercise.reps_min or exercise.hold_seconds):
        # The program's dose, starting at the low end of a range.
        initial |= {
            "sets": exercise.repeats or 1,
            "reps": exercise.reps_min,
            "hold_seconds": exercise.hold_seconds,
        }
    views, _ = stage_views(request.user)
    context = {
        "entry": EntryForm(prefix=f"form-{index}", initial=initial),
        "index": index,
        "adding": adding,
        "total": index + 1,
        "suggested": exercise,
        "exercise_groups": _exercise_groups(views),
    }
    return render(request, "progress/_entry_row.html", context)


@require_GET
def history(request: HttpRequest) -> HttpResponse:
    entries = SessionExercise.objects.select_related("exercise__stage")
    sessions = (
        Session.objects.filter(user=request.user)
        .order_by("-date", "-id")
        .prefetch_related(Prefetch("entries", queryset=entries))
    )
    page = Paginator(sessions, 20).get_page(request.GET.get("page"))
    early_entries(request.user, page.object_list)
    return render(request, "progress/history.html", {"page": page})


@session_view("GET", "HEAD")
def session_detail(request: HttpRequest, session: Session) -> HttpResponse:
    _, result = stage_views(request.user)
    context = {
        "session": session,
        "entries": session.entries.select_related("exercise"),
        "flare_reason": result.flares.get(session.pk),
        "paused_now": _paused_by(result, session.pk),
        "flare_help": _flare_help(result, session),
        "can_check_in": 1 <= (timezone.localdate() - session.date).days <= 2,
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
    if not form.is_valid():
        for error in form.non_field_errors() or ["Choose a score from 0 to 10."]:
            messages.error(request, error)
        return redirect("progress:dashboard")
    with transaction.atomic():
        session.leg_pain_next_morning = form.cleaned_data["leg_pain_next_morning"]
        session.save(update_fields=["leg_pain_next_morning", "updated_at"])
        result = refresh_stage_changes(request.user)
    if session.pk in result.flares:
        messages.warning(
            request,
            "Thank you. Your leg hurts more this morning than before the session, so ease off "
            "today: go back to the gentle-start exercises, with fewer repeats.",
        )
    else:
        messages.success(request, "Thank you: this morning's leg pain is saved.")
    # Back to where the check-in was made: the session's own page or the dashboard.
    if request.POST.get("next") == session.get_absolute_url():
        return redirect(session)
    return redirect("progress:dashboard")


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
