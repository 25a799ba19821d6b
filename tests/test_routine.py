from datetime import date, timedelta

import pytest

from exercises.models import Exercise
from progress.routine import strengthening_allowed, suggest_routine, swimming_allowed

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
    # Only the activities may repeat (there are two), and the stretches a hamstring stretch
    # builds on, which come with it.
    assert first & second <= {"walk", "swim", "calf-stretch", "single-leg-hamstring-stretch"}


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


# --- Stretching first, then strengthening; walking, then swimming -------------------------------

DAY = date(2026, 3, 1)


def test_no_strengthening_before_the_first_session_or_in_the_first_week():
    assert strengthening_allowed(DAY, None, None) == 0
    assert strengthening_allowed(DAY + timedelta(days=6), DAY, None) == 0


def test_one_more_strengthening_exercise_each_week_up_to_three():
    counts = [
        strengthening_allowed(DAY + timedelta(days=n), DAY, None) for n in (7, 13, 14, 21, 60)
    ]
    assert counts == [1, 1, 2, 3, 3]


def test_a_flare_starts_the_gentle_week_again():
    flare = DAY + timedelta(days=30)
    assert strengthening_allowed(flare + timedelta(days=6), DAY, flare) == 0
    assert strengthening_allowed(flare + timedelta(days=7), DAY, flare) == 1


def test_swimming_needs_three_calm_walking_days_and_the_gentle_week_over():
    assert not swimming_allowed(strengthening=1, calm_walking_days=2)
    assert swimming_allowed(strengthening=1, calm_walking_days=3)
    assert not swimming_allowed(strengthening=0, calm_walking_days=10)


def test_the_routine_holds_as_many_strengthening_exercises_as_allowed_and_no_swim_unless_told():
    available = list(Exercise.objects.filter(stage__gated=False))
    for allowed in (0, 1, 2, 3):
        routine = suggest_routine(
            available, {"walk"}, seed=0, strengthening=allowed, swimming=False
        )
        assert sum(e.section in {"back", "core", "legs", "balance"} for e in routine) == allowed
        assert "swim" not in {e.slug for e in routine}
    routine = suggest_routine(available, {"walk"}, seed=0, swimming=True)
    assert "swim" in {e.slug for e in routine}


def test_a_harder_form_waits_until_its_easier_one_has_been_logged():
    available = list(Exercise.objects.select_related("easier").filter(stage__gated=False))
    never = set()
    for seed in range(10):
        routine = {e.slug for e in suggest_routine(available, set(), seed, logged=never)}
        assert "single-leg-bridge" not in routine
    picked = set()
    for seed in range(10):
        picked |= {e.slug for e in suggest_routine(available, set(), seed, logged={"bridge"})}
    assert "single-leg-bridge" in picked


def test_a_hamstring_stretch_comes_with_the_stretches_it_builds_on():
    available = list(Exercise.objects.filter(stage__gated=False))
    for seed in range(10):
        routine = [e.slug for e in suggest_routine(available, set(), seed)]
        if "standing-hamstring-stretch" in routine:
            assert routine.index("calf-stretch") < routine.index("single-leg-hamstring-stretch")
            assert routine.index("single-leg-hamstring-stretch") < routine.index(
                "standing-hamstring-stretch"
            )
        if "single-leg-hamstring-stretch" in routine:
            assert "calf-stretch" in routine


def test_leg_pain_above_five_starts_the_gentle_week_again():
    high = DAY + timedelta(days=30)
    assert strengthening_allowed(high + timedelta(days=6), DAY, None, high) == 0
    assert strengthening_allowed(high + timedelta(days=7), DAY, None, high) == 1
