"""The whole daily loop as a newcomer meets it, with JavaScript on and off: every page visited
passes axe in both themes, logs nothing to the console (CSP reports included) and leaves a
screenshot in screenshots/ to look at."""

import re

import pytest
from playwright.sync_api import expect

from progress.csvlog import COLUMNS
from tests.browser.test_progress import PASSWORD, fill_scores
from tests.helpers import days_ago

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_newcomer_walks_the_whole_daily_loop(site, new_page, check, javascript, tmp_path):
    page = new_page(javascript=javascript)
    name = f"walk-{'js' if javascript else 'nojs'}"

    page.goto(f"{site}/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    check(page, f"{name}-welcome")

    page.goto(f"{site}/accounts/signup/")
    check(page, f"{name}-signup")
    page.fill("#id_username", "walker")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.get_by_role("button", name="Make my account").click()
    expect(page).to_have_url(f"{site}/progress/screening/")
    check(page, f"{name}-screening")
    page.get_by_role("button", name="Save my answers").click()
    expect(page).to_have_url(f"{site}/progress/")
    check(page, f"{name}-dashboard-new")

    # Browse and search the library.
    page.goto(f"{site}/exercises/?q=planks")
    expect(page.locator("main")).to_contain_text("Plank")
    check(page, f"{name}-library-search")
    page.goto(f"{site}/exercises/core-stabilization/")
    check(page, f"{name}-exercise")

    # Log a session, adding a row first.
    page.goto(f"{site}/progress/log/")
    page.fill("#id_date", days_ago(2).isoformat())
    page.select_option("#id_form-0-exercise", "knee-rock")
    page.fill("#id_form-0-sets", "1")
    page.fill("#id_form-0-reps", "10")
    page.get_by_role("button", name="Add another exercise").click()
    expect(page.locator("select[name$='-exercise']")).to_have_count(4)
    fill_scores(page, before=4, after=3, back=3)
    check(page, f"{name}-log")
    page.get_by_role("button", name="Save session").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Session of")
    check(page, f"{name}-session")

    # A flare the next day.
    page.goto(f"{site}/progress/log/")
    page.fill("#id_date", days_ago(1).isoformat())
    page.select_option("#id_form-0-exercise", "walk")
    fill_scores(page, before=3, after=6, back=2)
    page.get_by_role("button", name="Save session").click()
    expect(page.locator(".flare-plan")).to_be_visible()
    check(page, f"{name}-flare")
    page.goto(f"{site}/progress/")
    check(page, f"{name}-dashboard-flare")

    # Import a file of older sessions.
    file = tmp_path / "older.csv"
    rows = [f"{days_ago(n)},3,3,,2,thigh,walk:20min,," for n in (20, 18, 16)]
    file.write_text("\n".join([",".join(COLUMNS), *rows]) + "\n", encoding="utf-8")
    page.goto(f"{site}/progress/history/")
    page.set_input_files("#id_file", str(file))
    page.get_by_role("button", name="Import").click()
    expect(page.locator(".messages")).to_contain_text("Imported 3 sessions")
    check(page, f"{name}-history")

    page.goto(f"{site}/progress/stages/")
    check(page, f"{name}-stages")
    page.goto(f"{site}/accounts/settings/")
    check(page, f"{name}-settings")
    page.goto(f"{site}/guidance/")
    check(page, f"{name}-guidance")

    # A warning sign: the emergency page, then the suspended dashboard and log.
    page.goto(f"{site}/progress/log/")
    fill_scores(page)
    page.locator("input[name=red_flags][value=both_legs]").check()
    page.get_by_role("button", name="Save session").click()
    expect(page).to_have_url(re.compile(r"/progress/warning/$"))
    check(page, f"{name}-warning")
    page.goto(f"{site}/progress/")
    expect(page.locator("main")).not_to_contain_text("on track")
    check(page, f"{name}-dashboard-suspended")
    page.goto(f"{site}/progress/log/")
    check(page, f"{name}-log-suspended")
    page.goto(f"{site}/emergency/")
    check(page, f"{name}-emergency")
