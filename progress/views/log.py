"""Logging a session and editing one: the form, its exercise rows, and saving."""

from uuid import UUID, uuid4

from django.contrib import messages
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from exercises.catalogue import catalogue
from progress import record
from progress.forms import (
    EntryForm,
    EntryFormSet,
    SessionForm,
    TypedEntryFormSet,
    now_to_the_minute,
)
from progress.models import (
    Session,
    is_timed,
)
from progress.status import StageView, read, stage_views
from progress.views.history import session_view


def stages_by_slug(views: list[StageView]) -> dict[str, StageView]:
    return {view.stage.slug: view for view in views}


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


def _changed_meanwhile(form: SessionForm, session: Session | None) -> bool:
    """Whether the session was saved elsewhere since this form was opened (e.g. the morning
    check-in). If so, the form says what differs and takes the new version, so that sending it
    again saves it knowingly."""
    if session is None:
        return False
    current = Session.objects.get(pk=session.pk)
    version = current.updated_at.isoformat()
    if form.cleaned_data.get("loaded_version") in ("", version):
        return False

    def shown(value) -> str:
        return "nothing" if value in (None, "", []) else str(value)

    differences = [
        f"{form.fields[name].label or name}: {shown(getattr(current, name))} was saved "
        f"meanwhile, your form says {shown(form.cleaned_data.get(name))}"
        for name in form.Meta.fields
        if name in form.cleaned_data and getattr(current, name) != form.cleaned_data[name]
    ]
    form.data = form.data.copy()
    form.data["loaded_version"] = version
    form.add_error(
        None,
        "This session was changed after you opened this page. "
        + ("; ".join(differences) + ". " if differences else "")
        + "Check the values below, then save again to keep yours.",
    )
    return True


def _session_form_page(request: HttpRequest, session: Session | None) -> HttpResponse:
    reading = read(request.user)
    if reading.screening is None:
        return redirect("progress:screening")
    # The diary stays open while the program is suspended: the page says so at its top.
    views, _ = stage_views(request.user, reading=reading)
    groups = exercise_groups(views)
    already = (
        frozenset(session.entries.values_list("exercise__slug", flat=True))
        if session
        else frozenset()
    )
    options = {
        "stages": stages_by_slug(views),
        "already_logged": already,
        "timed": timed_slugs(groups),
    }
    if request.method == "POST" and ("add_rows" in request.POST or "remove_row" in request.POST):
        form, formset = _with_rows_changed(request.POST, session, options)
    elif request.method == "POST" and (done := _already_stored(request, session)):
        # Sent again after it was stored, even as first typed with a value since corrected (a
        # copy kept on a phone): what is stored stands.
        return _stored(request, done)
    elif request.method == "POST":
        form = SessionForm(request.POST, instance=session)
        formset = EntryFormSet(request.POST, **options)
        if form.is_valid() and formset.is_valid() and not _changed_meanwhile(form, session):
            return _save(request, form, formset, session)
    else:
        form, formset = _blank_forms(session, options)
    context = {
        "form": form,
        "formset": formset,
        "session": session,
        "exercise_groups": groups,
        "suspension": reading.suspension,
    }
    return render(request, "progress/log.html", context)


def _already_stored(request: HttpRequest, session: Session | None) -> Session | None:
    """The session this new-session form's submission id was stored as, if it was."""
    if session is not None:
        return None
    try:
        token = UUID(request.POST.get("submission_id", ""))
    except ValueError:
        return None
    return Session.objects.filter(user=request.user, submission_id=token).first()


def _blank_forms(session: Session | None, options: dict) -> tuple[SessionForm, EntryFormSet]:
    """The forms as the page first shows them: the session's values, or a new one for now."""
    if session:
        return SessionForm(instance=session), EntryFormSet(
            initial=_entry_initial(session), **options
        )
    now = {"date": timezone.localdate(), "time": now_to_the_minute(), "submission_id": uuid4()}
    return SessionForm(initial=now), EntryFormSet(initial=[], **options)


def _stored(request: HttpRequest, to) -> HttpResponse:
    """Where the person goes once the session is stored. A session the phone kept with no
    connection and sends later (the service worker says so with X-Outbox) gets a plain answer
    instead of a redirect, which it could not tell from the one to the sign-in page."""
    response = redirect(to)
    if request.headers.get("X-Outbox") == "1":
        return JsonResponse({"stored": True, "url": response["Location"]})
    return response


def _save(request, form: SessionForm, formset, session: Session | None) -> HttpResponse:
    """Save valid forms through the one write path, once however often they are sent."""
    # A form sent again after it was stored never gets here (_already_stored answers it).
    token = None if session else form.cleaned_data.get("submission_id")
    saved = form.save(commit=False)
    saved.user = request.user
    saved.submission_id = token or saved.submission_id
    try:
        result = record.save_session(saved, formset.chosen())
    except IntegrityError:
        # Both copies arrived at once; the other one was saved first.
        done = Session.objects.filter(user=request.user, submission_id=token).first()
        if token is None or done is None:
            raise
        return _stored(request, done)
    if result.new_warning_signs:
        return _stored(request, "progress:warning")
    done = "Session saved." if session else "Session logged."
    if result.flare:
        # Not a cheerful green: the page leads with what to do about the flare.
        messages.warning(request, f"{done} Your leg pain went up: please read below.")
    else:
        messages.success(request, done)
    return _stored(request, saved)


@require_http_methods(["GET", "POST"])
def log(request: HttpRequest) -> HttpResponse:
    return _session_form_page(request, None)


@session_view("GET", "POST")
def edit(request: HttpRequest, session: Session) -> HttpResponse:
    return _session_form_page(request, session)


def exercise_groups(views: list[StageView]) -> list[dict]:
    """The exercise menu of the log: exercises by stage, each stage with its status."""
    exercises = sorted(catalogue().exercises, key=lambda e: (e.stage.order, e.order))
    return [
        {"view": view, "exercises": [e for e in exercises if e.stage_id == view.stage.pk]}
        for view in views
    ]


def timed_slugs(groups: list[dict]) -> frozenset[str]:
    """The exercises of the menu that are logged in minutes (walking, swimming)."""
    return frozenset(e.slug for group in groups for e in group["exercises"] if is_timed(e))


DOSE_FIELDS = [name for name in EntryForm.base_fields if name != "exercise"]


@require_safe
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
    # From the loaded content, not a query: a typed slug may hold bytes (a NUL) that
    # PostgreSQL refuses in a text comparison.
    exercise = catalogue().by_slug.get(slug) if slug else None
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
    groups = exercise_groups(views)
    context = {
        "entry": EntryForm(prefix=prefix, initial=initial, timed=timed_slugs(groups)),
        "index": index,
        "adding": adding,
        "total": index + 1,
        "max_rows": EntryFormSet.max_num,
        "suggested": exercise,
        "exercise_groups": groups,
    }
    return render(request, "progress/_entry_row.html", context)
