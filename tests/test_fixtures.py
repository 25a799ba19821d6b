"""The program's content, carried over from the program document exactly."""

import pytest
from django.core.management import call_command

from exercises.models import Exercise, Stage

pytestmark = pytest.mark.django_db

PROGRAM_ORDER = [
    "knee-rock",
    "straight-leg-raise",
    "gluteal-stretch",
    "lower-back-rock",
    "back-extension",
    "calf-stretch",
    "single-leg-hamstring-stretch",
    "standing-hamstring-stretch",
    "bird-dog",
    "core-stabilization",
    "plank",
    "side-plank",
    "lunge",
    "weighted-lunge",
    "squat",
    "bridge",
    "single-leg-bridge",
    "calf-raise",
    "hip-hinge",
    "walk",
    "swim",
]

STAGES = {
    "gentle-start": [
        "knee-rock",
        "straight-leg-raise",
        "gluteal-stretch",
        "lower-back-rock",
        "back-extension",
        "calf-stretch",
        "single-leg-hamstring-stretch",
        "standing-hamstring-stretch",
        "walk",
    ],
    "foundation": [
        "bird-dog",
        "core-stabilization",
        "lunge",
        "squat",
        "bridge",
        "calf-raise",
        "swim",
    ],
    "plank": ["plank"],
    "advanced": ["side-plank", "weighted-lunge", "single-leg-bridge", "hip-hinge"],
}

# The dose of every exercise for which the document gives numbers, in the app's words.
NUMERIC_DOSES = {
    "knee-rock": "10–20 times",
    "straight-leg-raise": "10–20 times on each side",
    "gluteal-stretch": "Hold 30 seconds, 3 times on each side",
    "lower-back-rock": "10–20 times",
    "calf-stretch": "Hold 30 seconds, 3 times on each side",
    "single-leg-hamstring-stretch": "Hold 10 seconds, 10 times on each side",
    "bird-dog": "About 15 times on each side",
    "core-stabilization": "About 15–20 times on each side",
    "weighted-lunge": "With up to 5 lb (2.3 kg) in each hand",
    "hip-hinge": "Work up to 20–30 times, alternating sides, with up to 5 lb (2.3 kg) in each hand",
}


def test_every_exercise_of_the_program_is_present_in_program_order():
    assert list(Exercise.objects.order_by("order").values_list("slug", flat=True)) == (
        PROGRAM_ORDER
    )


def test_stages_come_in_order_and_only_plank_and_advanced_are_gated():
    stages = list(Stage.objects.values_list("slug", "gated"))
    assert stages == [
        ("gentle-start", False),
        ("foundation", False),
        ("plank", True),
        ("advanced", True),
    ]


def test_each_exercise_sits_in_its_stage():
    for stage, slugs in STAGES.items():
        in_stage = set(Exercise.objects.filter(stage__slug=stage).values_list("slug", flat=True))
        assert in_stage == set(slugs), stage


def test_numeric_doses_match_the_document():
    for slug, dose in NUMERIC_DOSES.items():
        assert Exercise.objects.get(slug=slug).dose_text == dose, slug


def test_exercises_without_numbers_say_what_the_document_says_instead():
    for exercise in Exercise.objects.exclude(slug__in=NUMERIC_DOSES):
        assert exercise.dose_text == "", exercise.slug
        assert exercise.dose_note, exercise.slug


def test_the_plank_dose_is_as_long_as_you_can():
    assert "as long as you can" in Exercise.objects.get(slug="plank").dose_note.lower()


def test_progressions_follow_the_document():
    harder = dict(Exercise.objects.filter(harder__isnull=False).values_list("slug", "harder__slug"))
    assert harder == {
        "core-stabilization": "plank",
        "plank": "side-plank",
        "lunge": "weighted-lunge",
        "bridge": "single-leg-bridge",
    }
    assert "knees" in Exercise.objects.get(slug="plank").easier_option.lower()
    squat = Exercise.objects.get(slug="squat")
    assert "full squat" in squat.build_up.lower()
    assert "partial" in squat.easier_option.lower()


def test_equipment_and_positions_follow_the_document():
    rows = dict(Exercise.objects.values_list("slug", "equipment"))
    assert rows["calf-stretch"] == "wall"
    assert rows["single-leg-hamstring-stretch"] == "step"
    assert rows["calf-raise"] == "step"
    assert rows["standing-hamstring-stretch"] == "chair"
    assert rows["weighted-lunge"] == "weights"
    assert rows["hip-hinge"] == "weights"
    assert rows["swim"] == "pool"
    positions = dict(Exercise.objects.values_list("slug", "position"))
    assert positions["knee-rock"] == "in-bed"
    assert positions["back-extension"] == "on-front"
    assert positions["bird-dog"] == "all-fours"
    assert positions["side-plank"] == "side"


def test_every_exercise_has_steps_feel_and_stop_if():
    for exercise in Exercise.objects.all():
        assert len(exercise.step_list) >= 2, exercise.slug
        assert exercise.summary and exercise.feel and exercise.stop_if, exercise.slug
        assert "leg" in exercise.stop_if.lower(), exercise.slug


def test_loading_the_fixtures_twice_duplicates_nothing():
    call_command("loaddata", "exercises", verbosity=0)
    assert Exercise.objects.count() == len(PROGRAM_ORDER)
    assert Stage.objects.count() == len(STAGES)
