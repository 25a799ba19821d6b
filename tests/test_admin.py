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


@pytest.mark.parametrize("model", ["exercise", "stage"])
def test_the_admin_lists_and_adds(editor, model):
    assert editor.get(reverse(f"admin:exercises_{model}_changelist")).status_code == 200
    assert editor.get(reverse(f"admin:exercises_{model}_add")).status_code == 200


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
