"""Today's routine in the browser, step by step, with JavaScript and without: the timers run on
Playwright's fake clock (minutes of holds in milliseconds), and the session stored at the end is
what was done. Every step is checked by axe in both themes, fits a phone's first screen, logs
nothing to the console, and leaves screenshots in screenshots/guided/ to look at."""

import json
import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from exercises.models import Exercise
from progress.models import Session
from tests.browser.conftest import PHONE, SCREENSHOTS, assert_accessible
from tests.browser.test_progress import PASSWORD, log_in, tap
from tests.conftest import screened

pytestmark = pytest.mark.browser

SHOTS = SCREENSHOTS / "guided"


@pytest.fixture
def person(site):
    screened(get_user_model().objects.create_user("gwen", password=PASSWORD))
    return "gwen"


@pytest.fixture
def look(browser, viewport, request):
    """axe in both themes (a page seen without JavaScript is checked as a copy in a page that
    has it), and a screenshot of the whole page in each: screenshots/guided/<test>-<name>-<size>-
    <theme>.png."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    size = "phone" if viewport == PHONE else "desktop"
    checker = None

    def run(page, name: str):
        nonlocal checker
        target = page
        if not page.javascript:
            if checker is None:
                checker = browser.new_context(viewport=viewport).new_page()
            checker.set_content(page.content().replace("<head>", f'<head><base href="{page.url}">'))
            target = checker
        test = request.node.originalname.removeprefix("test_")
        for theme in ("light", "dark"):
            target.emulate_media(color_scheme=theme)
            assert_accessible(target)
            page.emulate_media(color_scheme=theme)
            page.screenshot(path=SHOTS / f"{test}-{name}-{size}-{theme}.png", full_page=True)
        page.emulate_media(color_scheme="light")

    yield run
    if checker is not None:
        checker.context.close()


def start_routine(page, site, person, pain=3, reach="thigh"):
    page.clock.install()
    log_in(page, site, person)
    page.get_by_role("link", name="Start today's routine").click()
    expect(page).to_have_url(f"{site}/progress/routine/")
    tap(page, "leg_pain_before", pain)
    page.locator(f"input[name=symptoms_reach][value={reach}]").check()


STEP_BUTTONS = ".guide-form button, .guide-timer button:visible, .guide-timer input:visible"


def controls_fit_the_screen(page, controls: str = STEP_BUTTONS):
    """Every button of the page (a step's, and its timer's) is on the first screen without
    scrolling."""
    height = page.viewport_size["height"]
    page.evaluate("window.scrollTo(0, 0)")
    buttons = page.locator(controls)
    assert buttons.count() >= 1
    for i in range(buttons.count()):
        box = buttons.nth(i).bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= height, (
            buttons.nth(i).inner_text(),
            box,
        )


def the_step(page) -> tuple[Exercise, dict]:
    name = page.get_by_role("heading", level=1).inner_text()
    plan = json.loads(page.locator("#timer").get_attribute("data-plan"))
    return Exercise.objects.get(name=name), plan


def count_with_the_timer(page, plan: dict, whole: bool = True, seen=None) -> dict:
    """Let the timer count the step (or only its first set, or a few), as a person would: the
    fake clock runs the holds and rests; repetitions are tapped. `seen(page)` is called while a
    timer runs. Returns what should be logged."""
    timer = page.locator("#timer")
    expect(timer).to_be_visible()
    if plan["kind"] == "holds":
        phases = plan["phases"]
        if not whole:
            phases = phases[: next(i for i, p in enumerate(phases) if p["ends_set"]) + 1]
        timer.get_by_role("button", name="Start the timer").click()
        expect(timer.locator("[data-phase]")).to_contain_text(phases[0]["label"])
        expect(timer.locator("[aria-live]")).to_have_text(phases[0]["say"])
        page.clock.run_for(phases[0]["seconds"] * 1000 - 9500)
        if phases[0]["seconds"] >= 20:
            expect(timer.locator("[aria-live]")).to_have_text("10 seconds left")
        if seen:
            seen(page)
        # Each phase may start a tick (0.2 s) after the one before ends.
        page.clock.run_for(sum(p["seconds"] for p in phases) * 1000 + len(phases) * 250)
        if whole:
            expect(timer.locator("[data-phase]")).to_have_text("All done")
            expect(timer.locator("[aria-live]")).to_have_text("All done. Press Done to go on.")
        sets = phases[-1]["set"]
        expect(page.locator("#id_dose-sets")).to_have_value(str(sets))
        return {"sets": sets, "hold_seconds": phases[0]["seconds"]}
    if plan["kind"] == "stopwatch":
        minutes = 12 if whole else 2
        timer.get_by_role("button", name="Start the timer").click()
        page.clock.run_for(60_500)
        expect(timer.locator("[aria-live]")).to_have_text("1 minute")
        if seen:
            seen(page)
        page.clock.run_for((minutes - 1) * 60_000 + 1000)
        timer.get_by_role("button", name="Pause").click()
        expect(page.locator("#id_dose-minutes")).to_have_value(str(minutes))
        return {"minutes": minutes}
    taps = (plan.get("target") or 6) if whole else 3
    for _ in range(taps + 1):
        timer.get_by_role("button", name="Tap after each one").click()
    timer.get_by_role("button", name="Take one off").click()
    page.clock.run_for(100)
    expect(timer.locator("[aria-live]")).to_have_text(str(taps))
    expect(page.locator("#id_dose-reps")).to_have_value(str(taps))
    return {"sets": 1, "reps": taps}


def type_what_was_done(page, exercise: Exercise, plan: dict) -> dict:
    """Without JavaScript: the person counts for themselves and types what they did."""
    if plan["kind"] == "holds":
        page.fill("#id_dose-sets", "2")
        return {"sets": 2, "hold_seconds": exercise.hold_seconds}
    if plan["kind"] == "stopwatch":
        page.fill("#id_dose-minutes", "9")
        return {"minutes": 9}
    page.fill("#id_dose-sets", "1")
    page.fill("#id_dose-reps", "7")
    return {"sets": 1, "reps": 7}


def stored(person: str) -> list[tuple]:
    session = Session.objects.get(user__username=person)
    return [
        (e.exercise.slug, e.sets, e.reps, e.hold_seconds, e.minutes)
        for e in session.entries.select_related("exercise")
    ]


def as_rows(done: list[tuple[Exercise, dict]]) -> list[tuple]:
    return [
        (e.slug, d.get("sets"), d.get("reps"), d.get("hold_seconds"), d.get("minutes"))
        for e, d in done
    ]


def save_the_log(page, after=2, back=1):
    tap(page, "leg_pain_after", after)
    tap(page, "back_pain", back)
    page.get_by_role("button", name="Save session").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Session of")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_whole_routine_is_led_step_by_step_and_logged_as_done(
    site, person, new_page, look, javascript
):
    page = new_page(javascript=javascript)
    mode = "js" if javascript else "nojs"
    start_routine(page, site, person, pain=4, reach="buttock")
    controls_fit_the_screen(page, ".guide-before button, .guide-before input:visible")
    look(page, f"{mode}-before")
    page.get_by_role("button", name="Start", exact=True).click()

    done = []
    total = int(re.search(r"of (\d+)", page.locator(".guide-progress").inner_text())[1])
    assert total >= 3
    for number in range(1, total + 1):
        expect(page.locator(".guide-progress")).to_contain_text(f"{number} of {total}")
        exercise, plan = the_step(page)
        controls_fit_the_screen(page)
        look(page, f"{mode}-step-{number}")
        if number == 2:
            # Skipped: left out of the log.
            page.get_by_role("button", name="Skip").click()
            continue
        if javascript:

            def seen(page, number=number):
                controls_fit_the_screen(page)
                look(page, f"js-step-{number}-timing")

            expect(page.locator("#timer")).to_be_visible()
            dose = count_with_the_timer(page, plan, seen=seen)
        else:
            expect(page.locator("#timer")).to_be_hidden()
            dose = type_what_was_done(page, exercise, plan)
        if number == 1:
            # Back to the start and on again: what was typed at a step is kept once it is done.
            page.get_by_role("button", name="Done").click()
            page.get_by_role("button", name="Back").click()
            expect(page.locator(".guide-progress")).to_contain_text(f"1 of {total}")
        page.get_by_role("button", name="Done").click()
        done.append((exercise, dose))

    expect(page).to_have_url(f"{site}/progress/routine/log/")
    expect(page.locator(".flare-plan")).to_have_count(0)
    look(page, f"{mode}-log")
    expect(page.locator("#id_leg_pain_before_4")).to_be_checked()
    expect(page.locator("input[name=symptoms_reach][value=buttock]")).to_be_checked()
    save_the_log(page)
    assert stored(person) == as_rows(done)
    session = Session.objects.get(user__username=person)
    assert (session.leg_pain_before, session.leg_pain_after, session.back_pain) == (4, 2, 1)

    page.goto(f"{site}/progress/routine/")
    expect(page.locator("main")).to_contain_text("Today's routine is logged")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_stopping_half_way_keeps_what_was_done_and_shows_the_flare_guidance(
    site, person, new_page, look, javascript
):
    page = new_page(javascript=javascript)
    mode = "js" if javascript else "nojs"
    start_routine(page, site, person)
    page.get_by_role("button", name="Start", exact=True).click()
    exercise, plan = the_step(page)
    if javascript:
        first = count_with_the_timer(page, plan)
    else:
        first = type_what_was_done(page, exercise, plan)
    page.get_by_role("button", name="Done").click()
    done = [(exercise, first)]

    # Half way through the second: with the timer, what it has counted is kept.
    exercise, plan = the_step(page)
    if javascript:
        done.append((exercise, count_with_the_timer(page, plan, whole=False)))
    page.get_by_role("button", name="Leg pain spreading or worse — stop").click()

    expect(page).to_have_url(f"{site}/progress/routine/log/")
    expect(page.locator(".flare-plan")).to_be_visible()
    expect(page.locator(".flare-plan")).to_contain_text("you stopped the routine")
    expect(page.locator(".emergency")).to_have_count(0)
    expect(page.locator("#id_notes")).to_have_value(re.compile(r"^Stopped at .* \(2 of \d+\)"))
    look(page, f"{mode}-stopped")
    save_the_log(page, after=6)
    assert stored(person) == as_rows(done)
    expect(page.locator(".flare-plan")).to_be_visible()


def test_the_log_sent_twice_stores_one_session(site, person, new_page):
    page = new_page()
    start_routine(page, site, person)
    page.get_by_role("button", name="Start", exact=True).click()
    total = int(re.search(r"of (\d+)", page.locator(".guide-progress").inner_text())[1])
    for _ in range(total):
        page.get_by_role("button", name="Done").click()
    expect(page).to_have_url(f"{site}/progress/routine/log/")
    # The same log open in a second tab, to send again once the first is saved.
    again = page.context.new_page()
    again.goto(page.url)
    sent = []
    for tab in (page, again):
        tab.on("request", lambda r: sent.append(r) if r.method == "POST" else None)
        tap(tab, "leg_pain_after", 3)
        tap(tab, "back_pain", 2)

    # Two quick presses of the button...
    page.get_by_role("button", name="Save session").dblclick()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Session of")
    # ...and the page sent once more.
    again.get_by_role("button", name="Save session").click()
    expect(again.get_by_role("heading", level=1)).to_contain_text("Session of")

    assert len(sent) >= 2
    assert Session.objects.filter(user__username=person).count() == 1
    assert again.url == page.url


def test_the_sound_and_vibration_switches_are_remembered(site, person, new_page):
    page = new_page()
    start_routine(page, site, person)
    page.get_by_role("button", name="Start", exact=True).click()
    page.get_by_label("Sound").uncheck()
    page.reload()
    expect(page.get_by_label("Sound")).not_to_be_checked()
    page.get_by_label("Sound").check()
    page.reload()
    expect(page.get_by_label("Sound")).to_be_checked()


# Stands in for the phone's sound, vibration and screen lock, and listens to what is announced.
FAKE_DEVICE = """
window.__calls = [];
window.__said = [];
const note = (what) => window.__calls.push(what);
Object.defineProperty(navigator, "vibrate", { value: () => note("buzz") });
window.AudioContext = class {
  constructor() { this.currentTime = 0; this.destination = {}; }
  createOscillator() {
    return { frequency: {}, connect: (next) => next, start: () => note("beep"), stop() {} };
  }
  createGain() {
    return { gain: { setValueAtTime() {}, exponentialRampToValueAtTime() {} }, connect: (n) => n };
  }
};
Object.defineProperty(navigator, "wakeLock", {
  value: {
    request: async () => {
      note("awake");
      return { addEventListener() {}, release: async () => note("sleep") };
    },
  },
});
document.addEventListener("DOMContentLoaded", () => {
  const live = document.querySelector("[aria-live]");
  if (live) new MutationObserver(() => live.textContent && window.__said.push(live.textContent))
    .observe(live, { childList: true, characterData: true, subtree: true });
});
"""


def test_the_timer_beeps_buzzes_speaks_now_and_then_and_keeps_the_screen_awake_while_it_runs(
    site, person, new_page, monkeypatch
):
    from exercises.catalogue import catalogue
    from progress.views import guided

    monkeypatch.setattr(
        guided,
        "todays_routine",
        lambda *args: ([catalogue().by_slug[s] for s in ("calf-stretch", "walk")], 0),
    )
    page = new_page()
    page.add_init_script(FAKE_DEVICE)
    start_routine(page, site, person)
    page.get_by_role("button", name="Start", exact=True).click()
    calls = lambda: page.evaluate("window.__calls")  # noqa: E731

    page.get_by_role("button", name="Start the timer").click()
    page.clock.run_for(29_000)
    assert calls() == ["awake"]
    page.clock.run_for(1_500)
    # The end of the first hold: a beep and a buzz, then the rest.
    assert calls() == ["awake", "beep", "buzz"]
    expect(page.locator("[data-phase]")).to_contain_text("Rest 30 s")
    page.get_by_role("button", name="Pause").click()
    page.clock.run_for(100)
    assert calls()[-1] == "sleep"
    # Announced at the start, 10 seconds from the end, and at the rest: not every second.
    assert page.evaluate("window.__said") == [
        "Left leg — hold 30 seconds",
        "10 seconds left",
        "Rest 30 seconds",
        "Paused",
    ]

    # Both switched off: the next hold ends in silence.
    page.get_by_label("Sound").uncheck()
    page.get_by_label("Vibrate").uncheck()
    page.get_by_role("button", name="Carry on").click()
    page.clock.run_for(61_000)
    expect(page.locator("[data-phase]")).to_have_text("Rest 30 s · Set 1 of 3")
    assert calls() == ["awake", "beep", "buzz", "sleep", "awake"]
    expect(page.locator("#id_dose-sets")).to_have_value("1")
