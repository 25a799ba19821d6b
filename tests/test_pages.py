"""What every page carries: guidance, safety and no-diagnosis notices, and a strict CSP."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PAGES = ["/exercises/", "/exercises/bird-dog/", "/guidance/"]


# The welcome page


def test_a_visitor_at_home_learns_what_the_app_is_and_who_it_is_for(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Exercise your way through sciatica, safely</h1>" in html
    assert "This app helps you follow a home exercise program while sciatica settles" in html
    assert "Who it is for" in html and "runs from the lower back down a leg" in html
    assert "It gives no diagnosis and is no substitute for a clinician." in html


def test_the_welcome_page_explains_the_gate_in_three_sentences(client, settings):
    settings.GATE_RULES = {**settings.GATE_RULES, "min_days": 21}
    html = client.get("/").content.decode()
    gate = html[html.index('id="gate"') : html.index("</section>", html.index('id="gate"'))]
    steps = re.findall(r"<li>(.*?)</li>", gate)
    assert len(steps) == 3
    assert "open only while your leg pain is not rising, and only after 21 days" in steps[0]
    assert steps[1].startswith("Back pain does not hold you back")
    assert steps[2].startswith("A flare of leg pain pauses those stages")
    assert 'href="/guidance/"' in gate


def test_the_welcome_page_offers_sign_up_and_log_in(client):
    html = client.get("/").content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    assert '<a class="button" href="/accounts/signup/">Sign up</a>' in main
    assert 'href="/accounts/login/">Log in</a>' in main


def test_the_welcome_page_shows_the_warning_signs(client):
    from progress.signs import EMERGENCY_SIGNS

    html = client.get("/").content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    section = main[main.index('id="warning-signs"') :]
    assert "Go to A&amp;E or call 999 now if you notice any of these." in section
    for sign in EMERGENCY_SIGNS:
        assert f"<li>{sign.text}.</li>" in section
    assert 'href="/emergency/"' in section


def test_someone_logged_in_goes_from_home_to_their_dashboard(client_alice):
    response = client_alice.get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse("progress:dashboard")


@pytest.mark.parametrize(
    "url",
    ["/", *PAGES, "/emergency/", "/accounts/login/", "/accounts/signup/"],
)
def test_public_pages_have_a_meta_description(client, url):
    html = client.get(url).content.decode()
    match = re.search(r'<meta name="description" content="([^"]+)">', html)
    assert match, url
    assert len(match.group(1)) > 50


def test_the_welcome_page_has_a_description_of_its_own(client):
    welcome = client.get("/").content.decode()
    library = client.get("/exercises/").content.decode()

    def description(html):
        return re.search(r'<meta name="description" content="([^"]+)">', html).group(1)

    assert description(welcome) != description(library)
    assert "no diagnosis" in description(welcome)


# The header


def header(html: str) -> str:
    return html[html.index('<header class="site-header">') : html.index("</header>")]


@pytest.mark.parametrize("url", ["/", *PAGES, "/accounts/login/", "/nowhere/"])
def test_emergency_help_is_in_the_header_of_every_page_for_visitors(client, url):
    assert '<a class="header-help" href="/emergency/">Emergency help</a>' in header(
        client.get(url).content.decode()
    )


@pytest.mark.parametrize(
    "url", ["/progress/", "/progress/history/", "/accounts/settings/", "/exercises/"]
)
def test_emergency_help_is_in_the_header_of_every_page_for_people_logged_in(client_alice, url):
    response = client_alice.get(url)
    assert response.status_code == 200
    assert 'href="/emergency/">Emergency help</a>' in header(response.content.decode())


def test_the_nav_has_the_history_for_people_logged_in(client, client_alice):
    html = client_alice.get("/progress/").content.decode()
    assert '<a href="/progress/history/">History</a>' in header(html)
    html = client_alice.get("/progress/history/").content.decode()
    assert '<a href="/progress/history/" aria-current="page">History</a>' in header(html)
    client.logout()
    assert "/progress/history/" not in header(client.get("/exercises/").content.decode())


def test_the_name_leads_visitors_home_and_people_to_their_dashboard(client, alice):
    assert '<a class="brand" href="/">sciatica</a>' in client.get("/exercises/").content.decode()
    client.force_login(alice)
    html = client.get("/exercises/").content.decode()
    assert '<a class="brand" href="/progress/">sciatica</a>' in html


def test_printing_keeps_a_line_saying_where_the_page_came_from(client):
    html = client.get("/guidance/").content.decode()
    assert '<p class="print-only">sciatica · http://testserver/guidance/</p>' in html


# The emergency page


def test_the_emergency_page_has_buttons_to_call_999_and_111(client):
    html = client.get("/emergency/").content.decode()
    emergency = html[html.index('class="emergency"') : html.index("</section>")]
    assert (
        '<a class="call call-emergency" href="tel:999"><strong>Call 999</strong> '
        "<span>Emergency services</span></a>" in emergency
    )
    soon = html[html.index("Other reasons to see a doctor") :]
    assert (
        '<a class="call" href="tel:111"><strong>Call 111</strong> '
        "<span>NHS 111, for urgent advice</span></a>" in soon
    )


def test_the_emergency_page_stays_small_and_needs_no_javascript(client):
    response = client.get("/emergency/")
    html = response.content.decode()
    assert "<script" not in html
    assert "<form" not in html
    assert len(response.content) < 8_000


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
