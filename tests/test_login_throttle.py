import pytest
from django.urls import reverse

from progress.models import LoginFailure

pytestmark = pytest.mark.django_db

URL = reverse("login")


def attempt(client, password, username="alice", address="10.0.0.1"):
    return client.post(URL, {"username": username, "password": password}, REMOTE_ADDR=address)


def test_five_failures_in_a_row_stop_further_tries_with_a_clear_message(client, alice):
    for _ in range(5):
        assert (
            "Please enter a correct username and password"
            in attempt(client, "wrong").content.decode()
        )
    response = attempt(client, "a-long-pass-phrase")
    html = response.content.decode()
    assert "Too many failed attempts. Try again in 15 minutes, or reset your password." in html
    assert "_auth_user_id" not in client.session


def test_the_limit_is_per_user_name_and_address(client, alice, bob):
    for _ in range(5):
        attempt(client, "wrong")
    assert attempt(client, "another-long-phrase", username="bob").status_code == 302
    client.logout()
    assert attempt(client, "a-long-pass-phrase", address="10.0.0.2").status_code == 302


def test_the_block_lifts_after_fifteen_minutes(client, alice):
    for _ in range(5):
        attempt(client, "wrong")
    from datetime import timedelta

    from django.utils import timezone

    LoginFailure.objects.update(at=timezone.now() - timedelta(minutes=16))
    assert attempt(client, "a-long-pass-phrase").status_code == 302


def test_four_failures_still_let_the_right_password_in(client, alice):
    for _ in range(4):
        attempt(client, "wrong")
    assert attempt(client, "a-long-pass-phrase").status_code == 302
