"""Every "today" is the person's own: their time zone, not the server's, decides when a day starts.

The server runs on UTC here. Half past eleven at night in New York is already tomorrow in UTC,
and half past midnight in Auckland is still yesterday.
"""

import re
from datetime import UTC, date, datetime
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.contrib.staticfiles import finders
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from progress.models import Session
from sciatica.accounts.middleware import SESSION_KEY, TimeZoneMiddleware
from sciatica.accounts.models import Profile, person_time_zone, time_zone_for
from sciatica.accounts.zones import time_zone_choices
from tests.conftest import screened

pytestmark = pytest.mark.django_db

User = get_user_model()
PASSWORD = "calm-heron-walks-47"
LOG = "/progress/log/"
DASHBOARD = "/progress/"
HISTORY = "/progress/history/"
SETTINGS = "/accounts/settings/"

NEW_YORK = "America/New_York"
AUCKLAND = "Pacific/Auckland"
# 23:30 on Monday 9 March in New York: daylight saving time began on the 8th, so UTC-4.
LATE_IN_NEW_YORK = datetime(2026, 3, 10, 3, 30, tzinfo=UTC)
# 00:30 on Tuesday 10 March in Auckland: summer time, UTC+13.
EARLY_IN_AUCKLAND = datetime(2026, 3, 9, 11, 30, tzinfo=UTC)
MONDAY = date(2026, 3, 9)
TUESDAY = date(2026, 3, 10)


@pytest.fixture(autouse=True)
def server_on_utc(settings):
    settings.TIME_ZONE = "UTC"


def person(username: str, zone: str | None = None):
    """Someone who has answered the safety questions, in `zone` (no profile if None)."""
    user = User.objects.create_user(username, password=PASSWORD)
    if zone:
        Profile.objects.create(user=user, time_zone=zone)
    return screened(user)


@pytest.fixture
def new_yorker():
    return person("nadia", NEW_YORK)


@pytest.fixture
def aucklander():
    return person("aroha", AUCKLAND)


def session_data(day: date) -> dict:
    return {
        "date": day.isoformat(),
        "submission_id": "6f1c2a8e-3b7d-4a52-9a0e-0c4f1d2b3e4f",
        "leg_pain_before": "3",
        "leg_pain_after": "3",
        "back_pain": "2",
        "symptoms_reach": "thigh",
        "notes": "",
        "form-TOTAL_FORMS": "0",
        "form-INITIAL_FORMS": "0",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "40",
    }


def default_log_date(client) -> date:
    return client.get(LOG).context["form"]["date"].value()


def test_the_test_instants_are_the_local_times_they_claim():
    late = LATE_IN_NEW_YORK.astimezone(ZoneInfo(NEW_YORK))
    early = EARLY_IN_AUCKLAND.astimezone(ZoneInfo(AUCKLAND))
    assert late.replace(tzinfo=None) == datetime(2026, 3, 9, 23, 30)
    assert early.replace(tzinfo=None) == datetime(2026, 3, 10, 0, 30)
    assert LATE_IN_NEW_YORK.date() == TUESDAY
    assert EARLY_IN_AUCKLAND.date() == MONDAY


# Logging a session near midnight


def test_a_new_yorker_logging_at_half_past_eleven_at_night_gets_that_day(
    client, new_yorker, time_machine
):
    time_machine.move_to(LATE_IN_NEW_YORK, tick=False)
    client.force_login(new_yorker)
    assert default_log_date(client) == MONDAY

    response = client.post(LOG, session_data(MONDAY))
    assert response.status_code == 302
    assert Session.objects.get(user=new_yorker).date == MONDAY
    assert "Monday 9 March 2026" in client.get(HISTORY).content.decode()
    # It is still that evening for them: no next-morning question yet.
    assert client.get(DASHBOARD).context["check_in"] is None


def test_an_aucklander_logging_at_half_past_midnight_gets_the_new_day_and_it_is_not_the_future(
    client, aucklander, time_machine
):
    time_machine.move_to(EARLY_IN_AUCKLAND, tick=False)
    client.force_login(aucklander)
    assert default_log_date(client) == TUESDAY

    response = client.post(LOG, session_data(TUESDAY))
    assert response.status_code == 302
    assert Session.objects.get(user=aucklander).date == TUESDAY
    assert "Tuesday 10 March 2026" in client.get(HISTORY).content.decode()


def test_the_day_after_the_persons_today_is_still_the_future(client, aucklander, time_machine):
    time_machine.move_to(EARLY_IN_AUCKLAND, tick=False)
    client.force_login(aucklander)
    response = client.post(LOG, session_data(date(2026, 3, 11)))
    assert "The date cannot be in the future." in response.content.decode()
    assert not Session.objects.exists()


def test_the_next_morning_check_in_starts_at_the_persons_midnight(client, aucklander, time_machine):
    time_machine.move_to(EARLY_IN_AUCKLAND, tick=False)
    client.force_login(aucklander)
    client.post(LOG, session_data(MONDAY))
    assert client.get(DASHBOARD).context["check_in"] == Session.objects.get(user=aucklander)


def test_the_dashboards_week_ends_at_the_persons_sunday_midnight(client, new_yorker, time_machine):
    # 23:30 on Sunday 15 March in New York, Monday the 16th in UTC.
    time_machine.move_to(datetime(2026, 3, 16, 3, 30, tzinfo=UTC), tick=False)
    client.force_login(new_yorker)
    client.post(LOG, session_data(date(2026, 3, 13)))
    assert client.get(DASHBOARD).context["this_week"] == 1


# Sign-up


def sign_up(client, **fields):
    data = {"username": "bob", "email": "", "password1": PASSWORD, "password2": PASSWORD}
    return client.post("/accounts/signup/", {**data, **fields})


def test_signing_up_keeps_the_time_zone_the_browser_reported(client):
    assert sign_up(client, time_zone=AUCKLAND).status_code == 302
    assert Profile.objects.get(user__username="bob").time_zone == AUCKLAND
    assert client.session[SESSION_KEY] == AUCKLAND


@pytest.mark.parametrize("reported", ["Mars/Olympus_Mons", "", "localtime"], ids=repr)
def test_an_unknown_or_missing_zone_at_sign_up_quietly_becomes_the_sites_default(
    client, settings, reported
):
    settings.TIME_ZONE = "Europe/London"
    response = sign_up(client, time_zone=reported)
    assert response.status_code == 302
    assert Profile.objects.get(user__username="bob").time_zone == "Europe/London"


def test_without_javascript_sign_up_works_and_uses_the_sites_default(client, settings):
    settings.TIME_ZONE = "Europe/London"
    assert sign_up(client).status_code == 302
    assert time_zone_for(User.objects.get(username="bob")) == "Europe/London"


def test_the_sign_up_page_asks_the_browser_for_its_zone_from_a_script_file(client):
    html = client.get("/accounts/signup/").content.decode()
    assert '<input type="hidden" name="time_zone" id="id_time_zone">' in html
    assert '<script src="/static/js/time-zone.js" defer></script>' in html
    assert "You can change it later in your settings." in html
    script = Path(finders.find("js/time-zone.js")).read_text(encoding="utf-8")
    assert "Intl.DateTimeFormat().resolvedOptions().timeZone" in script
    assert 'getElementById("id_time_zone")' in script


# The settings page


def test_the_settings_page_needs_a_login(client):
    for method in (client.get, client.post):
        response = method(SETTINGS, {"time_zone": AUCKLAND})
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_the_settings_page_shows_the_persons_zone_selected_and_its_time_now(
    client, new_yorker, time_machine
):
    time_machine.move_to(LATE_IN_NEW_YORK, tick=False)
    client.force_login(new_yorker)
    html = client.get(SETTINGS).content.decode()
    assert re.findall(r'<option value="([^"]+)" selected>', html) == [NEW_YORK]
    assert "where it is 23:30 on Monday 9 March" in html


def test_the_zones_are_listed_by_region_in_order(client, new_yorker):
    client.force_login(new_yorker)
    html = client.get(SETTINGS).content.decode()
    europe = html[html.index('<optgroup label="Europe">') :]
    europe = europe[: europe.index("</optgroup>")]
    names = re.findall(r'<option value="([^"]+)"', europe)
    assert "Europe/London" in names
    assert names == sorted(names)
    assert '<option value="Europe/London">London</option>' in europe


def test_an_old_style_zone_name_is_kept_in_the_list_when_it_is_the_persons():
    names = [value for value, label in time_zone_choices("US/Eastern") if isinstance(label, str)]
    assert names == ["US/Eastern", "UTC"]
    assert "US/Eastern" not in str(time_zone_choices(NEW_YORK))


def test_changing_the_zone_saves_it_and_the_next_request_uses_it(client, new_yorker, time_machine):
    time_machine.move_to(EARLY_IN_AUCKLAND, tick=False)
    client.force_login(new_yorker)
    assert default_log_date(client) == MONDAY  # 07:30 in New York

    response = client.post(SETTINGS, {"time_zone": AUCKLAND}, follow=True)
    assert response.redirect_chain == [(SETTINGS, 302)]
    assert "Saved. Your time zone is now Pacific/Auckland." in response.content.decode()
    assert Profile.objects.get(user=new_yorker).time_zone == AUCKLAND
    assert default_log_date(client) == TUESDAY  # 00:30 in Auckland


def test_someone_without_a_profile_gets_the_sites_default_and_a_profile_when_they_save(
    client, settings, time_machine
):
    settings.TIME_ZONE = "Pacific/Auckland"
    time_machine.move_to(EARLY_IN_AUCKLAND, tick=False)
    old_timer = person("olive")
    assert time_zone_for(old_timer) == "Pacific/Auckland"
    client.force_login(old_timer)
    assert default_log_date(client) == TUESDAY
    html = client.get(SETTINGS).content.decode()
    assert re.findall(r'<option value="([^"]+)" selected>', html) == [AUCKLAND]

    client.post(SETTINGS, {"time_zone": NEW_YORK})
    assert Profile.objects.get(user=old_timer).time_zone == NEW_YORK
    assert default_log_date(client) == MONDAY


@pytest.mark.parametrize("value", ["Mars/Olympus_Mons", "localtime", ""], ids=repr)
def test_an_unknown_zone_is_refused_with_a_message_and_changes_nothing(client, new_yorker, value):
    client.force_login(new_yorker)
    response = client.post(SETTINGS, {"time_zone": value})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="alert"' in html
    if value:
        assert f"“{value}” is not a time zone we know. Please choose one from the list." in html
    else:
        assert "Please choose your time zone." in html
    assert "Your time zone is <strong>America/New_York</strong>" in html
    assert Profile.objects.get(user=new_yorker).time_zone == NEW_YORK
    assert client.session[SESSION_KEY] == NEW_YORK


def test_the_settings_page_links_to_the_password_and_account_deletion_pages(client, new_yorker):
    client.force_login(new_yorker)
    html = client.get(SETTINGS).content.decode()
    assert 'href="/accounts/password_change/"' in html
    assert 'href="/accounts/delete/"' in html


def test_the_settings_page_has_one_heading_a_label_and_no_inline_style_or_script(
    client, new_yorker
):
    client.force_login(new_yorker)
    html = client.get(SETTINGS).content.decode()
    assert html.count("<h1") == 1
    assert '<label for="id_time_zone">Your time zone:</label>' in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert not re.search(r"\sstyle=", html)


def test_the_nav_links_logged_in_people_to_their_settings(client, new_yorker):
    assert 'href="/accounts/settings/"' not in client.get("/exercises/").content.decode()
    client.force_login(new_yorker)
    assert 'href="/accounts/settings/"' in client.get("/exercises/").content.decode()
    assert (
        '<a href="/accounts/settings/" aria-current="page">Settings</a>'
        in client.get(SETTINGS).content.decode()
    )


# How a request gets its zone


def test_the_zone_is_kept_in_the_session_not_read_on_every_request(client, new_yorker):
    client.force_login(new_yorker)
    assert client.session[SESSION_KEY] == NEW_YORK
    with CaptureQueriesContext(connection) as captured:
        client.get(HISTORY)
    assert not [q for q in captured if "accounts_profile" in q["sql"]]


def test_a_session_without_the_zone_reads_it_once_and_keeps_it(client, new_yorker, time_machine):
    time_machine.move_to(LATE_IN_NEW_YORK, tick=False)
    client.force_login(new_yorker)
    session = client.session
    del session[SESSION_KEY]
    session.save()
    assert default_log_date(client) == MONDAY
    assert client.session[SESSION_KEY] == NEW_YORK


def test_logging_in_picks_up_a_zone_changed_on_another_device(client, new_yorker):
    client.force_login(new_yorker)
    Profile.objects.filter(user=new_yorker).update(time_zone=AUCKLAND)
    client.post("/accounts/login/", {"username": "nadia", "password": PASSWORD})
    assert client.session[SESSION_KEY] == AUCKLAND


def test_one_persons_zone_does_not_follow_the_next_person_on_the_same_browser(
    client, new_yorker, settings
):
    settings.TIME_ZONE = "Europe/London"
    client.force_login(new_yorker)
    client.post("/accounts/logout/")
    client.post("/accounts/login/", {"username": person("olive").username, "password": PASSWORD})
    assert client.session[SESSION_KEY] == "Europe/London"


def test_a_visitor_gets_the_sites_default_and_the_zone_is_put_back_afterwards(settings):
    settings.TIME_ZONE = "Asia/Tokyo"
    seen = []

    def view(request):
        seen.append(timezone.get_current_timezone_name())
        return HttpResponse()

    request = RequestFactory().get("/exercises/")
    request.user = AnonymousUser()
    with timezone.override(AUCKLAND):
        TimeZoneMiddleware(view)(request)
        assert timezone.get_current_timezone_name() == AUCKLAND
    assert seen == ["Asia/Tokyo"]


# Outside a request: management commands


def test_person_time_zone_makes_today_the_persons_day_outside_a_request(
    new_yorker, aucklander, time_machine
):
    time_machine.move_to(LATE_IN_NEW_YORK, tick=False)
    with person_time_zone(new_yorker):
        assert timezone.localdate() == MONDAY
    with person_time_zone(aucklander):
        assert timezone.localdate() == TUESDAY
    assert timezone.localdate() == TUESDAY  # the server's UTC again
    with person_time_zone(new_yorker):
        assert timezone.localdate() == MONDAY


def test_the_import_command_judges_the_future_on_the_persons_date(
    aucklander, time_machine, tmp_path
):
    from django.core.management import call_command

    from progress.csvlog import COLUMNS

    time_machine.move_to(EARLY_IN_AUCKLAND, tick=False)
    file = tmp_path / "log.csv"
    file.write_text(f"{','.join(COLUMNS)}\n{TUESDAY},3,3,,2,thigh,walk,,\n", encoding="utf-8")
    call_command("import_log", aucklander.username, str(file), stdout=StringIO())
    assert Session.objects.get(user=aucklander).date == TUESDAY
