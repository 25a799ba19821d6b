"""The app with no connection, in Chromium: the service worker keeps the guide, the library and
the warning signs on the device, never a person's own pages, and one release at a time."""

import time

import pytest
from playwright.sync_api import expect

from exercises.models import Exercise

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def until(page, script: str, seconds: float = 15):
    """Waits for a script (which may return a promise) to give a true value."""
    deadline = time.monotonic() + seconds
    while not page.evaluate(script):
        assert time.monotonic() < deadline, f"still false: {script}"
        page.wait_for_timeout(100)


def installed(new_page, site):
    """A page controlled by the service worker, with everything it keeps saved."""
    page = new_page()
    page.goto(site + "/exercises/")
    page.evaluate("navigator.serviceWorker.ready")
    # The first visit is not controlled; the next one is.
    page.reload()
    page.wait_for_function("navigator.serviceWorker.controller !== null")
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
    expect(page.locator(".offline-note")).to_contain_text("Offline — showing the copy from")
    check(page, "library-offline")

    exercise = Exercise.objects.order_by("slug").first()
    page.goto(site + f"/exercises/{exercise.slug}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(exercise.name)
    expect(page.locator(".offline-note")).to_be_visible()
    # Its styles come from the device too.
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") != "rgba(0, 0, 0, 0)"


@pytest.mark.parametrize("viewport", [{"width": 360, "height": 780}], ids=["phone"])
def test_a_persons_own_page_is_never_kept_and_shows_the_offline_page(new_page, site, alice):
    page = installed(new_page, site)
    page.context.set_offline(True)
    page.goto(site + "/progress/")
    expect(page.get_by_role("heading", level=1)).to_have_text("No connection")
    kept = page.evaluate(
        """async () => {
        const urls = [];
        for (const name of await caches.keys()) {
          for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
        }
        return urls;
      }"""
    )
    assert kept and not [url for url in kept if "/progress/" in url or "/accounts/" in url]


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
