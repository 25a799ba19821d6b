"""Building blocks for tests: people and their logged sessions, made in code."""

from datetime import timedelta

from django.utils import timezone

from exercises.models import Exercise
from progress.models import Session, SessionExercise
from progress.status import refresh_stage_changes


def days_ago(n: int):
    return timezone.localdate() - timedelta(days=n)


def log_session(
    user,
    days_back=0,
    before=3,
    after=None,
    back=2,
    reach="thigh",
    morning=None,
    exercises=(),
    red_flags=(),
    notes="",
    refresh=True,
) -> Session:
    session = Session.objects.create(
        user=user,
        date=days_ago(days_back),
        leg_pain_before=before,
        leg_pain_after=before if after is None else after,
        back_pain=back,
        leg_pain_next_morning=morning,
        symptoms_reach=reach,
        red_flags=list(red_flags),
        notes=notes,
    )
    by_slug = Exercise.objects.in_bulk(list(exercises), field_name="slug")
    SessionExercise.objects.bulk_create(
        SessionExercise(session=session, exercise=by_slug[slug], order=i, sets=1, reps=10)
        for i, slug in enumerate(exercises)
    )
    if refresh:
        refresh_stage_changes(user)
    return session


def calm_fortnight(user, start_days_back=20, exercises=("core-stabilization",)):
    """Six calm sessions over 14 days, ending `start_days_back - 13` days ago: plank unlocks."""
    sessions = [
        log_session(user, start_days_back - offset, exercises=exercises, refresh=False)
        for offset in (0, 3, 5, 8, 10, 13)
    ]
    refresh_stage_changes(user)
    return sessions


def queries_for(action) -> int:
    """How many SQL queries `action()` makes."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        action()
    return len(captured)
