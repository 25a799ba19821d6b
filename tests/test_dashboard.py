import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from exercises.catalogue import catalogue
from progress import safety
from progress.models import Session
from progress.status import refresh_stage_changes
from sciatica.accounts.models import Profile
from tests.conftest import screened
from tests.helpers import calm_fortnight, log_session, queries_for

pytestmark = pytest.mark.django_db

URL = reverse("progress:dashboard")


def test_it_requires_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_new_person_sees_open_and_locked_stages_with_a_countdown(client_alice):
    html = client_alice.get(URL).content.decode()
    assert "Open from the first day." in html
    assert (
        "Plank opens 13 days after your next session if leg pain stays the same or better. "
        "Plank: 0 of 14 days done, with sessions on 0 of 6 different days."
    ) in html


def test_it_counts_this_weeks_sessions_against_the_programs_three_to_five(client_alice, alice):
    log_session(alice, 0)
    response = client_alice.get(URL)
    assert response.context["this_week"] == 1
    assert "The program asks for 3 to 5 a week." in response.content.decode()


def test_it_asks_for_the_next_morning_check_in_after_yesterdays_session(client_alice, alice):
    session = log_session(alice, 1)
    response = client_alice.get(URL)
    assert response.context["check_in"] == session
    assert reverse("progress:check_in", args=[session.pk]) in response.content.decode()


def test_no_check_in_is_asked_for_todays_session_or_once_answered_on_an_earlier_day(
    client_alice, alice
):
    answered = log_session(alice, 2, morning=2)
    Session.objects.filter(pk=answered.pk).update(updated_at=timezone.now() - timedelta(days=1))
    assert client_alice.get(URL).context["check_in"] is None
    log_session(alice, 0)
    assert client_alice.get(URL).context["check_in"] is None


def test_the_chart_is_an_svg_with_a_text_alternative(client_alice, alice):
    log_session(alice, 10, before=5, back=3)
    log_session(alice, 3, before=4, back=4)
    html = client_alice.get(URL).content.decode()
    assert '<svg viewBox="0 0 360 200" role="img"' in html
    assert (
        "leg pain before a session went from 5 to 4 (lowest 4), and back pain from 3 to 4" in html
    )
    assert "<table" in html


STRENGTHENING = {"back", "core", "legs", "balance"}


def test_the_first_week_suggests_gentle_stretches_and_walking_only(client_alice, alice):
    log_session(alice, 2, exercises=["walk"])
    response = client_alice.get(URL)
    routine = response.context["routine"]
    assert {e.stage.slug for e in routine} == {"gentle-start"}
    assert "stretch" in {e.section for e in routine}
    assert "walk" in {e.slug for e in routine}
    html = response.content.decode()
    assert "Your first week: gentle stretches and walking only." in html
    assert "The Foundation exercises are open if you choose them." in html


@pytest.mark.parametrize("first_session_back, expected", [(7, 1), (14, 2), (21, 3), (60, 3)])
def test_strengthening_joins_a_little_at_a_time_after_the_first_week(
    client_alice, alice, first_session_back, expected
):
    log_session(alice, first_session_back, refresh=False)
    log_session(alice, 1)
    response = client_alice.get(URL)
    routine = response.context["routine"]
    assert sum(e.section in STRENGTHENING for e in routine) == expected
    assert all(not exercise.stage.gated for exercise in routine)
    plural = "s" if expected > 1 else ""
    assert f"{expected} strengthening exercise{plural}" in response.content.decode()


def test_a_flare_keeps_strengthening_out_for_a_week(client_alice, alice):
    log_session(alice, 30, before=3, refresh=False)
    log_session(alice, 5, before=3, after=6, refresh=False)
    log_session(alice, 2, before=3)
    response = client_alice.get(URL)
    assert not any(e.section in STRENGTHENING for e in response.context["routine"])
    assert "once a week has passed without a leg-pain flare" in response.content.decode()


def test_swimming_is_suggested_only_after_three_calm_days_of_walking(client_alice, alice):
    log_session(alice, 30, refresh=False)
    log_session(alice, 12, before=3, after=6, exercises=["walk"], refresh=False)  # a flare
    log_session(alice, 10, before=3, exercises=["walk"])
    log_session(alice, 9, before=3, exercises=["walk"])
    # The last session had a walk, so swimming would be the fresh activity: it is held back.
    assert "swim" not in {e.slug for e in client_alice.get(URL).context["routine"]}
    log_session(alice, 1, before=3, exercises=["walk"])
    assert "swim" in {e.slug for e in client_alice.get(URL).context["routine"]}


def test_the_routine_differs_from_the_last_session(client_alice, alice):
    first = [e.slug for e in client_alice.get(URL).context["routine"]]
    log_session(alice, 0, exercises=first)
    second = {e.slug for e in client_alice.get(URL).context["routine"]}
    assert second != set(first)


def test_the_routine_draws_on_a_stage_once_it_unlocks(client_alice, alice):
    calm_fortnight(alice)
    usable = {v.stage.slug for v in client_alice.get(URL).context["stages"] if v.usable}
    assert usable == {"gentle-start", "foundation", "plank"}


def test_the_flare_plan_shows_after_a_flare(client_alice, alice):
    log_session(alice, 1, before=3, after=6)
    html = client_alice.get(URL).content.decode()
    assert "Your leg pain went up: ease off for now" in html
    assert "leg pain rose from 3 to 6 during the session" in html
    assert "gentle-start exercises" in html


def test_no_flare_plan_after_a_calm_session(client_alice, alice):
    log_session(alice, 1, before=3, after=2, back=9)
    assert "Your leg pain went up" not in client_alice.get(URL).content.decode()


def test_the_dashboard_takes_the_same_number_of_queries_at_any_history_length(client_alice, alice):
    log_session(alice, 1, exercises=["bridge", "walk"])
    catalogue()  # the program's content is read once per process (see exercises/catalogue.py)
    one = queries_for(lambda: client_alice.get(URL))
    for n in range(2, 40):
        log_session(alice, n, exercises=["bridge", "walk"], refresh=False)
    refresh_stage_changes(alice)  # as every write does: the page is built afresh
    assert queries_for(lambda: client_alice.get(URL)) == one


def test_the_dashboard_is_cached_until_the_record_changes(client_alice, alice):
    log_session(alice, 2, before=3)
    client_alice.get(URL)
    assert queries_for(lambda: client_alice.get(URL)) == 3  # session, person, version
    log_session(alice, 1, before=3, after=6)
    assert "Your leg pain went up" in client_alice.get(URL).content.decode()


def test_a_cached_dashboard_carries_each_visitors_own_csrf_token_which_works(client_alice, alice):
    from django.core.cache import cache
    from django.test import Client

    session = log_session(alice, 1)
    client_alice.get(URL)  # the page's data is now cached
    other = Client(enforce_csrf_checks=True)
    other.force_login(alice)
    html = other.get(URL).content.decode()
    assert html.count('name="csrfmiddlewaretoken"') >= 2  # check-in and log-out forms
    assert "{#" not in html and "cached per person" not in html  # comments stay in the template
    form = html[html.index('class="score-buttons"') :]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    url = reverse("progress:check_in", args=[session.pk])
    data = {"csrfmiddlewaretoken": token, "leg_pain_next_morning": 3}
    assert other.post(url, data).status_code == 302
    # What is cached is the page's data: no token is kept to be patched into someone's page.
    assert not any(b"csrfmiddlewaretoken" in value for value in cache._cache.values())


def test_after_a_flare_the_routine_keeps_to_gentle_start(client_alice, alice):
    log_session(alice, 1, before=3, after=6)
    response = client_alice.get(URL)
    assert {e.stage.slug for e in response.context["routine"]} == {"gentle-start"}
    assert "Gentle exercises only, while your leg settles." in response.content.decode()


def test_the_chart_rings_the_days_leg_pain_went_up(client_alice, alice):
    log_session(alice, 5, before=3)
    log_session(alice, 3, before=3, after=6)
    response = client_alice.get(URL)
    html = response.content.decode()
    assert html.count('class="flare-ring"') == 1
    # The table of numbers says which day it was.
    assert re.findall(r"<td>(Yes|No)</td></tr>", html) == ["No", "Yes"]
    assert html.count('class="flare-band"') == 1


def test_steady_leg_pain_above_five_keeps_strengthening_and_swimming_out(client_alice, alice):
    log_session(alice, 30, before=6, refresh=False)
    for back in (20, 15, 10, 5, 2):
        log_session(alice, back, before=6, exercises=["walk"], refresh=False)
    log_session(alice, 1, before=6, exercises=["walk"])
    routine = client_alice.get(URL).context["routine"]
    assert not any(e.section in STRENGTHENING for e in routine)
    assert "swim" not in {e.slug for e in routine}


# --- A stage that opens is announced once --------------------------------------------------------


def test_a_stage_that_opens_is_announced_once_with_its_first_exercise(client_alice, alice):
    assert not Profile.objects.filter(user=alice).exists()
    calm_fortnight(alice)
    html = client_alice.get(URL).content.decode()
    assert "The Plank stage is open for you" in html
    assert f'Start with <a href="{reverse("exercises:detail", args=["plank"])}">Plank</a>' in html
    # Made for a person without one, to remember what was said.
    assert "plank" in Profile.objects.get(user=alice).announced_stages
    # Not again: neither from the cache nor built afresh.
    assert "The Plank stage is open for you" not in client_alice.get(URL).content.decode()
    log_session(alice, 0)
    assert "The Plank stage is open for you" not in client_alice.get(URL).content.decode()


def test_the_announcement_keeps_the_persons_time_zone(client, django_user_model):
    user = screened(django_user_model.objects.create_user("tui", password="a-long-pass-phrase"))
    Profile.objects.create(user=user, time_zone="Pacific/Auckland")
    calm_fortnight(user)
    client.force_login(user)
    assert "is open for you" in client.get(URL).content.decode()
    assert Profile.objects.get(user=user).time_zone == "Pacific/Auckland"


def test_nothing_is_announced_while_suspended_and_it_waits_for_afterwards(client_alice, alice):
    calm_fortnight(alice)
    safety.record_red_flags(alice, ["both_legs"])
    assert "is open for you" not in client_alice.get(URL).content.decode()
    client_alice.post(reverse("progress:assessed"), {"confirmed": "on"})
    assert "The Plank stage is open for you" in client_alice.get(URL).content.decode()


def test_a_locked_stage_is_not_announced(client_alice, alice):
    log_session(alice, 1)
    assert client_alice.get(URL).context["opened"] == []
    assert not Profile.objects.filter(user=alice).exists()


# --- After a flare: fewer repeats ------------------------------------------------------------


def test_after_a_flare_the_routine_asks_for_fewer_repeats_than_the_doses_shown(client_alice, alice):
    log_session(alice, 1, before=3, after=6)
    html = client_alice.get(URL).content.decode()
    assert "Do fewer repeats than the doses shown" in html
    assert ": fewer today</span>" in html
    log_session(alice, 0, before=3)
    assert "fewer today" not in client_alice.get(URL).content.decode()


# --- Colours and print ---------------------------------------------------------------------------

CSS = (Path(__file__).resolve().parents[1] / "static" / "css" / "site.css").read_text()


def blocks(css: str):
    """(selector, body, inside) for every rule, `inside` naming the @media it sits in."""
    rules, stack, start, selector = [], [], 0, ""
    for i, char in enumerate(css):
        if char == "{":
            selector = css[start:i].strip().split("*/")[-1].strip()
            stack.append((selector, i + 1))
            start = i + 1
        elif char == "}":
            selector, body_start = stack.pop()
            if not selector.startswith("@"):
                inside = " ".join(s for s, _ in stack)
                rules.append((selector, css[body_start:i], inside))
            start = i + 1
    return rules


def variables(dark: bool) -> dict[str, str]:
    found = {}
    for selector, body, inside in blocks(CSS):
        theme = "prefers-color-scheme: dark" in inside if dark else inside == ""
        if selector == ":root" and theme:
            found |= dict(re.findall(r"(--[\w-]+):\s*([^;]+);", body))
    return found


def contrast(one: str, two: str) -> float:
    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(one), luminance(two)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_a_flare_is_amber_not_the_emergencys_red_and_easy_to_read(dark):
    flare_rule = next(body for selector, body, _ in blocks(CSS) if selector == ".flare-plan")
    assert "--stop-" not in flare_rule
    assert "var(--flare-bg)" in flare_rule and "var(--flare-border)" in flare_rule
    colours = variables(dark)
    assert colours["--flare-bg"] != colours["--stop-bg"]
    assert colours["--flare-border"] != colours["--stop-border"]
    assert contrast(colours["--text"], colours["--flare-bg"]) >= 7
    assert contrast(colours["--flare-text"], colours["--flare-bg"]) >= 4.5
    # The bar at its side stands out from the panel and the page (non-text contrast).
    assert contrast(colours["--flare-border"], colours["--flare-bg"]) >= 3
    assert contrast(colours["--flare-border"], colours["--bg"]) >= 3


def hidden_in_print() -> set[str]:
    hidden = set()
    for selector, body, inside in blocks(CSS):
        if "@media print" in inside and re.search(r"display:\s*none", body):
            hidden |= {part.strip() for part in selector.split(",")}
    return hidden


def test_printing_the_dashboard_leaves_out_what_only_works_on_screen(client_alice, alice):
    session = log_session(alice, 1)
    html = client_alice.get(URL).content.decode()
    hidden = hidden_in_print()
    assert {"form", "button", "a.button"} <= hidden
    # The weekly check, an unanswered check-in and the links to other pages.
    assert {".dashboard .rescreen", ".check-in-waiting", ".dashboard .more-link"} <= hidden
    assert 'class="panel check-in check-in-waiting"' in html
    assert 'class="more-link"' in html
    client_alice.post(
        reverse("progress:check_in", args=[session.pk]), {"leg_pain_next_morning": "2"}
    )
    page = client_alice.get(session.get_absolute_url()).content.decode()
    assert 'class="change-answer"' in page and ".change-answer" in hidden
    assert '<div class="session-page">' in page and ".session-page .actions" in hidden
    # The session's facts already hold the answer.
    assert ".session-page .check-in" in hidden
