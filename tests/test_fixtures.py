"""The program's content, carried over from the program document exactly."""

from decimal import Decimal
from io import StringIO

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

# The document's numbers, field by field: (reps_min, reps_max, qualifier, hold_seconds, repeats,
# sides, load_lb). Everything not listed has no number in the document.
DOCUMENT_DOSES = {
    # "repeat ten to twenty times"
    "knee-rock": (10, 20, "", None, None, "", None),
    # "repeat the stretch ten to twenty times on each leg", no hold
    "straight-leg-raise": (10, 20, "", None, None, "each", None),
    # "Hold stretch for 30 seconds and repeat three times on either side"
    "gluteal-stretch": (None, None, "", 30, 3, "each", None),
    # "Do ten to twenty reps"
    "lower-back-rock": (10, 20, "", None, None, "", None),
    # "Hold for 30 seconds and repeat three times on each leg"
    "calf-stretch": (None, None, "", 30, 3, "each", None),
    # "Hold for ten seconds and repeat ten times on each leg"
    "single-leg-hamstring-stretch": (None, None, "", 10, 10, "each", None),
    # "Do about fifteen reps on each side"
    "bird-dog": (15, 15, "about", None, None, "each", None),
    # "Repeat this about 15 to 20 times on each leg"
    "core-stabilization": (15, 20, "about", None, None, "each", None),
    # "slowly build up to five pound weights in each hand"
    "weighted-lunge": (None, None, "", None, None, "", Decimal("5")),
    # "repeat on the other side. Work up to 20 to 30 reps and five pound weights in each hand"
    "hip-hinge": (20, 30, "work-up-to", None, None, "alternating", Decimal("5")),
}

DOSE_WORDS = {
    "gluteal-stretch": "Hold 30 seconds, 3 times on each side",
    "single-leg-hamstring-stretch": "Hold 10 seconds, 10 times on each side",
    "core-stabilization": "About 15 to 20 times on each side",
    "hip-hinge": (
        "Work up to 20 to 30 times, alternating sides, with up to 5 lb (2.3 kg) in each hand"
    ),
}

POSITIONS = {
    "knee-rock": "in-bed",
    "straight-leg-raise": "in-bed",
    "gluteal-stretch": "all-fours",
    "lower-back-rock": "all-fours",
    "back-extension": "on-front",
    "calf-stretch": "standing",
    "single-leg-hamstring-stretch": "standing",
    "standing-hamstring-stretch": "standing",
    "bird-dog": "all-fours",
    "core-stabilization": "on-back",
    "plank": "on-front",
    "side-plank": "side",
    "lunge": "standing",
    "weighted-lunge": "standing",
    "squat": "standing",
    "bridge": "on-back",
    "single-leg-bridge": "on-back",
    "calf-raise": "standing",
    "hip-hinge": "standing",
    "walk": "standing",
    "swim": "",
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
    fields = [
        "reps_min",
        "reps_max",
        "reps_qualifier",
        "hold_seconds",
        "repeats",
        "sides",
        "load_lb",
    ]
    for exercise in Exercise.objects.all():
        expected = DOCUMENT_DOSES.get(exercise.slug, (None, None, "", None, None, "", None))
        assert tuple(getattr(exercise, field) for field in fields) == expected, exercise.slug


def test_doses_read_as_plain_words():
    for slug, words in DOSE_WORDS.items():
        assert Exercise.objects.get(slug=slug).dose_text == words, slug


def test_exercises_without_numbers_say_what_the_document_says_instead():
    for exercise in Exercise.objects.exclude(slug__in=DOCUMENT_DOSES):
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
    assert {slug: kit for slug, kit in rows.items() if kit != "none"} == {
        "calf-stretch": "wall",
        "single-leg-hamstring-stretch": "step",
        "standing-hamstring-stretch": "chair",
        "weighted-lunge": "weights",
        "calf-raise": "step",
        "hip-hinge": "weights",
        "swim": "pool",
    }
    assert dict(Exercise.objects.values_list("slug", "position")) == POSITIONS


def test_every_exercise_has_steps_feel_and_stop_if():
    for exercise in Exercise.objects.all():
        assert len(exercise.step_list) >= 2, exercise.slug
        assert exercise.summary and exercise.feel and exercise.stop_if, exercise.slug
        assert "leg" in exercise.stop_if.lower(), exercise.slug


def seed(*args):
    call_command("seed_exercises", *args, stdout=StringIO())


def test_seeding_twice_duplicates_nothing():
    seed()
    assert Exercise.objects.count() == len(PROGRAM_ORDER)
    assert Stage.objects.count() == len(STAGES)


def test_seeding_keeps_edits_made_in_the_admin_and_restores_what_was_deleted():
    Exercise.objects.filter(slug="knee-rock").update(summary="Edited by the physio.")
    Exercise.objects.filter(slug="swim").delete()
    seed()
    assert Exercise.objects.get(slug="knee-rock").summary == "Edited by the physio."
    assert Exercise.objects.filter(slug="swim").exists()


def test_seeding_with_update_restores_the_fixture_text():
    Exercise.objects.filter(slug="knee-rock").update(summary="Edited by the physio.")
    seed("--update")
    assert Exercise.objects.get(slug="knee-rock").summary != "Edited by the physio."
    assert Exercise.objects.count() == len(PROGRAM_ORDER)


def test_seeding_an_empty_database_links_progressions_named_before_they_exist():
    Exercise.objects.all().delete()
    seed()
    assert Exercise.objects.get(slug="plank").harder.slug == "side-plank"
