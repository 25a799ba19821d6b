"""Today's suggested routine: a mix of the open exercises, different from last time.

Strengthening comes after stretching, as the program says: in the first week, and in the week
after a leg-pain flare or a session with leg pain above 5, the routine holds only the
gentle-start moves and walking. Then one strengthening exercise joins it, a second a week later,
and a third the week after. Swimming comes after walking: it is suggested once walking has been
logged on three days without a flare. A harder form (the single-leg bridge) waits until its
easier one has been logged, and the hamstring stretches build up from the calves, as the program
orders them. The Foundation stage itself stays open throughout; this only shapes the suggestion.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from exercises.models import Exercise, Section

STRENGTHENING = (Section.BACK, Section.CORE, Section.LEGS, Section.BALANCE)
MAX_STRENGTHENING = 3
GENTLE_WEEK = 7  # days
WALKING_DAYS_BEFORE_SWIMMING = 3
SWIM, WALK = "swim", "walk"

# (sections, how many): one gentle start, two stretches, strengthening, and an activity.
PLAN = [
    ((Section.MORNING,), 1),
    ((Section.STRETCH,), 2),
    (STRENGTHENING, None),  # how many: see strengthening_allowed
    ((Section.ACTIVITY,), 1),
]


# "Start from the bottom": the calves, then one leg, then both legs together.
BUILDS_ON = {
    "single-leg-hamstring-stretch": ("calf-stretch",),
    "standing-hamstring-stretch": ("calf-stretch", "single-leg-hamstring-stretch"),
}


def strengthening_allowed(
    today: date, first_day: date | None, last_flare: date | None, last_too_much: date | None = None
) -> int:
    """How many strengthening exercises today's routine may hold: none until a week has passed
    since the first session, the latest flare and the latest session with leg pain above 5,
    then one more each week, up to three."""
    if first_day is None:
        return 0
    calm_since = max(day for day in (first_day, last_flare, last_too_much) if day is not None)
    days_after_gentle_week = (today - calm_since).days - GENTLE_WEEK
    if days_after_gentle_week < 0:
        return 0
    return min(MAX_STRENGTHENING, 1 + days_after_gentle_week // 7)


@dataclass(frozen=True)
class Record:
    """What the suggestion and the six-week review need from the whole log, carried session by
    session with the gate's state (see status.refresh_stage_changes) so that no page reads the
    whole history: every exercise ever logged, the first days with a calm walk (up to the three
    swimming waits for), and the sum and count of leg pain before the sessions of the first
    week."""

    logged: frozenset[str] = frozenset()
    calm_walk_days: tuple[str, ...] = ()
    first_week: tuple[int, int] = (0, 0)

    def carry(
        self, sessions: Iterable, flares, first_day: date | None, max_leg_pain: int
    ) -> "Record":
        """This record with `sessions` (gate.SessionFacts, all after those already in it, and
        already folded into the gate state whose `flares` and `first_day` are given) added."""
        logged, calm, (total, count) = set(self.logged), list(self.calm_walk_days), self.first_week
        for session in sorted(sessions, key=lambda s: s.position):
            logged |= session.exercises
            day = session.date.isoformat()
            calm_walk = (
                WALK in session.exercises
                and session.id not in flares
                and session.peak_leg_pain <= max_leg_pain
            )
            if calm_walk and len(calm) < WALKING_DAYS_BEFORE_SWIMMING and day not in calm:
                calm.append(day)
            if first_day is not None and session.date < first_day + timedelta(weeks=1):
                total, count = total + session.leg_pain_before, count + 1
        return Record(frozenset(logged), tuple(calm), (total, count))

    @property
    def first_week_average(self) -> float | None:
        total, count = self.first_week
        return total / count if count else None

    def to_json(self) -> dict:
        return {
            "logged": sorted(self.logged),
            "calm_walk_days": list(self.calm_walk_days),
            "first_week": list(self.first_week),
        }

    @classmethod
    def from_json(cls, data: dict) -> "Record":
        return cls(
            frozenset(data["logged"]), tuple(data["calm_walk_days"]), tuple(data["first_week"])
        )


def swimming_allowed(strengthening: int, calm_walking_days: int) -> bool:
    """Swimming is a Foundation activity: it waits for the gentle week, and for walking logged on
    three different days without a flare."""
    return strengthening > 0 and calm_walking_days >= WALKING_DAYS_BEFORE_SWIMMING


def _rotated(items: list, by: int) -> list:
    if not items:
        return items
    by %= len(items)
    return items[by:] + items[:by]


def _easier_first(exercise: Exercise, logged: set[str]) -> bool:
    """Whether the exercise must wait for its easier form to be logged first."""
    try:
        easier = exercise.easier
    except Exercise.DoesNotExist:
        return False
    return easier.slug not in logged


def suggest_routine(
    available: Sequence[Exercise],
    last_session: set[str],
    seed: int,
    strengthening: int = MAX_STRENGTHENING,
    swimming: bool = True,
    logged: set[str] | None = None,
) -> list[Exercise]:
    """Pick from `available`, preferring what the last session did not include.

    `seed` (e.g. the day's ordinal) turns the choice so that the routine changes from day to day
    but stays the same through one day. `logged` is every exercise the person has ever logged
    (None: do not hold harder forms back)."""
    routine = []
    by_slug = {e.slug: e for e in available}
    for sections, count in PLAN:
        pool = [
            e
            for e in available
            if e.section in sections
            and (swimming or e.slug != SWIM)
            and (logged is None or not _easier_first(e, logged))
        ]
        fresh = [e for e in pool if e.slug not in last_session]
        done_last_time = [e for e in pool if e.slug in last_session]
        how_many = strengthening if count is None else count
        routine += (_rotated(fresh, seed) + _rotated(done_last_time, seed))[:how_many]
    for exercise in list(routine):
        routine += [
            by_slug[slug]
            for slug in BUILDS_ON.get(exercise.slug, ())
            if slug in by_slug and by_slug[slug] not in routine
        ]
    return sorted(routine, key=lambda e: e.order)
