"""The app with no connection, in Chromium: the service worker keeps the guide, the library and
the warning signs on the device, never a person's own pages, and one release at a time."""

import re
import time

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from exercises.models import Exercise
from progress.models import Screening, Session
from tests.browser.test_guided import start_routine
from tests.browser.test_log_form import PASSWORD, fill_scores, log_in
from tests.browser.test_progress import PASSWORD as GUIDED_PASSWORD
from tests.browser.test_progress import tap
from tests.conftest import screened

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def until(page, script: str, seconds: float = 15):
    """Waits for a script (which may return a promise) to give a true value."""
    deadline = time.monotonic() + seconds
    while not page.evaluate(script):
        assert time.monotonic() < deadline, f"still false: {script}"
        page.wait_for_timeout(100)


def installed(new_page, site):
    """A page controlled by the service worker, with everything it keeps saved."""
    page = new_page(service_worker=True)
    page.goto(site + "/exercises/")
    page.evaluate("navigator.serviceWorker.ready")
    # The first visit is not controlled; the next one is.
    page.reload()
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    return page


def with_the_log_form_kept(new_page, site):
    """A person signed in on a page with the service worker, who has opened the log form (so
    it is kept on the device)."""
    page = installed(new_page, site)
    log_in(page, site)  # which ends on the log form
    expect(page.get_by_role("heading", level=1)).to_have_text("Log a session")
    return page


def cache_names(page) -> list[str]:
    return page.evaluate("caches.keys()")


@pytest.mark.parametrize("viewport", [{"width": 360, "height": 780}], ids=["phone"])
def test_the_emergency_page_library_and_exercises_open_with_no_connection(new_page, site, check):
    page = installed(new_page, site)
    page.context.set_offline(True)

    page.goto(site + "/emergency/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Warning signs")

    page.goto(site + "/exercises/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator(".offline-copy")).to_contain_text("Offline — showing the copy from")
    check(page, "library-offline")

    exercise = Exercise.objects.order_by("slug").first()
    page.goto(site + f"/exercises/{exercise.slug}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(exercise.name)
    expect(page.locator(".offline-copy")).to_be_visible()
    # Its styles come from the device too.
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") != "rgba(0, 0, 0, 0)"


def kept_urls(page) -> list[str]:
    return page.evaluate(
        """async () => {
        const urls = [];
        for (const name of await caches.keys()) {
          for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
        }
        return urls;
      }"""
    )


@pytest.mark.parametrize("viewport", [{"width": 360, "height": 780}], ids=["phone"])
def test_a_persons_own_pages_are_never_kept_but_the_blank_log_form_until_sign_out(new_page, site):
    page = installed(new_page, site)
    log_in(page, site)
    page.goto(site + "/progress/history/")
    page.context.set_offline(True)
    page.goto(site + "/progress/")
    expect(page.get_by_role("heading", level=1)).to_have_text("No connection")
    kept = [url for url in kept_urls(page) if "/progress/" in url or "/accounts/" in url]
    assert kept == [site + "/progress/log/"]

    page.context.set_offline(False)
    page.goto(site + "/progress/")
    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(site + "/exercises/")
    assert [url for url in kept_urls(page) if "/progress/" in url] == []


def log_offline(page, site, slug="gluteal-stretch"):
    """Opens the log form from the device with no connection, fills one exercise and sends it."""
    page.context.set_offline(True)
    page.goto(site + "/progress/log/")
    expect(page.locator(".offline-copy")).to_contain_text("Offline — showing the copy from")
    page.select_option("#id_form-0-exercise", slug)
    page.fill("#id_form-0-sets", "1")
    page.fill("#id_form-0-hold_seconds", "30")
    fill_scores(page)
    page.get_by_role("button", name="Save session").click()
    expect(page.locator(".saved-note")).to_have_text(
        "Saved on this phone. It will be sent when you are online."
    )


def sessions_become(count: int, page, seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while Session.objects.count() != count:
        assert time.monotonic() < deadline, f"{Session.objects.count()} sessions, not {count}"
        page.wait_for_timeout(100)


@pytest.mark.parametrize("viewport", [{"width": 360, "height": 780}], ids=["phone"])
def test_a_session_logged_offline_is_kept_then_stored_once_when_the_connection_returns(
    new_page, site, check
):
    page = with_the_log_form_kept(new_page, site)
    log_offline(page, site)
    expect(page.locator(".outbox-item")).to_have_count(1)
    expect(page.locator(".outbox-state")).to_contain_text("Waiting for a connection")
    check(page, "kept")
    assert Session.objects.count() == 0

    # Another page opened offline says what waits.
    page.goto(site + "/exercises/")
    expect(page.locator("#outbox-note")).to_contain_text(
        "1 session logged on this device is waiting"
    )

    page.context.set_offline(False)
    page.goto(site + "/exercises/")
    sessions_become(1, page)
    session = Session.objects.get()
    assert list(session.entries.values_list("exercise__slug", "hold_seconds")) == [
        ("gluteal-stretch", 30)
    ]
    assert session.leg_pain_before == 3
    expect(page.locator("#outbox-note")).to_have_count(0)

    # Sent again (another page, the sync, a reload of the "saved" page): still one session.
    page.goto(site + "/offline/waiting/")
    expect(page.locator("[data-outbox-empty]")).to_be_visible()
    page.wait_for_timeout(500)
    assert Session.objects.count() == 1


@pytest.mark.parametrize("viewport", [{"width": 360, "height": 780}], ids=["phone"])
def test_two_sessions_logged_offline_from_the_kept_form_are_two_sessions(new_page, site):
    page = with_the_log_form_kept(new_page, site)
    log_offline(page, site)
    log_offline(page, site, slug="calf-stretch")
    expect(page.locator(".outbox-item")).to_have_count(2)
    page.context.set_offline(False)
    page.goto(site + "/offline/waiting/")
    sessions_become(2, page)
    expect(page.locator("[data-outbox-empty]")).to_be_visible()


@pytest.mark.parametrize("viewport", [{"width": 360, "height": 780}], ids=["phone"])
def test_a_row_is_added_with_no_connection(new_page, site):
    page = with_the_log_form_kept(new_page, site)
    page.context.set_offline(True)
    page.goto(site + "/progress/log/")
    page.get_by_role("button", name="Add another exercise").click()
    expect(page.locator("#entry-3 legend")).to_have_text("Exercise 4")
    expect(page.locator("#id_form-3-exercise")).to_be_focused()
    assert page.locator("#id_form-TOTAL_FORMS").input_value() == "4"


@pytest.mark.parametrize("viewport", [{"width": 360, "height": 780}], ids=["phone"])
def test_a_kept_session_refused_because_signed_out_is_kept_and_sent_after_signing_in(
    new_page, site
):
    page = with_the_log_form_kept(new_page, site)
    log_offline(page, site)
    # Signed out meanwhile (the session ended): the kept session cannot be sent.
    page.context.clear_cookies()
    page.context.set_offline(False)
    page.goto(site + "/offline/waiting/")
    expect(page.locator(".outbox-state")).to_contain_text("you are signed out")
    assert Session.objects.count() == 0
    page.reload()
    expect(page.locator(".outbox-item")).to_have_count(1)

    page.get_by_role("link", name="Sign in").click()
    page.fill("#id_username", "erin")
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(site + "/offline/waiting/")
    sessions_become(1, page)
    expect(page.locator("[data-outbox-empty]")).to_be_visible()


@pytest.mark.parametrize("viewport", [{"width": 360, "height": 780}], ids=["phone"])
def test_a_kept_session_is_never_sent_into_another_persons_diary(new_page, site):
    page = with_the_log_form_kept(new_page, site)
    log_offline(page, site)
    page.context.clear_cookies()
    page.context.set_offline(False)
    log_in(page, site, "grace")
    page.goto(site + "/offline/waiting/")
    expect(page.locator(".outbox-state")).to_contain_text("another person is signed in")
    assert Session.objects.count() == 0
    # Nor can grace throw it away; the note on her pages names no one.
    expect(page.get_by_role("button", name="Remove from this device")).to_have_count(0)
    page.goto(site + "/exercises/")
    expect(page.locator("#outbox-note")).to_have_text(
        "1 session logged on this device is waiting to be sent. See what is waiting"
    )


@pytest.mark.parametrize("viewport", [{"width": 360, "height": 780}], ids=["phone"])
def test_chromium_finds_nothing_stopping_installation(new_page, site):
    page = installed(new_page, site)
    page.goto(site + "/")
    session = page.context.new_cdp_session(page)
    errors = session.send("Page.getInstallabilityErrors")["installabilityErrors"]
    # Playwright's contexts are private windows, where no browser installs an app: that one is
    # about the test's browser, not the site.
    assert [error for error in errors if error["errorId"] != "in-incognito"] == []


@pytest.mark.parametrize("viewport", [{"width": 360, "height": 780}], ids=["phone"])
def test_a_new_release_takes_over_on_the_next_visit_whole(new_page, site):
    page = installed(new_page, site)
    [old] = cache_names(page)

    exercise = Exercise.objects.order_by("slug").first()
    exercise.name = exercise.name + " revised"
    exercise.save()
    page.evaluate("navigator.serviceWorker.getRegistration().then((r) => r.update())")
    until(page, "navigator.serviceWorker.getRegistration().then((r) => r.waiting !== null)")
    # The open page keeps its release until it is closed.
    assert old in cache_names(page)

    # The next visit: the last page of the old release closed, a new one opened.
    context = page.context
    page.close()
    page = context.new_page()
    page.goto(site + "/exercises/")
    until(page, f"caches.keys().then((names) => names.length === 1 && names[0] !== {old!r})")
    page.reload()
    [new] = cache_names(page)
    page.context.set_offline(True)
    page.goto(site + f"/exercises/{exercise.slug}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("revised")
    # The page and its styles are from the one cache of the new release.
    both = page.evaluate(
        """async (name) => {
        const cache = await caches.open(name);
        const sheet = document.querySelector('link[rel="stylesheet"]').href;
        return [!!(await cache.match(location.href)), !!(await cache.match(sheet))];
      }""",
        new,
    )
    assert both == [True, True]


@pytest.mark.parametrize("viewport", [{"width": 360, "height": 780}], ids=["phone"])
def test_a_kept_session_waits_for_the_weeks_safety_questions_then_is_sent(new_page, site):
    page = with_the_log_form_kept(new_page, site)
    log_offline(page, site)
    Screening.objects.all().delete()
    page.context.set_offline(False)
    page.goto(site + "/offline/waiting/")
    expect(page.locator(".outbox-state")).to_contain_text("answer this week's safety questions")
    expect(page.get_by_role("link", name="Answer the safety questions")).to_be_visible()
    assert Session.objects.count() == 0

    screened(get_user_model().objects.get(username="erin"))
    page.reload()
    sessions_become(1, page)


@pytest.mark.parametrize("viewport", [{"width": 360, "height": 780}], ids=["phone"])
def test_a_kept_session_the_diary_refuses_is_shown_with_the_reason_and_put_right(
    new_page, site, check
):
    page = with_the_log_form_kept(new_page, site)
    # Plank's stage is still locked for a new person: the diary refuses it, with the reason.
    page.context.set_offline(True)
    page.goto(site + "/progress/log/")
    page.select_option("#id_form-0-exercise", "plank")
    fill_scores(page)
    page.fill("#id_notes", "Tried the plank on the floor upstairs.")
    page.get_by_role("button", name="Save session").click()
    expect(page.locator(".saved-note")).to_be_visible()
    page.context.set_offline(False)
    page.goto(site + "/offline/waiting/")
    expect(page.locator(".outbox-state")).to_contain_text("Not taken by your diary")
    expect(page.locator(".outbox-state")).to_contain_text("locked for you")
    page.reload()
    expect(page.locator(".outbox-item")).to_have_count(1)
    check(page, "kept-refused")

    # Opened again in the log form: everything as typed, with what to correct.
    page.get_by_role("button", name="Correct it in the log form").click()
    expect(page.locator("#id_form-0-exercise_error")).to_contain_text("locked for you")
    expect(page.locator("#id_notes")).to_have_value("Tried the plank on the floor upstairs.")
    page.select_option("#id_form-0-exercise", "gluteal-stretch")
    page.fill("#id_form-0-sets", "1")
    page.fill("#id_form-0-hold_seconds", "30")
    page.get_by_role("button", name="Save session").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Session of")
    sessions_become(1, page)
    assert Session.objects.get().notes == "Tried the plank on the floor upstairs."
    page.goto(site + "/offline/waiting/")
    expect(page.locator("[data-outbox-empty]")).to_be_visible()
    assert Session.objects.count() == 1


@pytest.mark.parametrize("viewport", [{"width": 360, "height": 780}], ids=["phone"])
def test_removing_a_kept_session_asks_first(new_page, site):
    page = with_the_log_form_kept(new_page, site)
    log_offline(page, site)
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="Remove from this device").click()
    page.reload()
    expect(page.locator(".outbox-item")).to_have_count(1)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Remove from this device").click()
    expect(page.locator("[data-outbox-empty]")).to_be_visible()
    page.context.set_offline(False)
    page.goto(site + "/exercises/")
    page.wait_for_timeout(500)
    assert Session.objects.count() == 0


@pytest.mark.parametrize("viewport", [{"width": 360, "height": 780}], ids=["phone"])
def test_the_guided_routines_last_page_sent_offline_is_kept_and_stored_once(new_page, site):
    page = installed(new_page, site)
    screened(get_user_model().objects.create_user("gwen", password=GUIDED_PASSWORD))
    start_routine(page, site, "gwen")
    page.get_by_role("button", name="Start", exact=True).click()
    total = int(re.search(r"of (\d+)", page.locator(".guide-progress").inner_text())[1])
    for _ in range(total):
        page.get_by_role("button", name="Done").click()
    expect(page).to_have_url(f"{site}/progress/routine/log/")
    tap(page, "leg_pain_after", 3)
    tap(page, "back_pain", 2)
    page.context.set_offline(True)
    page.get_by_role("button", name="Save session").click()
    expect(page.locator(".saved-note")).to_be_visible()
    assert Session.objects.count() == 0

    page.context.set_offline(False)
    page.goto(site + "/offline/waiting/")
    sessions_become(1, page)
    session = Session.objects.get()
    assert session.entries.count() == total
    # The routine knows its log was saved: its start page offers the session, not the log again.
    page.goto(site + "/progress/routine/log/")
    expect(page).to_have_url(f"{site}/progress/routine/")


@pytest.mark.parametrize("viewport", [{"width": 360, "height": 780}], ids=["phone"])
def test_a_warning_sign_logged_offline_brings_up_what_to_do_at_once(new_page, site, check):
    page = with_the_log_form_kept(new_page, site)
    page.context.set_offline(True)
    page.goto(site + "/progress/log/")
    fill_scores(page)
    page.locator("input[name=red_flags][value=both_legs]").check()
    page.get_by_role("button", name="Save session").click()
    expect(page.locator(".saved-note")).to_be_visible()
    expect(page.get_by_role("alert").first).to_contain_text("do not wait for the connection")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Warning signs")
    check(page, "warning-sign-kept")


@pytest.mark.parametrize("viewport", [{"width": 360, "height": 780}], ids=["phone"])
def test_another_form_sent_with_no_connection_says_it_was_not_sent(new_page, site, check):
    page = installed(new_page, site)
    log_in(page, site)
    page.goto(site + "/progress/screening/")
    page.context.set_offline(True)
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator(".not-sent")).to_contain_text("your answers were not sent")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Warning signs")
    check(page, "safety-not-sent")

    page.context.set_offline(False)
    page.goto(site + "/progress/")
    page.context.set_offline(True)
    page.get_by_role("button", name="Log out").click()
    expect(page.locator(".not-sent")).to_contain_text("this was not sent")
    expect(page.get_by_text("This page was not saved on this device")).to_have_count(0)
    check(page, "not-sent")


@pytest.mark.parametrize("viewport", [{"width": 360, "height": 780}], ids=["phone"])
def test_pages_kept_while_signed_in_are_a_visitors_copy(new_page, site):
    page = installed(new_page, site)
    log_in(page, site)
    page.goto(site + "/exercises/bird-dog/")
    page.goto(site + "/guidance/")
    kept = page.evaluate(
        """async () => {
        const pages = [];
        for (const name of await caches.keys()) {
          const cache = await caches.open(name);
          for (const request of await cache.keys()) {
            const response = await cache.match(request);
            if ((response.headers.get("Content-Type") || "").startsWith("text/html")) {
              pages.push([request.url, await response.text()]);
            }
          }
        }
        return pages;
      }"""
    )
    public = [(url, html) for url, html in kept if "/progress/" not in url]
    assert len(public) > 20
    assert [url for url, html in public if "data-signed-in" in html or "Log out" in html] == []


@pytest.mark.parametrize("viewport", [{"width": 360, "height": 780}], ids=["phone"])
def test_the_log_form_still_opens_offline_after_a_new_release(new_page, site, check):
    page = with_the_log_form_kept(new_page, site)
    [old] = [name for name in cache_names(page) if not name.startswith("sciatica-personal-")]
    exercise = Exercise.objects.order_by("slug").first()
    exercise.name += " revised"
    exercise.save()
    page.evaluate("navigator.serviceWorker.getRegistration().then((r) => r.update())")
    until(page, "navigator.serviceWorker.getRegistration().then((r) => r.waiting !== null)")
    # The next visit: the last page of the old release closed, a new one opened.
    context = page.context
    page.close()
    page = context.new_page()
    page.goto(site + "/exercises/")
    until(page, f"caches.keys().then((names) => !names.includes({old!r}))")
    page.context.set_offline(True)
    page.goto(site + "/progress/log/")
    expect(page.locator(".offline-copy")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log a session")
    check(page, "log-form-offline")


@pytest.mark.parametrize("viewport", [{"width": 360, "height": 780}], ids=["phone"])
def test_the_library_says_searching_needs_a_connection(new_page, site):
    page = installed(new_page, site)
    page.context.set_offline(True)
    page.goto(site + "/exercises/")
    page.fill("#id_q", "calf")
    expect(page.locator("#result-count")).to_have_text(
        "No connection: searching and filtering need one, so every exercise is shown."
    )
