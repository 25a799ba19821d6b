import pytest
from django.urls import reverse

from tests.helpers import log_session

pytestmark = pytest.mark.django_db


def test_one_tap_saves_this_mornings_leg_pain(client_alice, alice):
    session = log_session(alice, 1, before=3)
    response = client_alice.post(
        reverse("progress:check_in", args=[session.pk]), {"leg_pain_next_morning": "2"}
    )
    assert response["Location"] == reverse("progress:dashboard")
    session.refresh_from_db()
    assert session.leg_pain_next_morning == 2


def test_a_higher_score_the_next_morning_is_a_flare_with_advice(client_alice, alice):
    session = log_session(alice, 1, before=3)
    response = client_alice.post(
        reverse("progress:check_in", args=[session.pk]),
        {"leg_pain_next_morning": "5"},
        follow=True,
    )
    html = response.content.decode()
    assert "ease off today" in html
    assert "Your leg pain went up: ease off for now" in html


@pytest.mark.parametrize("value", ["11", "-1", "", "two"])
def test_a_bad_score_is_refused_and_nothing_changes(client_alice, alice, value):
    session = log_session(alice, 1)
    response = client_alice.post(
        reverse("progress:check_in", args=[session.pk]),
        {"leg_pain_next_morning": value},
        follow=True,
    )
    assert "Choose a score from 0 to 10" in response.content.decode()
    session.refresh_from_db()
    assert session.leg_pain_next_morning is None


def test_the_check_in_is_a_post(client_alice, alice):
    session = log_session(alice, 1)
    assert client_alice.get(reverse("progress:check_in", args=[session.pk])).status_code == 405


def test_a_check_in_from_the_session_page_returns_there(client_alice, alice):
    session = log_session(alice, 1)
    response = client_alice.post(
        reverse("progress:check_in", args=[session.pk]),
        {"leg_pain_next_morning": "1", "next": session.get_absolute_url()},
    )
    assert response["Location"] == session.get_absolute_url()


def test_a_foreign_next_address_is_ignored(client_alice, alice):
    session = log_session(alice, 1)
    response = client_alice.post(
        reverse("progress:check_in", args=[session.pk]),
        {"leg_pain_next_morning": "1", "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("progress:dashboard")


def test_the_session_page_asks_for_the_morning_after_only_from_the_next_day(client_alice, alice):
    today = log_session(alice, 0)
    yesterday = log_session(alice, 1)
    check_in = 'name="leg_pain_next_morning"'
    assert check_in not in client_alice.get(today.get_absolute_url()).content.decode()
    assert check_in in client_alice.get(yesterday.get_absolute_url()).content.decode()


@pytest.mark.parametrize("days_back", [0, 3, 30])
def test_the_check_in_is_only_for_yesterdays_or_the_day_befores_session(
    client_alice, alice, days_back
):
    session = log_session(alice, days_back)
    response = client_alice.post(
        reverse("progress:check_in", args=[session.pk]),
        {"leg_pain_next_morning": "2"},
        follow=True,
    )
    assert "The morning check-in is for a session of yesterday or the day before" in (
        response.content.decode()
    )
    session.refresh_from_db()
    assert session.leg_pain_next_morning is None


def test_the_dashboard_still_asks_about_yesterday_after_logging_today(client_alice, alice):
    yesterday = log_session(alice, 1)
    log_session(alice, 0)
    assert client_alice.get(reverse("progress:dashboard")).context["check_in"] == yesterday
