import re
from datetime import UTC, datetime, time
from decimal import Decimal

import pytest
from django.test.html import parse_html
from django.urls import reverse
from django.utils.html import escape

from progress import safety
from progress.models import Session, SessionExercise, StageChange
from progress.status import stage_views
from progress.testing import log_form_data as form_data
from sciatica.accounts.models import Profile
from tests.helpers import calm_fortnight, days_ago, log_session, queries_for

pytestmark = pytest.mark.django_db

URL = reverse("progress:log")


def test_the_shared_form_builder_posts_what_the_log_form_accepts(client_alice, alice):
    # The bench logs its sessions with the same builder, so this is its post too.
    rows = [{"exercise": "walk", "minutes": 20}, {"exercise": "bridge", "sets": 2, "reps": 10}]
    response = client_alice.post(URL, form_data(rows, date=days_ago(1).isoformat()))
    assert response.status_code == 302
    session = Session.objects.get(user=alice)
    assert session.date == days_ago(1)
    assert (session.leg_pain_before, session.leg_pain_after, session.back_pain) == (3, 3, 2)
    entries = session.entries.values_list("exercise__slug", "minutes", "sets", "reps")
    assert list(entries) == [("walk", 20, None, None), ("bridge", None, 2, 10)]


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
        ("symptoms_reach", "ankle", "Choose one of the places listed."),
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


def test_a_locked_exercise_is_refused_with_what_unlocks_it(client_alice, alice):
    rows = [{"exercise": "walk"}, {"exercise": "plank", "sets": 1, "hold_seconds": 20}]
    response = client_alice.post(URL, form_data(rows))
    html = response.content.decode()
    assert "Plank is in the Plank stage, which is locked for you." in html
    plank = next(view for view in stage_views(alice)[0] if view.stage.slug == "plank")
    assert escape(plank.reason) in html
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
    assert len(response.context["formset"].forms) == 2
    assert 'value="walk" selected' in response.content.decode()
    assert Session.objects.count() == 0


def test_htmx_adds_a_row_and_counts_it(client_alice):
    response = client_alice.get(reverse("progress:log_row"), {"add": "1", "form-TOTAL_FORMS": "3"})
    html = response.content.decode()
    assert 'id="entry-3"' in html
    assert 'name="form-3-exercise"' in html
    assert (
        'name="form-TOTAL_FORMS" id="id_form-TOTAL_FORMS" value="4" data-hx-swap-oob="true"' in html
    )


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
    assert '<form method="post" class="log-form" id="log-form">' in html
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


# --- Adding and removing rows without JavaScript -------------------------------------------------


def test_adding_a_row_skips_the_browsers_checks_and_lands_on_the_new_row(client_alice):
    html = client_alice.get(URL).content.decode()
    button = html[html.index('name="add_rows"') - 60 : html.index("Add another exercise")]
    assert "formnovalidate" in button
    assert 'formaction="#entry-3"' in button
    response = client_alice.post(URL, form_data([{}, {}, {}]) | {"add_rows": "1"})
    html = response.content.decode()
    assert 'id="entry-3"' in html
    assert 'formaction="#entry-4"' in html


def test_adding_a_row_keeps_everything_typed_and_checks_nothing_yet(client_alice):
    rows = [{"exercise": "bridge", "sets": "2", "reps": "ten"}]
    data = form_data(rows, leg_pain_before="4", notes="Stiff", symptoms_reach="") | {
        "red_flags": "both_legs",
        "add_rows": "1",
    }
    response = client_alice.post(URL, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "The session was not saved" not in html
    assert 'class="error"' not in html
    assert 'value="bridge" selected' in html
    assert 'name="form-0-sets" value="2"' in html
    assert 'name="form-0-reps" value="ten"' in html
    assert 'value="4" id="id_leg_pain_before_4" required checked' in html
    assert 'value="both_legs" id="id_red_flags_2" checked' in html
    assert ">\nStiff</textarea>" in html
    assert Session.objects.count() == 0


def test_every_row_can_be_removed_without_javascript(client_alice):
    html = client_alice.get(URL).content.decode()
    for index in range(3):
        assert f'name="remove_row" value="{index}" class="link-button" formnovalidate' in html


def test_removing_a_row_keeps_the_others_as_typed_and_saves_nothing(client_alice):
    rows = [
        {"exercise": "walk", "minutes": "20"},
        {"exercise": "bridge", "sets": "2", "reps": "10"},
        {"exercise": "gluteal-stretch", "sets": "3", "hold_seconds": "30"},
    ]
    response = client_alice.post(URL, form_data(rows, notes="kept") | {"remove_row": "1"})
    formset = response.context["formset"]
    kept = [(f["exercise"].value(), f["sets"].value()) for f in formset.forms]
    assert kept == [("walk", None), ("gluteal-stretch", "3")]
    html = response.content.decode()
    assert 'name="form-TOTAL_FORMS" value="2"' in html
    assert 'name="form-0-minutes" value="20"' in html
    assert 'name="form-1-hold_seconds" value="30"' in html
    assert ">\nkept</textarea>" in html
    assert 'formaction="#entry-0"' in html  # the second row's button lands on the first
    assert Session.objects.count() == 0


def test_after_removing_rows_the_session_saves_what_is_left(client_alice, alice):
    rows = [{"exercise": "walk"}, {"exercise": "bridge", "sets": "2", "reps": "10"}]
    client_alice.post(URL, form_data(rows) | {"remove_row": "0"})
    data = form_data([{"exercise": "bridge", "sets": "2", "reps": "10"}])
    assert client_alice.post(URL, data).status_code == 302
    assert list(SessionExercise.objects.values_list("exercise__slug", flat=True)) == ["bridge"]


def test_editing_a_session_a_row_can_be_removed(client_alice, alice):
    session = log_session(alice, 2, exercises=["bridge", "walk"])
    url = reverse("progress:edit", args=[session.pk])
    rows = [{"exercise": "bridge", "sets": 1, "reps": 10}, {"exercise": "walk"}]
    data = form_data(rows, date=session.date.isoformat()) | {"form-INITIAL_FORMS": "2"}
    page = client_alice.post(url, data | {"remove_row": "0"})
    assert [f["exercise"].value() for f in page.context["formset"].forms] == ["walk"]
    assert list(session.entries.values_list("exercise__slug", flat=True)) == ["bridge", "walk"]


def test_a_row_missing_from_the_form_is_left_out(client_alice, alice):
    # With JavaScript a removed row simply disappears, leaving a gap in the row numbers.
    data = form_data([{"exercise": "walk"}, {}, {}])
    data |= {"form-2-exercise": "bridge", "form-2-sets": "1", "form-2-reps": "8"}
    del data["form-0-exercise"]
    assert client_alice.post(URL, data).status_code == 302
    assert list(SessionExercise.objects.values_list("exercise__slug", flat=True)) == ["bridge"]


def test_at_forty_rows_the_add_button_gives_way_to_a_note(client_alice):
    rows = [{}] * 40
    html = client_alice.post(URL, form_data(rows) | {"add_rows": "1"}).content.decode()
    assert 'name="add_rows"' not in html
    assert "A session holds at most 40 exercises." in html


def test_htmx_adds_nothing_past_forty_rows(client_alice):
    response = client_alice.get(reverse("progress:log_row"), {"add": "1", "form-TOTAL_FORMS": "40"})
    assert response.status_code == 204


def test_htmx_moves_the_add_button_on_with_each_new_row(client_alice):
    html = client_alice.get(
        reverse("progress:log_row"), {"add": "1", "form-TOTAL_FORMS": "39"}
    ).content.decode()
    assert 'id="entry-39"' in html
    assert 'id="add-row" data-hx-swap-oob="true"' in html
    assert "A session holds at most 40 exercises." in html


def test_the_log_page_loads_its_script_and_nothing_inline(client_alice):
    # The Content-Security-Policy allows no inline style or script.
    pages = [
        client_alice.get(URL),
        client_alice.post(URL, form_data([{"exercise": "nope"}], leg_pain_before="")),
        client_alice.get(reverse("progress:log_row"), {"add": "1", "form-TOTAL_FORMS": "3"}),
        client_alice.get(reverse("progress:log_row"), {"index": "0", "form-0-exercise": "walk"}),
    ]
    for response in pages:
        html = response.content.decode()
        assert " style=" not in html and "<style" not in html
        assert "<script>" not in html and " on" + "click=" not in html
    assert '<script src="/static/js/log.js" defer></script>' in pages[0].content.decode()


# --- Every error beside its field ---------------------------------------------------------------


def elements(node, parents=()):
    """Every element under node, with its ancestors (outermost first)."""
    for child in node.children:
        if not isinstance(child, str):
            yield child, parents
            yield from elements(child, (*parents, child))


def attribute(element, name: str) -> str:
    return dict(element.attributes).get(name) or ""


def text(element) -> str:
    return " ".join(c if isinstance(c, str) else text(c) for c in element.children)


ERRORS = [
    ("date", {"date": ""}, "Enter the day of the session."),
    ("time", {"time": "25:61"}, "Enter a time of day, for example 18:30."),
    ("leg_pain_before", {"leg_pain_before": ""}, "Give a score from 0 to 10."),
    ("leg_pain_after", {"leg_pain_after": "11"}, "Enter a whole number from 0 to 10."),
    ("back_pain", {"back_pain": "lots"}, "Enter a whole number from 0 to 10."),
    ("leg_pain_next_morning", {"leg_pain_next_morning": "12"}, "Enter a whole number"),
    ("symptoms_reach", {"symptoms_reach": ""}, "Choose how far down your leg symptoms reached"),
    ("red_flags", {"red_flags": "numb_toes"}, "Tick only the signs listed here."),
    ("notes", {"notes": "x" * 2001}, "Notes can be up to 2000 characters long; these are 2001."),
    ("form-0-exercise", {"form-0-exercise": "moonwalk"}, "Choose an exercise from the list."),
    (
        "form-0-sets",
        {"form-0-exercise": "bridge", "form-0-sets": "2.5", "form-0-reps": "10"},
        "Enter the sets as a whole number, such as 10.",
    ),
    (
        "form-0-reps",
        {"form-0-exercise": "bridge", "form-0-sets": "2", "form-0-reps": "0"},
        "Enter the repetitions as 1 or more, or leave it empty.",
    ),
    (
        "form-0-hold_seconds",
        {"form-0-exercise": "gluteal-stretch", "form-0-sets": "3", "form-0-hold_seconds": "99999"},
        "Enter the hold as 32767 at most.",
    ),
    (
        "form-0-load_kg",
        {"form-0-exercise": "lunge", "form-0-sets": "2", "form-0-reps": "8", "form-0-load_kg": "0"},
        "Enter the load as more than 0 kg, or leave it empty.",
    ),
    (
        "form-0-minutes",
        {"form-0-exercise": "walk", "form-0-minutes": "2000"},
        "Enter the minutes as 1440 at most.",
    ),
    (
        "form-0-distance_km",
        {"form-0-exercise": "walk", "form-0-distance_km": "1.234"},
        "Give the distance to 2 decimal places at most.",
    ),
]


@pytest.mark.parametrize(("name", "changes", "message"), ERRORS, ids=[e[0] for e in ERRORS])
def test_every_field_shows_the_servers_error_beside_it(client_alice, name, changes, message):
    # As when the browser's own checks are bypassed: only the server's message is left.
    response = client_alice.post(URL, form_data([{}]) | changes)
    root = parse_html(response.content.decode())
    error_id = f"id_{name}_error"
    (error, parents), *others = [
        (e, p) for e, p in elements(root) if attribute(e, "id") == error_id
    ]
    assert others == []
    assert message in text(error)
    # Beside it: in the field's own box, with the control that is wrong...
    box = parents[-1]
    controls = [(e, p) for e, p in elements(box) if attribute(e, "name") == name]
    assert controls
    # ... and read out with it: the control, or the group of radios, points to the message.
    control, control_parents = controls[0]
    described = [control, *control_parents[-2:], box]
    assert any(error_id in attribute(e, "aria-describedby").split() for e in described)
    # The summary at the top of the form links to it.
    assert "The session was not saved." in text(root)
    assert Session.objects.count() == 0


def test_a_garbled_hidden_token_is_no_error_the_person_cannot_see(client_alice, alice):
    response = client_alice.post(URL, form_data(submission_id="not-a-token"))
    assert response.status_code == 302
    assert Session.objects.get(user=alice).submission_id is None


def test_the_symptoms_question_keeps_the_browsers_check_too(client_alice):
    html = client_alice.get(URL).content.decode()
    assert html.count('name="symptoms_reach" value="none" required') == 1


# --- The time of day ----------------------------------------------------------------------------

# 07:30 on Tuesday 10 March 2026 in New York (UTC-4 since the 8th), 11:30 on the server's UTC clock.
MORNING_IN_NEW_YORK = datetime(2026, 3, 10, 11, 30, tzinfo=UTC)


def in_new_york(client, user, settings):
    settings.TIME_ZONE = "UTC"
    Profile.objects.create(user=user, time_zone="America/New_York")
    client.force_login(user)  # the zone is read at log-in
    return client


def test_the_form_starts_at_the_time_now_in_the_persons_zone(client, alice, settings, time_machine):
    time_machine.move_to(MORNING_IN_NEW_YORK, tick=False)
    html = in_new_york(client, alice, settings).get(URL).content.decode()
    assert 'type="time" name="time" value="07:30"' in html


def test_the_time_is_saved_and_can_be_changed(client_alice, alice):
    client_alice.post(URL, form_data(date=days_ago(1).isoformat(), time="18:05"))
    session = Session.objects.get(user=alice)
    assert session.time == time(18, 5)
    edit = reverse("progress:edit", args=[session.pk])
    assert 'value="18:05"' in client_alice.get(edit).content.decode()
    client_alice.post(edit, form_data(date=days_ago(1).isoformat(), time="07:45"))
    session.refresh_from_db()
    assert session.time == time(7, 45)


def test_a_time_still_to_come_today_is_refused(client, alice, settings, time_machine):
    time_machine.move_to(MORNING_IN_NEW_YORK, tick=False)
    client = in_new_york(client, alice, settings)
    response = client.post(URL, form_data(date="2026-03-10", time="09:00"))
    assert "That time is still to come today" in response.content.decode()
    assert client.post(URL, form_data(date="2026-03-10", time="07:30")).status_code == 302
    assert client.post(URL, form_data(date="2026-03-09", time="09:00")).status_code == 302


def test_the_time_may_be_left_empty(client_alice, alice):
    assert client_alice.post(URL, form_data(time="")).status_code == 302
    assert Session.objects.get(user=alice).time is None


# --- Walking and swimming in minutes ------------------------------------------------------------


def test_walking_and_swimming_are_logged_in_minutes_and_kilometres(client_alice, alice):
    rows = [
        {"exercise": "walk", "minutes": 25, "distance_km": "2.1"},
        {"exercise": "bridge", "sets": 2, "reps": 10},
    ]
    assert client_alice.post(URL, form_data(rows)).status_code == 302
    walk, bridge = Session.objects.get(user=alice).entries.all()
    assert (walk.minutes, walk.distance_km, walk.sets) == (25, Decimal("2.1"), None)
    assert (bridge.sets, bridge.reps, bridge.minutes) == (2, 10, None)


def test_choosing_walking_shows_minutes_and_distance_instead_of_sets(client_alice):
    html = client_alice.get(
        reverse("progress:log_row"), {"index": "0", "form-0-exercise": "walk", "was": ""}
    ).content.decode()
    assert 'name="form-0-minutes"' in html and 'name="form-0-distance_km"' in html
    assert 'name="form-0-sets"' not in html and 'name="form-0-load_kg"' not in html


def test_choosing_a_counted_exercise_shows_sets_and_reps_only(client_alice):
    html = client_alice.get(
        reverse("progress:log_row"), {"index": "0", "form-0-exercise": "bridge", "was": "walk"}
    ).content.decode()
    assert 'name="form-0-sets"' in html and 'name="form-0-reps"' in html
    assert 'name="form-0-minutes"' not in html


def test_a_row_without_an_exercise_offers_both_for_use_without_javascript(client_alice):
    html = client_alice.get(URL).content.decode()
    assert 'name="form-0-sets"' in html and 'name="form-0-minutes"' in html
    assert "Or, for walking and swimming:" in html


def test_numbers_typed_before_the_exercise_was_chosen_are_kept(client_alice):
    params = {"index": "1", "form-1-exercise": "swim", "form-1-minutes": "30", "was": ""}
    html = client_alice.get(reverse("progress:log_row"), params).content.decode()
    assert 'name="form-1-minutes" value="30"' in html


def test_changing_the_exercise_brings_the_new_ones_dose(client_alice):
    params = {
        "index": "0",
        "form-0-exercise": "gluteal-stretch",
        "form-0-sets": "2",
        "form-0-reps": "10",
        "was": "bridge",
    }
    html = client_alice.get(reverse("progress:log_row"), params).content.decode()
    assert 'name="form-0-hold_seconds" value="30"' in html
    assert 'name="form-0-reps" value' not in html


def test_minutes_are_refused_for_an_exercise_counted_in_sets(client_alice):
    response = client_alice.post(URL, form_data([{"exercise": "bridge", "minutes": 10}]))
    html = response.content.decode()
    assert "Bridge is counted in sets, not in minutes or kilometres" in html
    assert Session.objects.count() == 0


def test_minutes_and_sets_together_are_refused(client_alice):
    rows = [{"exercise": "walk", "minutes": 10, "sets": 1, "reps": 10}]
    response = client_alice.post(URL, form_data(rows))
    assert "Give minutes and a distance, or sets and repetitions, not both." in (
        response.content.decode()
    )


def test_an_old_walk_counted_in_sets_keeps_its_numbers_when_edited(client_alice, alice):
    # Walks used to be logged like any exercise: what was saved is shown, never hidden.
    session = log_session(alice, 2, exercises=["walk"])  # 1 x 10
    edit = reverse("progress:edit", args=[session.pk])
    html = client_alice.get(edit).content.decode()
    assert 'name="form-0-sets" value="1"' in html and 'name="form-0-reps" value="10"' in html
    assert 'name="form-0-minutes"' in html


def test_editing_keeps_minutes_and_distance(client_alice, alice):
    client_alice.post(URL, form_data([{"exercise": "swim", "minutes": 30, "distance_km": "1"}]))
    session = Session.objects.get(user=alice)
    html = client_alice.get(reverse("progress:edit", args=[session.pk])).content.decode()
    assert 'name="form-0-minutes" value="30"' in html
    assert 'name="form-0-distance_km" value="1.00"' in html


# --- While the program is suspended -------------------------------------------------------------


def test_while_suspended_the_log_opens_with_the_warning_signs_and_what_to_do(client_alice, alice):
    safety.record_red_flags(alice, ["both_legs", "saddle_numbness"])
    response = client_alice.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    top = html[: html.index('class="lede"')]
    assert "Your exercises are on hold" in top
    assert "sciatica in both legs" in top.lower()
    assert "numbness or tingling around your genitals" in top.lower()
    assert "Go to A&amp;E or call 999 now" in top
    assert f'href="{reverse("progress:assessed")}"' in top


def test_while_suspended_the_diary_still_saves(client_alice, alice):
    safety.record_red_flags(alice, ["both_legs"])
    assert client_alice.post(URL, form_data()).status_code == 302
    assert Session.objects.filter(user=alice).count() == 1


def test_without_a_suspension_the_log_shows_no_warning(client_alice):
    assert "Your exercises are on hold" not in client_alice.get(URL).content.decode()


# --- The exercise menu --------------------------------------------------------------------------


def optgroups(html: str) -> list[str]:
    root = parse_html(html)
    select = next(e for e, _ in elements(root) if attribute(e, "name") == "form-0-exercise")
    return [attribute(group, "label") for group in select.children if not isinstance(group, str)]


def test_the_menu_groups_exercises_by_stage_with_the_persons_status(client_alice, alice):
    labels = optgroups(client_alice.get(URL).content.decode())
    assert labels[1:] == ["Gentle start", "Foundation", "Plank (locked)", "Advanced (locked)"]
    calm_fortnight(alice)
    labels = optgroups(client_alice.get(URL).content.decode())
    assert labels[1:] == ["Gentle start", "Foundation", "Plank", "Advanced (locked)"]
    safety.record_red_flags(alice, ["both_legs"])
    labels = optgroups(client_alice.get(URL).content.decode())
    assert labels[1:] == [
        "Gentle start (suspended)",
        "Foundation (suspended)",
        "Plank (suspended)",
        "Advanced (suspended)",
    ]


def test_an_edit_opened_before_a_check_in_shows_the_conflict_instead_of_wiping_it(
    client_alice, alice
):
    from progress import record

    session = log_session(alice, 1, before=3)
    page = client_alice.get(reverse("progress:edit", args=[session.pk])).content.decode()
    loaded = re.search(r'name="loaded_version" value="([^"]+)"', page).group(1)
    record.record_check_in(session, 2)  # from the dashboard, in another tab
    data = form_data(date=session.date.isoformat(), loaded_version=loaded)
    response = client_alice.post(reverse("progress:edit", args=[session.pk]), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "This session was changed after you opened this page." in html
    assert "2 was saved meanwhile, your form says nothing" in html
    session.refresh_from_db()
    assert session.leg_pain_next_morning == 2
    # Sent again, knowingly, it saves.
    fresh = re.search(r'name="loaded_version" value="([^"]+)"', html).group(1)
    data["loaded_version"] = fresh
    assert client_alice.post(reverse("progress:edit", args=[session.pk]), data).status_code == 302


def test_the_session_form_checks_its_rules_without_asking_the_database():
    """Each of Session's check constraints is a field rule of the form (Django would otherwise
    run one query per constraint on every save), and each still has its message."""
    from progress.forms import SessionForm

    form = SessionForm(form_data())
    assert queries_for(form.is_valid) == 0
    assert form.is_valid()
    wrong = {
        "leg_pain_before": "11",
        "leg_pain_next_morning": "-1",
        "date": "1899-12-31",
        "symptoms_reach": "ankle",
    }
    form = SessionForm(form_data(**wrong))
    assert not form.is_valid()
    assert set(form.errors) == set(wrong)


def test_going_on_from_a_state_leaves_that_state_as_it_was(alice):
    from progress import gate
    from progress.status import facts_for, rules

    for n in (5, 4, 3):
        log_session(alice, n, before=3, after=6 if n == 4 else 3, exercises=["walk"])
    first, *rest = sorted(facts_for(alice), key=lambda f: f.position)
    before = gate.fold([first], rules())
    snapshot = gate.fold([first], rules())
    after = gate.fold(rest, rules(), before)
    assert before == snapshot
    assert after != before and after.flares and not before.flares
