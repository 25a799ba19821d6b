"""Today's routine, one exercise at a time: what each step times and asks, what the person did,
and the log it fills in.

The routine is kept in the person's browser session, not in the database, until the log is
saved: a Routine holds the day it belongs to (another day starts afresh), the exercises as they
were suggested when it started, the leg pain and reach given before it, and what was done at
each step. Plain data and functions: no database, no request, no clock (the views pass the day
and the exercises in).
"""

from dataclasses import asdict, dataclass, field
from datetime import date

from exercises.models import Exercise, Sides
from progress.models import is_timed

# The timer's rest between two holds: as long as the hold, up to this. The program gives no rest,
# so the timer's is a pause to breathe; a person can always go on sooner or later.
REST_SECONDS = 30
DOSE_FIELDS = ("sets", "reps", "hold_seconds", "load_kg", "minutes")
SIDE_NAMES = {
    Sides.EACH: ("Left side", "Right side"),
    Sides.ALTERNATING: ("Left side", "Right side"),
    Sides.EACH_LEG: ("Left leg", "Right leg"),
}
AIM_SIDES = {
    Sides.EACH: " each side",
    Sides.EACH_LEG: " each leg",
    Sides.ALTERNATING: ", sides in turn",
}
STOP_REASON = "you stopped the routine because the pain in your leg was spreading or getting worse"


@dataclass
class Routine:
    day: str  # the person's own date, ISO
    slugs: list[str]
    leg_pain_before: int
    symptoms_reach: str
    submission_id: str  # the log form's token: the session is saved once however often sent
    at: int = 0  # the step to come back to, from 0
    # By the slug of each step: what was done, as the log's exercise row takes it, with "as" the
    # exercise recorded (the easier one, if the person switched) and "easier" if the easier
    # version was done.
    done: dict[str, dict] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    easier: list[str] = field(default_factory=list)  # steps shown in their easier version
    stopped_at: int | None = None  # the step where the person stopped, from 0
    saved: int | None = None  # the session saved from it

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data, today: date) -> "Routine | None":
        """The routine kept in the session, if it is today's and whole; None otherwise."""
        if not isinstance(data, dict) or data.get("day") != today.isoformat():
            return None
        try:
            routine = cls(**data)
        except TypeError:  # kept by an older version of this page
            return None
        return routine if routine.slugs else None

    @property
    def total(self) -> int:
        return len(self.slugs)

    def record(self, slug: str, dose: dict, recorded_as: str, easier: bool) -> None:
        """What was done at a step: `dose` holds the log row's numbers."""
        self.done[slug] = {"as": recorded_as, "easier": easier, **dose}
        self.skipped = [s for s in self.skipped if s != slug]

    def skip(self, slug: str) -> None:
        self.done.pop(slug, None)
        if slug not in self.skipped:
            self.skipped.append(slug)

    def show_easier(self, slug: str, easier: bool) -> None:
        self.easier = [s for s in self.easier if s != slug] + ([slug] if easier else [])


def start(day: date, exercises: list[Exercise], pain: int, reach: str, token: str) -> Routine:
    return Routine(
        day=day.isoformat(),
        slugs=[e.slug for e in exercises],
        leg_pain_before=pain,
        symptoms_reach=reach,
        submission_id=token,
    )


def easier_version(
    exercise: Exercise, routine_slugs: list[str], usable_stages: set[str]
) -> Exercise | None:
    """What the "Easier version" button leads to: the exercise itself done the easier way the
    program describes (its easier option), or else the easier exercise it builds on, unless
    that one is a step of today's routine already or its stage is not open. None: the program
    has no easier version."""
    if exercise.easier_option:
        return exercise
    try:
        easier = exercise.easier
    except Exercise.DoesNotExist:
        return None
    if easier is None or easier.slug in routine_slugs or easier.stage.slug not in usable_stages:
        return None
    return easier


def program_dose(exercise: Exercise, easier_way: bool = False) -> dict:
    """The log row's numbers for the program's dose, at the low end of a range (as the log
    suggests them). Empty where the program gives no number, as for every easier way."""
    if easier_way or not (exercise.reps_min or exercise.hold_seconds):
        return {}
    dose = {"sets": exercise.repeats or 1}
    if exercise.reps_min:
        dose["reps"] = exercise.reps_min
    if exercise.hold_seconds:
        dose["hold_seconds"] = exercise.hold_seconds
    return dose


def dose_fields(exercise: Exercise, easier_way: bool = False) -> list[str]:
    """The numbers a step asks for: minutes for an activity, else sets of holds or repetitions
    (both, where the program gives no number), and a load for an exercise done with weights."""
    if is_timed(exercise):
        return ["minutes"]
    if exercise.hold_seconds and not easier_way:
        names = ["sets", "hold_seconds"]
    elif exercise.reps_min and not easier_way:
        names = ["sets", "reps"]
    else:
        names = ["sets", "reps", "hold_seconds"]
    return [*names, "load_kg"] if exercise.load_lb else names


def rest_seconds(exercise: Exercise) -> int:
    return min(REST_SECONDS, exercise.hold_seconds or REST_SECONDS)


def dose_line(exercise: Exercise, dose_text: str) -> str:
    """The dose as a step shows it, with the timer's rest between holds."""
    holds = (exercise.repeats or 1) * len(SIDE_NAMES.get(exercise.sides, (None,)))
    if exercise.hold_seconds and holds > 1:
        return f"{dose_text}; rest {rest_seconds(exercise)} s between holds"
    return dose_text


def timer_plan(exercise: Exercise, easier_way: bool = False) -> dict:
    """What the step's timer does (with JavaScript): count down each hold and rest, with the side
    to work; count repetitions by a tap (with the aim, where the program gives one); or time an
    activity."""
    if is_timed(exercise):
        return {"kind": "stopwatch"}
    if easier_way:
        return {"kind": "count"}
    if exercise.hold_seconds:
        return {"kind": "holds", "phases": hold_phases(exercise)}
    if exercise.reps_min:
        low, high = exercise.reps_min, exercise.reps_max or exercise.reps_min
        aim = str(low) if high == low else f"{low} to {high}"
        sides = AIM_SIDES.get(exercise.sides, "")
        return {"kind": "reps", "target": low, "aim": aim + sides}
    return {"kind": "count"}


def hold_phases(exercise: Exercise) -> list[dict]:
    """Each hold and each rest in turn, sides taking turns: "Left leg — hold 30 s", "Rest 30 s",
    "Right leg — hold 30 s". A set ends with its last side's hold."""
    hold, sets = exercise.hold_seconds, exercise.repeats or 1
    sides = SIDE_NAMES.get(exercise.sides, (None,))
    rest = rest_seconds(exercise)
    phases = []
    for number in range(1, sets + 1):
        for turn, side in enumerate(sides):
            label = f"{side} — hold {hold} s" if side else f"Hold {hold} s"
            phases.append(
                {
                    "kind": "hold",
                    "seconds": hold,
                    "label": label,
                    "say": label.replace(" s", " seconds"),
                    "set": number,
                    "of": f"Set {number} of {sets}",
                    "ends_set": turn == len(sides) - 1,
                }
            )
            phases.append(
                {
                    "kind": "rest",
                    "seconds": rest,
                    "label": f"Rest {rest} s",
                    "say": f"Rest {rest} seconds",
                    "set": number,
                    "of": f"Set {number} of {sets}",
                    "ends_set": False,
                }
            )
    return phases[:-1]  # no rest after the last hold


def log_rows(routine: Routine, by_slug: dict[str, Exercise]) -> list[dict]:
    """The log's exercise rows: what was done, in the routine's order; skipped steps, steps not
    reached and exercises no longer in the program are left out."""
    rows = []
    for slug in routine.slugs:
        done = routine.done.get(slug)
        exercise = done and by_slug.get(done["as"])
        if exercise is not None:
            rows.append({"exercise": exercise} | {f: done.get(f) for f in DOSE_FIELDS})
    return rows


def log_notes(routine: Routine, by_slug: dict[str, Exercise]) -> str:
    """The notes the log starts with: which exercises were done the easier way the program
    describes (an easier exercise is logged as itself), and where the person stopped."""
    lines = []
    for slug in routine.slugs:
        done = routine.done.get(slug)
        if not (done and done["easier"] and slug in by_slug and done["as"] in by_slug):
            continue
        if done["as"] == slug:
            lines.append(f"{by_slug[slug].name}: the easier version.")
        else:
            lines.append(f"{by_slug[done['as']].name}: done instead of {by_slug[slug].name}.")
    if routine.stopped_at is not None:
        step = routine.slugs[routine.stopped_at]
        name = by_slug[step].name if step in by_slug else "an exercise"
        lines.append(
            f"Stopped at {name} ({routine.stopped_at + 1} of {routine.total}): "
            "leg pain spreading or worse."
        )
    return "\n".join(lines)
