import pytest

from exercises.models import Exercise
from progress.routine import suggest_routine

pytestmark = pytest.mark.django_db


def test_it_takes_one_morning_move_two_stretches_three_strengthening_and_an_activity():
    available = list(Exercise.objects.filter(stage__gated=False))
    routine = suggest_routine(available, set(), seed=0)
    sections = [e.section for e in routine]
    assert sections.count("morning") == 1
    assert sections.count("stretch") == 2
    assert sum(s in {"back", "core", "legs", "balance"} for s in sections) == 3
    assert sections.count("activity") == 1


def test_it_prefers_what_the_last_session_did_not_include():
    available = list(Exercise.objects.filter(stage__gated=False))
    first = {e.slug for e in suggest_routine(available, set(), seed=3)}
    second = {e.slug for e in suggest_routine(available, first, seed=3)}
    # Only one morning move is not in the first routine's pick... there are two, so both change.
    assert first & second <= {"walk", "swim"}


def test_it_only_uses_what_is_available():
    available = list(Exercise.objects.filter(slug__in=["plank", "walk", "calf-stretch"]))
    assert {e.slug for e in suggest_routine(available, set(), seed=1)} == {
        "plank",
        "walk",
        "calf-stretch",
    }


def test_it_changes_from_day_to_day_but_not_within_a_day():
    available = list(Exercise.objects.filter(stage__gated=False))
    assert suggest_routine(available, set(), 5) == suggest_routine(available, set(), 5)
    days = {tuple(e.slug for e in suggest_routine(available, set(), seed)) for seed in range(7)}
    assert len(days) > 1
