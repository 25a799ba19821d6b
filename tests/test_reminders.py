"""Reminders: the rule for when one is due, the settings that choose it, send_reminders, and
confirming an address and unsubscribing without a login."""

import email.policy
import re
from datetime import UTC, date, datetime, time
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.mail import EmailMessage
from django.core.management import call_command
from django.test import override_settings

from sciatica.accounts import reminders
from sciatica.accounts.models import Profile, ReminderSent
from sciatica.accounts.reminders import Choice, Kind, Record
from tests.helpers import log_session

SITE = "https://sciatica.example"
LONDON = "Europe/London"
MON_WED_FRI = frozenset({0, 2, 4})
NOTHING = Record(frozenset(), frozenset(), frozenset())


def at(zone: str, *args) -> datetime:
    return datetime(*args, tzinfo=ZoneInfo(zone))


def choice(**changes) -> Choice:
    return Choice(
        **{"days": MON_WED_FRI, "at": time(18), "check_in": True, "time_zone": LONDON, **changes}
    )


# The rule (2026-11-23 is a Monday)


def test_the_exercise_reminder_is_due_from_the_chosen_time_on_a_chosen_day():
    assert reminders.due(choice(), NOTHING, at(LONDON, 2026, 11, 23, 17, 59)) is None
    assert reminders.due(choice(), NOTHING, at(LONDON, 2026, 11, 23, 18, 0)) == Kind.EXERCISES
    assert reminders.due(choice(), NOTHING, at(LONDON, 2026, 11, 23, 20, 59)) == Kind.EXERCISES


def test_a_reminder_hours_late_is_not_sent():
    assert reminders.due(choice(), NOTHING, at(LONDON, 2026, 11, 23, 21, 0)) is None


def test_no_exercise_reminder_on_a_day_not_chosen():
    assert reminders.due(choice(), NOTHING, at(LONDON, 2026, 11, 24, 18, 30)) is None


def test_the_chosen_time_is_in_the_persons_zone_not_the_servers():
    tokyo = choice(time_zone="Asia/Tokyo")
    # 09:00 UTC on Monday is 18:00 in Tokyo.
    assert reminders.due(tokyo, NOTHING, datetime(2026, 11, 23, 9, 0, tzinfo=UTC)) == Kind.EXERCISES
    assert reminders.due(choice(), NOTHING, datetime(2026, 11, 23, 9, 0, tzinfo=UTC)) is None


def test_the_persons_day_decides_the_weekday():
    # Sunday 23:30 UTC is already Monday 10:30 in Auckland, and 08:30 on Monday in Tokyo.
    auckland = choice(time_zone="Pacific/Auckland", at=time(10))
    assert reminders.due(auckland, NOTHING, datetime(2026, 11, 22, 21, 30, tzinfo=UTC)) == (
        Kind.EXERCISES
    )


def test_the_chosen_time_holds_on_the_day_the_clocks_change():
    # 29 March 2026, a Sunday, British Summer Time starts at 01:00 UTC.
    sunday = choice(days=frozenset({6}))
    assert reminders.due(sunday, NOTHING, at(LONDON, 2026, 3, 29, 18, 0)) == Kind.EXERCISES
    assert reminders.due(sunday, NOTHING, datetime(2026, 3, 29, 17, 0, tzinfo=UTC)) == (
        Kind.EXERCISES
    )
    assert reminders.due(sunday, NOTHING, datetime(2026, 3, 29, 16, 59, tzinfo=UTC)) is None


def test_no_exercise_reminder_once_a_session_is_logged_that_day():
    logged = Record(frozenset({date(2026, 11, 23)}), frozenset(), frozenset())
    assert reminders.due(choice(), logged, at(LONDON, 2026, 11, 23, 18, 30)) is None


def test_the_check_in_reminder_is_due_the_morning_after_an_unanswered_session():
    unanswered = Record(
        frozenset({date(2026, 11, 23)}), frozenset({date(2026, 11, 23)}), frozenset()
    )
    assert reminders.due(choice(), unanswered, at(LONDON, 2026, 11, 24, 7, 59)) is None
    assert reminders.due(choice(), unanswered, at(LONDON, 2026, 11, 24, 8, 0)) == Kind.CHECK_IN
    assert reminders.due(choice(), unanswered, at(LONDON, 2026, 11, 24, 12, 0)) is None


def test_the_check_in_reminder_is_optional():
    unanswered = Record(
        frozenset({date(2026, 11, 23)}), frozenset({date(2026, 11, 23)}), frozenset()
    )
    morning = at(LONDON, 2026, 11, 24, 9, 0)
    assert reminders.due(choice(check_in=False), unanswered, morning) is None


def test_nothing_more_is_due_on_a_day_a_reminder_was_sent():
    unanswered_monday = frozenset({date(2026, 11, 23)})
    sent_tuesday = Record(unanswered_monday, unanswered_monday, frozenset({date(2026, 11, 24)}))
    every_day = choice(days=frozenset(range(7)))
    assert reminders.due(every_day, sent_tuesday, at(LONDON, 2026, 11, 24, 18, 30)) is None


def test_no_reminder_wording_mentions_health():
    words = " ".join(reminders.WORDING.values()).lower()
    for health in ("pain", "leg", "back", "sciatica", "symptom", "flare", "nerve"):
        assert health not in words


# Settings


def post_reminders(client, **fields):
    data = {"days": ["0", "2", "4"], "at": "18:00", "check_in": "on", **fields}
    return client.post("/accounts/settings/reminders/", data)


@pytest.mark.django_db
def test_new_people_get_three_days_a_week_at_six_in_the_evening(client_alice, alice):
    page = client_alice.get("/accounts/settings/").content.decode()
    checked = re.findall(r'<input type="checkbox" name="days" value="(\d)"[^>]*checked', page)
    assert checked == ["0", "2", "4"]
    assert 'name="at" value="18:00"' in page


@pytest.mark.django_db
def test_a_person_chooses_their_days_time_and_check_in(client_alice, alice):
    response = post_reminders(client_alice, days=["1", "5"], at="07:30", check_in="", by_email="on")
    assert response.status_code == 302
    profile = Profile.objects.get(user=alice)
    assert profile.reminder_days == [1, 5]
    assert profile.reminder_time == time(7, 30)
    assert profile.check_in_reminder is False
    assert profile.email_reminders is True


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"days": []}, "Please choose at least one day."),
        ({"at": "half six"}, "That is not a time."),
        ({"at": "25:00"}, "That is not a time."),
        ({"at": ""}, "Please give a time, such as 18:00."),
        ({"days": ["9"]}, "Please choose days from the list."),
    ],
)
def test_what_cannot_be_saved_is_explained_and_nothing_changes(client_alice, alice, fields, error):
    Profile.objects.create(user=alice, reminder_days=[3], reminder_time=time(9))
    response = post_reminders(client_alice, **fields)
    assert response.status_code == 200
    assert error in response.content.decode()
    profile = Profile.objects.get(user=alice)
    assert (profile.reminder_days, profile.reminder_time) == ([3], time(9))


# Confirming an address


def confirmed(user) -> bool:
    user.refresh_from_db()
    profile = Profile.objects.filter(user=user).first()
    return profile is not None and profile.email_confirmed


def confirm_link() -> str:
    return re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)


@pytest.mark.django_db
def test_a_person_confirms_their_address_from_the_emailed_link(client_alice, alice):
    alice.email = "alice@example.com"
    alice.save()
    client_alice.post("/accounts/settings/confirm-email/")
    assert mail.outbox[-1].to == ["alice@example.com"]
    link = confirm_link()
    client_alice.logout()
    # Opening the link confirms nothing (mail programs open links to check them)...
    assert client_alice.get(link).status_code == 200
    assert not confirmed(alice)
    # ...pressing its button does, with no login needed.
    assert client_alice.post(link).status_code == 200
    assert confirmed(alice)


@pytest.mark.django_db
def test_a_changed_address_is_no_longer_confirmed_and_an_old_link_confirms_nothing(
    client_alice, alice
):
    alice.email = "alice@example.com"
    alice.save()
    client_alice.post("/accounts/settings/confirm-email/")
    link = confirm_link()
    client_alice.post(
        "/accounts/settings/",
        {"email": "new@example.com", "current_password": "a-long-pass-phrase"},
    )
    assert client_alice.post(link).status_code == 404
    assert not confirmed(alice)


@pytest.mark.django_db
def test_an_altered_confirmation_link_does_not_work(client):
    assert client.get("/accounts/confirm-email/abc:def/").status_code == 404


# send_reminders


def person(django_user_model, name, zone=LONDON, confirmed=True, wants=True, **choices):
    user = django_user_model.objects.create_user(name, f"{name}@example.com", "long-pass-phrase")
    Profile.objects.create(
        user=user,
        time_zone=zone,
        email_reminders=wants,
        confirmed_email=user.email if confirmed else "",
        **choices,
    )
    return user


def send(now: datetime) -> list:
    before = len(mail.outbox)
    with time_machine.travel(now, tick=False):
        call_command("send_reminders", site_url=SITE, stdout=StringIO())
    return mail.outbox[before:]


@pytest.mark.django_db
def test_it_sends_the_reminder_due_with_a_link_and_one_click_unsubscribe(django_user_model):
    person(django_user_model, "carol")
    [email] = send(at(LONDON, 2026, 11, 23, 18, 5))
    assert email.to == ["carol@example.com"]
    assert email.subject == "Time for your exercises"
    assert f"{SITE}/progress/" in email.body
    unsubscribe = email.extra_headers["List-Unsubscribe"]
    assert re.fullmatch(rf"<{SITE}/reminders/unsubscribe/\S+/>", unsubscribe)
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


@pytest.mark.django_db
def test_running_it_twice_sends_nothing_twice(django_user_model):
    carol = person(django_user_model, "carol")
    assert len(send(at(LONDON, 2026, 11, 23, 18, 5))) == 1
    assert send(at(LONDON, 2026, 11, 23, 18, 10)) == []
    assert ReminderSent.objects.filter(user=carol).count() == 1


@pytest.mark.django_db
def test_at_most_one_email_a_day_even_when_two_reminders_fall_due(django_user_model):
    carol = person(django_user_model, "carol", reminder_days=list(range(7)))
    with time_machine.travel(at(LONDON, 2026, 11, 23, 19, 0), tick=False):
        log_session(carol)  # Monday's session, with no next-morning answer
    [morning] = send(at(LONDON, 2026, 11, 24, 8, 30))
    assert morning.subject == "Time for your morning check-in"
    assert send(at(LONDON, 2026, 11, 24, 18, 5)) == []
    # The next day is a new day.
    assert len(send(at(LONDON, 2026, 11, 25, 18, 5))) == 1


@pytest.mark.django_db
def test_each_person_is_reminded_at_their_own_time(django_user_model):
    person(django_user_model, "carol", zone=LONDON)
    person(django_user_model, "dan", zone="America/New_York")
    # 18:05 in London is 13:05 in New York; 23:05 in London is 18:05 there.
    assert [e.to for e in send(datetime(2026, 11, 23, 18, 5, tzinfo=UTC))] == [
        ["carol@example.com"]
    ]
    assert [e.to for e in send(datetime(2026, 11, 23, 23, 5, tzinfo=UTC))] == [["dan@example.com"]]


@pytest.mark.django_db
def test_never_to_a_person_without_a_confirmed_address(django_user_model):
    person(django_user_model, "carol", confirmed=False)
    erin = person(django_user_model, "erin")
    erin.email = "changed@example.com"  # confirmed the old address, not this one
    erin.save()
    assert send(at(LONDON, 2026, 11, 23, 18, 5)) == []


@pytest.mark.django_db
def test_never_to_a_person_who_did_not_ask_for_emails(django_user_model):
    person(django_user_model, "carol", wants=False)
    assert send(at(LONDON, 2026, 11, 23, 18, 5)) == []


@pytest.mark.django_db
def test_an_email_that_fails_to_send_is_tried_again_on_the_next_run(django_user_model, monkeypatch):
    person(django_user_model, "carol")
    with monkeypatch.context() as broken:
        broken.setattr(EmailMessage, "send", no_mail_server)
        assert send(at(LONDON, 2026, 11, 23, 18, 5)) == []
    assert not ReminderSent.objects.exists()
    assert len(send(at(LONDON, 2026, 11, 23, 18, 10))) == 1


def no_mail_server(*args, **kwargs):
    raise ConnectionRefusedError("no mail server")


@pytest.mark.django_db
@override_settings(SITE_URL="")
def test_it_refuses_to_run_without_the_sites_address():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="set DJANGO_SITE_URL or pass --site-url"):
        call_command("send_reminders")
    with pytest.raises(CommandError, match="set DJANGO_SITE_URL or pass --site-url"):
        call_command("send_reminders", site_url="")


@pytest.mark.django_db
@override_settings(SITE_URL="https://from-settings.example")
def test_the_links_use_the_sites_address_from_the_settings_unless_one_is_passed(
    django_user_model,
):
    person(django_user_model, "carol")
    with time_machine.travel(at(LONDON, 2026, 11, 23, 18, 5), tick=False):
        call_command("send_reminders", stdout=StringIO())
    [email] = mail.outbox
    assert "https://from-settings.example/progress/" in email.body
    assert email.extra_headers["List-Unsubscribe"].startswith("<https://from-settings.example/")
    mail.outbox.clear()
    ReminderSent.objects.all().delete()
    assert f"{SITE}/progress/" in send(at(LONDON, 2026, 11, 23, 18, 10))[0].body


def test_the_sites_address_setting_comes_from_the_environment():
    from tests.test_settings import run_with

    code = "import sciatica.settings as s; print(repr(s.SITE_URL))"
    assert run_with({}, code).stdout.strip() == "''"
    result = run_with({"DJANGO_SITE_URL": "https://example.org"}, code)
    assert result.stdout.strip() == "'https://example.org'"


# Unsubscribing


def unsubscribe_url(email) -> str:
    return email.extra_headers["List-Unsubscribe"].strip("<>").removeprefix(SITE)


@pytest.mark.django_db
def test_the_one_click_post_unsubscribes_without_a_login(client, django_user_model):
    carol = person(django_user_model, "carol")
    [email] = send(at(LONDON, 2026, 11, 23, 18, 5))
    response = client.post(unsubscribe_url(email), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert Profile.objects.get(user=carol).email_reminders is False
    assert send(at(LONDON, 2026, 11, 25, 18, 5)) == []


@pytest.mark.django_db
def test_opening_the_unsubscribe_link_asks_before_unsubscribing(client, django_user_model):
    carol = person(django_user_model, "carol")
    [email] = send(at(LONDON, 2026, 11, 23, 18, 5))
    page = client.get(unsubscribe_url(email))
    assert "Stop reminder emails" in page.content.decode()
    assert Profile.objects.get(user=carol).email_reminders is True


@pytest.mark.django_db
def test_an_altered_unsubscribe_link_changes_nothing(client, django_user_model):
    carol = person(django_user_model, "carol")
    token = reminders.unsubscribe_token(carol.pk)
    assert client.post(f"/reminders/unsubscribe/{token}x/").status_code == 404
    assert Profile.objects.get(user=carol).email_reminders is True


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/accounts/settings/reminders/",
        "/accounts/settings/calendar/",
        "/accounts/settings/confirm-email/",
    ],
)
def test_a_visitor_changes_no_ones_reminders(client, url):
    response = client.post(url, {"days": ["0"], "at": "18:00", "action": "new"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not Profile.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_the_settings_say_the_address_gets_reminders_only_if_asked(client_alice):
    page = client_alice.get("/accounts/settings/").content.decode()
    assert "and reminders only if you ask for them below" in page


@pytest.mark.django_db
def test_a_reminder_another_run_has_just_recorded_is_not_sent_again(django_user_model, monkeypatch):
    # Two runs at the same moment: both find a reminder due, only the one whose row is written
    # first sends it (the other's row breaks the one-per-day constraint).
    carol = person(django_user_model, "carol")
    monkeypatch.setattr(reminders, "due", lambda *args: Kind.EXERCISES)
    ReminderSent.objects.create(user=carol, day=date(2026, 11, 23), kind=Kind.EXERCISES)
    assert send(at(LONDON, 2026, 11, 23, 18, 5)) == []


@pytest.mark.django_db
def test_the_email_says_nothing_about_health(django_user_model):
    person(django_user_model, "carol")
    [email] = send(at(LONDON, 2026, 11, 23, 18, 5))
    # The words a person reads, without the links (a token may hold any letters).
    text = re.sub(r"https?://\S+", "", f"{email.subject} {email.body}").lower()
    assert "time for your exercises" in text
    for health in ("pain", "leg", "back", "sciatica", "symptom", "flare"):
        assert health not in text


@pytest.mark.django_db
def test_the_unsubscribe_header_reaches_mail_programs_as_a_plain_address(django_user_model):
    person(django_user_model, "carol")
    [sent] = send(at(LONDON, 2026, 11, 23, 18, 5))
    raw = sent.message(policy=email.policy.SMTP).as_bytes()
    header = re.search(rb"List-Unsubscribe: (.*?)\r\n(?! )", raw).group(1)
    assert re.fullmatch(rb"<https://sciatica\.example/reminders/unsubscribe/\S+/>", header)
