"""Today's routine, step by step: the leg pain before it, one exercise at a time, then the log
filled in from what was done.

Every page is a plain form that works without JavaScript (POST, then a redirect);
static/js/guided.js adds the timers. The routine lives in the session until its log is saved
(see progress/guide.py), and the log is saved by the log page's own view: the same form, checks
and write path, and one session however often it is sent.
"""

import json
from copy import deepcopy
from dataclasses import dataclass
from uuid import uuid4

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from exercises.catalogue import Catalogue, catalogue
from exercises.models import Exercise
from exercises.views import page_figure
from progress import guide
from progress.forms import EntryForm, EntryFormSet, SessionForm, now_to_the_minute
from progress.models import Session, is_timed
from progress.status import Reading, read, stage_views
from progress.views import log
from progress.views.dashboard import todays_routine

KEY = "routine"
EASIER_WORDS_AT_TOP = 120  # characters


class StartForm(forms.Form):
    """The leg before the routine: the log's own fields, so the same scores and places."""

    leg_pain_before = deepcopy(SessionForm.base_fields["leg_pain_before"])
    symptoms_reach = deepcopy(SessionForm.base_fields["symptoms_reach"])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The log asks where symptoms reached at the end; this asks before it starts.
        reach = self.fields["symptoms_reach"]
        reach.label = "How far down your leg do symptoms reach now?"


@dataclass(frozen=True)
class Today:
    exercises: list[Exercise]  # today's suggestion, as the dashboard shows it
    after_flare: bool  # the latest session was a flare: fewer repeats today
    usable: set[str]  # the open stages' slugs
    content: Catalogue


@dataclass(frozen=True)
class Shown:
    """A step as shown: the routine's exercise, or the easier version the person chose."""

    step: Exercise
    exercise: Exercise  # what is shown and recorded
    easier: Exercise | None  # where "Easier version" leads; None: the program has none
    in_easier: bool

    @property
    def easier_way(self) -> bool:
        """The exercise done the easier way the program describes, rather than another one."""
        return self.in_easier and self.exercise == self.step


def _checked(request: HttpRequest) -> Reading | HttpResponse:
    """The person's state, or the page to show instead: the safety questions come first, and
    while warning signs wait for a clinician there is no routine."""
    reading = read(request.user)
    if reading.screening is None:
        return redirect("progress:screening")
    if reading.suspension:
        return render(request, "progress/guided/on_hold.html", {"suspension": reading.suspension})
    return reading


def _today(request: HttpRequest, reading: Reading) -> Today:
    day = timezone.localdate()
    views, result = stage_views(request.user, day, reading=reading)
    last = reading.state.previous
    exercises, _ = todays_routine(views, result, reading, last, day)
    after_flare = bool(last and last.id in result.flares)
    usable = {view.stage.slug for view in views if view.usable}
    return Today(exercises, after_flare, usable, catalogue(reading.content))


def _routine(request: HttpRequest) -> guide.Routine | None:
    return guide.Routine.from_json(request.session.get(KEY), timezone.localdate())


def _keep(request: HttpRequest, routine: guide.Routine) -> None:
    request.session[KEY] = routine.to_json()


def _step_url(n: int) -> str:
    return reverse("progress:routine_step", args=[n])


# Before


@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    reading = _checked(request)
    if isinstance(reading, HttpResponse):
        return reading
    today, routine = _today(request, reading), _routine(request)
    going = routine is not None and routine.saved is None
    if request.method == "POST":
        form = StartForm(request.POST)
        if form.is_valid():
            return _begin(request, routine, today, form.cleaned_data)
    else:
        form = StartForm(initial=routine.to_json() if going else None)
    saved = routine and routine.saved
    slugs = routine.slugs if going else [e.slug for e in today.exercises]
    context = {
        "form": form,
        "routine": routine,
        "going": going,
        "exercises": [
            (today.content.by_slug[s], today.content.doses[s])
            for s in slugs
            if s in today.content.by_slug
        ],
        "after_flare": today.after_flare,
        "carry_on": going and today.content.by_slug.get(routine.slugs[routine.at]),
        "saved": saved and Session.objects.filter(pk=saved, user=request.user).first(),
    }
    return render(request, "progress/guided/start.html", context)


def _begin(request, routine: guide.Routine | None, today: Today, data: dict) -> HttpResponse:
    """Start today's routine afresh, or carry on with the one under way."""
    pain, reach = data["leg_pain_before"], data["symptoms_reach"]
    if routine is None or routine.saved is not None or "again" in request.POST:
        if not today.exercises:
            return redirect("progress:routine")
        routine = guide.start(timezone.localdate(), today.exercises, pain, reach, str(uuid4()))
    else:
        routine.leg_pain_before, routine.symptoms_reach = pain, reach
    _keep(request, routine)
    return redirect(_step_url(routine.at + 1))


# Each exercise


@require_http_methods(["GET", "POST"])
def step(request: HttpRequest, n: int) -> HttpResponse:
    reading = _checked(request)
    if isinstance(reading, HttpResponse):
        return reading
    routine = _routine(request)
    if routine is None or routine.saved is not None:
        return redirect("progress:routine")
    if not 1 <= n <= routine.total:
        raise Http404("Today's routine has no such step.")
    today = _today(request, reading)
    shown = _shown(routine, n, today)
    if request.method == "POST":
        return _act(request, routine, n, shown, today)
    # Coming back later the same day starts here.
    routine.at = n - 1
    _keep(request, routine)
    done = routine.done.get(shown.step.slug)
    if not (done and done["as"] == shown.exercise.slug):
        done = guide.program_dose(shown.exercise, shown.easier_way)
    form = _dose_form(shown, initial=done)
    return _step_page(request, routine, n, shown, today, form)


@require_safe
def current_step(request: HttpRequest) -> HttpResponse:
    """Back to where the person was in today's routine (from its log, after pressing stop by
    mistake), or to its start."""
    routine = _routine(request)
    if routine is None or routine.saved is not None:
        return redirect("progress:routine")
    return redirect(_step_url(routine.at + 1))


def _shown(routine: guide.Routine, n: int, today: Today) -> Shown:
    exercise = today.content.by_slug.get(routine.slugs[n - 1])
    if exercise is None:
        raise Http404("This exercise is no longer in the program.")
    easier = guide.easier_version(exercise, routine.slugs, today.usable)
    in_easier = easier is not None and exercise.slug in routine.easier
    return Shown(exercise, easier if in_easier else exercise, easier, in_easier)


def _act(request, routine: guide.Routine, n: int, shown: Shown, today: Today) -> HttpResponse:
    """What a step's buttons do. Only Done checks the numbers: Back, Skip, the easier version
    and Stop always work."""
    action, slug = request.POST.get("action", "done"), shown.step.slug
    if action == "back":
        return redirect(_step_url(n - 1) if n > 1 else "progress:routine")
    form = _dose_form(shown, data=request.POST)
    if action in ("easier", "full"):
        routine.show_easier(slug, action == "easier" and shown.easier is not None)
    elif action == "skip":
        routine.skip(slug)
    elif action == "stop":
        # What was counted of this exercise before stopping is kept (the timer says so).
        if request.POST.get("counted") and form.is_valid():
            _record(routine, shown, form)
        routine.stopped_at = n - 1
        _keep(request, routine)
        return redirect("progress:routine_log")
    elif not form.is_valid():
        return _step_page(request, routine, n, shown, today, form)
    else:
        _record(routine, shown, form)
    routine.stopped_at = None
    _keep(request, routine)
    if action in ("easier", "full"):
        return redirect(_step_url(n))
    return redirect(_step_url(n + 1) if n < routine.total else "progress:routine_log")


def _dose_form(shown: Shown, data=None, initial=None) -> EntryForm:
    """The numbers of what was done, checked as the log checks an exercise row."""
    exercise, names = shown.exercise, guide.dose_fields(shown.exercise, shown.easier_way)
    if data is not None:
        data = {f"dose-{name}": data.get(f"dose-{name}", "") for name in names}
        data["dose-exercise"] = exercise.slug
    timed = frozenset([exercise.slug]) if is_timed(exercise) else frozenset()
    return EntryForm(data, initial=initial, prefix="dose", timed=timed)


def _record(routine: guide.Routine, shown: Shown, form: EntryForm) -> None:
    dose = {
        name: str(value) if name == "load_kg" else value
        for name in guide.DOSE_FIELDS
        if (value := form.cleaned_data.get(name)) is not None
    }
    routine.record(shown.step.slug, dose, shown.exercise.slug, shown.in_easier)


def _step_page(request, routine, n: int, shown: Shown, today: Today, form) -> HttpResponse:
    exercise = shown.exercise
    part = "easier" if shown.easier_way and "easier" in exercise.figure else "main"
    context = {
        "number": n,
        "total": routine.total,
        "shown": shown,
        "exercise": exercise,
        "figure": exercise.figure and not exercise.image and page_figure(exercise, part),
        "dose": guide.dose_line(exercise, today.content.doses.get(exercise.slug, "")),
        "plan": json.dumps(guide.timer_plan(exercise, shown.easier_way)),
        "form": form,
        "fields": [form[name] for name in guide.dose_fields(exercise, shown.easier_way)],
        "after_flare": today.after_flare,
        # A long description of the easier way goes under the buttons, which must stay on a
        # phone's first screen.
        "easier_words_below": len(exercise.easier_option) > EASIER_WORDS_AT_TOP,
    }
    return render(request, "progress/guided/step.html", context)


# After


@require_http_methods(["GET", "POST"])
def finish(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        # The log page's own view saves it, whatever became of the routine meanwhile (a day
        # that ended, a session that expired): what the person typed is never thrown away.
        response = log.log(request)
        routine = _routine(request)
        token = routine and routine.submission_id
        saved = token and Session.objects.filter(user=request.user, submission_id=token).first()
        if saved:
            routine.saved = saved.pk
            _keep(request, routine)
        return response
    reading = _checked(request)
    if isinstance(reading, HttpResponse):
        return reading
    routine = _routine(request)
    if routine is None or routine.saved is not None:
        return redirect("progress:routine")
    return render(request, "progress/guided/log.html", _log_context(request, routine, reading))


def _log_context(request: HttpRequest, routine: guide.Routine, reading: Reading) -> dict:
    """The log page's context, filled in from the routine."""
    views, _ = stage_views(request.user, reading=reading)
    groups = log.exercise_groups(views)
    by_slug = catalogue(reading.content).by_slug
    options = {"stages": log.stages_by_slug(views), "timed": log.timed_slugs(groups)}
    initial = {
        "date": timezone.localdate(),
        "time": now_to_the_minute(),
        "submission_id": routine.submission_id,
        "leg_pain_before": routine.leg_pain_before,
        "symptoms_reach": routine.symptoms_reach,
        "notes": guide.log_notes(routine, by_slug),
    }
    return {
        "form": SessionForm(initial=initial),
        "formset": EntryFormSet(initial=guide.log_rows(routine, by_slug), **options),
        "exercise_groups": groups,
        "stopped": routine.stopped_at is not None,
        "stop_reason": guide.STOP_REASON,
    }
