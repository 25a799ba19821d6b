"""The log form in a real browser: exercise rows added, filled and removed with JavaScript and
without it, and not one console error on the way (the Content-Security-Policy allows no inline
style or script, so a violation shows up there)."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from progress.models import Session
from tests.browser.conftest import assert_accessible
from tests.conftest import screened

pytestmark = pytest.mark.browser

PASSWORD = "sciatic-nerve-42"


def log_in(page, site, username="erin"):
    screened(get_user_model().objects.create_user(username, password=PASSWORD))
    page.goto(f"{site}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(f"{site}/progress/")
    page.goto(f"{site}/progress/log/")


def fill_scores(page):
    for name, score in (("leg_pain_before", 3), ("leg_pain_after", 3), ("back_pain", 2)):
        page.locator(f"label[for='id_{name}_{score}']").click()
    page.locator("input[name=symptoms_reach][value=thigh]").check()


def test_with_javascript_rows_are_added_filled_and_removed_without_a_console_error(
    site, new_page, shoot
):
    page = new_page()
    log_in(page, site)

    page.get_by_role("button", name="Add another exercise").click()
    expect(page.locator("#entry-3")).to_be_visible()
    expect(page.locator("#id_form-3-exercise")).to_be_focused()

    page.select_option("#id_form-3-exercise", "walk")
    expect(page.locator("#id_form-3-minutes")).to_be_visible()
    expect(page.locator("#id_form-3-sets")).to_have_count(0)
    page.fill("#id_form-3-minutes", "25")

    page.get_by_role("button", name="Remove exercise 2").click()
    expect(page.locator("#entry-1")).to_have_count(0)
    expect(page.locator("#id_form-2-exercise")).to_be_focused()

    page.select_option("#id_form-0-exercise", "gluteal-stretch")
    expect(page.locator("#id_form-0-hold_seconds")).to_have_value("30")
    # A locked stage is refused by the server, with the reason beside the row.
    page.select_option("#id_form-2-exercise", "plank")
    fill_scores(page)
    shoot(page, "log")
    page.get_by_role("button", name="Save session").click()
    # The removed row's number stays free: the row with plank is still the third.
    expect(page.locator("#id_form-2-exercise_error")).to_contain_text("locked for you")
    expect(page.locator(".error-summary")).to_contain_text("Exercise 3")
    for theme in ("light", "dark"):
        page.emulate_media(color_scheme=theme)
        assert_accessible(page)
    shoot(page, "log-errors")

    page.get_by_role("button", name="Remove exercise 3").click()
    page.get_by_role("button", name="Save session").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Session of")
    entries = Session.objects.get().entries.values_list("exercise__slug", "minutes")
    assert sorted(entries) == [("gluteal-stretch", None), ("walk", 25)]


def test_without_javascript_rows_are_added_and_removed_without_the_browsers_checks(site, new_page):
    page = new_page(javascript=False)
    log_in(page, site, "fred")
    page.select_option("#id_form-0-exercise", "bridge")
    page.fill("#id_form-0-sets", "2")
    page.fill("#id_form-0-reps", "10")

    # The pain scores are still empty: the browser must not stop the button for them.
    page.get_by_role("button", name="Add another exercise").click()
    expect(page).to_have_url(f"{site}/progress/log/#entry-3")
    expect(page.locator(".entry")).to_have_count(4)
    expect(page.locator("#id_form-0-reps")).to_have_value("10")
    expect(page.locator(".error")).to_have_count(0)

    page.get_by_role("button", name="Remove exercise 2").click()
    expect(page).to_have_url(f"{site}/progress/log/#entry-0")
    expect(page.locator(".entry")).to_have_count(3)
    expect(page.locator("#id_form-0-exercise")).to_have_value("bridge")

    fill_scores(page)
    page.get_by_role("button", name="Save session").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Session of")
    assert list(Session.objects.get().entries.values_list("exercise__slug", "reps")) == [
        ("bridge", 10)
    ]


def test_a_row_the_server_fails_to_send_falls_back_to_the_plain_form(site, browser, viewport):
    # The failing request is logged by the browser; no error page may be pasted in, and the
    # Content-Security-Policy must have nothing to refuse.
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    page.on("pageerror", lambda error: messages.append(str(error)))
    log_in(page, site, "gwen")
    error_page = (
        "<!doctype html><html><head><style>p{color:red}</style></head>"
        "<body><p style='x'>Server error</p><script>var a = 1</script></body></html>"
    )
    page.route(
        "**/progress/log/row/**",
        lambda route: route.fulfill(status=500, content_type="text/html", body=error_page),
    )
    page.get_by_role("button", name="Add another exercise").click()
    expect(page).to_have_url(f"{site}/progress/log/#entry-3")
    expect(page.locator(".entry")).to_have_count(4)
    expect(page.get_by_text("Server error")).to_have_count(0)
    assert not [m for m in messages if "Content Security Policy" in m or "eval" in m]
    context.close()


def test_while_suspended_the_log_leads_with_what_to_do(site, new_page, shoot):
    from progress import safety

    page = new_page()
    log_in(page, site, "hana")
    safety.record_red_flags(get_user_model().objects.get(username="hana"), ["both_legs"])
    page.reload()
    expect(page.get_by_role("heading", name="Your exercises are on hold")).to_be_visible()
    expect(page.get_by_role("link", name="A clinician has assessed me")).to_be_visible()
    for theme in ("light", "dark"):
        page.emulate_media(color_scheme=theme)
        assert_accessible(page)
    shoot(page, "suspended")
