"""What every page carries: guidance, safety and no-diagnosis notices, and a strict CSP."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PAGES = ["/exercises/", "/exercises/bird-dog/", "/guidance/"]


def test_home_leads_to_the_library(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse("exercises:list")


@pytest.mark.parametrize("url", [*PAGES, "/nowhere/"])
def test_every_page_links_the_guidance_and_warning_signs(client, url):
    html = client.get(url).content.decode()
    assert 'href="/guidance/"' in html
    assert 'href="/guidance/#warning-signs"' in html
    assert "gives no diagnosis" in html


def test_the_guidance_page_covers_the_program_rules(client):
    html = client.get("/guidance/").content.decode()
    for fact in [
        "three to five times a week",
        "further down your leg",
        "lower back",
        "Short walks",
        "Swimming",
        "heavy weights",
        "Crunches",
        "cycling",
        "Running",
        "emergency department",
    ]:
        assert fact in html, fact


@pytest.mark.parametrize("url", PAGES)
def test_the_csp_allows_no_inline_script_or_style(client, url):
    response = client.get(url)
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    html = response.content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)", html), "inline <script>"
    assert not re.search(r"\sstyle=", html), "inline style attribute"
    assert "<style" not in html


@pytest.mark.parametrize("url", PAGES)
def test_no_template_syntax_leaks_into_a_page(client, url):
    html = client.get(url).content.decode()
    assert "{#" not in html
    assert "{%" not in html


def test_the_favicon_is_found_where_browsers_look(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("favicon.svg")


def test_htmx_is_served_from_our_own_static_files(client):
    html = client.get("/exercises/").content.decode()
    assert re.search(r'<script src="/static/django_htmx/htmx-2\.min\.js"', html)


def test_pages_cannot_be_framed(client):
    assert client.get("/guidance/")["X-Frame-Options"] == "DENY"
