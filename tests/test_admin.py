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


# A person's record in the admin


def stored_status(user, stage="plank") -> str:
    from progress.models import GateState

    return GateState.objects.get(user=user).data["status"][stage]


def session_form(session, entries=(), **changes) -> dict:
    """The admin's change form for a session as a browser sends it, with its exercise rows."""
    import json

    data = {
        "date": session.date.isoformat(),
        "time": "" if session.time is None else session.time.isoformat(),
        "leg_pain_before": session.leg_pain_before,
        "leg_pain_after": session.leg_pain_after,
        "back_pain": session.back_pain,
        "leg_pain_next_morning": session.leg_pain_next_morning or "",
        "symptoms_reach": session.symptoms_reach,
        "red_flags": json.dumps(session.red_flags),
        "notes": session.notes,
        "entries-TOTAL_FORMS": len(entries),
        "entries-INITIAL_FORMS": sum(1 for entry in entries if entry.get("id")),
        "entries-MIN_NUM_FORMS": 0,
        "entries-MAX_NUM_FORMS": 1000,
    }
    for i, entry in enumerate(entries):
        for name, value in entry.items():
            data[f"entries-{i}-{name}"] = "" if value is None else value
    return data | changes


def existing_rows(session) -> list[dict]:
    return [
        {
            "id": entry.pk,
            "session": session.pk,
            "exercise": entry.exercise_id,
            "order": entry.order,
            "sets": entry.sets,
            "reps": entry.reps,
        }
        for entry in session.entries.all()
    ]


def test_editing_a_session_in_the_admin_moves_the_persons_stages(editor, alice):
    from tests.helpers import calm_fortnight

    first = calm_fortnight(alice)[0]
    assert stored_status(alice) == "unlocked"
    url = reverse("admin:progress_session_change", args=[first.pk])
    response = editor.post(url, session_form(first, existing_rows(first), leg_pain_after=9))
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.leg_pain_after == 9
    assert first.entries.count() == 1
    # Leg pain above 5 in the run: the plank has not been earned after all.
    assert stored_status(alice) == "locked"


def test_deleting_a_session_in_the_admin_moves_the_persons_stages(editor, alice):
    from tests.helpers import calm_fortnight

    sessions = calm_fortnight(alice)
    url = reverse("admin:progress_session_delete", args=[sessions[-1].pk])
    assert editor.post(url, {"post": "yes"}).status_code == 302
    # Five sessions are one too few.
    assert stored_status(alice) == "locked"


def test_deleting_sessions_in_bulk_in_the_admin_moves_each_persons_stages(editor, alice, bob):
    from progress.models import Session
    from tests.helpers import calm_fortnight

    calm_fortnight(alice)
    calm_fortnight(bob)
    doomed = [s.pk for s in Session.objects.filter(date=Session.objects.latest("date").date)]
    response = editor.post(
        reverse("admin:progress_session_changelist"),
        {"action": "delete_selected", "_selected_action": doomed, "post": "yes"},
    )
    assert response.status_code == 302
    assert Session.objects.count() == 10
    assert (stored_status(alice), stored_status(bob)) == ("locked", "locked")


def test_adding_a_session_in_the_admin_keeps_its_exercises_in_the_order_given(editor, alice):
    from progress.models import Session, SessionExercise
    from tests.helpers import days_ago

    walk, bridge = Exercise.objects.get(slug="walk"), Exercise.objects.get(slug="bridge")
    new = Session(
        date=days_ago(1), leg_pain_before=2, leg_pain_after=2, back_pain=1, symptoms_reach="none"
    )
    rows = [
        {"exercise": bridge.pk, "order": 2, "sets": 2, "reps": 10},
        {"exercise": walk.pk, "order": 1, "minutes": 25},
    ]
    response = editor.post(
        reverse("admin:progress_session_add"), session_form(new, rows, user=alice.pk)
    )
    assert response.status_code == 302, response.context["errors"]
    session = Session.objects.get(user=alice)
    entries = list(SessionExercise.objects.filter(session=session))
    assert [(e.exercise.slug, e.sets, e.reps, e.minutes) for e in entries] == [
        ("walk", None, None, 25),
        ("bridge", 2, 10, None),
    ]
    assert stored_status(alice) == "locked"


def test_an_exercise_removed_in_the_admin_is_gone_and_the_rest_stay(editor, alice):
    from tests.helpers import log_session

    session = log_session(alice, 1, exercises=["knee-rock", "bridge", "squat"])
    rows = existing_rows(session)
    rows[1]["DELETE"] = "on"
    url = reverse("admin:progress_session_change", args=[session.pk])
    assert editor.post(url, session_form(session, rows)).status_code == 302
    assert [e.exercise.slug for e in session.entries.all()] == ["knee-rock", "squat"]


def test_a_warning_sign_added_in_the_admin_is_recorded_and_suspends(editor, alice):
    from progress.models import RedFlagReport
    from progress.safety import suspension_for
    from tests.helpers import log_session

    session = log_session(alice, 0)
    url = reverse("admin:progress_session_change", args=[session.pk])
    form = session_form(session, red_flags='["both_legs"]')
    assert editor.post(url, form).status_code == 302
    report = RedFlagReport.objects.get(user=alice)
    assert report.codes == ["both_legs"]
    assert suspension_for(alice) == report


def test_a_sessions_owner_cannot_be_changed_in_the_admin(editor, alice, bob):
    from tests.helpers import calm_fortnight

    first = calm_fortnight(alice)[0]
    url = reverse("admin:progress_session_change", args=[first.pk])
    page = editor.get(url).content.decode()
    assert 'name="user"' not in page
    assert "alice" in page
    form = session_form(first, existing_rows(first), user=bob.pk)
    assert editor.post(url, form).status_code == 302
    first.refresh_from_db()
    assert first.user == alice
    assert stored_status(alice) == "unlocked"


def test_a_session_is_added_for_the_person_chosen(editor):
    page = editor.get(reverse("admin:progress_session_add")).content.decode()
    assert 'name="user"' in page


# History that staff may read but not rewrite


@pytest.fixture
def history(alice):
    from progress.models import Assessment, RedFlagReport
    from tests.helpers import calm_fortnight, days_ago

    calm_fortnight(alice)
    RedFlagReport.objects.create(user=alice, codes=["both_legs"], occurred_on=days_ago(3))
    Assessment.objects.create(user=alice, note="Seen by the GP.")
    return alice


HISTORY = ["redflagreport", "screening", "assessment", "stagechange"]


@pytest.mark.parametrize("model", HISTORY)
def test_staff_read_a_persons_history_but_cannot_add_change_or_delete_it(editor, history, model):
    from django.apps import apps

    row = apps.get_model("progress", model).objects.filter(user=history).first()
    listing = editor.get(reverse(f"admin:progress_{model}_changelist"))
    assert listing.status_code == 200
    assert "alice" in listing.content.decode()
    assert "delete_selected" not in listing.content.decode()
    page = editor.get(reverse(f"admin:progress_{model}_change", args=[row.pk]))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert editor.get(reverse(f"admin:progress_{model}_add")).status_code == 403
    assert editor.post(reverse(f"admin:progress_{model}_change", args=[row.pk])).status_code == 403
    delete = reverse(f"admin:progress_{model}_delete", args=[row.pk])
    assert editor.post(delete, {"post": "yes"}).status_code == 403
    assert apps.get_model("progress", model).objects.filter(pk=row.pk).exists()


def test_the_admin_names_the_warning_signs_in_words(editor, history):
    listing = editor.get(reverse("admin:progress_redflagreport_changelist")).content.decode()
    assert "both legs" in listing.lower()
    report = history.red_flag_reports.get()
    page = editor.get(reverse("admin:progress_redflagreport_change", args=[report.pk]))
    assert "both legs" in page.content.decode().lower()


def test_deleting_a_person_in_the_admin_takes_their_history_with_them(editor, history):
    from progress.models import RedFlagReport, StageChange

    url = reverse("admin:auth_user_delete", args=[history.pk])
    assert editor.post(url, {"post": "yes"}).status_code == 302
    assert not User.objects.filter(username="alice").exists()
    assert not RedFlagReport.objects.exists()
    assert not StageChange.objects.exists()


# Which stages are gated is the program's rule, not a tickbox


def stage_form(stage: Stage, **changes) -> dict:
    exercises = list(stage.exercises.order_by("order"))
    data = {
        "slug": stage.slug,
        "name": stage.name,
        "order": stage.order,
        "description": stage.description,
        "unlock_hint": stage.unlock_hint,
        "exercises-TOTAL_FORMS": len(exercises),
        "exercises-INITIAL_FORMS": len(exercises),
        "exercises-MIN_NUM_FORMS": 0,
        "exercises-MAX_NUM_FORMS": 1000,
    }
    for i, exercise in enumerate(exercises):
        data |= {
            f"exercises-{i}-id": exercise.pk,
            f"exercises-{i}-stage": stage.pk,
            f"exercises-{i}-order": exercise.order,
        }
    return data | changes


@pytest.mark.parametrize(("slug", "gated"), [("gentle-start", False), ("plank", True)])
def test_the_admin_shows_whether_a_stage_is_gated_but_cannot_change_it(editor, slug, gated):
    stage = Stage.objects.get(slug=slug)
    url = reverse("admin:exercises_stage_change", args=[stage.pk])
    page = editor.get(url).content.decode()
    assert 'name="gated"' not in page
    assert "Shown, not edited here" in page
    changes = {"description": "Edited."} | ({} if gated else {"gated": "on"})
    response = editor.post(url, stage_form(stage, **changes))
    assert response.status_code == 302
    stage.refresh_from_db()
    assert (stage.description, stage.gated) == ("Edited.", gated)
