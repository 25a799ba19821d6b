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
    assert 'href="/emergency/"' in html
    assert "sciatica is an exercise diary and guide. It is not medical advice" in html
    assert "it does not diagnose or treat anything" in html


def guidance_section(client, section_id: str) -> str:
    html = client.get("/guidance/").content.decode()
    start = html.index(f'id="{section_id}"')
    return html[start : html.index("</section>", start)]


def test_the_guidance_puts_the_leg_first_and_welcomes_pain_moving_into_the_back(client):
    rule = guidance_section(client, "rule")
    assert "spreads further down your leg" in rule
    assert "When symptoms leave your leg and gather in your lower back" in rule
    assert "any rise, or any spread further down the leg, means stop" in rule


def test_the_pain_scale_is_for_back_pain_not_leg_pain(client):
    rule = guidance_section(client, "rule")
    scale = rule[rule.index("Back pain and effort") :]
    assert "4 or 5 is acceptable" in scale
    assert "Leg pain" not in scale


def test_the_guidance_gives_the_weekly_rhythm(client):
    assert "three to five times a week" in guidance_section(client, "how-often")
    assert "Vary which exercises" in guidance_section(client, "how-often")


def test_the_guidance_lists_activities_to_do_and_to_leave(client):
    activities = guidance_section(client, "activities")
    good, leave = activities.split("Leave these until you have healed")
    assert "Short walks, often" in good
    assert "Swimming" in good
    for avoid in ["heavy weights", "Crunches", "cycling", "Running"]:
        assert avoid in leave, avoid


def test_the_guidance_names_the_emergency_signs(client):
    signs = guidance_section(client, "warning-signs")
    assert "Go to A&amp;E or call 999 now" in signs
    for sign in ["genitals", "bladder or bowel", "both legs", "Weakness or numbness"]:
        assert sign in signs, sign
    # The GP reasons are not under "get help now": they have their own section.
    assert "Contact your GP today" not in signs
    see_gp = guidance_section(client, "see-a-doctor")
    assert "Contact your GP today, or call 111" in see_gp and "fever" in see_gp
    assert "Make an appointment with your GP" in see_gp and "getting worse" in see_gp


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
    assert response.status_code == 302
    assert response["Location"].endswith("favicon.svg")


def test_htmx_is_served_from_our_own_static_files(client):
    html = client.get("/exercises/").content.decode()
    assert re.search(r'<script src="/static/django_htmx/htmx-2\.min\.js"', html)


def test_pages_cannot_be_framed(client):
    assert client.get("/guidance/")["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("url", [*PAGES, "/emergency/"])
def test_pages_say_what_to_do_without_naming_a_diagnosis(client, url):
    html = client.get(url).content.decode().lower()
    for word in ["cauda equina", "you have sciatica", "herniat", "you are diagnosed"]:
        assert word not in html, word


def test_the_guidance_explains_the_order_and_the_rule_with_the_rules_own_numbers(client, settings):
    settings.GATE_RULES = {**settings.GATE_RULES, "min_sessions": 7, "max_leg_pain": 4}
    stages = guidance_section(client, "stages")
    assert "The first week:</strong> the gentle-start moves, the stretches and walking only" in (
        stages
    )
    assert "The Foundation stage is open from the first day" in stages
    assert "once you have logged a walk on three different days without a flare" in stages
    assert "with sessions on at least 7 different days" in stages
    assert "Days count, not sessions" in stages
    assert "leg pain is above 4" in stages
    assert "It is not a clinician's clearance" in stages
    assert "Start the plank only when your hips stay completely still" in stages
