"""A new person's first weeks, end to end in the browser."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from progress.models import Session
from tests.browser.conftest import assert_accessible
from tests.helpers import calm_fortnight, days_ago

pytestmark = pytest.mark.browser

PASSWORD = "sciatic-nerve-42"


def sign_up(page, site, username="carol"):
    page.goto(f"{site}/accounts/signup/")
    assert_accessible(page)
    page.fill("#id_username", username)
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.get_by_role("button", name="Make my account").click()
    expect(page).to_have_url(f"{site}/progress/screening/")
    assert_accessible(page)
    page.get_by_role("button", name="Save my answers").click()
    expect(page).to_have_url(f"{site}/progress/")


def log_in(page, site, username):
    page.goto(f"{site}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(f"{site}/progress/")


def tap(page, name: str, score: int):
    page.locator(f"label[for='id_{name}_{score}']").click()


def fill_scores(page, before=3, after=3, back=2, reach="thigh"):
    tap(page, "leg_pain_before", before)
    tap(page, "leg_pain_after", after)
    tap(page, "back_pain", back)
    page.locator(f"input[name=symptoms_reach][value={reach}]").check()


def test_a_new_person_signs_up_logs_a_session_and_checks_in_the_next_morning(site, new_page, shoot):
    page = new_page()
    sign_up(page, site)
    assert_accessible(page)

    page.get_by_role("link", name="Log a session").first.click()
    page.fill("#id_date", days_ago(1).isoformat())
    page.select_option("#id_form-0-exercise", "gluteal-stretch")
    expect(page.locator("#id_form-0-hold_seconds")).to_have_value("30")
    page.select_option("#id_form-1-exercise", "bird-dog")
    expect(page.locator("#id_form-1-reps")).to_have_value("15")
    page.get_by_role("button", name="Add another exercise").click()
    page.select_option("#id_form-3-exercise", "walk")
    fill_scores(page, before=4, after=3, back=3)
    assert_accessible(page)
    shoot(page, "log")
    page.get_by_role("button", name="Save session").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Session of")
    expect(page.locator(".entries li")).to_have_count(3)

    page.get_by_role("link", name="My progress").click()
    expect(page.locator("#check-in-title")).to_be_visible()
    assert_accessible(page)
    shoot(page, "dashboard")
    page.locator(".check-in").get_by_role("button", name="2", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("this morning's leg pain is saved")
    assert Session.objects.get().leg_pain_next_morning == 2

    page.get_by_role("link", name="My progress").click()
    page.goto(f"{site}/progress/history/")
    expect(page.locator(".history li")).to_have_count(1)
    assert_accessible(page)


def test_plank_unlocks_after_two_calm_weeks_pauses_after_a_flare_and_warning_signs_escalate(
    site, new_page, shoot
):
    page = new_page()
    sign_up(page, site, "dave")
    calm_fortnight(get_user_model().objects.get(username="dave"), start_days_back=15)

    page.goto(f"{site}/progress/stages/")
    plank = page.locator(".stage-card").nth(2)  # gentle start, foundation, plank, advanced
    expect(plank.locator(".badge")).to_have_text("Unlocked")
    assert_accessible(page)
    shoot(page, "unlocked")

    page.goto(f"{site}/progress/log/")
    page.select_option("#id_form-0-exercise", "plank")
    fill_scores(page, before=3, after=6)
    page.get_by_role("button", name="Save session").click()
    expect(page.locator(".flare-plan")).to_contain_text("leg pain rose from 3 to 6")
    expect(page.locator(".flare-plan")).to_contain_text("are paused")
    assert_accessible(page)
    shoot(page, "flare")

    page.goto(f"{site}/progress/stages/")
    expect(plank.locator(".badge")).to_have_text("Paused")
    expect(plank).to_contain_text("leg pain rose from 3 to 6 during the session")

    page.goto(f"{site}/progress/log/")
    fill_scores(page)
    page.locator("input[name=red_flags][value=saddle_numbness]").check()
    page.get_by_role("button", name="Save session").click()
    expect(page).to_have_url(re.compile(r"/progress/warning/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Go to A&E or call 999 now")
    assert_accessible(page)
    shoot(page, "emergency")
    page.goto(f"{site}/progress/stages/")
    expect(page.locator(".badge")).to_have_text(["Suspended"] * 4)
