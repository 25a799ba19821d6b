"""The pain chart: leg pain before and after, back pain beside it, flares marked, and text a
phone can read. Properties of the drawing rather than snapshots of it."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse

from progress.chart import PHONE_WIDTH, pain_chart
from tests.helpers import log_session

END = date(2026, 3, 12)


def day(n_back: int) -> date:
    return END - timedelta(days=n_back)


def chart(rows, flares=()):
    """rows: (days back, before, after, back pain); next morning left out."""
    scores = [(day(back), before, after, None, pain) for back, before, after, pain in rows]
    return pain_chart(scores, END, {day(back) for back in flares})


def test_every_point_is_inside_the_plot_and_time_runs_left_to_right():
    drawn = chart([(50, 7, 7, 6), (30, 5, 4, 5), (10, 3, 3, 2), (0, 0, 10, 10)])
    for series in (drawn.leg_before, drawn.leg_after, drawn.back):
        xs = [x for x, *_ in series.points]
        assert xs == sorted(xs)
        for x, y, _, _ in series.points:
            assert drawn.left <= x <= drawn.right
            assert drawn.top <= y <= drawn.bottom


def test_a_higher_score_is_drawn_higher_up():
    drawn = chart([(3, 2, 8, 5)])
    (_, before_y, _, _), (_, after_y, _, _) = drawn.leg_before.points[0], drawn.leg_after.points[0]
    assert after_y < before_y
    assert drawn.back.points[0][1] < before_y


def test_leg_pain_after_a_session_is_drawn_and_joined_to_before_when_different():
    drawn = chart([(5, 3, 3, 2), (3, 3, 6, 2)])
    assert [score for *_, score in drawn.leg_after.points] == [3, 6]
    # Only the day on which it changed gets a line from before to after.
    assert len(drawn.during) == 1
    x, before_y, after_y = drawn.during[0]
    assert x == drawn.leg_after.points[1][0]
    assert after_y < before_y


def test_back_pain_equal_to_leg_pain_stays_visible_as_a_square_around_the_circle():
    drawn = chart([(2, 4, 4, 4)])
    left, top, _ = drawn.back_squares[0]
    x, y, _, _ = drawn.leg_before.points[0]
    # A square centred on the leg point: a 7 unit circle inside an 8 unit square, unfilled.
    assert (left + 4, top + 4) == pytest.approx((x, y))


def test_a_flare_is_shaded_and_ringed_at_the_days_highest_leg_pain():
    drawn = chart([(5, 3, 3, 2), (3, 3, 7, 2)], flares=[3])
    assert len(drawn.flares) == 1
    x, ring_y, band_left = drawn.flares[0]
    assert ring_y == drawn.leg_after.points[1][1]
    assert band_left < x
    assert [d.flare for d in drawn.days] == [False, True]


def test_the_summary_does_not_read_as_good_news_when_the_latest_session_was_a_flare():
    drawn = chart([(20, 6, 6, 5), (10, 5, 5, 4), (1, 3, 7, 4)], flares=[1])
    assert drawn.summary == (
        "Over 3 days with sessions, leg pain before a session went from 6 to 3 (lowest 3), and "
        "back pain from 5 to 4. But leg pain went up at your latest session, on 11 Mar."
    )


def test_the_summary_counts_earlier_flares():
    drawn = chart([(20, 6, 8, 5), (10, 5, 5, 4), (1, 3, 3, 4)], flares=[20])
    assert drawn.summary.endswith("Leg pain went up on 1 day, most recently 20 Feb.")


def test_a_single_flare_session_says_so():
    assert chart([(1, 3, 5, 2)], flares=[1]).summary == (
        "One session: leg pain 3 before and 5 after, back pain 2. Leg pain went up that day."
    )


def test_the_last_session_of_a_day_stands_for_it():
    scores = [(day(1), 3, 3, None, 2), (day(1), 4, 4, 4, 5)]
    drawn = pain_chart(scores, END, set())
    assert [(d.before, d.morning, d.back) for d in drawn.days] == [(4, 4, 5)]


def test_its_text_is_at_least_12_px_on_a_360_px_phone():
    assert chart([]).smallest_text_px >= 12


@pytest.mark.django_db
def test_the_dashboards_chart_text_is_at_least_12_px_on_a_phone(client_alice, alice):
    log_session(alice, 3, before=4, after=6, back=3)
    html = client_alice.get(reverse("progress:dashboard")).content.decode()
    svg = html[html.index('<svg viewBox="0 0 ') : html.index("</svg>")]
    width = int(re.match(r'<svg viewBox="0 0 (\d+) ', svg).group(1))
    texts = re.findall(r"<text [^>]*>", svg)
    assert texts
    for text in texts:
        size = float(re.search(r'font-size="([\d.]+)"', text).group(1))
        assert size * PHONE_WIDTH / width >= 12, text


@pytest.mark.django_db
def test_the_numbers_behind_the_chart_stay_in_a_table(client_alice, alice):
    log_session(alice, 3, before=4, after=6, back=3, morning=5)
    html = client_alice.get(reverse("progress:dashboard")).content.decode()
    table = html[html.index('<table class="numbers">') : html.index("</table>")]
    assert '<th scope="col">Leg pain after</th>' in table
    assert "<td>4</td><td>6</td><td>5</td><td>3</td><td>Yes</td>" in table


def test_the_drawn_marks_are_the_points_and_the_flares():
    drawn = chart([(20, 4, 4, 2), (10, 3, 6, 3), (0, 2, 2, 2)], flares=[10])
    marks = str(drawn.marks)
    for name, series in (("dot-leg-before", drawn.leg_before), ("dot-leg-after", drawn.leg_after)):
        circles = re.findall(rf'<circle class="{name}" cx="([\d.]+)" cy="([\d.]+)"', marks)
        assert circles == [(f"{x:.1f}", f"{y:.1f}") for x, y, _, _ in series.points]
    assert marks.count('class="dot-back-pain"') == 3
    assert marks.count('class="leg-during"') == 1
    assert marks.count('class="flare-ring"') == 1
    assert str(drawn.bands).count('class="flare-band"') == 1
    # Back pain's line is drawn first, so that the leg dots are drawn over it.
    assert marks.index("line-back-pain") < marks.index("dot-leg-before")


def test_the_table_has_a_row_for_each_day_with_a_morning_not_given_said_so():
    drawn = chart([(3, 4, 6, 3)], flares=[3])
    assert str(drawn.table_rows) == (
        f'<tr><th scope="row">{day(3):%a %-d %b}</th><td>4</td><td>6</td>'
        '<td><span class="meta">Not given</span></td><td>3</td><td>Yes</td></tr>'
    )
