"""Password guessing is slowed down everywhere a password is checked, and nobody can lock the
owner out (see sciatica/accounts/throttle.py)."""

import re
import threading
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sciatica.accounts.models import Attempt

pytestmark = pytest.mark.django_db

URL = reverse("login")
RIGHT = "a-long-pass-phrase"
TOO_MANY = "Too many failed attempts. Try again in 15 minutes, or reset your password."


def attempt(client, password, username="alice", address="10.0.0.1", **headers):
    return client.post(
        URL, {"username": username, "password": password}, REMOTE_ADDR=address, **headers
    )


@pytest.fixture(autouse=True)
def alice_has_an_email(request):
    if "alice" in request.fixturenames:
        alice = request.getfixturevalue("alice")
        alice.email = "alice@example.com"
        alice.save()


def logged_in(response) -> bool:
    return response.status_code == 302


def test_five_failures_in_a_row_stop_further_tries_with_a_clear_message(client, alice):
    for _ in range(5):
        assert (
            "That username and password don&#x27;t match an account"
            in attempt(client, "wrong").content.decode()
        )
    response = attempt(client, RIGHT)
    assert TOO_MANY in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_four_failures_still_let_the_right_password_in(client, alice):
    for _ in range(4):
        attempt(client, "wrong")
    assert logged_in(attempt(client, RIGHT))


def test_the_limit_is_per_account_and_address(client, alice, bob):
    for _ in range(5):
        attempt(client, "wrong")
    assert logged_in(attempt(client, "another-long-phrase", username="bob"))
    client.logout()
    assert logged_in(attempt(client, RIGHT, address="10.0.0.2"))


def test_the_block_lifts_after_fifteen_minutes(client, alice):
    for _ in range(5):
        attempt(client, "wrong")
    Attempt.objects.update(at=timezone.now() - timedelta(minutes=16))
    assert logged_in(attempt(client, RIGHT))


# The name typed is folded the way authentication folds it: NFKC, then capitals ignored.
# Full-width, mathematical bold, circled and script letters, written as escapes.
LOOK_ALIKES = [
    "ALICE",
    "Alice",
    "\uff41\uff4c\uff49\uff43\uff45",
    "\U0001d41a\U0001d425\U0001d422\U0001d41c\U0001d41e",
    "\u24d0\u24db\u24d8\u24d2\u24d4",
    "\U0001d4b6\U0001d4c1\U0001d4be\U0001d4b8\u212f",
]


@pytest.mark.parametrize("spelling", LOOK_ALIKES)
def test_a_look_alike_spelling_logs_in_when_nothing_is_blocked(client, alice, spelling):
    assert logged_in(attempt(client, RIGHT, username=spelling))


def test_look_alike_spellings_share_one_limit(client, alice):
    for spelling in LOOK_ALIKES[:5]:
        attempt(client, "wrong", username=spelling)
    for spelling in ["alice", *LOOK_ALIKES]:
        assert TOO_MANY in attempt(client, RIGHT, username=spelling).content.decode(), spelling
    assert Attempt.objects.filter(action="login").count() == 5


def test_one_address_cannot_try_many_accounts(client, django_user_model):
    for n in range(30):
        attempt(client, "wrong", username=f"nobody{n}")
    django_user_model.objects.create_user("carol", password=RIGHT)
    assert not logged_in(attempt(client, RIGHT, username="carol"))
    assert logged_in(attempt(client, RIGHT, username="carol", address="10.9.9.9"))


def test_guesses_from_many_addresses_slow_the_owner_for_a_minute_at_most(
    client, alice, time_machine
):
    time_machine.move_to(timezone.now(), tick=False)
    for n in range(20):
        attempt(client, "wrong", address=f"10.1.0.{n}")
    response = attempt(client, RIGHT, address="192.0.2.7")
    wait = re.search(
        r"Too many failed attempts. Try again in (\d+) seconds?", response.content.decode()
    )
    assert wait and 1 <= int(wait.group(1)) <= 60
    time_machine.shift(timedelta(seconds=61))
    assert logged_in(attempt(client, RIGHT, address="192.0.2.7"))


# Behind a proxy


def test_behind_a_proxy_the_address_is_the_one_the_proxy_appended(client, alice, settings):
    settings.BEHIND_PROXY = True
    # Every request comes from the proxy; the clients differ, and one forges a first entry.
    for _ in range(5):
        attempt(client, "wrong", address="127.0.0.1", HTTP_X_FORWARDED_FOR="10.0.0.1, 203.0.113.9")
    forged_as_owner = attempt(
        client, RIGHT, address="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.4, 203.0.113.9"
    )
    assert not logged_in(forged_as_owner)
    owner = attempt(client, RIGHT, address="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.4")
    assert logged_in(owner)


def test_without_a_proxy_a_forwarded_header_is_ignored(client, alice, settings):
    settings.BEHIND_PROXY = False
    for n in range(5):
        attempt(client, "wrong", HTTP_X_FORWARDED_FOR=f"10.2.0.{n}")
    assert not logged_in(attempt(client, RIGHT, HTTP_X_FORWARDED_FOR="10.3.0.1"))


# A reset lifts the block


def reset_password(client, user, mailoutbox, new="quiet-otter-swims-82"):
    client.post("/accounts/password_reset/", {"email": user.email}, REMOTE_ADDR="10.0.0.1")
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mailoutbox[-1].body).group(1)
    form_url = client.get(link)["Location"]
    response = client.post(form_url, {"new_password1": new, "new_password2": new})
    assert response["Location"] == "/accounts/reset/done/"
    return new


def test_a_successful_reset_clears_the_failures(client, alice, mailoutbox):
    for _ in range(5):
        attempt(client, "wrong")
    new = reset_password(client, alice, mailoutbox)
    assert logged_in(attempt(client, new))


# The admin, password change, account deletion and reset emails


def test_the_admin_login_is_limited_too(client, django_user_model):
    django_user_model.objects.create_superuser("root", password=RIGHT)
    for _ in range(5):
        client.post(
            "/admin/login/", {"username": "root", "password": "wrong"}, REMOTE_ADDR="10.0.0.1"
        )
    response = client.post(
        "/admin/login/", {"username": "root", "password": RIGHT}, REMOTE_ADDR="10.0.0.1"
    )
    assert TOO_MANY in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_wrong_current_passwords_on_password_change_are_limited(client, alice):
    client.force_login(alice)
    new = "quiet-otter-swims-82"
    data = {"new_password1": new, "new_password2": new}
    for _ in range(5):
        response = client.post("/accounts/password_change/", {**data, "old_password": "wrong"})
        assert "That is not your current password" in response.content.decode()
    response = client.post("/accounts/password_change/", {**data, "old_password": RIGHT})
    assert "Too many failed attempts. Try again in 15 minutes." in response.content.decode()
    alice.refresh_from_db()
    assert alice.check_password(RIGHT)


def test_wrong_passwords_on_account_deletion_are_limited(client, alice):
    client.force_login(alice)
    for _ in range(5):
        client.post(reverse("delete_account"), {"password": "wrong"})
    response = client.post(reverse("delete_account"), {"password": RIGHT})
    assert "Too many failed attempts" in response.content.decode()
    assert get_user_model().objects.filter(pk=alice.pk).exists()


def test_reset_emails_are_limited_per_address_typed(client, alice, mailoutbox):
    for _ in range(3):
        client.post("/accounts/password_reset/", {"email": alice.email})
    response = client.post("/accounts/password_reset/", {"email": alice.email})
    assert "Too many reset emails were asked for. Try again in" in response.content.decode()
    assert len(mailoutbox) == 3


def test_reset_emails_are_limited_per_client(client, alice, mailoutbox):
    for n in range(10):
        client.post("/accounts/password_reset/", {"email": f"someone{n}@example.com"})
    response = client.post("/accounts/password_reset/", {"email": alice.email})
    assert "Too many reset emails" in response.content.decode()
    assert mailoutbox == []


# Many tries at the same moment


@pytest.mark.django_db(transaction=True)
def test_forty_wrong_passwords_at_once_get_at_most_five_checks(django_user_model, monkeypatch):
    django_user_model.objects.create_user("dave", password=RIGHT)
    checks = []
    real = django_user_model.check_password

    def counted(user, raw):
        checks.append(raw)
        return real(user, raw)

    monkeypatch.setattr(django_user_model, "check_password", counted)
    start = threading.Barrier(40)

    def guess():
        start.wait()
        Client().post(URL, {"username": "dave", "password": "wrong"}, REMOTE_ADDR="10.0.0.1")

    threads = [threading.Thread(target=guess) for _ in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert 1 <= len(checks) <= 5
