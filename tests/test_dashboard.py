import pytest
from django.urls import reverse

from progress.status import refresh_stage_changes
from tests.helpers import calm_fortnight, log_session, queries_for

pytestmark = pytest.mark.django_db

URL = reverse("progress:dashboard")


def test_it_requires_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_new_person_sees_open_and_locked_stages_with_a_countdown(client_alice):
    html = client_alice.get(URL).content.decode()
    assert "Open from the first day." in html
    assert (
        "Plank opens 13 days after your next session if leg pain stays the same or better. "
        "Plank: 0 of 14 days done, with sessions on 0 of 6 different days."
    ) in html


def test_it_counts_this_weeks_sessions_against_the_programs_three_to_five(client_alice, alice):
    log_session(alice, 0)
    response = client_alice.get(URL)
    assert response.context["this_week"] == 1
    assert "The program asks for 3 to 5 a week." in response.content.decode()


def test_it_asks_for_the_next_morning_check_in_after_yesterdays_session(client_alice, alice):
    session = log_session(alice, 1)
    response = client_alice.get(URL)
    assert response.context["check_in"] == session
    assert reverse("progress:check_in", args=[session.pk]) in response.content.decode()


def test_no_check_in_is_asked_for_todays_session_or_once_answered(client_alice, alice):
    log_session(alice, 2, morning=2)
    assert client_alice.get(URL).context["check_in"] is None
    log_session(alice, 0)
    assert client_alice.get(URL).context["check_in"] is None


def test_the_chart_is_an_svg_with_a_text_alternative(client_alice, alice):
    log_session(alice, 10, before=5, back=3)
    log_session(alice, 3, before=4, back=4)
    html = client_alice.get(URL).content.decode()
    assert '<svg viewBox="0 0 560 220" role="img"' in html
    assert "leg pain went from 5 to 4 (lowest 4), and back pain from 3 to 4" in html
    assert "<table" in html


STRENGTHENING = {"back", "core", "legs", "balance"}


def test_the_first_week_suggests_gentle_stretches_and_walking_only(client_alice, alice):
    log_session(alice, 2, exercises=["walk"])
    response = client_alice.get(URL)
    routine = response.context["routine"]
    assert {e.stage.slug for e in routine} == {"gentle-start"}
    assert "stretch" in {e.section for e in routine}
    assert "walk" in {e.slug for e in routine}
    html = response.content.decode()
    assert "Your first week: gentle stretches and walking only." in html
    assert "The Foundation exercises are open if you choose them." in html


@pytest.mark.parametrize("first_session_back, expected", [(7, 1), (14, 2), (21, 3), (60, 3)])
def test_strengthening_joins_a_little_at_a_time_after_the_first_week(
    client_alice, alice, first_session_back, expected
):
    log_session(alice, first_session_back, refresh=False)
    log_session(alice, 1)
    response = client_alice.get(URL)
    routine = response.context["routine"]
    assert sum(e.section in STRENGTHENING for e in routine) == expected
    assert all(not exercise.stage.gated for exercise in routine)
    plural = "s" if expected > 1 else ""
    assert f"{expected} strengthening exercise{plural}" in response.content.decode()


def test_a_flare_keeps_strengthening_out_for_a_week(client_alice, alice):
    log_session(alice, 30, before=3, refresh=False)
    log_session(alice, 5, before=3, after=6, refresh=False)
    log_session(alice, 2, before=3)
    response = client_alice.get(URL)
    assert not any(e.section in STRENGTHENING for e in response.context["routine"])
    assert "once a week has passed without a leg-pain flare" in response.content.decode()


def test_swimming_is_suggested_only_after_three_calm_days_of_walking(client_alice, alice):
    log_session(alice, 30, refresh=False)
    log_session(alice, 12, before=3, after=6, exercises=["walk"], refresh=False)  # a flare
    log_session(alice, 10, before=3, exercises=["walk"])
    log_session(alice, 9, before=3, exercises=["walk"])
    # The last session had a walk, so swimming would be the fresh activity: it is held back.
    assert "swim" not in {e.slug for e in client_alice.get(URL).context["routine"]}
    log_session(alice, 1, before=3, exercises=["walk"])
    assert "swim" in {e.slug for e in client_alice.get(URL).context["routine"]}


def test_the_routine_differs_from_the_last_session(client_alice, alice):
    first = [e.slug for e in client_alice.get(URL).context["routine"]]
    log_session(alice, 0, exercises=first)
    second = {e.slug for e in client_alice.get(URL).context["routine"]}
    assert second != set(first)


def test_the_routine_draws_on_a_stage_once_it_unlocks(client_alice, alice):
    calm_fortnight(alice)
    usable = {v.stage.slug for v in client_alice.get(URL).context["stages"] if v.usable}
    assert usable == {"gentle-start", "foundation", "plank"}


def test_the_flare_plan_shows_after_a_flare(client_alice, alice):
    log_session(alice, 1, before=3, after=6)
    html = client_alice.get(URL).content.decode()
    assert "Your leg pain went up: ease off for now" in html
    assert "leg pain rose from 3 to 6 during the session" in html
    assert "gentle-start exercises" in html


def test_no_flare_plan_after_a_calm_session(client_alice, alice):
    log_session(alice, 1, before=3, after=2, back=9)
    assert "Your leg pain went up" not in client_alice.get(URL).content.decode()


def test_the_dashboard_takes_the_same_number_of_queries_at_any_history_length(client_alice, alice):
    log_session(alice, 1, exercises=["bridge", "walk"])
    one = queries_for(lambda: client_alice.get(URL))
    for n in range(2, 40):
        log_session(alice, n, exercises=["bridge", "walk"], refresh=False)
    refresh_stage_changes(alice)  # as every write does: the page is built afresh
    assert queries_for(lambda: client_alice.get(URL)) == one


def test_the_dashboard_is_cached_until_the_record_changes(client_alice, alice):
    log_session(alice, 2, before=3)
    client_alice.get(URL)
    assert queries_for(lambda: client_alice.get(URL)) == 3  # session, person, version
    log_session(alice, 1, before=3, after=6)
    assert "Your leg pain went up" in client_alice.get(URL).content.decode()


def test_a_cached_dashboard_carries_this_requests_csrf_token(client_alice, alice):
    log_session(alice, 1)
    client_alice.get(URL)
    html = client_alice.get(URL).content.decode()
    assert "<!-- csrf field -->" not in html
    assert html.count('name="csrfmiddlewaretoken"') >= 2  # check-in and log-out forms


def test_after_a_flare_the_routine_keeps_to_gentle_start(client_alice, alice):
    log_session(alice, 1, before=3, after=6)
    response = client_alice.get(URL)
    assert {e.stage.slug for e in response.context["routine"]} == {"gentle-start"}
    assert "Gentle exercises only, while your leg settles." in response.content.decode()


def test_the_chart_rings_the_days_leg_pain_went_up(client_alice, alice):
    log_session(alice, 5, before=3)
    log_session(alice, 3, before=3, after=6)
    response = client_alice.get(URL)
    html = response.content.decode()
    assert html.count('class="flare-ring"') == 1
    assert [flare for *_, flare in response.context["chart"].days] == [False, True]


def test_steady_leg_pain_above_five_keeps_strengthening_and_swimming_out(client_alice, alice):
    log_session(alice, 30, before=6, refresh=False)
    for back in (20, 15, 10, 5, 2):
        log_session(alice, back, before=6, exercises=["walk"], refresh=False)
    log_session(alice, 1, before=6, exercises=["walk"])
    routine = client_alice.get(URL).context["routine"]
    assert not any(e.section in STRENGTHENING for e in routine)
    assert "swim" not in {e.slug for e in routine}
