"""Today's suggested routine: a mix of the open exercises, different from last time."""

from collections.abc import Sequence

from exercises.models import Exercise, Section

# (sections, how many): one gentle start, stretches and strengthening both, and an activity.
PLAN = [
    ((Section.MORNING,), 1),
    ((Section.STRETCH,), 2),
    ((Section.BACK, Section.CORE, Section.LEGS, Section.BALANCE), 3),
    ((Section.ACTIVITY,), 1),
]


def _rotated(items: list, by: int) -> list:
    if not items:
        return items
    by %= len(items)
    return items[by:] + items[:by]


def suggest_routine(
    available: Sequence[Exercise], last_session: set[str], seed: int
) -> list[Exercise]:
    """Pick from `available`, preferring what the last session did not include.

    `seed` (e.g. the day's ordinal) turns the choice so that the routine changes from day to day
    but stays the same through one day."""
    routine = []
    for sections, count in PLAN:
        pool = [e for e in available if e.section in sections]
        fresh = [e for e in pool if e.slug not in last_session]
        done_last_time = [e for e in pool if e.slug in last_session]
        routine += (_rotated(fresh, seed) + _rotated(done_last_time, seed))[:count]
    return sorted(routine, key=lambda e: e.order)
