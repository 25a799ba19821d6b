"""The dashboard's pain chart: coordinates for an inline SVG, worked out on the server.

Leg pain is the signal, so it is drawn before and after each session: a filled circle before, an
open one after, joined by a short line. Back pain has a shape and a dashed line of its own,
drawn over the leg points so that equal scores never hide it. A day on which leg pain went up
(a flare) is shaded from top to bottom. The SVG scales with the screen: its text is sized so
that it stays at least 12 px on a 360 px phone (see `smallest_text_px`).
"""

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property
from typing import NamedTuple

from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT = 360, 200
LEFT, RIGHT, TOP, BOTTOM = 28, 8, 10, 30
# In SVG units; the page's CSS makes it smaller on wider screens, where the SVG is drawn larger.
FONT_SIZE = 14
# The width a chart gets on a 360 px phone: the screen less the page's side padding (2 x 16 px).
PHONE_WIDTH = 360 - 32
BACK_SQUARE = 8  # the side of a back-pain square; a leg circle inside it stays visible
FLARE_BAND = 9  # the width of a flare day's shading


class Day(NamedTuple):
    """One day of the table behind the chart (the day's last session). A named tuple: eight
    weeks of them are made for every dashboard."""

    day: date
    before: int
    after: int
    morning: int | None
    back: int
    flare: bool


@dataclass(frozen=True)
class Series:
    label: str
    points: list[tuple[float, float, date, int]]  # x, y, day, score

    @property
    def polyline(self) -> str:
        return " ".join(f"{x:.1f},{y:.1f}" for x, y, _, _ in self.points)


@dataclass(frozen=True)
class PainChart:
    start: date
    end: date
    leg_before: Series
    leg_after: Series
    back: Series
    days: list[Day]
    # For each day: x, and the y of leg pain before and after (the line between them).
    during: list[tuple[float, float, float]]
    # For each flare: x, the y of the day's highest leg pain (ringed), and the shaded band's
    # left edge.
    flares: list[tuple[float, float, float]]
    y_ticks: list[tuple[float, int]]
    x_ticks: list[tuple[float, str]]
    width: int = WIDTH
    height: int = HEIGHT
    font_size: int = FONT_SIZE
    left: int = LEFT
    right: int = WIDTH - RIGHT
    top: int = TOP
    bottom: int = HEIGHT - BOTTOM

    @property
    def back_squares(self) -> list[tuple[float, float, int]]:
        """The top left corner of each back-pain square, and its score."""
        half = BACK_SQUARE / 2
        return [(x - half, y - half, score) for x, y, _, score in self.back.points]

    # The marks are drawn here rather than in the template: one element per day and series,
    # and the template language takes far longer to format that many numbers. They hold only
    # numbers and fixed class names, so there is nothing to escape.
    @cached_property
    def bands(self) -> SafeString:
        """A shaded band for each flare day, drawn first, under the grid."""
        return mark_safe(
            "".join(
                f'<rect class="flare-band" x="{left:.1f}" y="{self.top}" width="{FLARE_BAND}" '
                f'height="{self.plot_height}"></rect>'
                for _, _, left in self.flares
            )
        )

    @cached_property
    def title(self) -> str:
        return f"Leg and back pain, {self.start:%-d %b} to {self.end:%-d %b}"

    @cached_property
    def grid(self) -> SafeString:
        """The score lines with their labels, and the date labels under the plot."""
        parts = [
            f'<line class="grid" x1="{self.left}" x2="{self.right}" y1="{y:.1f}" y2="{y:.1f}">'
            f'</line><text class="axis" font-size="{self.font_size}" x="{self.left - 6}" '
            f'y="{y:.1f}" dy="0.35em" text-anchor="end">{score}</text>'
            for y, score in self.y_ticks
        ]
        parts += (
            f'<text class="axis" font-size="{self.font_size}" x="{x:.1f}" '
            f'y="{self.height - 8}" text-anchor="start">{label}</text>'
            for x, label in self.x_ticks
        )
        return mark_safe("".join(parts))

    @cached_property
    def marks(self) -> SafeString:
        """Every point and line of the three series, and the rings around flares, in the
        order they are drawn: back pain's line, leg pain's, then the dots over them."""
        # One pass over the days, each number formatted once: a day's x and a score's y are
        # shared by several marks (this runs on every dashboard).
        half = BACK_SQUARE / 2
        ys = [f"{self.top + self.plot_height * (10 - score) / 10:.1f}" for score in range(11)]
        corners = [
            f"{self.top + self.plot_height * (10 - score) / 10 - half:.1f}" for score in range(11)
        ]
        back_line, leg_line, during, after, before, squares = [], [], [], [], [], []
        for (x, *_), d in zip(self.leg_before.points, self.days, strict=True):
            at = f"{x:.1f}"
            back_line.append(f"{at},{ys[d.back]}")
            leg_line.append(f"{at},{ys[d.before]}")
            if d.after != d.before:
                during.append(
                    f'<line class="leg-during" x1="{at}" x2="{at}" y1="{ys[d.before]}" '
                    f'y2="{ys[d.after]}"></line>'
                )
            after.append(
                f'<circle class="dot-leg-after" cx="{at}" cy="{ys[d.after]}" r="3.5"></circle>'
            )
            before.append(
                f'<circle class="dot-leg-before" cx="{at}" cy="{ys[d.before]}" r="3.5"></circle>'
            )
            squares.append(
                f'<rect class="dot-back-pain" x="{x - half:.1f}" y="{corners[d.back]}" '
                f'width="{BACK_SQUARE}" height="{BACK_SQUARE}"></rect>'
            )
        parts = []
        if back_line:
            parts.append(
                f'<polyline class="line-back-pain" points="{" ".join(back_line)}"></polyline>'
            )
            parts.append(
                f'<polyline class="line-leg-before" points="{" ".join(leg_line)}"></polyline>'
            )
        rings = (
            f'<circle class="flare-ring" cx="{x:.1f}" cy="{y:.1f}" r="8"></circle>'
            for x, y, _ in self.flares
        )
        return mark_safe("".join([*parts, *during, *after, *before, *squares, *rings]))

    @cached_property
    def table_rows(self) -> SafeString:
        """The rows of the table of numbers behind the chart, one per day, for the same
        reason: days and scores only."""
        not_given = '<span class="meta">Not given</span>'
        return mark_safe(
            "".join(
                f'<tr><th scope="row">{_short_day(d.day)}</th><td>{d.before}</td>'
                f"<td>{d.after}</td><td>{not_given if d.morning is None else d.morning}</td>"
                f"<td>{d.back}</td><td>{'Yes' if d.flare else 'No'}</td></tr>"
                for d in self.days
            )
        )

    def markup(self) -> dict:
        """What the chart's template shows, as text: small to keep, quick to show again."""
        return {
            "width": self.width,
            "height": self.height,
            "title": self.title,
            "summary": self.summary,
            "bands": self.bands,
            "grid": self.grid,
            "marks": self.marks,
            "table_rows": self.table_rows,
            "flares": bool(self.flares),
            "days": bool(self.days),
        }

    @property
    def plot_height(self) -> int:
        return self.bottom - self.top

    @property
    def smallest_text_px(self) -> float:
        """The size its text is drawn at on a 360 px phone, in CSS pixels."""
        return self.font_size * PHONE_WIDTH / self.width

    @cached_property
    def summary(self) -> str:
        if not self.days:
            return "No sessions in the last eight weeks yet."
        first, last = self.days[0], self.days[-1]
        if len(self.days) == 1:
            text = (
                f"One session: leg pain {first.before} before and {first.after} after, "
                f"back pain {first.back}."
            )
            return text + (" Leg pain went up that day." if first.flare else "")
        lowest = min(d.before for d in self.days)
        text = (
            f"Over {len(self.days)} days with sessions, leg pain before a session went from "
            f"{first.before} to {last.before} (lowest {lowest}), and back pain from {first.back} "
            f"to {last.back}."
        )
        flare_days = [d.day for d in self.days if d.flare]
        # A falling line must not read as good news when the latest session was a flare.
        if last.flare:
            text += f" But leg pain went up at your latest session, on {last.day:%-d %b}."
            if len(flare_days) > 1:
                text += f" It went up on {len(flare_days)} days in all."
        elif flare_days:
            count = "1 day" if len(flare_days) == 1 else f"{len(flare_days)} days"
            text += f" Leg pain went up on {count}, most recently {flare_days[-1]:%-d %b}."
        return text


WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _short_day(day: date) -> str:
    """ "Thu 26 Nov": as strftime("%a %-d %b") says it, without its cost for every row."""
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month]}"


def pain_chart(
    scores: list[tuple[date, int, int, int | None, int]],
    end: date,
    flare_days: set[date],
    weeks: int = 8,
) -> PainChart:
    """`scores` are (day, leg pain before, leg pain after, next morning, back pain) in time
    order; the last session of a day stands for it. `flare_days` are the days on which leg pain
    went up, marked on the chart."""
    start = end - timedelta(days=weeks * 7 - 1)
    by_day = {row[0]: row for row in scores if start <= row[0] <= end}
    days = [
        Day(day, before, after, morning, back, day in flare_days)
        for day, before, after, morning, back in sorted(by_day.values())
    ]
    span = (end - start).days or 1
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(day: date) -> float:
        return LEFT + plot_w * (day - start).days / span

    def y(score: int) -> float:
        return TOP + plot_h * (10 - score) / 10

    x_ticks = [
        (x(start + timedelta(days=7 * w)), f"{(start + timedelta(days=7 * w)):%-d %b}")
        for w in range(0, weeks, 2)
    ]
    placed = [(x(d.day), d) for d in days]
    ys = [y(score) for score in range(11)]
    return PainChart(
        start=start,
        end=end,
        leg_before=Series(
            "Leg pain before", [(at, ys[d.before], d.day, d.before) for at, d in placed]
        ),
        leg_after=Series("Leg pain after", [(at, ys[d.after], d.day, d.after) for at, d in placed]),
        back=Series("Back pain", [(at, ys[d.back], d.day, d.back) for at, d in placed]),
        days=days,
        during=[(at, ys[d.before], ys[d.after]) for at, d in placed if d.after != d.before],
        flares=[
            (at, ys[max(d.before, d.after)], at - FLARE_BAND / 2) for at, d in placed if d.flare
        ],
        y_ticks=[(ys[score], score) for score in (0, 5, 10)],
        x_ticks=x_ticks,
    )
