"""The one-page summary for a clinician: what it shows of a period of the diary, and the period."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from progress import measures, measures_csv, summary
from progress.models import TIMES, Assessment, RedFlagReport, Screening
from tests.helpers import calm_fortnight, days_ago, log_session

pytestmark = pytest.mark.django_db

URL = reverse("progress:summary")


def page(client, **query) -> str:
    response = client.get(URL, query)
    assert response.status_code == 200, response.content.decode()
    return response.content.decode()


def test_it_requires_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_covers_the_last_eight_weeks_by_default(client_alice):
    response = client_alice.get(URL)
    built = response.context["summary"]
    assert (built.start, built.end) == (days_ago(55), timezone.localdate())
    assert "(8 weeks)" in response.content.decode()


def test_it_says_what_it_is_a_diary_not_a_clinical_assessment(client_alice):
    assert "A diary kept by the person, not a clinical assessment." in page(client_alice)


def test_it_counts_sessions_per_week_against_the_three_to_five_target(client_alice, alice):
    for back in (55, 54, 53, 50, 45):  # 4 in the first seven days, 1 in the second
        log_session(alice, back, refresh=False)
    built = client_alice.get(URL).context["summary"]
    assert [week.sessions for week in built.weeks] == [4, 1, 0, 0, 0, 0, 0, 0]
    assert (built.weeks_on_target, built.weeks_below, built.weeks_above) == (1, 7, 0)
    assert "The program asks for 3 to 5 a week: 1 of 8 weeks in that range, 7 with fewer" in (
        page(client_alice)
    )


def test_it_draws_leg_pain_before_after_and_next_morning_back_pain_and_reach(client_alice, alice):
    log_session(alice, 50, before=6, after=7, morning=7, back=3, reach="foot")
    log_session(alice, 2, before=3, after=3, morning=None, back=2, reach="buttock")
    html = page(client_alice)
    chart = html[html.index('<figure class="chart summary-chart">') : html.index("<figcaption>")]
    assert chart.count('class="dot-leg-before"') == 2
    assert chart.count('class="dot-leg-after"') == 2
    assert chart.count('class="dot-leg-morning"') == 1  # only one morning was given
    assert chart.count('class="dot-back-pain"') == 2
    # How far down the leg: the foot four steps down, the buttock one.
    assert 'class="reach-bar"' in chart and 'height="32"' in chart and 'height="8"' in chart
    assert chart.count('class="flare-band"') == 1  # leg pain rose during the first session


def test_it_shows_the_first_and_last_weeks_averages(client_alice, alice):
    log_session(alice, 55, before=6, after=6, morning=5, back=4, reach="below_knee")
    log_session(alice, 53, before=4, after=4, back=2, reach="thigh")
    log_session(alice, 1, before=2, after=1, morning=1, back=1, reach="buttock")
    built = client_alice.get(URL).context["summary"]
    rows = {label: (first, last) for label, first, last in built.pain_rows}
    assert rows["Leg pain before"] == ("5.0", "2.0")
    assert rows["Next morning"] == ("5.0", "1.0")
    assert rows["Back pain"] == ("3.0", "1.0")
    assert rows["Furthest down the leg"] == ("Below the knee", "Buttock")


def test_weeks_without_sessions_have_no_averages(client_alice):
    built = client_alice.get(URL).context["summary"]
    assert dict((label, first) for label, first, _ in built.pain_rows)["Leg pain before"] == "none"


def test_it_lists_flares_with_their_dates_and_reasons(client_alice, alice):
    log_session(alice, 20, before=3)
    log_session(alice, 18, before=3, after=5)
    html = page(client_alice)
    day = days_ago(18)
    assert f"<strong>{day:%-d %b %Y}</strong>: leg pain rose from 3 to 5 during the session." in (
        html
    )


def test_flares_before_the_period_are_left_out(client_alice, alice):
    log_session(alice, 80, before=3)
    log_session(alice, 79, before=3, after=6)
    assert "None in this period." in page(client_alice)


def test_it_shows_each_gated_stage_now_and_why(client_alice, alice):
    calm_fortnight(alice)
    built = client_alice.get(URL).context["summary"]
    names = [stage.name for stage in built.stages]
    assert len(names) == 2  # the gated stages only
    plank = built.stages[0]
    assert plank.status == "Unlocked"
    assert plank.reason
    assert f"<strong>{plank.name}: Unlocked.</strong> {escape(plank.reason)}" in page(client_alice)


def test_it_lists_every_warning_sign_with_its_date_and_what_the_app_said(client_alice, alice):
    RedFlagReport.objects.create(user=alice, codes=["both_legs"], occurred_on=days_ago(10))
    RedFlagReport.objects.create(
        user=alice, codes=["saddle_numbness"], occurred_on=days_ago(40), suspends=False
    )
    Screening.objects.create(user=alice, soon_reasons=["night_pain"])
    Assessment.objects.create(user=alice, note="Seen by my GP")
    built = client_alice.get(URL).context["summary"]
    said = {sign.reported: (sign.date, sign.told) for sign in built.signs}
    assert said["Sciatica in both legs"] == (
        days_ago(10),
        "Go to A&E or call 999 now. Exercises on hold until they confirmed that a clinician "
        "had assessed them.",
    )
    assert said["Numbness or tingling around your genitals, buttocks or back passage"][1] == (
        "Found in an imported diary more than a week later: if it was still happening, go to "
        "A&E or call 999 now; if not, make an appointment with your GP."
    )
    night = "Pain that is worst at night and not eased by rest or changing position"
    assert said[night] == (timezone.localdate(), "Contact your GP today, or call 111.")
    assert said["Confirmed that a clinician had assessed them"][1] == (
        "Exercises open again. They noted: “Seen by my GP”"
    )
    # Oldest first; and the screening of the fixture, with nothing ticked, is counted.
    assert [sign.date for sign in built.signs] == sorted(sign.date for sign in built.signs)
    assert built.clear_screenings == 1


def test_it_shows_the_outcome_measures_at_the_start_and_now(client_alice, alice):
    scores = {"leg_pain": 5, "numbness": 3, "weakness": 2, "sitting": 5}
    measures_csv.save_answer(alice, measures.sbi_answer(days_ago(70), scores))
    measures_csv.save_answer(alice, measures.sbi_answer(days_ago(3), {**scores, "leg_pain": 1}))
    measures_csv.save_answer(
        alice, measures.psfs_answer(days_ago(50), [("Socks", 2), ("Film", 3), ("Stairs", 4)])
    )
    measures_csv.save_answer(
        alice, measures.psfs_answer(days_ago(1), [("Socks", 5), ("Film", 6), ("Shops", 7)])
    )
    html = page(client_alice)
    sbi, psfs = client_alice.get(URL).context["summary"].measures
    # The index answered before the period stands at its start.
    assert (sbi.start[0], sbi.start[1], sbi.now[1], sbi.change_words) == (
        days_ago(70),
        15,
        11,
        "down 4",
    )
    assert (psfs.start[1], psfs.now[1], psfs.change_words) == (3, 6, "up 3")
    assert ("Stairs", "4", "not asked") in psfs.rows and ("Shops", "not asked", "7") in psfs.rows
    assert "A change of 2 points or more is the smallest change that matters to a person." in html
    assert "Patrick DL et al., Spine 1995" in html


def test_a_measure_never_answered_says_so(client_alice):
    assert "Not answered by" in page(client_alice)


def test_it_lists_the_exercises_done_most_with_their_usual_dose(client_alice, alice):
    for back in (10, 8, 6):
        log_session(alice, back, exercises=["bridge", "walk"], refresh=False)
    log_session(alice, 4, exercises=["bird-dog"])
    built = client_alice.get(URL).context["summary"]
    assert [(e.name, e.sessions, e.dose) for e in built.exercises][:2] == [
        ("Bridge", 3, f"1 {TIMES} 10"),
        ("Walking", 3, f"1 {TIMES} 10"),
    ]


def test_the_usual_dose_is_the_one_done_most_often():
    rows = [("Bridge", 2, 10, None, None, None, None)] * 2 + [
        ("Bridge", 3, 12, None, None, None, None),
        ("Walk", None, None, None, None, 20, None),
        ("Walk", None, None, None, None, None, None),
    ]
    assert summary.top_exercises(rows) == [
        summary.Exercise("Bridge", 3, f"2 {TIMES} 10"),
        summary.Exercise("Walk", 2, "20 min"),
    ]


def test_notes_are_shown_only_when_the_person_chooses(client_alice, alice):
    log_session(alice, 5, notes="Long drive, leg ached")
    assert "Long drive, leg ached" not in page(client_alice)
    assert "Long drive, leg ached" in page(
        client_alice,
        start=days_ago(55).isoformat(),
        end=timezone.localdate().isoformat(),
        notes="on",
    )


def test_the_name_is_shown_only_when_given(client_alice):
    assert "Exercise diary summary</h1>" in page(client_alice)
    html = page(
        client_alice,
        start=days_ago(55).isoformat(),
        end=timezone.localdate().isoformat(),
        name="Alice <Smith>",
    )
    assert "Exercise diary summary: Alice &lt;Smith&gt;</h1>" in html


def test_it_shows_only_the_persons_own_diary(client_alice, alice, bob):
    log_session(bob, 3, before=9, after=9, notes="Bob's note")
    built = client_alice.get(
        URL, {"start": days_ago(55), "end": timezone.localdate(), "notes": "on"}
    )
    assert built.context["summary"].sessions == 0
    assert "Bob" not in built.content.decode()


# --- The period -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (10, 20, "The last day comes before the first: swap the dates, or change one."),
        (-1, 0, "That day is still to come: choose"),
        (None, 0, "Enter the first day of the period."),
        ("tuesday", 0, "Enter a date, for example 2026-11-24."),
        (366 * 11, 0, "A summary can cover up to 10 years: choose a later day."),
    ],
)
def test_a_period_that_cannot_be_is_refused_with_a_clear_message(client_alice, start, end, message):
    query = {"end": days_ago(end).isoformat()}
    if start is not None:
        query["start"] = days_ago(start).isoformat() if isinstance(start, int) else start
    response = client_alice.get(URL, query)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["summary"] is None


def test_a_chosen_period_is_summarised(client_alice, alice):
    log_session(alice, 100)
    log_session(alice, 2)
    response = client_alice.get(URL, {"start": days_ago(120), "end": days_ago(90)})
    built = response.context["summary"]
    assert (built.start, built.end, built.sessions) == (days_ago(120), days_ago(90), 1)
    assert "(31 days)" in response.content.decode()


def test_a_long_period_charts_a_point_a_week():
    start, end = date(2025, 1, 1), date(2025, 12, 31)
    days = [
        summary.Day(n, start + timedelta(days=n), 4, 4, None, 2, 2, "") for n in range(0, 365, 1)
    ]
    points = summary.chart_points(start, end, days, flares={3})
    assert len(points) == 53  # 52 whole weeks and one day
    assert points[0].flare and not points[2].flare
    chart = summary.SummaryChart(start, end, points, weekly=True)
    assert chart.svg.count('class="dot-leg-before"') == 53
    assert "weekly averages" in chart.title


def test_a_short_period_charts_a_point_a_day_the_days_last_session():
    start, end = date(2026, 1, 1), date(2026, 1, 14)
    days = [
        summary.Day(1, date(2026, 1, 3), 5, 5, None, 2, 2, ""),
        summary.Day(2, date(2026, 1, 3), 3, 3, None, 2, 2, ""),
    ]
    points = summary.chart_points(start, end, days, flares=set())
    assert [(p.start, p.before) for p in points] == [(date(2026, 1, 3), 3)]


def test_the_page_says_how_to_print_without_javascript_and_loads_its_print_button(client_alice):
    html = page(client_alice)
    assert "Use your browser's Print command" in html
    assert "data-print hidden>Print or save as PDF</button>" in html
    assert "js/summary-print.js" in html
    assert "<script>" not in html


def test_the_summary_sharing_and_questionnaire_pages_pass_the_nu_html_checker(
    client_alice, alice, tmp_path
):
    import shutil
    import subprocess

    from django.test import Client

    from tests.test_html_valid import vnu_jar

    log_session(alice, 20, before=4, after=6, morning=5, exercises=["bridge", "walk"])
    log_session(alice, 2, before=3, notes="Felt steadier.")
    measures_csv.save_answer(
        alice, measures.sbi_answer(days_ago(30), dict.fromkeys(measures.SBI_CODES, 3))
    )
    made = client_alice.post(
        reverse("progress:share"),
        {"start": days_ago(55), "end": timezone.localdate(), "valid_for": "30", "notes": "on"},
    )
    shared = made.context["url"].removeprefix("http://testserver")
    pages = {
        "summary": client_alice.get(
            URL,
            {"start": days_ago(55), "end": timezone.localdate(), "notes": "on", "name": "Alice"},
        ),
        "summary-year": client_alice.get(URL, {"start": days_ago(400), "end": days_ago(1)}),
        "summary-errors": client_alice.get(URL, {"start": "x", "end": days_ago(1)}),
        "made": made,
        "shared": Client().get(shared),
        "shared-404": Client().get("/shared/nothing/"),
        "settings": client_alice.get(reverse("account_settings")),
        "measures": client_alice.get(reverse("progress:measures")),
        "sbi": client_alice.get(reverse("progress:bothersomeness")),
        "sbi-errors": client_alice.post(reverse("progress:bothersomeness"), {}),
        "psfs": client_alice.get(reverse("progress:functional_scale")),
        "psfs-errors": client_alice.post(reverse("progress:functional_scale"), {"activity_1": "x"}),
        "dashboard-offer": client_alice.get(reverse("progress:dashboard")),
    }
    files = []
    for name, response in pages.items():
        assert response.status_code in (200, 400, 404), name
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        files.append(str(path))
    java = shutil.which("java")
    assert java, "The HTML check needs Java: apt-get install default-jre-headless"
    result = subprocess.run(
        [java, "-jar", str(vnu_jar()), "--errors-only", "--format", "gnu", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    errors = result.stderr.strip() + result.stdout.strip()
    assert result.returncode == 0 and not errors, errors.replace(str(tmp_path) + "/", "")


def test_a_mistyped_date_is_shown_back_as_typed_and_a_real_one_keeps_the_date_picker(
    client_alice,
):
    html = client_alice.get(URL, {"start": "3rd May", "end": days_ago(1).isoformat()}).content
    html = html.decode()
    assert 'type="text" name="start" value="3rd May"' in html
    assert f'type="date" name="end" value="{days_ago(1).isoformat()}"' in html
