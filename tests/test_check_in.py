from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from progress.models import Session
from progress.status import refresh_stage_changes
from sciatica.accounts.models import Profile, person_time_zone
from tests.conftest import screened
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


# --- Words that fit the time of day, and an answer that can be changed ------------------------

AUCKLAND = ZoneInfo("Pacific/Auckland")
# Thursday 12 March 2026 in Auckland, summer time (UTC+13): still 11 March in UTC until 11:00.
THURSDAY = date(2026, 3, 12)


def at(hour: int, day: date = THURSDAY) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=AUCKLAND)


@pytest.fixture
def kiwi(client, django_user_model):
    """Someone in Auckland, logged in: their clock, not the server's, words the question."""
    user = screened(django_user_model.objects.create_user("kiri", password="a-long-pass-phrase"))
    Profile.objects.create(user=user, time_zone="Pacific/Auckland")
    client.force_login(user)
    return user


def session_on(user, day: date, before=3, morning=None) -> Session:
    session = log_session(user, 0, before=before, morning=morning, refresh=False)
    Session.objects.filter(pk=session.pk).update(date=day)
    with person_time_zone(user):
        refresh_stage_changes(user)
    session.refresh_from_db()
    return session


@pytest.mark.parametrize(
    "hour, days_back, question",
    [
        (9, 1, "How is your leg this morning, after yesterday's session?"),
        (17, 1, "How was your leg when you got up this morning, after yesterday's session?"),
        (9, 2, "How was your leg yesterday morning, after Tuesday's session?"),
        (21, 2, "How was your leg yesterday morning, after Tuesday's session?"),
    ],
)
def test_the_question_fits_the_persons_time_of_day_and_the_sessions_day(
    client, kiwi, time_machine, hour, days_back, question
):
    time_machine.move_to(at(hour), tick=False)
    session_on(kiwi, THURSDAY - timedelta(days=days_back))
    html = client.get(reverse("progress:dashboard")).content.decode()
    assert question.replace("'", "&#x27;") in html


def test_a_dashboard_cached_in_the_morning_is_not_served_in_the_afternoon(
    client, kiwi, time_machine
):
    time_machine.move_to(at(9), tick=False)
    session_on(kiwi, THURSDAY - timedelta(days=1))
    assert (
        "How is your leg this morning" in client.get(reverse("progress:dashboard")).content.decode()
    )
    time_machine.move_to(at(15), tick=False)
    html = client.get(reverse("progress:dashboard")).content.decode()
    assert "How was your leg when you got up this morning" in html
    assert "How is your leg this morning" not in html


def test_the_answer_given_today_shows_and_can_be_changed_the_same_day(client, kiwi, time_machine):
    time_machine.move_to(at(8), tick=False)
    session = session_on(kiwi, THURSDAY - timedelta(days=1))
    url = reverse("progress:check_in", args=[session.pk])
    client.post(url, {"leg_pain_next_morning": "2"})
    time_machine.move_to(at(19), tick=False)
    for page in (reverse("progress:dashboard"), session.get_absolute_url()):
        html = client.get(page).content.decode()
        assert "You answered <strong>2</strong> out of 10" in html
        assert "Change my answer" in html
        assert f'action="{url}"' in html
    response = client.post(url, {"leg_pain_next_morning": "3"}, follow=True)
    assert "this morning&#x27;s leg pain is changed from 2 to 3" in response.content.decode()
    session.refresh_from_db()
    assert session.leg_pain_next_morning == 3


def test_the_next_day_the_answer_is_no_longer_offered_for_a_change(client, kiwi, time_machine):
    time_machine.move_to(at(8), tick=False)
    session = session_on(kiwi, THURSDAY - timedelta(days=1))
    client.post(reverse("progress:check_in", args=[session.pk]), {"leg_pain_next_morning": "2"})
    time_machine.move_to(at(8, THURSDAY + timedelta(days=1)), tick=False)
    response = client.get(reverse("progress:dashboard"))
    assert response.context["check_in"] is None
    assert "Change my answer" not in client.get(session.get_absolute_url()).content.decode()


def test_a_check_in_two_days_on_is_thanked_for_yesterday_morning(client, kiwi, time_machine):
    time_machine.move_to(at(10), tick=False)
    session = session_on(kiwi, THURSDAY - timedelta(days=2))
    response = client.post(
        reverse("progress:check_in", args=[session.pk]), {"leg_pain_next_morning": "3"}, follow=True
    )
    assert "yesterday morning&#x27;s leg pain is saved" in response.content.decode()


def test_a_refused_check_in_from_the_session_page_returns_there(client_alice, alice):
    session = log_session(alice, 1)
    response = client_alice.post(
        reverse("progress:check_in", args=[session.pk]),
        {"leg_pain_next_morning": "12", "next": session.get_absolute_url()},
    )
    assert response["Location"] == session.get_absolute_url()
