"""Alice cannot see or change anything of Bob's; a visitor sees nothing of anyone's."""

import pytest
from django.urls import reverse

from progress.models import Session
from progress.urls import urlpatterns
from tests.helpers import log_session

pytestmark = pytest.mark.django_db

# Every URL of the progress app, found from its urlconf so that a new one cannot be missed.
SESSION_URLS = [f"progress:{p.name}" for p in urlpatterns if "<int:pk>" in str(p.pattern)]
PERSONAL_URLS = [f"progress:{p.name}" for p in urlpatterns if "<int:pk>" not in str(p.pattern)]


def test_the_lists_cover_every_progress_url():
    assert len(SESSION_URLS) == 4
    assert len(SESSION_URLS) + len(PERSONAL_URLS) == len(urlpatterns)


@pytest.mark.parametrize("name", SESSION_URLS)
def test_bobs_session_is_a_404_for_alice(client_alice, bob, name):
    session = log_session(bob, 1, notes="Bob's private note")
    url = reverse(name, args=[session.pk])
    for method in (client_alice.get, client_alice.post):
        response = method(url, {"leg_pain_next_morning": "2"})
        assert response.status_code == 404
        assert b"Bob's private note" not in response.content
    session.refresh_from_db()
    assert session.leg_pain_next_morning is None
    assert Session.objects.filter(pk=session.pk).exists()


@pytest.mark.parametrize("name", SESSION_URLS)
def test_a_visitor_is_sent_to_log_in_for_any_session(client, bob, name):
    session = log_session(bob, 1)
    response = client.get(reverse(name, args=[session.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", [*PERSONAL_URLS, "delete_account", "password_change"])
def test_a_visitor_is_sent_to_log_in_for_every_personal_page(client, name):
    for method in (client.get, client.post):
        response = method(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_alices_pages_show_only_her_sessions(client_alice, alice, bob):
    log_session(bob, 1, notes="Bob's private note", before=2, after=7)
    mine = log_session(alice, 1)
    history = client_alice.get(reverse("progress:history"))
    assert [s.pk for s in history.context["sessions"]] == [mine.pk]
    assert "Bob&#x27;s private note" not in history.content.decode()
    assert (
        "Your leg pain went up"
        not in client_alice.get(reverse("progress:dashboard")).content.decode()
    )
    export = client_alice.get(reverse("progress:export")).content.decode()
    assert "Bob" not in export
    assert len(export.strip().splitlines()) == 2  # the header and Alice's one session


ACCOUNT_URLS = ["account_settings", "password_change", "delete_account"]


@pytest.mark.parametrize("name", [*PERSONAL_URLS, *SESSION_URLS, *ACCOUNT_URLS])
def test_no_cache_and_no_browser_may_store_a_persons_page(client_alice, alice, name):
    args = [log_session(alice, 1).pk] if name in SESSION_URLS else []
    response = client_alice.get(reverse(name, args=args))
    if response.status_code == 405:  # POST-only URLs: their answer is a redirect, same rule
        response = client_alice.post(reverse(name, args=args))
    cache_control = response.get("Cache-Control", "")
    assert "private" in cache_control and "no-store" in cache_control, (name, cache_control)


def test_the_public_emergency_page_stays_cacheable_for_a_logged_in_person(client_alice):
    response = client_alice.get(reverse("emergency"))
    assert "public" in response["Cache-Control"]
    assert "no-store" not in response["Cache-Control"]


def test_a_visitors_library_page_is_not_marked_private(client):
    assert "no-store" not in client.get(reverse("exercises:list")).get("Cache-Control", "")
