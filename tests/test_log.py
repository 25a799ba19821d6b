import pytest
from django.urls import reverse

from progress.models import Session, SessionExercise, StageChange
from tests.helpers import calm_fortnight, days_ago, log_session

pytestmark = pytest.mark.django_db

URL = reverse("progress:log")


def form_data(rows=(), **fields):
    data = {
        "date": days_ago(0).isoformat(),
        "leg_pain_before": "3",
        "leg_pain_after": "3",
        "back_pain": "2",
        "symptoms_reach": "thigh",
        "notes": "",
        "form-TOTAL_FORMS": str(len(rows)),
        "form-INITIAL_FORMS": "0",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "40",
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"form-{i}-{key}"] = str(value)
    return data | {k: str(v) for k, v in fields.items()}


def test_the_form_starts_on_today_with_blank_exercise_rows(client_alice):
    response = client_alice.get(URL)
    assert response.context["form"]["date"].value() == days_ago(0)
    assert len(response.context["formset"].forms) == 3


def test_logging_a_session_saves_it_with_its_exercises(client_alice, alice):
    rows = [
        {"exercise": "gluteal-stretch", "sets": 3, "hold_seconds": 30},
        {"exercise": "walk"},
        {"exercise": ""},
    ]
    response = client_alice.post(URL, form_data(rows, notes="Felt loose."))
    session = Session.objects.get(user=alice)
    assert response.status_code == 302
    assert response["Location"] == session.get_absolute_url()
    entries = list(session.entries.values_list("exercise__slug", "sets", "hold_seconds", "order"))
    assert entries == [("gluteal-stretch", 3, 30, 0), ("walk", None, None, 1)]
    assert session.notes == "Felt loose."


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("leg_pain_before", "11", "Enter a whole number from 0 to 10."),
        ("leg_pain_after", "-1", "Enter a whole number from 0 to 10."),
        ("back_pain", "2.5", "Enter a whole number from 0 to 10."),
        ("leg_pain_before", "", "Give a score from 0 to 10."),
        ("symptoms_reach", "ankle", "Select a valid choice."),
        ("date", days_ago(-1).isoformat(), "The date cannot be in the future."),
        ("date", "yesterday", "Enter a date, for example"),
    ],
)
def test_bad_input_is_explained_and_nothing_is_saved(client_alice, field, value, message):
    response = client_alice.post(URL, form_data(**{field: value}))
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "The session was not saved." in html
    assert Session.objects.count() == 0


def test_a_locked_exercise_is_refused_with_what_unlocks_it(client_alice):
    rows = [{"exercise": "walk"}, {"exercise": "plank", "sets": 1, "hold_seconds": 20}]
    response = client_alice.post(URL, form_data(rows))
    html = response.content.decode()
    assert "Plank is in the Plank stage, which is locked for you." in html
    assert "Plank unlocks in 13 days" in html
    assert Session.objects.count() == 0
    assert SessionExercise.objects.count() == 0


def test_an_unlocked_exercise_can_be_logged(client_alice, alice):
    calm_fortnight(alice)
    rows = [{"exercise": "plank", "sets": 2, "hold_seconds": 20}]
    assert client_alice.post(URL, form_data(rows)).status_code == 302
    assert Session.objects.filter(user=alice).count() == 7


def test_the_same_exercise_twice_is_refused(client_alice):
    rows = [{"exercise": "walk"}, {"exercise": "walk"}]
    response = client_alice.post(URL, form_data(rows))
    assert "Walking is already listed above." in response.content.decode()
    assert Session.objects.count() == 0


def test_reps_and_a_hold_together_are_refused(client_alice):
    rows = [{"exercise": "bridge", "sets": 1, "reps": 10, "hold_seconds": 5}]
    response = client_alice.post(URL, form_data(rows))
    assert "Give repetitions or hold seconds, not both." in response.content.decode()


def test_numbers_without_an_exercise_are_refused(client_alice):
    response = client_alice.post(URL, form_data([{"exercise": "", "sets": 3}]))
    assert "Choose which exercise these numbers are for." in response.content.decode()
    assert Session.objects.count() == 0


def test_without_javascript_more_rows_can_be_added_without_saving(client_alice):
    data = form_data([{"exercise": "walk"}]) | {"add_rows": "1"}
    response = client_alice.post(URL, data)
    assert response.status_code == 200
    assert len(response.context["formset"].forms) == 4
    assert 'value="walk" selected' in response.content.decode()
    assert Session.objects.count() == 0


def test_htmx_adds_a_row_and_counts_it(client_alice):
    response = client_alice.get(reverse("progress:log_row"), {"add": "1", "form-TOTAL_FORMS": "3"})
    html = response.content.decode()
    assert 'id="entry-3"' in html
    assert 'name="form-3-exercise"' in html
    assert 'name="form-TOTAL_FORMS" id="id_form-TOTAL_FORMS" value="4" hx-swap-oob="true"' in html


def test_htmx_fills_a_row_with_the_librarys_dose(client_alice):
    response = client_alice.get(
        reverse("progress:log_row"), {"index": "1", "form-1-exercise": "gluteal-stretch"}
    )
    html = response.content.decode()
    assert 'name="form-1-sets" value="3"' in html
    assert 'name="form-1-hold_seconds" value="30"' in html
    assert "Hold 30 seconds, 3 times on each side" in html
    assert "hx-swap-oob" not in html


def test_the_log_form_works_without_javascript(client_alice):
    html = client_alice.get(URL).content.decode()
    assert '<form method="post" class="log-form">' in html
    assert 'name="add_rows"' in html
    assert 'name="form-TOTAL_FORMS"' in html


def test_a_flare_is_explained_right_after_logging(client_alice):
    response = client_alice.post(URL, form_data(leg_pain_before=3, leg_pain_after=5), follow=True)
    html = response.content.decode()
    assert "Your leg pain went up: ease off for now" in html
    assert "leg pain rose from 3 to 5 during the session" in html
    assert "gentle-start exercises" in html
    assert "Session logged. Your leg pain went up: please read below." in html


def test_back_pain_alone_never_makes_a_flare(client_alice, alice):
    log_session(alice, 1, before=3, back=1)
    response = client_alice.post(URL, form_data(back_pain=9), follow=True)
    assert "Your leg pain went up" not in response.content.decode()


def test_a_flare_pauses_an_unlocked_stage_and_stores_why(client_alice, alice):
    calm_fortnight(alice)
    client_alice.post(URL, form_data(leg_pain_before=3, leg_pain_after=5))
    change = StageChange.objects.filter(user=alice, stage__slug="plank").last()
    assert change.status == "paused"
    assert change.reason == "leg pain rose from 3 to 5 during the session"


@pytest.mark.parametrize("numbers", [{"sets": 3}, {"reps": 10}, {"hold_seconds": 30}])
def test_a_dose_needs_sets_with_reps_or_a_hold(client_alice, numbers):
    response = client_alice.post(URL, form_data([{"exercise": "bridge", **numbers}]))
    assert "Give the number of sets and either reps or hold seconds" in response.content.decode()
    assert Session.objects.count() == 0


def test_an_exercise_without_a_numeric_dose_is_filled_without_numbers(client_alice):
    response = client_alice.get(
        reverse("progress:log_row"), {"index": "0", "form-0-exercise": "walk"}
    )
    html = response.content.decode()
    assert 'value="walk" selected' in html
    assert 'name="form-0-sets" value=' not in html


def test_a_warning_sign_is_answered_with_the_emergency_page(client_alice, alice):
    response = client_alice.post(URL, form_data(red_flags="both_legs"))
    assert response["Location"] == reverse("progress:warning")
    html = client_alice.get(response["Location"]).content.decode()
    assert "Go to A&amp;E or call 999 now" in html
    assert "You reported: Sciatica in both legs." in html
    dashboard = client_alice.get(reverse("progress:dashboard"))
    assert "Go to A&amp;E or call 999 now" in dashboard.content.decode()
    assert dashboard.context["routine"] == []


def test_the_next_morning_cannot_be_recorded_for_today(client_alice):
    response = client_alice.post(URL, form_data(leg_pain_next_morning="2"))
    assert "The next morning has not come yet" in response.content.decode()
    assert Session.objects.count() == 0


def test_the_flare_plan_only_speaks_of_a_pause_when_a_stage_was_paused(client_alice, alice):
    first = client_alice.post(URL, form_data(leg_pain_after="5"), follow=True)
    assert "are paused until" not in first.content.decode()
    calm_fortnight(alice)
    second = client_alice.post(URL, form_data(leg_pain_after="5"), follow=True)
    assert "The later stages you had unlocked are paused" in second.content.decode()


def test_pain_scores_are_tapped_on_a_scale_of_radios(client_alice):
    html = client_alice.get(URL).content.decode()
    assert html.count('name="leg_pain_before"') == 11
    assert 'type="radio" name="back_pain" value="10"' in html


def test_the_same_form_sent_twice_saves_one_session(client_alice, alice):
    page = client_alice.get(URL)
    token = page.context["form"]["submission_id"].value()
    data = form_data([{"exercise": "walk"}], submission_id=token)
    first = client_alice.post(URL, data)
    second = client_alice.post(URL, data)
    assert Session.objects.filter(user=alice).count() == 1
    assert first["Location"] == second["Location"] == Session.objects.get().get_absolute_url()
    assert SessionExercise.objects.count() == 1


def test_two_forms_make_two_sessions(client_alice, alice):
    for _ in range(2):
        token = client_alice.get(URL).context["form"]["submission_id"].value()
        client_alice.post(URL, form_data(submission_id=token))
    assert Session.objects.filter(user=alice).count() == 2
