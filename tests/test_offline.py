"""Installing the app and reading it with no connection: the manifest, its icons, the service
worker and what it keeps on the device."""

import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from PIL import Image

from exercises.models import Exercise
from exercises.views import figure_url
from progress.models import Screening, Session
from progress.testing import log_form_data
from sciatica.icons import draw

pytestmark = pytest.mark.django_db


def worker_config(client) -> dict:
    body = client.get("/sw.js").content.decode()
    match = re.match(r"const CONFIG = (\{.*?\});\n", body)
    assert match, body[:200]
    return json.loads(match.group(1))


# The manifest


def test_the_manifest_names_the_app_and_opens_it_standalone_at_the_start(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"].startswith("sciatica")
    assert manifest["short_name"] == "sciatica"
    assert manifest["start_url"] == "/"
    assert manifest["display"] == "standalone"
    assert manifest["theme_color"] == "#0b5cad"
    assert manifest["background_color"] == "#ffffff"


def test_the_manifest_lists_icons_at_192_and_512_and_a_maskable_one_that_exist(client):
    manifest = json.loads(client.get("/manifest.webmanifest").content)
    seen = set()
    for icon in manifest["icons"]:
        name = icon["src"].removeprefix("/static/")
        path = finders.find(name)
        assert path, f"{name} is missing"
        width, height = Image.open(path).size
        assert icon["sizes"] == f"{width}x{height}"
        assert icon["type"] == "image/png"
        seen.add((width, icon["purpose"]))
    assert {(192, "any"), (512, "any"), (512, "maskable")} <= seen


def test_the_committed_icons_are_the_ones_the_mark_draws():
    for name, size, maskable in [
        ("icon-192.png", 192, False),
        ("icon-512.png", 512, False),
        ("icon-maskable-512.png", 512, True),
    ]:
        committed = Image.open(finders.find(f"icons/{name}")).convert("RGBA")
        assert committed.tobytes() == draw(size, maskable).tobytes(), f"run draw_icons ({name})"


def test_a_maskable_icon_fills_its_square_and_the_plain_one_has_round_corners():
    assert draw(192, maskable=True).getpixel((0, 0))[3] == 255
    assert draw(192).getpixel((0, 0))[3] == 0


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/exercises/",
        "/exercises/bird-dog/",
        "/guidance/",
        "/emergency/",
        "/offline/",
        "/no-such-page/",
    ],
)
def test_every_page_links_the_manifest_and_the_worker_registration(client, url):
    html = client.get(url).content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    if url != "/emergency/":  # kept free of scripts (the worker keeps it from any other page)
        assert re.search(r'<script type="module" src="/static/js/offline[^"]*\.js"></script>', html)


def test_a_signed_in_persons_pages_link_the_manifest_too(client, alice):
    client.force_login(alice)
    html = client.get(reverse("progress:dashboard")).content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html


@pytest.mark.parametrize(
    "template", ["413.html", "500.html", "shared/not_found.html", "shared/throttled.html"]
)
def test_the_standalone_pages_link_the_manifest(template):
    request = RequestFactory().get("/")
    html = render_to_string(template, {}, request=request)
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html


# The service worker


def test_the_worker_is_javascript_from_the_site_root_checked_on_every_visit(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert "no-cache" in response["Cache-Control"]
    assert 'addEventListener("fetch"' in response.content.decode()


def test_the_worker_keeps_the_emergency_page_guidance_library_and_offline_page(client):
    urls = worker_config(client)["precache"]
    for name in ["emergency", "guidance", "exercises:list", "offline"]:
        assert reverse(name) in urls
    assert any(url.startswith("/static/css/site") for url in urls)


def test_the_worker_keeps_every_exercise_page_and_figure(client):
    urls = worker_config(client)["precache"]
    exercises = list(Exercise.objects.all())
    assert exercises
    for exercise in exercises:
        assert reverse("exercises:detail", args=[exercise.slug]) in urls
        if exercise.figure:
            assert figure_url(exercise) in urls


def test_the_worker_never_keeps_a_persons_own_pages(client):
    config = worker_config(client)
    assert "/progress/" in config["private"] and "/accounts/" in config["private"]
    assert not [url for url in config["precache"] if url.startswith(("/progress/", "/accounts/"))]


def test_the_workers_version_changes_when_an_exercise_is_edited(client):
    before = worker_config(client)["version"]
    assert worker_config(client)["version"] == before
    exercise = Exercise.objects.order_by("slug").first()
    exercise.name = exercise.name + " (edited)"
    exercise.save()
    assert worker_config(client)["version"] != before


def test_the_offline_page_says_what_still_opens(client):
    html = client.get("/offline/").content.decode()
    assert "<h1>No connection</h1>" in html
    assert 'href="/emergency/"' in html and 'href="/exercises/"' in html


def test_the_policy_lets_this_site_run_its_own_worker_only(client):
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "worker-src 'self'" in policy
    assert "manifest-src 'self'" in policy


def test_the_workers_version_changes_with_a_new_release_of_the_code(client, monkeypatch):
    before = worker_config(client)["version"]
    monkeypatch.setattr("sciatica.offline._release_digest", lambda: "another release")
    assert worker_config(client)["version"] != before


# Logging with no connection


def test_the_worker_keeps_the_log_and_the_routines_last_page_to_send_later(client):
    config = worker_config(client)
    assert config["outbox"] == ["/progress/log/", "/progress/routine/log/"]
    # Of a person's pages only the blank log form is kept, and only for the person signed in.
    assert config["personal"] == ["/progress/log/"]
    assert config["signInOut"] == ["/accounts/login/", "/accounts/logout/"]
    assert "/offline/waiting/" in config["precache"]


def test_the_worker_shows_the_warning_signs_when_safety_answers_cannot_be_sent(client):
    config = worker_config(client)
    assert config["emergency"] == "/emergency/" and config["emergency"] in config["precache"]
    assert config["safety"] == ["/progress/screening/"]


def test_a_page_made_for_a_person_signed_in_says_so_for_the_worker(client, alice):
    assert "<body>" in client.get("/exercises/").content.decode()
    client.force_login(alice)
    assert "<body data-signed-in>" in client.get("/exercises/").content.decode()


def test_the_page_of_kept_sessions_opens_for_anyone_and_says_nothing_is_lost(client):
    response = client.get("/offline/waiting/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="outbox"' in html
    assert "never thrown away" in html
    assert 'data-sign-in="/accounts/login/?next=/offline/waiting/"' in html


def owner_of(client) -> str:
    html = client.get("/progress/log/").content.decode()
    match = re.search(r'<input type="hidden" name="owner" value="([0-9a-f]{20})">', html)
    assert match, "the log form has no owner mark"
    return match.group(1)


def test_the_log_form_carries_a_mark_of_its_owner_that_names_no_one(client, alice, bob):
    client.force_login(alice)
    first = owner_of(client)
    assert owner_of(client) == first
    assert str(alice.pk) != first and "alice" not in first
    client.force_login(bob)
    Screening.objects.create(user=bob)
    assert owner_of(client) != first


def test_the_log_takes_a_form_sent_again_from_the_device_once(client_alice):
    """What the worker sends later is the form as typed, with the owner mark and a new token:
    the log takes the extra field in its stride and stores one session however often it comes."""
    form = log_form_data(
        [{"exercise": "gluteal-stretch", "sets": 1, "hold_seconds": 30}],
        submission_id="5b0c8a52-52a3-4d43-8d1e-0e4a3a6f0a11",
        owner=owner_of(client_alice),
    )
    first = client_alice.post("/progress/log/", form)
    again = client_alice.post("/progress/log/", form)
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"]
    assert re.match(r"^/progress/sessions/[0-9]+/$", first["Location"])
    assert Session.objects.count() == 1


def test_a_session_sent_later_by_the_device_gets_a_plain_answer_not_a_redirect(client_alice):
    """The worker cannot read where a redirect goes: stored, or sent to sign in? The log tells
    it in words, for a first send and for the same session sent again."""
    form = log_form_data(submission_id="0f3c2e8a-1d2b-4c5d-8e9f-0a1b2c3d4e5f")
    for _ in range(2):
        response = client_alice.post("/progress/log/", form, headers={"X-Outbox": "1"})
        assert response.status_code == 200
        answer = response.json()
        assert answer["stored"] is True
        assert re.match(r"^/progress/sessions/[0-9]+/$", answer["url"])
    assert Session.objects.count() == 1


def test_warning_signs_sent_later_by_the_device_are_stored_and_answered_plainly(client_alice):
    form = log_form_data(submission_id="9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d")
    form["red_flags"] = ["both_legs"]
    response = client_alice.post("/progress/log/", form, headers={"X-Outbox": "1"})
    assert response.json() == {"stored": True, "url": "/progress/warning/"}
    assert Session.objects.get().red_flags == ["both_legs"]


def test_a_session_sent_again_as_first_typed_after_it_was_corrected_and_stored_stands(
    client_alice,
):
    """A copy kept on the phone with a value the diary refused, corrected in the log form and
    stored: the phone's copy, sent again, changes nothing and is answered as stored."""
    token = "3c1d2e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f"
    refused = log_form_data([{"exercise": "plank"}], submission_id=token, notes="Upstairs.")
    assert client_alice.post("/progress/log/", refused).status_code == 200
    corrected = log_form_data(
        [{"exercise": "gluteal-stretch", "sets": 1, "hold_seconds": 30}],
        submission_id=token,
        notes="Upstairs.",
    )
    client_alice.post("/progress/log/", corrected)
    response = client_alice.post("/progress/log/", refused, headers={"X-Outbox": "1"})
    assert response.json()["stored"] is True
    [entry] = Session.objects.get().entries.values_list("exercise__slug", flat=True)
    assert entry == "gluteal-stretch"
