"""The dashboard's pain chart: coordinates for an inline SVG, worked out on the server."""

from dataclasses import dataclass
from datetime import date, timedelta

WIDTH, HEIGHT = 560, 220
LEFT, RIGHT, TOP, BOTTOM = 34, 10, 10, 28


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
    leg: Series
    back: Series
    days: list[tuple[date, int, int, bool]]  # the table behind the chart: day, leg, back, flare
    flares: list[tuple[float, float]]
    y_ticks: list[tuple[float, int]]
    x_ticks: list[tuple[float, str]]
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def summary(self) -> str:
        if not self.days:
            return "No sessions in the last eight weeks yet."
        first, last = self.days[0], self.days[-1]
        if len(self.days) == 1:
            return f"One session: leg pain {first[1]}, back pain {first[2]}."
        return (
            f"Over {len(self.days)} days with sessions, leg pain went from {first[1]} to "
            f"{last[1]} (lowest {min(d[1] for d in self.days)}), and back pain from {first[2]} "
            f"to {last[2]}."
        )


def pain_chart(
    scores: list[tuple[date, int, int]], end: date, flare_days: set[date], weeks: int = 8
) -> PainChart:
    """`scores` are (day, leg pain before, back pain) in time order; the last of a day wins.
    `flare_days` are the days on which leg pain went up, marked on the chart."""
    start = end - timedelta(days=weeks * 7 - 1)
    by_day = {day: (leg, back) for day, leg, back in scores if start <= day <= end}
    days = sorted(by_day.items())
    span = (end - start).days or 1
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(day: date) -> float:
        return LEFT + plot_w * (day - start).days / span

    def y(score: int) -> float:
        return TOP + plot_h * (10 - score) / 10

    leg = Series("Leg pain", [(x(d), y(v[0]), d, v[0]) for d, v in days])
    back = Series("Back pain", [(x(d), y(v[1]), d, v[1]) for d, v in days])
    x_ticks = [
        (x(start + timedelta(days=7 * w)), f"{(start + timedelta(days=7 * w)):%-d %b}")
        for w in range(0, weeks, 2)
    ]
    return PainChart(
        start=start,
        end=end,
        leg=leg,
        back=back,
        days=[(d, v[0], v[1], d in flare_days) for d, v in days],
        flares=[(x(d), y(v[0])) for d, v in days if d in flare_days],
        y_ticks=[(y(score), score) for score in (0, 5, 10)],
        x_ticks=x_ticks,
    )
