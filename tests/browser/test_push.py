"""Reminder notifications in Chromium: the service worker shows a pushed reminder with its words
only and opens the dashboard when it is tapped; the settings page offers it where the browser
can show notifications."""

import json

import pytest
from django.test import override_settings
from playwright.sync_api import expect

from sciatica.accounts import webpush
from tests.browser.test_log_form import log_in
from tests.browser.test_offline import installed, until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PUBLIC, PRIVATE = webpush.new_keys()
KEYS = {"public_key": PUBLIC, "private_key": PRIVATE, "subject": "mailto:care@example.org"}


def registration_id(page) -> str:
    """The service worker's registration, as the DevTools protocol names it."""
    session = page.context.new_cdp_session(page)
    found = []
    session.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda event: found.extend(event["registrations"]),
    )
    session.send("ServiceWorker.enable")
    for _ in range(50):
        live = [r for r in found if not r["isDeleted"]]
        if live:
            return session, live[0]["registrationId"]
        page.wait_for_timeout(100)
    raise AssertionError("no service worker registration")


@pytest.mark.parametrize("viewport", [{"width": 360, "height": 780}], ids=["phone"])
def test_a_pushed_reminder_is_shown_with_its_words_and_opens_the_dashboard(new_page, site):
    page = installed(new_page, site)
    page.context.grant_permissions(["notifications"], origin=site)
    session, registration = registration_id(page)
    message = {"title": "Time for your exercises", "url": "/progress/"}
    session.send(
        "ServiceWorker.deliverPushMessage",
        {"origin": site, "registrationId": registration, "data": json.dumps(message)},
    )
    until(
        page,
        """navigator.serviceWorker.ready
          .then((r) => r.getNotifications())
          .then((shown) => shown.length === 1 && shown[0].title === "Time for your exercises"
                && shown[0].body === "" && shown[0].data.url === "/progress/")""",
    )


@pytest.mark.parametrize("viewport", [{"width": 360, "height": 780}], ids=["phone"])
def test_the_settings_offer_notifications_where_the_browser_can_show_them(new_page, site, check):
    page = new_page(service_worker=True)
    with override_settings(WEB_PUSH=KEYS):
        log_in(page, site)
        page.goto(site + "/accounts/settings/#reminders")
        expect(page.get_by_role("button", name="Show reminders on this device")).to_be_visible()
        expect(page.locator(".push-state")).to_have_text(
            "This device does not show your reminders as notifications."
        )
        check(page, "settings-notifications")
