"""Browser tests: Debian's Chromium driven by Playwright against a live server.

Run with `make test-browser`. Screenshots go to screenshots/ (ignored by git)."""

import os
import shutil
from io import StringIO
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.core.management import call_command

# Playwright's sync API runs an event loop in the test's thread; the ORM calls that the tests
# make beside it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"
PHONE = {"width": 360, "height": 780}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        # Without these, Chromium keeps trying to reach Google's services from a closed network.
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(params=[PHONE, DESKTOP], ids=["phone", "desktop"])
def viewport(request):
    return request.param


@pytest.fixture
def site(live_server, transactional_db):
    """The live server with the program's content (transactional tests start empty)."""
    call_command("seed_exercises", stdout=StringIO())
    return live_server.url


@pytest.fixture
def new_page(browser, viewport, request):
    """Pages in a fresh context at the test's size; console errors fail the test."""
    contexts, errors = [], []

    def make(javascript: bool = True, service_worker: bool = False):
        # The browser reports the server's zone at sign-up, so that the tests' "days ago" (in
        # the server's zone) are the person's days too. The service worker runs only in the
        # tests about it: elsewhere its saving of the library in the background would still be
        # busy with the database when the test's data is wiped.
        context = browser.new_context(
            viewport=viewport,
            java_script_enabled=javascript,
            timezone_id=settings.TIME_ZONE,
            service_workers="allow" if service_worker else "block",
        )
        contexts.append(context)
        page = context.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.javascript = javascript
        return page

    yield make
    for context in contexts:
        context.close()
    assert errors == [], errors


@pytest.fixture
def shoot(request, viewport):
    """A full-page screenshot in the light and the dark theme: screenshots/<test>-<name>-<size>-
    <theme>.png, to look at after `make test-browser`."""
    SCREENSHOTS.mkdir(exist_ok=True)
    size = "phone" if viewport == PHONE else "desktop"

    def take(page, name: str):
        test = request.node.originalname
        for theme in ("light", "dark"):
            page.emulate_media(color_scheme=theme)
            page.screenshot(path=SCREENSHOTS / f"{test}-{name}-{size}-{theme}.png", full_page=True)
        page.emulate_media(color_scheme="light")

    return take


@pytest.fixture
def check(shoot, browser, viewport):
    """Everything each visited page must pass: axe in both themes, and a screenshot of each.
    (Console errors and CSP reports fail the test through `new_page`.)

    axe runs in the page, so a page seen without JavaScript is checked as a copy of its HTML in
    a second page that has it."""
    checker = None

    def run(page, name: str):
        nonlocal checker
        target = page
        if not getattr(page, "javascript", True):
            if checker is None:
                checker = browser.new_context(viewport=viewport).new_page()
            base = f'<head><base href="{page.url}">'
            checker.set_content(page.content().replace("<head>", base, 1))
            target = checker
        for theme in ("light", "dark"):
            target.emulate_media(color_scheme=theme)
            assert_accessible(target)
        shoot(page, name)

    yield run
    if checker is not None:
        checker.context.close()


AXE = Axe()


def assert_accessible(page):
    """axe-core finds no serious or critical problem on the page as it stands."""
    results = AXE.run(page)
    bad = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert bad == [], "\n".join(bad)
