import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from progress.models import Session, SessionExercise
from tests.helpers import log_session

pytestmark = pytest.mark.django_db

URL = reverse("delete_account")


def test_the_page_offers_the_csv_export_first(client_alice):
    html = client_alice.get(URL).content.decode()
    assert reverse("progress:export") in html
    assert html.index("Download your log") < html.index('type="password"')


def test_a_wrong_password_deletes_nothing(client_alice, alice):
    log_session(alice, 1, exercises=["walk"])
    response = client_alice.post(URL, {"password": "nope"})
    assert "That password is not right" in response.content.decode()
    assert get_user_model().objects.filter(pk=alice.pk).exists()
    assert Session.objects.count() == 1


def test_deleting_removes_the_account_and_its_whole_log(client_alice, alice, bob):
    log_session(alice, 1, exercises=["walk"])
    log_session(bob, 1, exercises=["walk"])
    response = client_alice.post(URL, {"password": "a-long-pass-phrase"})
    assert response["Location"] == reverse("exercises:list")
    assert not get_user_model().objects.filter(pk=alice.pk).exists()
    assert list(Session.objects.values_list("user__username", flat=True)) == ["bob"]
    assert SessionExercise.objects.count() == 1
    assert client_alice.get(reverse("progress:dashboard")).status_code == 302


def test_deleting_is_a_post_and_needs_a_login(client):
    assert client.get(URL)["Location"].startswith(reverse("login"))
