"""Sharing the summary with a clinician: a link that needs no login, works until it expires or is
stopped, shows one person's summary only, and is kept out of caches and search engines."""

import hashlib
import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from progress import sharing
from progress.models import ShareLink
from sciatica.accounts import throttle
from sciatica.accounts.models import Attempt
from tests.helpers import days_ago, log_session

pytestmark = pytest.mark.django_db

SHARE = reverse("progress:share")


def make_link(client, **fields) -> str:
    """Make a link through the summary's form, as a person does; its address."""
    data = {
        "start": days_ago(55).isoformat(),
        "end": timezone.localdate().isoformat(),
        "valid_for": "30",
        **fields,
    }
    response = client.post(SHARE, data)
    assert response.status_code == 200, response.content.decode()
    return response.context["url"]


def path_of(url: str) -> str:
    return url.removeprefix("http://testserver")


def test_making_a_link_shows_it_once_and_stores_only_its_hash(client_alice, alice):
    url = make_link(client_alice)
    token = re.fullmatch(r"http://testserver/shared/([A-Za-z0-9_-]+)/", url)[1]
    link = ShareLink.objects.get(user=alice)
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(list(ShareLink.objects.values()))
    # The link is shown on the page that answers the form, and nowhere after.
    assert token not in client_alice.get(reverse("account_settings")).content.decode()
    assert token not in client_alice.get(reverse("progress:summary")).content.decode()


def test_a_token_is_at_least_128_random_bits_from_secrets(alice, monkeypatch):
    asked = []

    def token_urlsafe(nbytes):
        asked.append(nbytes)
        return "t" * 43

    monkeypatch.setattr(sharing.secrets, "token_urlsafe", token_urlsafe)
    link, token = sharing.make_link(alice, days_ago(55), timezone.localdate(), 30)
    assert token == "t" * 43
    assert asked and asked[0] * 8 >= 128
    assert link.token_hash == sharing.digest(token)


def test_links_made_one_after_another_have_different_tokens(alice):
    tokens = {
        sharing.make_link(alice, days_ago(55), timezone.localdate(), 30)[1] for _ in range(20)
    }
    assert len(tokens) == 20
    assert all(len(token) >= 43 for token in tokens)


def test_the_link_opens_the_summary_without_a_login_until_it_expires(client_alice, alice):
    log_session(alice, 3, before=4, after=6)
    url = path_of(make_link(client_alice, valid_for="7"))
    visitor = Client()
    response = visitor.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Exercise diary summary" in html
    assert "A diary kept by the person, not a clinical assessment." in html
    assert "leg pain rose from 4 to 6 during the session" in html
    with time_machine.travel(timezone.now() + timedelta(days=6, hours=23)):
        assert visitor.get(url).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=7, minutes=1)):
        assert visitor.get(url).status_code == 404


def test_a_revoked_link_is_a_404_at_once(client_alice, alice):
    url = path_of(make_link(client_alice))
    link = ShareLink.objects.get(user=alice)
    response = client_alice.post(reverse("progress:unshare"), {"link": link.pk}, follow=True)
    assert "The link is stopped: it no longer opens your summary." in response.content.decode()
    assert Client().get(url).status_code == 404


def test_expired_revoked_and_unknown_tokens_get_the_same_404(client_alice, alice):
    expired = path_of(make_link(client_alice, valid_for="1"))
    revoked = path_of(make_link(client_alice))
    ShareLink.objects.filter(user=alice).order_by("-id").update(revoked_at=timezone.now())
    ShareLink.objects.filter(user=alice).order_by("id").update(revoked_at=None)
    ShareLink.objects.filter(user=alice, revoked_at__isnull=True).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    unknown = "/shared/" + "A" * 43 + "/"
    responses = [Client().get(url) for url in (expired, revoked, unknown, "/shared/x/")]
    assert {r.status_code for r in responses} == {404}
    assert len({r.content for r in responses}) == 1
    assert len({tuple(sorted(r.headers.items())) for r in responses}) == 1


def test_a_link_shows_its_owners_summary_and_nobody_elses(client_alice, alice, bob):
    log_session(alice, 2, notes="Alice's note")
    log_session(bob, 2, before=8, after=8, notes="Bob's note")
    url = path_of(make_link(client_alice, notes="on"))
    html = Client().get(url).content.decode()
    assert "Alice&#x27;s note" in html and "Bob" not in html
    # A token changed by one character opens nothing.
    changed = url[:-2] + ("A" if url[-2] != "A" else "B") + "/"
    assert Client().get(changed).status_code == 404
    # Bob, logged in, sees Alice's summary through her link: the link, not the login, decides.
    bob_client = Client()
    bob_client.force_login(bob)
    assert "Bob" not in bob_client.get(url).content.decode()


def test_no_one_can_stop_or_see_another_persons_links(client_alice, alice, bob):
    sharing.make_link(bob, days_ago(55), timezone.localdate(), 30)
    bobs = ShareLink.objects.get(user=bob)
    response = client_alice.post(reverse("progress:unshare"), {"link": bobs.pk}, follow=True)
    assert "That link had already stopped working." in response.content.decode()
    bobs.refresh_from_db()
    assert bobs.revoked_at is None
    assert "Stop this link" not in client_alice.get(reverse("account_settings")).content.decode()


def test_a_tampered_link_id_is_refused_quietly(client_alice):
    response = client_alice.post(reverse("progress:unshare"), {"link": "1; DROP"}, follow=True)
    assert "That link had already stopped working." in response.content.decode()


HEADERS = {
    "X-Robots-Tag": "noindex, nofollow",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "private, no-store",
}


def test_the_shared_page_is_kept_out_of_search_engines_referrers_and_shared_caches(
    client_alice,
):
    url = path_of(make_link(client_alice))
    for response in (Client().get(url), Client().get("/shared/unknown-token/")):
        for name, value in HEADERS.items():
            assert response[name] == value, (response.status_code, name)
    html = Client().get(url).content.decode()
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert '<meta name="referrer" content="no-referrer">' in html


def test_the_shared_page_shows_only_the_summary(client_alice):
    html = Client().get(path_of(make_link(client_alice))).content.decode()
    assert reverse("progress:dashboard") not in html
    assert reverse("account_settings") not in html
    assert "<form" not in html


def test_the_shared_page_is_limited_per_client_address(client_alice):
    url = path_of(make_link(client_alice))
    limit = throttle.LIMITS["shared"].per_address
    visitor = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(limit):
        assert visitor.get(url).status_code == 200
    refused = visitor.get(url)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert refused["Cache-Control"] == "private, no-store"
    assert "Try again in" in refused.content.decode()
    # Guessing tokens counts too, and another address is not held up.
    assert visitor.get("/shared/guess/").status_code == 429
    assert Client(REMOTE_ADDR="198.51.100.2").get(url).status_code == 200
    assert Attempt.objects.filter(action="shared").exists()


def test_settings_list_live_links_with_when_they_were_last_opened(client_alice, alice):
    url = path_of(make_link(client_alice, name="Alice Smith"))
    settings_page = reverse("account_settings")
    html = client_alice.get(settings_page).content.decode()
    assert "Not opened yet." in html
    assert "shows the last 8 weeks, up to the day it is opened, with your name" in html
    opened_at = timezone.now() - timedelta(hours=1)
    with time_machine.travel(opened_at, tick=False):
        Client().get(url)
    html = client_alice.get(settings_page).content.decode()
    assert f"Last opened {timezone.localtime(opened_at):%-d %B %Y, %H:%M}." in html
    ShareLink.objects.update(revoked_at=timezone.now())
    html = client_alice.get(settings_page).content.decode()
    assert "Stop this link" not in html and "No link is open." in html


def test_a_link_made_for_a_past_period_keeps_it(client_alice, alice):
    log_session(alice, 100, notes="Then")
    log_session(alice, 1, notes="Now")
    url = make_link(
        client_alice,
        start=days_ago(120).isoformat(),
        end=days_ago(90).isoformat(),
        notes="on",
    )
    link = ShareLink.objects.get(user=alice)
    assert (link.period_days, link.period_end) == (31, days_ago(90))
    html = Client().get(path_of(url)).content.decode()
    assert "Then" in html and "Now" not in html


def test_a_link_for_the_latest_weeks_moves_on_with_the_days(client_alice, alice):
    url = path_of(make_link(client_alice))
    log_session(alice, 0, notes="Logged after the link was made")
    link = ShareLink.objects.get(user=alice)
    assert (link.period_days, link.period_end) == (56, None)
    with time_machine.travel(timezone.now() + timedelta(days=10)):
        response = Client().get(url)
        assert response.context["summary"].end == timezone.localdate()


def test_a_link_that_cannot_be_made_says_why_and_makes_none(client_alice):
    response = client_alice.post(
        SHARE,
        {"start": days_ago(5).isoformat(), "end": days_ago(9).isoformat(), "valid_for": "999"},
        follow=True,
    )
    html = response.content.decode()
    assert "No link was made. Choose how long the link works from the list." in html
    assert "No link was made. The last day comes before the first" in html
    assert not ShareLink.objects.exists()


def test_deleting_the_account_deletes_its_links(client_alice, alice):
    url = path_of(make_link(client_alice))
    alice.delete()
    assert not ShareLink.objects.exists()
    assert Client().get(url).status_code == 404


@pytest.fixture
def editor(client):
    from django.contrib.auth.models import User

    user = User.objects.create_superuser("editor", "editor@example.com", "a-long-pass-phrase")
    client.force_login(user)
    return client


def test_staff_read_the_links_in_the_admin_but_cannot_add_change_or_see_the_hash(editor, alice):
    link, token = sharing.make_link(alice, days_ago(55), timezone.localdate(), 30)
    listing = editor.get(reverse("admin:progress_sharelink_changelist")).content.decode()
    assert "alice" in listing
    page = editor.get(reverse("admin:progress_sharelink_change", args=[link.pk])).content.decode()
    assert link.token_hash not in page and token not in page
    assert 'name="_save"' not in page
    assert editor.get(reverse("admin:progress_sharelink_add")).status_code == 403
    change = reverse("admin:progress_sharelink_change", args=[link.pk])
    assert editor.post(change, {"period_days": "999"}).status_code == 403


def test_the_shared_summary_ends_on_the_persons_today_in_their_time_zone(alice):
    from datetime import UTC, date, datetime

    from sciatica.accounts.models import Profile

    Profile.objects.update_or_create(user=alice, defaults={"time_zone": "Pacific/Auckland"})
    # 20:00 in London and UTC is 09:00 the next morning in Auckland.
    with time_machine.travel(datetime(2026, 3, 10, 20, 0, tzinfo=UTC), tick=False):
        _, token = sharing.make_link(alice, date(2026, 1, 14), date(2026, 3, 10), 30)
        response = Client().get(f"/shared/{token}/")
    built = response.context["summary"]
    assert (built.start, built.end) == (date(2026, 1, 15), date(2026, 3, 11))
