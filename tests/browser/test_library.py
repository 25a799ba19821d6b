"""Browsing the library as a visitor, with JavaScript and without."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser


def test_a_visitor_filters_and_searches_the_library_and_opens_an_exercise(site, new_page, shoot):
    page = new_page()
    page.goto(f"{site}/exercises/")
    expect(page.locator("#result-count")).to_have_text("21 exercises in the program.")
    assert_accessible(page)

    page.select_option("#id_section", "stretch")
    expect(page.locator("#result-count")).to_have_text("6 exercises match your filters.")
    expect(page).to_have_url(re.compile(r"section=stretch"))

    page.fill("#id_q", "wall")
    expect(page.locator("#result-count")).to_have_text("1 exercise matches your filters.")
    expect(page).to_have_url(re.compile(r"q=wall"))
    shoot(page, "filtered")

    page.get_by_role("link", name="Calf stretch").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Calf stretch")
    expect(page.locator(".dose-main")).to_have_text("Hold 30 seconds, 3 times on each leg")
    assert_accessible(page)
    shoot(page, "exercise")


def test_the_library_filters_without_javascript(site, new_page, shoot):
    page = new_page(javascript=False)
    page.goto(f"{site}/exercises/")
    page.select_option("#id_equipment", "wall")
    page.get_by_role("button", name="Show exercises").click()
    expect(page).to_have_url(re.compile(r"equipment=wall"))
    expect(page.locator("#result-count")).to_have_text("1 exercise matches your filters.")
    expect(page.get_by_role("link", name="Calf stretch")).to_be_visible()
    shoot(page, "no-js")


def test_the_guidance_and_emergency_pages_are_accessible(site, new_page):
    page = new_page()
    for path in ("/guidance/", "/emergency/"):
        page.goto(f"{site}{path}")
        assert_accessible(page)
