"""The summary for a clinician in Chromium: printed to PDF on A4 and Letter (one page for eight
weeks, two at most for a year of daily sessions), on screen in both themes on a phone and a
desktop, its print button, and the page shared by link. Screenshots of the screen and of paper go
to screenshots/summary/, to look at."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from exercises.models import Exercise
from progress import measures, measures_csv
from progress.models import RedFlagReport, Screening, Session, SessionExercise
from progress.status import refresh_stage_changes
from tests.browser.conftest import DESKTOP, SCREENSHOTS, assert_accessible
from tests.browser.test_progress import PASSWORD, log_in
from tests.conftest import screened
from tests.helpers import days_ago

pytestmark = pytest.mark.browser

SHOTS = SCREENSHOTS / "summary"
# Chromium writes one "/Type /Page" object for each page (and "/Type /Pages" for their list).
PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![a-z])")
PAPER = ("A4", "Letter")
REACH = ["below_knee", "thigh", "buttock"]


# An input's own width and the width a copy of it takes when nothing squeezes it (a date input's
# scrollWidth does not grow when its text is cut off, so it cannot tell).
NATURAL_WIDTH = """input => {
    const copy = input.cloneNode();
    copy.removeAttribute("id");
    copy.style.position = "absolute";
    copy.style.width = "max-content";
    document.body.append(copy);
    const natural = copy.offsetWidth;
    copy.remove();
    return [input.offsetWidth, natural];
}"""


def page_count(pdf: bytes) -> int:
    return len(PAGE_OBJECT.findall(pdf))


def diary(username: str, days: int) -> str:
    """A person who logged a session every day for `days` days up to today, leg pain easing
    from 6 to 2, a flare every nine days, with the questionnaires at the start and now and a
    warning sign on the way."""
    user = screened(get_user_model().objects.create_user(username, password=PASSWORD))
    start = days_ago(days - 1)
    sessions = Session.objects.bulk_create(
        Session(
            user=user,
            date=start + timedelta(days=n),
            leg_pain_before=(before := 6 - (4 * n) // days),
            leg_pain_after=before + 1 if n % 9 == 4 else before,
            leg_pain_next_morning=before if n % 2 else None,
            back_pain=min(10, before + n % 3),
            symptoms_reach=REACH[min(2, 3 * n // days)],
            notes="Stiff after a long drive." if n % 11 == 0 else "",
        )
        for n in range(days)
    )
    exercises = list(Exercise.objects.filter(stage__gated=False).order_by("order")[:6])
    SessionExercise.objects.bulk_create(
        SessionExercise(
            session=session,
            exercise=exercise,
            order=i,
            **({"minutes": 25} if exercise.section == "activity" else {"sets": 2, "reps": 10}),
        )
        for n, session in enumerate(sessions)
        for i, exercise in enumerate(exercises[n % 2 : n % 2 + 4])
    )
    RedFlagReport.objects.create(user=user, codes=["both_legs"], occurred_on=days_ago(20))
    Screening.objects.create(user=user, soon_reasons=["night_pain"])
    refresh_stage_changes(user)
    for day, scale in ((start, 4), (timezone.localdate(), 1)):
        measures_csv.save_answer(
            user, measures.sbi_answer(day, dict.fromkeys(measures.SBI_CODES, scale))
        )
        measures_csv.save_answer(
            user,
            measures.psfs_answer(
                day,
                [("Putting on socks", 7 - scale), ("Sitting", 6 - scale), ("Stairs", 8 - scale)],
            ),
        )
    return username


def summary_url(site: str, days: int, **more) -> str:
    query = f"start={days_ago(days - 1).isoformat()}&end={timezone.localdate().isoformat()}"
    return f"{site}/progress/summary/?{query}" + "".join(f"&{k}={v}" for k, v in more.items())


def print_and_look(page, name: str, most: int) -> None:
    """The page as a PDF on A4 and on Letter, at most `most` pages each; and a screenshot of it
    as printed."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for paper in PAPER:
        pdf = page.pdf(format=paper, print_background=True)
        (SHOTS / f"{name}-{paper}.pdf").write_bytes(pdf)
        assert 1 <= page_count(pdf) <= most, (paper, page_count(pdf))
    # As on paper: the print stylesheet, at the width of an A4 page less its margins.
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 703, "height": 1039})
    page.screenshot(path=SHOTS / f"{name}-printed.png", full_page=True)
    page.emulate_media(media="screen")


@pytest.mark.parametrize("viewport", [DESKTOP], ids=["desktop"])
def test_eight_weeks_print_on_one_page_of_a4_or_letter(site, new_page):
    person = diary("hana", 56)
    page = new_page()
    log_in(page, site, person)
    page.goto(summary_url(site, 56))
    expect(page.get_by_role("heading", level=1)).to_have_text("Exercise diary summary")
    expect(page.locator(".summary-flares li")).to_have_count(6)
    print_and_look(page, "eight-weeks", most=1)


@pytest.mark.parametrize("viewport", [DESKTOP], ids=["desktop"])
def test_a_year_of_daily_sessions_prints_on_two_pages_at_most(site, new_page):
    person = diary("ivan", 365)
    page = new_page()
    log_in(page, site, person)
    page.goto(summary_url(site, 365))
    expect(page.locator(".summary-chart > svg .dot-leg-before")).to_have_count(53)  # a point a week
    print_and_look(page, "a-year", most=2)


def test_the_summary_on_screen_is_accessible_in_both_themes(site, new_page, check, viewport):
    person = diary("jack", 56)
    page = new_page()
    log_in(page, site, person)
    page.goto(summary_url(site, 56, notes="on", name="Jack"))
    expect(page.locator(".summary-notes li").first).to_contain_text("Stiff after a long drive.")
    # Nothing wider than the screen (the header's links scroll in a box of their own).
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    check(page, "summary")
    # A period that cannot be: the errors, with no summary under them.
    page.get_by_text("Change the dates, or add your name or your notes").click()
    # Each date shows whole: its box is at least as wide as the same input left to its own width.
    for field in ("#id_start", "#id_end"):
        width, natural = page.locator(field).evaluate(NATURAL_WIDTH)
        assert width >= natural, (field, width, natural)
    page.fill("#id_start", timezone.localdate().isoformat())
    page.fill("#id_end", days_ago(3).isoformat())
    page.get_by_role("button", name="Show the summary").click()
    expect(page.locator(".message-error")).to_contain_text("The last day comes before")
    check(page, "summary-errors")


@pytest.mark.parametrize("viewport", [DESKTOP], ids=["desktop"])
def test_the_print_button_opens_the_browsers_print(site, new_page):
    person = diary("kate", 14)
    page = new_page()
    # Counts the calls instead of opening a print dialog (added by the browser, not the page).
    page.add_init_script("window.printed = 0; window.print = () => { window.printed += 1; };")
    log_in(page, site, person)
    page.goto(summary_url(site, 14))
    page.get_by_role("button", name="Print or save as PDF").click()
    assert page.evaluate("window.printed") == 1


@pytest.mark.parametrize("viewport", [DESKTOP], ids=["desktop"])
def test_without_javascript_the_page_says_how_to_print(site, new_page):
    person = diary("liam", 14)
    page = new_page(javascript=False)
    log_in(page, site, person)
    page.goto(summary_url(site, 14))
    expect(page.get_by_role("button", name="Print or save as PDF")).to_be_hidden()
    expect(page.locator(".summary-print")).to_contain_text("Use your browser's Print command")


def test_a_clinician_opens_the_shared_link_and_prints_it(site, new_page, browser, viewport):
    person = diary("mia", 56)
    page = new_page()
    log_in(page, site, person)
    page.goto(summary_url(site, 56))
    page.get_by_role("button", name="Make a link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your link for your clinician")
    assert_accessible(page)
    url = page.locator("#share-url").input_value()
    assert re.fullmatch(rf"{re.escape(site)}/shared/[A-Za-z0-9_-]{{43}}/", url)

    clinician = browser.new_context(viewport=viewport)
    try:
        shared = clinician.new_page()
        response = shared.goto(url)
        assert response.status == 200
        headers = response.headers
        assert headers["x-robots-tag"] == "noindex, nofollow"
        assert headers["referrer-policy"] == "no-referrer"
        assert headers["cache-control"] == "private, no-store"
        expect(shared.locator('meta[name="robots"]')).to_have_attribute(
            "content", "noindex, nofollow"
        )
        expect(shared.get_by_role("heading", level=1)).to_have_text("Exercise diary summary")
        for theme in ("light", "dark"):
            shared.emulate_media(color_scheme=theme)
            assert_accessible(shared)
            size = "desktop" if viewport == DESKTOP else "phone"
            SHOTS.mkdir(parents=True, exist_ok=True)
            shared.screenshot(path=SHOTS / f"shared-{size}-{theme}.png", full_page=True)
        if viewport == DESKTOP:
            print_and_look(shared, "shared", most=1)
    finally:
        clinician.close()

    # Stopped in settings: the same link is now the same 404 as any other.
    page.goto(f"{site}/accounts/settings/#shared-links")
    expect(page.locator(".shared-link-list li")).to_contain_text("Last opened")
    page.get_by_role("button", name="Stop this link").click()
    expect(page.locator(".message").first).to_contain_text("The link is stopped")
    stopped = page.context.request.get(url)
    assert stopped.status == 404
