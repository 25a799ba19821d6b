"""The program's content, carried over from the program document exactly."""

import time
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import CharField, TextField

from exercises.models import Exercise, Stage, content_version

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
        "single-leg-bridge",
        "calf-raise",
        "swim",
    ],
    "plank": ["plank"],
    "advanced": ["side-plank", "weighted-lunge", "hip-hinge"],
}

# The document's numbers, field by field: (reps_min, reps_max, qualifier, hold_seconds, repeats,
# sides, load_lb). Everything not listed has no number in the document. "each-leg" where the
# document speaks of legs, "each" where it speaks of sides.
DOCUMENT_DOSES = {
    # "repeat ten to twenty times"
    "knee-rock": (10, 20, "", None, None, "", None),
    # "repeat the stretch ten to twenty times on each leg", no hold
    "straight-leg-raise": (10, 20, "", None, None, "each-leg", None),
    # "Hold stretch for 30 seconds and repeat three times on either side"
    "gluteal-stretch": (None, None, "", 30, 3, "each", None),
    # "Do ten to twenty reps"
    "lower-back-rock": (10, 20, "", None, None, "", None),
    # "Hold for 30 seconds and repeat three times on each leg"
    "calf-stretch": (None, None, "", 30, 3, "each-leg", None),
    # "Hold for ten seconds and repeat ten times on each leg"
    "single-leg-hamstring-stretch": (None, None, "", 10, 10, "each-leg", None),
    # "Do about fifteen reps on each side"
    "bird-dog": (15, 15, "about", None, None, "each", None),
    # "Repeat this about 15 to 20 times on each leg", said of the full form (knees bent, leg
    # dropped to the side), not of the leg slide the document starts with
    "core-stabilization": (15, 20, "about", None, None, "each-leg", None),
    # Propped on one forearm: no count, but done on both sides
    "side-plank": (None, None, "", None, None, "each", None),
    # "slowly build up to five pound weights in each hand"
    "weighted-lunge": (None, None, "", None, None, "", Decimal("5")),
    # One leg stretched out: no count, but done on both sides
    "single-leg-bridge": (None, None, "", None, None, "each", None),
    # Single calf raises, as many as you can, for the weaker calf: no count, each leg
    "calf-raise": (None, None, "", None, None, "each-leg", None),
    # "repeat on the other side. Work up to 20 to 30 reps and five pound weights in each hand"
    "hip-hinge": (20, 30, "work-up-to", None, None, "alternating", Decimal("5")),
}

DOSE_WORDS = {
    "straight-leg-raise": "10 to 20 times on each leg",
    "gluteal-stretch": "Hold 30 seconds, 3 times on each side",
    "calf-stretch": "Hold 30 seconds, 3 times on each leg",
    "single-leg-hamstring-stretch": "Hold 10 seconds, 10 times on each leg",
    "bird-dog": "About 15 times on each side",
    "core-stabilization": "About 15 to 20 times on each leg",
    "side-plank": "On each side",
    "single-leg-bridge": "On each side",
    "calf-raise": "On each leg",
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


def test_sided_exercises_without_a_count_still_keep_a_note():
    for exercise in Exercise.objects.filter(reps_min=None, hold_seconds=None).exclude(sides=""):
        assert exercise.dose_text.startswith("On each "), exercise.slug
        assert exercise.dose_note, exercise.slug


def test_the_counts_of_core_stabilization_belong_to_its_full_form():
    core = Exercise.objects.get(slug="core-stabilization")
    steps = " ".join(core.step_list).lower()
    assert "both knees bent" in steps or "bend both knees" in steps
    assert "out to the side" in steps
    assert "hands on your hips" not in steps
    assert (core.reps_min, core.reps_max, core.reps_qualifier) == (15, 20, "about")
    assert core.dose_text == "About 15 to 20 times on each leg"
    assert "couple of weeks" in core.dose_note and "plank" in core.dose_note
    assert core.harder.slug == "plank"


def test_core_stabilization_starts_with_the_leg_slide_and_its_own_dose():
    core = Exercise.objects.get(slug="core-stabilization")
    start = core.easier_option.lower()
    assert "hands on your hips" in start
    assert "no count" in start
    assert "completely still" in start
    assert "full form" in start
    # The full form's numbers and its couple of weeks are not the leg slide's.
    assert not any(char.isdigit() for char in start)
    assert "couple" not in start
    assert core.build_up == ""


def test_the_calf_raise_starts_with_the_weaker_leg_and_gives_it_the_most():
    raise_ = Exercise.objects.get(slug="calf-raise")
    assert raise_.dose_text == "On each leg"
    note = raise_.dose_note.lower()
    assert "start with your weaker (affected) leg" in note
    assert "the most" in note
    assert "weaker leg first" in raise_.steps.lower()


def test_one_sided_exercises_are_done_on_both_sides():
    for slug in ["side-plank", "single-leg-bridge", "calf-raise"]:
        last_step = Exercise.objects.get(slug=slug).step_list[-1].lower()
        assert "other" in last_step, slug


def test_no_text_claims_that_an_exercise_protects_the_back():
    texts = [
        (exercise.slug, field.name, getattr(exercise, field.name))
        for exercise in Exercise.objects.all()
        for field in Exercise._meta.get_fields()
        if isinstance(field, (CharField, TextField))
    ]
    texts += [
        (stage.slug, field, getattr(stage, field))
        for stage in Stage.objects.all()
        for field in ["name", "description", "unlock_hint"]
    ]
    for slug, field, text in texts:
        assert "protect" not in text.lower(), (slug, field)
    bridge = Exercise.objects.get(slug="bridge").summary.lower()
    assert "buttock" in bridge and "steady" in bridge


def test_the_lower_back_rock_says_its_position_is_the_apps_reading():
    rock = Exercise.objects.get(slug="lower-back-rock")
    assert rock.position == "all-fours"
    assert "does not say" in rock.app_reading
    assert "the app reads it as on all fours" in rock.app_reading


def test_only_the_lower_back_rock_needs_the_apps_reading():
    readings = Exercise.objects.exclude(app_reading="").values_list("slug", flat=True)
    assert list(readings) == ["lower-back-rock"]


def test_stage_hints_give_advice_and_then_what_the_app_checks():
    plank = Stage.objects.get(slug="plank").unlock_hint
    advanced = Stage.objects.get(slug="advanced").unlock_hint
    # The app never sees your hips: that part is advice, and comes first.
    assert plank.startswith("Start only when your hips stay completely still")
    assert "core stabilization on 6 different days over 2 weeks" in plank
    assert "the plank on 6 different days over 2 weeks" in advanced
    for hint in (plank, advanced):
        # The gate counts different days with a session, not sessions.
        assert "session" not in hint
        assert "2 weeks of leg pain at 5 or below and not rising" in hint
        assert "The app opens it" in hint


def test_the_plank_is_advised_not_promised_by_still_hips():
    plank_stage = Stage.objects.get(slug="plank")
    plank = Exercise.objects.get(slug="plank")
    assert "Start it only when your hips stay completely still" in plank_stage.description
    assert "Start it only when your hips stay completely still" in plank.summary


def test_every_row_fits_its_fields_and_passes_validation():
    # SQLite does not enforce max_length; the admin would refuse an over-long text.
    for row in [*Stage.objects.all(), *Exercise.objects.all()]:
        row.full_clean()


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


def test_the_review_corrections_reach_a_database_seeded_before_them_but_spare_admin_edits():
    from importlib import import_module

    from django.apps import apps

    migration = import_module("exercises.migrations.0004_clinical_review_content")
    fields = migration.CORRECTIONS["Exercise"]["calf-raise"]
    Exercise.objects.filter(slug="calf-raise").update(
        dose_note=fields["dose_note"][0], sides=fields["sides"][0], steps="Edited in the admin."
    )
    migration.correct(apps, None)
    calf = Exercise.objects.get(slug="calf-raise")
    assert calf.dose_note == fields["dose_note"][1]
    assert calf.sides == "each-leg"
    assert calf.steps == "Edited in the admin."


def test_the_review_corrections_match_the_fixture():
    from importlib import import_module

    migration = import_module("exercises.migrations.0004_clinical_review_content")
    for model_name, rows in migration.CORRECTIONS.items():
        model = Exercise if model_name == "Exercise" else Stage
        for slug, fields in rows.items():
            row = model.objects.get(slug=slug)
            for name, (_, new) in fields.items():
                value = row.stage.slug if name == "stage" else getattr(row, name)
                assert value == new, (slug, name)


def test_only_the_plank_side_plank_weighted_lunge_and_hip_hinge_are_gated():
    gated = Exercise.objects.filter(stage__gated=True).values_list("slug", flat=True)
    assert set(gated) == {"plank", "side-plank", "weighted-lunge", "hip-hinge"}


def test_the_review_moves_the_single_leg_bridge_out_of_the_gate_in_older_databases():
    from importlib import import_module

    from django.apps import apps

    migration = import_module("exercises.migrations.0004_clinical_review_content")
    Exercise.objects.filter(slug="single-leg-bridge").update(
        stage=Stage.objects.get(slug="advanced")
    )
    migration.correct(apps, None)
    assert Exercise.objects.get(slug="single-leg-bridge").stage.slug == "foundation"


def test_only_core_stabilization_and_the_plank_start_with_their_easier_form():
    starts = Exercise.objects.filter(starts_easier=True).values_list("slug", flat=True)
    assert set(starts) == {"core-stabilization", "plank"}


def test_every_exercise_has_search_terms_in_plain_lower_case_words():
    for exercise in Exercise.objects.all():
        terms = [term.strip() for term in exercise.search_terms.split(",")]
        assert len(terms) >= 3, exercise.slug
        assert all(term and term == term.lower() for term in terms), exercise.slug


def search_migration():
    from importlib import import_module

    return import_module("exercises.migrations.0005_search_terms_and_starting_forms")


def test_the_search_terms_and_starts_reach_a_database_seeded_before_them():
    from django.apps import apps

    migration = search_migration()
    Exercise.objects.update(search_terms="", starts_easier=False)
    Exercise.objects.filter(slug="walk").update(search_terms="Edited in the admin.")
    Exercise.objects.filter(slug="plank").update(easier_option="")
    migration.fill(apps, None)
    assert (
        Exercise.objects.get(slug="knee-rock").search_terms == migration.SEARCH_TERMS["knee-rock"]
    )
    assert Exercise.objects.get(slug="walk").search_terms == "Edited in the admin."
    assert Exercise.objects.get(slug="core-stabilization").starts_easier
    # An easier option deleted in the admin is not a start: nothing to start with.
    assert not Exercise.objects.get(slug="plank").starts_easier


def test_the_search_migration_matches_the_fixture():
    migration = search_migration()
    for exercise in Exercise.objects.all():
        assert exercise.search_terms == migration.SEARCH_TERMS[exercise.slug], exercise.slug
        assert exercise.starts_easier == (exercise.slug in migration.STARTS_EASIER)


def test_the_stages_marked_gated_are_exactly_those_the_gate_has_rules_for():
    from progress.gate import GATED

    assert set(Stage.objects.filter(gated=True).values_list("slug", flat=True)) == set(GATED)


def load_fixture():
    call_command("loaddata", "exercises", stdout=StringIO())


def test_loaddata_fills_an_empty_database_with_the_program():
    Exercise.objects.all().delete()
    Stage.objects.all().delete()
    load_fixture()
    assert list(Exercise.objects.order_by("order").values_list("slug", flat=True)) == (
        PROGRAM_ORDER
    )
    assert Stage.objects.count() == len(STAGES)
    assert Exercise.objects.get(slug="plank").harder.slug == "side-plank"
    assert not Exercise.objects.filter(updated_at=None).exists()
    assert not Stage.objects.filter(updated_at=None).exists()


def test_loaddata_again_overwrites_edits_without_duplicating_and_marks_the_content_changed():
    from exercises.models import content_version

    Exercise.objects.filter(slug="knee-rock").update(summary="Edited by the physio.")
    before = content_version()
    # SQLite keeps the time to the millisecond: let one pass.
    time.sleep(0.01)
    load_fixture()
    assert Exercise.objects.count() == len(PROGRAM_ORDER)
    assert Exercise.objects.get(slug="knee-rock").summary != "Edited by the physio."
    assert content_version() != before


def test_make_run_loads_the_fixture_that_loaddata_accepts():
    import shutil
    import subprocess

    from django.conf import settings

    if shutil.which("make") is None:
        pytest.fail("make is needed to check the run target")
    commands = subprocess.run(
        ["make", "-n", "run"], cwd=settings.BASE_DIR, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    [load] = [line for line in commands if " loaddata " in line]
    fixture = load.split(" loaddata ", 1)[1].strip()
    assert (settings.BASE_DIR / fixture).is_file()
    Exercise.objects.all().delete()
    Stage.objects.all().delete()
    call_command("loaddata", fixture, stdout=StringIO())
    assert Exercise.objects.count() == len(PROGRAM_ORDER)


def figure_migration():
    from importlib import import_module

    return import_module("exercises.migrations.0007_figures")


def test_every_exercise_has_a_drawn_figure_that_passes_validation():
    for exercise in Exercise.objects.all():
        assert exercise.figure, exercise.slug
        assert exercise.figure_problems() == [], exercise.slug


def test_the_figures_reach_a_database_seeded_before_them_but_spare_admin_edits():
    from django.apps import apps

    migration = figure_migration()
    edited = {"poses": [{"step": 1}, {"step": 2, "trunk": 80}]}
    Exercise.objects.update(figure={})
    Exercise.objects.filter(slug="walk").update(figure=edited)
    before = content_version()
    time.sleep(0.01)
    migration.fill(apps, None)
    assert Exercise.objects.get(slug="bridge").figure == migration.FIGURES["bridge"]
    assert Exercise.objects.get(slug="walk").figure == edited
    # Cached pages see the change.
    assert content_version() != before


def test_the_figure_migrations_bring_what_the_fixture_has():
    """A database seeded before the figures gets them from 0007, corrected by 0008 after the
    physiotherapist's review and by 0009 after the second: the same drawings as a fresh
    database loads from the fixture."""
    from importlib import import_module

    first = figure_migration().FIGURES
    review = import_module("exercises.migrations.0008_figures_after_review").CORRECTED
    second = import_module("exercises.migrations.0009_figures_second_review").CORRECTED
    for exercise in Exercise.objects.all():
        assert exercise.figure == {**first, **review, **second}[exercise.slug], exercise.slug


def test_a_figure_that_names_a_step_the_exercise_lacks_is_refused_in_words():
    from django.core.exceptions import ValidationError

    exercise = Exercise.objects.get(slug="walk")
    first, *rest = exercise.figure["poses"]
    exercise.figure = {**exercise.figure, "poses": [{**first, "step": 9}, *rest]}
    with pytest.raises(ValidationError) as refused:
        exercise.full_clean()
    assert refused.value.message_dict["figure"] == [
        "Pose 1 shows step 9, but the exercise has 4 steps."
    ]


def test_an_exercise_may_have_no_figure():
    exercise = Exercise.objects.get(slug="walk")
    exercise.figure = {}
    exercise.full_clean()
