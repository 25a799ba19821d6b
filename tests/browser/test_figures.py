"""Every exercise's figure in a real browser, on a phone, light and dark, moving and still.

Screenshots go to screenshots/figures/: the figure as the page shows it (`<slug>-<motion>-<theme>`),
the exercise page whole, and the figure's own file, to look at side by side with the steps."""

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import AXE, PHONE, SCREENSHOTS, assert_accessible

pytestmark = pytest.mark.browser

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "exercises.json"
SLUGS = [
    row["fields"]["slug"]
    for row in json.loads(FIXTURE.read_text(encoding="utf-8"))
    if row["model"] == "exercises.exercise"
]
FOLDER = SCREENSHOTS / "figures"


@pytest.fixture
def phone(browser):
    """A page at phone width for a motion preference, failing the test on any console error
    (a style the Content-Security-Policy refused would show there)."""
    contexts, errors = [], []

    def make(motion: str):
        context = browser.new_context(viewport=PHONE, reduced_motion=motion)
        contexts.append(context)
        page = context.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        return page

    yield make
    for context in contexts:
        context.close()
    assert errors == [], errors


def figure_names_by_axe(page) -> list[str]:
    """The markup of each drawn figure that axe found named (its rule for SVG images)."""
    results = AXE.run(page, options={"runOnly": ["svg-img-alt"]}).response
    return [node["html"] for rule in results["passes"] for node in rule["nodes"]]


@pytest.mark.parametrize("motion", ["no-preference", "reduce"])
def test_every_figure_on_a_phone_in_both_themes_moving_and_still(site, phone, motion):
    FOLDER.mkdir(parents=True, exist_ok=True)
    page = phone(motion)
    for slug in SLUGS:
        page.goto(f"{site}/exercises/{slug}/")
        figure = page.locator(".exercise-body > .exercise-figure")
        moving = figure.locator(".fig-moving")
        poses = figure.locator(".figure-poses")
        name = page.locator("h1").inner_text()
        if motion == "reduce":
            # Nothing moves: the key poses stand side by side, numbered like the steps.
            expect(moving).to_be_hidden()
            expect(poses).to_be_visible()
            expect(poses.locator("li").first).to_contain_text("Step")
            shown = poses.get_by_role("img").first
            expect(shown).to_have_accessible_name(re.compile(r"^Steps? \d"))
        else:
            expect(poses).to_be_hidden()
            expect(moving).to_be_visible()
            movement = re.compile(f"^{re.escape(name)}: the movement Step")
            expect(page.get_by_role("img", name=movement)).to_be_visible()
            assert moving.evaluate("svg => !svg.animationsPaused()")
            # The page stays inside a phone's width.
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        for theme in ("light", "dark"):
            page.emulate_media(color_scheme=theme)
            assert_accessible(page)
            # axe reads each figure's <title> and <desc> as its name.
            shown = "fig-still" if motion == "reduce" else "fig-moving"
            assert any(shown in html for html in figure_names_by_axe(page)), slug
            figure.screenshot(path=FOLDER / f"{slug}-{motion}-{theme}.png", animations="allow")
            if theme == "light" and motion == "no-preference":
                page.screenshot(path=FOLDER / f"{slug}-page.png", full_page=True)
        page.emulate_media(color_scheme="light")


def test_each_figures_own_file_follows_the_theme_and_stands_still_when_asked(site, phone):
    FOLDER.mkdir(parents=True, exist_ok=True)
    for motion in ("no-preference", "reduce"):
        page = phone(motion)
        for slug in SLUGS:
            response = page.goto(f"{site}/exercises/{slug}/figure.svg")
            assert response.headers["content-type"] == "image/svg+xml; charset=utf-8"
            moving = page.locator("g.a")
            still = page.locator("g.k")
            if motion == "reduce":
                expect(moving).to_be_hidden()
                expect(still).to_be_visible()
            else:
                expect(moving).to_be_visible()
                expect(still).to_be_hidden()
            for theme in ("light", "dark"):
                page.emulate_media(color_scheme=theme)
                ink = page.locator("svg").evaluate("svg => getComputedStyle(svg).color")
                assert ink == ("rgb(27, 31, 36)" if theme == "light" else "rgb(232, 237, 242)")
                if motion == "reduce":
                    page.screenshot(path=FOLDER / f"{slug}-file-{theme}.png")
            page.emulate_media(color_scheme="light")
