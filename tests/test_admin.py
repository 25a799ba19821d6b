import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from exercises.models import Exercise, Stage

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = User.objects.create_superuser("editor", "editor@example.com", "a-long-pass-phrase")
    client.force_login(user)
    return client


@pytest.mark.parametrize("model", ["exercises_exercise", "exercises_stage", "progress_session"])
def test_the_admin_lists_and_adds(editor, model):
    assert editor.get(reverse(f"admin:{model}_changelist")).status_code == 200
    assert editor.get(reverse(f"admin:{model}_add")).status_code == 200


def test_the_admin_shows_stage_changes_without_editing_them(editor, alice):
    from tests.helpers import calm_fortnight

    calm_fortnight(alice)
    response = editor.get(reverse("admin:progress_stagechange_changelist"))
    assert response.status_code == 200
    assert "unlocked" in response.content.decode().lower()
    assert editor.get(reverse("admin:progress_stagechange_add")).status_code == 403


def test_the_admin_searches_and_filters_exercises(editor):
    url = reverse("admin:exercises_exercise_changelist")
    response = editor.get(
        url, {"q": "plank", "stage__id__exact": Stage.objects.get(slug="plank").pk}
    )
    assert response.status_code == 200
    assert [e.slug for e in response.context["cl"].result_list] == ["plank"]


def test_the_admin_edits_an_exercise(editor):
    exercise = Exercise.objects.get(slug="side-plank")
    assert (
        editor.get(reverse("admin:exercises_exercise_change", args=[exercise.pk])).status_code
        == 200
    )
    stage = Stage.objects.get(slug="gentle-start")
    assert editor.get(reverse("admin:exercises_stage_change", args=[stage.pk])).status_code == 200


def test_the_admin_needs_staff(client):
    response = client.get(reverse("admin:exercises_exercise_changelist"))
    assert response.status_code == 302


def change_form(exercise: Exercise, **changes) -> dict:
    data = {
        field: getattr(exercise, field)
        for field in [
            "name",
            "slug",
            "section",
            "order",
            "position",
            "equipment",
            "summary",
            "steps",
            "feel",
            "stop_if",
            "reps_qualifier",
            "sides",
            "dose_note",
            "easier_option",
            "build_up",
            "image_alt",
        ]
    }
    data["stage"] = exercise.stage_id
    for field in ["reps_min", "reps_max", "hold_seconds", "repeats", "load_lb", "harder"]:
        value = getattr(exercise, f"{field}_id" if field == "harder" else field)
        data[field] = "" if value is None else value
    return data | changes


def test_the_admin_saves_an_edited_dose(editor):
    exercise = Exercise.objects.get(slug="gluteal-stretch")
    url = reverse("admin:exercises_exercise_change", args=[exercise.pk])
    response = editor.post(url, change_form(exercise, hold_seconds=20))
    assert response.status_code == 302
    exercise.refresh_from_db()
    assert exercise.dose_text == "Hold 20 seconds, 3 times on each side"


def test_the_admin_explains_an_impossible_dose_in_words(editor):
    exercise = Exercise.objects.get(slug="knee-rock")
    url = reverse("admin:exercises_exercise_change", args=[exercise.pk])
    response = editor.post(url, change_form(exercise, reps_min=20, reps_max=10))
    assert response.status_code == 200
    assert "not above the second" in response.content.decode()
    exercise.refresh_from_db()
    assert (exercise.reps_min, exercise.reps_max) == (10, 20)


def test_the_admin_refuses_a_circular_progression(editor):
    exercise = Exercise.objects.get(slug="side-plank")
    url = reverse("admin:exercises_exercise_change", args=[exercise.pk])
    core = Exercise.objects.get(slug="core-stabilization")
    response = editor.post(url, change_form(exercise, harder=core.pk))
    assert response.status_code == 200
    assert "circle" in response.content.decode()
    exercise.refresh_from_db()
    assert exercise.harder is None


def test_the_admin_shows_a_sessions_time_and_a_walks_minutes(editor, alice):
    from datetime import time

    from tests.helpers import log_session

    session = log_session(alice, 1)
    session.time = time(18, 30)
    session.save()
    session.entries.create(exercise=Exercise.objects.get(slug="walk"), minutes=25)
    listing = editor.get(reverse("admin:progress_session_changelist")).content.decode()
    assert "6:30 p.m." in listing or "18:30" in listing
    page = editor.get(reverse("admin:progress_session_change", args=[session.pk])).content.decode()
    assert 'name="entries-0-minutes" value="25"' in page
    assert 'name="entries-0-distance_km"' in page
