from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from exercises.models import Exercise, RepsQualifier, Sides, Stage, dose_in_words

pytestmark = pytest.mark.django_db


def make_exercise(**fields) -> Exercise:
    defaults = {
        "slug": "test-move",
        "name": "Test move",
        "stage": Stage.objects.get(slug="gentle-start"),
        "section": "stretch",
        "order": 99,
        "summary": "A move for tests.",
        "steps": "One.\nTwo.",
        "feel": "A stretch.",
        "stop_if": "Leg pain spreads.",
    }
    return Exercise.objects.create(**(defaults | fields))


@pytest.mark.parametrize(
    "fields",
    [
        {"reps_min": 20, "reps_max": 10},
        {"reps_min": 0, "reps_max": 0},
        {"reps_min": 10},
        {"reps_max": 10},
        {"hold_seconds": 0},
        {"repeats": 3},
        {"hold_seconds": 30, "repeats": 0},
        {"hold_seconds": 10, "repeats": 3, "reps_min": 5, "reps_max": 5},
        {"load_lb": Decimal("0")},
        {"image": "exercises/move.png"},
    ],
)
def test_the_database_refuses_an_impossible_dose(fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_exercise(**fields)


def test_an_exercise_cannot_progress_to_itself():
    exercise = make_exercise()
    exercise.harder = exercise
    with pytest.raises(IntegrityError), transaction.atomic():
        exercise.save()


def test_a_gated_stage_must_say_what_unlocks_it():
    with pytest.raises(IntegrityError), transaction.atomic():
        Stage.objects.create(slug="later", name="Later", order=9, description="x", gated=True)


def test_steps_are_read_one_per_line_ignoring_blank_lines():
    exercise = Exercise(steps="Lie down.\n\n  Bend your knees.  \nBreathe.")
    assert exercise.step_list == ["Lie down.", "Bend your knees.", "Breathe."]


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"reps_min": 12, "reps_max": 12}, "12 times"),
        ({"reps_min": 10, "reps_max": 20, "sides": Sides.EACH}, "10 to 20 times on each side"),
        ({"hold_seconds": 30}, "Hold 30 seconds"),
        ({"hold_seconds": 30, "sides": Sides.EACH}, "Hold 30 seconds on each side"),
        (
            {"hold_seconds": 10, "repeats": 10, "sides": Sides.EACH},
            "Hold 10 seconds, 10 times on each side",
        ),
        (
            {"reps_min": 15, "reps_max": 15, "reps_qualifier": RepsQualifier.ABOUT},
            "About 15 times",
        ),
        ({"load_lb": Decimal("5.0")}, "With up to 5 lb (2.3 kg) in each hand"),
        ({"load_lb": Decimal("2.5")}, "With up to 2.5 lb (1.1 kg) in each hand"),
        ({}, ""),
        ({"reps_min": 10, "reps_max": 20, "sides": Sides.EACH_LEG}, "10 to 20 times on each leg"),
        (
            {"hold_seconds": 30, "repeats": 3, "sides": Sides.EACH_LEG},
            "Hold 30 seconds, 3 times on each leg",
        ),
        (
            {"reps_min": 15, "reps_max": 20, "reps_qualifier": "about", "sides": Sides.EACH_LEG},
            "About 15 to 20 times on each leg",
        ),
        # With no number, the sides are still part of the dose.
        ({"sides": Sides.EACH}, "On each side"),
        ({"sides": Sides.EACH_LEG}, "On each leg"),
        ({"sides": Sides.ALTERNATING}, "Alternating sides"),
        (
            {"sides": Sides.EACH_LEG, "load_lb": Decimal("5")},
            "On each leg, with up to 5 lb (2.3 kg) in each hand",
        ),
    ],
)
def test_the_dose_reads_as_plain_words(fields, words):
    assert dose_in_words(Exercise(**fields)) == words


def test_each_leg_is_a_side_of_its_own():
    assert Sides.EACH_LEG == "each-leg"
    assert Sides.EACH_LEG.label == "On each leg"
    make_exercise(sides=Sides.EACH_LEG).full_clean()


def test_an_unknown_side_is_refused():
    exercise = Exercise(sides="each-arm")
    with pytest.raises(ValidationError) as error:
        exercise.clean_fields()
    assert "sides" in error.value.message_dict


def test_the_apps_reading_of_the_program_is_optional_and_kept():
    assert make_exercise().app_reading == ""
    exercise = make_exercise(slug="rock", app_reading="The app reads it as on all fours.")
    exercise.refresh_from_db()
    assert exercise.app_reading == "The app reads it as on all fours."


def test_load_converts_pounds_to_kilograms():
    assert Exercise(load_lb=Decimal("5")).load_kg == Decimal("2.3")
    assert Exercise().load_kg is None


def test_a_progression_may_not_go_in_a_circle():
    side_plank = Exercise.objects.get(slug="side-plank")
    side_plank.harder = Exercise.objects.get(slug="core-stabilization")
    with pytest.raises(ValidationError) as error:
        side_plank.full_clean()
    assert "circle" in str(error.value)


def test_a_progression_that_leads_on_is_valid():
    squat = Exercise.objects.get(slug="squat")
    squat.harder = Exercise.objects.get(slug="calf-raise")
    squat.full_clean()


def test_a_starting_form_needs_an_easier_option_to_start_with():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_exercise(starts_easier=True)
    exercise = make_exercise(starts_easier=True, easier_option="Do half of it.")
    assert exercise.starts_easier


def test_search_text_holds_the_words_shown_on_the_page_and_the_search_terms():
    exercise = make_exercise(position="in-bed", equipment="chair", search_terms="sofa, couch")
    text = exercise.search_text
    for words in ["Test move", "A move for tests.", "In bed", "A chair", "sofa, couch", "Stretch"]:
        assert words in text
    assert "Gentle start" in text


# --- A person's sessions and what was done in them ----------------------------------------------

TIMES = "\N{MULTIPLICATION SIGN}"


@pytest.fixture
def session(django_user_model):
    from progress.models import Session

    user = django_user_model.objects.create_user("carol")
    return Session.objects.create(
        user=user,
        date="2026-01-05",
        leg_pain_before=3,
        leg_pain_after=3,
        back_pain=2,
        symptoms_reach="thigh",
    )


@pytest.mark.parametrize(
    "dose",
    [
        {"minutes": 0},
        {"minutes": 1441},
        {"distance_km": Decimal("0")},
        {"minutes": 20, "sets": 1},
        {"minutes": 20, "load_kg": Decimal("2")},
        {"distance_km": Decimal("1"), "reps": 10},
    ],
)
def test_the_database_refuses_an_impossible_walk(session, dose):
    from progress.models import SessionExercise

    walk = Exercise.objects.get(slug="walk")
    with pytest.raises(IntegrityError), transaction.atomic():
        SessionExercise.objects.create(session=session, exercise=walk, **dose)


@pytest.mark.parametrize(
    ("dose", "words"),
    [
        ({"sets": 3, "reps": 10}, f"3 {TIMES} 10"),
        ({"sets": 3, "hold_seconds": 30}, f"3 {TIMES} 30 s"),
        ({"sets": 2, "reps": 8, "load_kg": Decimal("2.50")}, f"2 {TIMES} 8 with 2.5 kg"),
        ({"minutes": 25, "distance_km": Decimal("2.10")}, "25 min, 2.1 km"),
        ({"distance_km": Decimal("3")}, "3 km"),
        ({"sets": 3}, "3 sets"),
        ({}, ""),
    ],
)
def test_what_was_done_reads_shortly(dose, words):
    from progress.models import SessionExercise

    assert SessionExercise(**dose).dose_text == words


def test_only_walking_and_swimming_are_timed():
    from progress.models import is_timed

    timed = {e.slug for e in Exercise.objects.all() if is_timed(e)}
    assert timed == {"walk", "swim"}


def test_sessions_of_one_day_are_ordered_by_the_time_they_were_done(session):
    from datetime import time

    from progress.models import CHRONOLOGICAL, Session

    def same_day(**fields):
        return Session.objects.create(
            **{f: getattr(session, f) for f in ("user", "date", "back_pain", "symptoms_reach")},
            leg_pain_before=1,
            leg_pain_after=1,
            **fields,
        )

    evening = same_day(time=time(19, 0))
    morning = same_day(time=time(7, 30))
    # The session without a time (made first) comes first on its day.
    assert list(Session.objects.order_by(*CHRONOLOGICAL)) == [session, morning, evening]
    assert list(Session.objects.all()) == [evening, morning, session]


def test_a_dose_given_in_part_is_shown_as_far_as_it_goes():
    from progress.models import SessionExercise

    assert SessionExercise(sets=3).dose_text == "3 sets"
    assert SessionExercise(reps=10).dose_text == "10 each time"
    assert SessionExercise(hold_seconds=30).dose_text == "hold 30 s"
