"""The private calendar feed: /calendar/<token>.ics, made and revoked from the settings."""

import hashlib
import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from icalendar import Calendar

from sciatica.accounts.models import Profile
from tests.helpers import log_session

pytestmark = pytest.mark.django_db


def make_feed(client) -> str:
    """Makes the person's feed from the settings, and returns its path as the page shows it."""
    client.post("/accounts/settings/calendar/", {"action": "new"})
    page = client.get("/accounts/settings/").content.decode()
    url = re.search(r'id="calendar-url"[^>]*value="([^"]+)"', page).group(1)
    return url.removeprefix("http://testserver")


def read(client, path: str) -> Calendar:
    response = client.get(path)
    assert response.status_code == 200
    return Calendar.from_ical(response.content)


def weekly(calendar: Calendar):
    [event] = [e for e in calendar.events if "RRULE" in e]
    return event


def test_the_feed_repeats_on_the_chosen_days_at_the_chosen_time_in_the_persons_zone(
    client_alice, alice, client
):
    Profile.objects.create(
        user=alice, time_zone="Europe/Paris", reminder_days=[1, 3], reminder_time=time(7, 30)
    )
    path = make_feed(client_alice)
    client_alice.logout()
    event = weekly(read(client, path))  # no login needed
    assert event["RRULE"]["FREQ"] == ["WEEKLY"]
    assert event["RRULE"]["BYDAY"] == ["TU", "TH"]
    assert event.DTSTART.tzinfo == ZoneInfo("Europe/Paris")
    assert event.DTSTART.time() == time(7, 30)
    assert event.DTSTART.weekday() in (1, 3)
    assert str(event["SUMMARY"]) == "Time for your exercises"
    assert [tz.tz_name for tz in read(client, path).timezones] == ["Europe/Paris"]


def test_the_default_is_monday_wednesday_and_friday_at_six_in_the_evening(client_alice):
    event = weekly(read(client_alice, make_feed(client_alice)))
    assert event["RRULE"]["BYDAY"] == ["MO", "WE", "FR"]
    assert event.DTSTART.time() == time(18, 0)


def test_the_feed_follows_a_change_of_settings(client_alice, alice):
    path = make_feed(client_alice)
    before = weekly(read(client_alice, path))
    client_alice.post(
        "/accounts/settings/reminders/", {"days": ["5", "6"], "at": "10:15", "check_in": "on"}
    )
    client_alice.post("/accounts/settings/", {"time_zone": "Asia/Tokyo"})
    after = weekly(read(client_alice, path))
    assert before["RRULE"]["BYDAY"] != after["RRULE"]["BYDAY"] == ["SA", "SU"]
    assert after.DTSTART.time() == time(10, 15)
    assert after.DTSTART.tzinfo == ZoneInfo("Asia/Tokyo")


def test_a_check_in_event_follows_each_recent_session_if_chosen(client_alice, alice):
    with time_machine.travel(datetime(2026, 11, 25, 12, tzinfo=ZoneInfo("UTC")), tick=False):
        log_session(alice, days_back=2)
        path = make_feed(client_alice)
        check_ins = [e for e in read(client_alice, path).events if "RRULE" not in e]
        assert [e.DTSTART.date() for e in check_ins] == [date(2026, 11, 24)]
        assert check_ins[0].DTSTART.time() == time(8, 0)
        client_alice.post("/accounts/settings/reminders/", {"days": ["0"], "at": "18:00"})
        assert [e for e in read(client_alice, path).events if "RRULE" not in e] == []


def test_the_feed_is_private_to_browsers_and_caches(client_alice):
    response = client_alice.get(make_feed(client_alice))
    assert response["Content-Type"].startswith("text/calendar")
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_the_token_is_long_and_random_and_only_its_hash_is_stored(client_alice, alice):
    path = make_feed(client_alice)
    token = re.fullmatch(r"/calendar/([A-Za-z0-9_-]+)\.ics", path).group(1)
    assert len(token) >= 43  # 32 bytes from secrets: 256 bits
    stored = Profile.objects.get(user=alice).calendar_token_hash
    assert stored == hashlib.sha256(token.encode()).hexdigest()
    assert make_feed(client_alice) != path


def test_the_address_is_shown_only_once(client_alice):
    make_feed(client_alice)
    assert 'id="calendar-url"' not in client_alice.get("/accounts/settings/").content.decode()


def test_a_new_address_replaces_the_old_one(client_alice):
    old = make_feed(client_alice)
    new = make_feed(client_alice)
    assert client_alice.get(old).status_code == 404
    assert client_alice.get(new).status_code == 200


def test_a_stopped_address_no_longer_works(client_alice):
    path = make_feed(client_alice)
    client_alice.post("/accounts/settings/calendar/", {"action": "stop"})
    assert client_alice.get(path).status_code == 404


def test_a_made_up_token_finds_nothing(client):
    assert client.get("/calendar/not-a-real-token-at-all.ics").status_code == 404


def test_bobs_token_shows_bobs_days_not_alices(client, alice, bob):
    Profile.objects.create(user=alice, reminder_days=[0])
    Profile.objects.create(user=bob, reminder_days=[6])
    client.force_login(bob)
    path = make_feed(client)
    client.logout()
    assert weekly(read(client, path))["RRULE"]["BYDAY"] == ["SU"]


def test_the_weekly_event_starts_on_a_chosen_day_after_joining(client_alice, alice):
    Profile.objects.create(user=alice, reminder_days=[4])
    event = weekly(read(client_alice, make_feed(client_alice)))
    joined = alice.date_joined.date()
    assert event.DTSTART.weekday() == 4
    assert joined <= event.DTSTART.date() < joined + timedelta(days=7)


def test_the_new_address_also_opens_in_a_calendar_app(client_alice):
    client_alice.post("/accounts/settings/calendar/", {"action": "new"})
    page = client_alice.get("/accounts/settings/").content.decode()
    assert re.search(r'href="webcal://testserver/calendar/[A-Za-z0-9_-]+\.ics"', page)
