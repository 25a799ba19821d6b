"""The site's shell in a real browser: the header's size, the phone nav, print, calls and axe."""

import re

import pytest
from django.test import Client

from tests.browser.conftest import DESKTOP, PHONE, assert_accessible


def in_a_browser(test):
    return pytest.mark.browser(pytest.mark.django_db(transaction=True)(test))


@pytest.fixture
def open_page(browser, live_server):
    contexts = []

    def open_(path, viewport=PHONE, *, user=None, theme="light", javascript=True):
        context = browser.new_context(
            viewport=viewport, color_scheme=theme, java_script_enabled=javascript
        )
        contexts.append(context)
        if user is not None:
            client = Client()
            client.force_login(user)
            cookie = client.cookies["sessionid"].value
            context.add_cookies([{"name": "sessionid", "value": cookie, "url": live_server.url}])
        page = context.new_page()
        page.goto(live_server.url + path)
        return page

    yield open_
    for context in contexts:
        context.close()


@in_a_browser
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("logged_in", [False, True], ids=["visitor", "logged-in"])
def test_the_header_is_short_with_emergency_help_beside_the_name(
    open_page, alice, viewport, logged_in
):
    page = open_page("/exercises/", viewport, user=alice if logged_in else None)
    assert page.locator(".site-header").bounding_box()["height"] < 100
    help_link = page.locator(".site-header").get_by_role("link", name="Emergency help")
    brand = page.locator(".brand").bounding_box()
    box = help_link.bounding_box()
    assert abs((box["y"] + box["height"] / 2) - (brand["y"] + brand["height"] / 2)) < 8
    assert box["x"] + box["width"] <= viewport["width"]


@in_a_browser
def test_every_link_of_the_phone_nav_comes_into_view_when_reached(open_page, alice):
    from playwright.sync_api import expect

    page = open_page("/progress/", PHONE, user=alice)
    nav = page.locator(".site-nav")
    expect(nav.get_by_role("link", name="Settings")).not_to_be_in_viewport()  # scrolled away
    page.locator(".header-help").focus()
    for name in ["My progress", "Log a session", "History", "Exercises", "Guide", "Settings"]:
        page.keyboard.press("Tab")
        link = nav.get_by_role("link", name=name, exact=True)
        expect(link).to_be_focused()
        expect(link).to_be_in_viewport(ratio=1)
    page.keyboard.press("Tab")
    log_out = nav.get_by_role("button", name="Log out")
    expect(log_out).to_be_focused()
    expect(log_out).to_be_in_viewport(ratio=1)


@in_a_browser
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_shell_pages_pass_axe(open_page, alice, viewport, theme):
    for path in ["/", "/emergency/", "/accounts/login/", "/accounts/password_reset/"]:
        assert_accessible(open_page(path, viewport, theme=theme))
    for path in ["/accounts/settings/", "/accounts/password_change/", "/progress/history/"]:
        assert_accessible(open_page(path, viewport, user=alice, theme=theme))


@in_a_browser
def test_printing_a_page_prints_its_content_only(open_page, alice):
    from playwright.sync_api import expect

    page = open_page("/accounts/settings/", DESKTOP, user=alice)
    expect(page.locator(".skip-link")).to_be_visible()  # on screen, until printed
    page.emulate_media(media="print")
    for hidden in [".site-nav", ".header-help", ".skip-link", ".site-footer .urgent"]:
        expect(page.locator(hidden)).to_be_hidden()
    for hidden in ["main form", "main button"]:
        expect(page.locator(hidden).first).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator(".brand")).to_be_visible()
    expect(page.locator(".print-only")).to_have_text(
        re.compile(r"^sciatica · http://.+/accounts/settings/$")
    )


@in_a_browser
def test_the_emergency_page_calls_from_a_phone_without_javascript(open_page):
    from playwright.sync_api import expect

    page = open_page("/emergency/", PHONE, javascript=False)
    call = page.get_by_role("link", name="Call 999")
    expect(call).to_be_in_viewport()
    expect(call).to_have_attribute("href", "tel:999")
    expect(page.get_by_role("link", name="Call 111")).to_have_attribute("href", "tel:111")
