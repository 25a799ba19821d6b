"""A person's summary for their clinician: what their diary says about one period, on one page.

`build(user, start, end)` reads what it needs (a fixed number of queries, whatever the length of
the record); the helpers below it are pure, as the gate is: rows in, figures and words out. The
chart is drawn here as SVG text, like the dashboard's (progress/chart.py), with the same marks,
plus the next-morning score and how far down the leg symptoms reached.
"""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property
from typing import NamedTuple

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from progress import gate, measures, signs
from progress.models import (
    CHRONOLOGICAL,
    DOSE_FIELDS,
    REACH_RANK,
    Assessment,
    Bothersomeness,
    FunctionalRating,
    FunctionalScale,
    RedFlagReport,
    Screening,
    Session,
    SessionExercise,
    SymptomsReach,
    dose_text,
)
from progress.status import read, stage_views, stored_state

WEEKLY_TARGET = (3, 5)
DEFAULT_WEEKS = 8
# Beyond this the chart shows a point a week (the week's averages) rather than a point a day:
# a year of daily points is a smudge on paper.
DAILY_POINTS_UP_TO_DAYS = 12 * 7
TOP_EXERCISES = 8
REACH_WORDS = dict(SymptomsReach.choices)
REACH_BY_RANK = list(SymptomsReach.values)


def default_period(today: date) -> tuple[date, date]:
    """The last eight weeks, today included."""
    return today - timedelta(days=DEFAULT_WEEKS * 7 - 1), today


def length_words(days: int) -> str:
    """A period's length in words: "8 weeks", "1 year", "10 days"."""
    if days % 7 == 0:
        weeks = days // 7
        return f"{weeks} week{'' if weeks == 1 else 's'}"
    if days in (365, 366):
        return "1 year"
    return f"{days} day{'' if days == 1 else 's'}"


class Day(NamedTuple):
    """A session as the summary reads it."""

    id: int
    date: date
    before: int
    after: int
    morning: int | None
    back: int
    reach: int  # 0 = no leg symptoms ... 4 = the foot
    notes: str


# --- Sessions per week ----------------------------------------------------------------------


class Week(NamedTuple):
    start: date
    end: date
    sessions: int

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def on_target(self) -> bool:
        return WEEKLY_TARGET[0] <= self.sessions <= WEEKLY_TARGET[1]

    @property
    def whole(self) -> bool:
        return self.days == 7


def weeks_of(start: date, end: date, days: Sequence[Day]) -> list[Week]:
    """The period in blocks of seven days from its first day (the last may be shorter), with
    the sessions in each."""
    counts = Counter((d.date - start).days // 7 for d in days)
    blocks = ((end - start).days // 7) + 1
    return [
        Week(
            start + timedelta(days=7 * n),
            min(end, start + timedelta(days=7 * n + 6)),
            counts.get(n, 0),
        )
        for n in range(blocks)
    ]


# --- First and last week --------------------------------------------------------------------


def _mean(values: list[int]) -> float | None:
    return sum(values) / len(values) if values else None


@dataclass(frozen=True)
class Averages:
    """The averages of one stretch of days."""

    start: date
    end: date
    sessions: int
    before: float | None
    after: float | None
    morning: float | None
    back: float | None
    furthest: int | None  # the furthest down the leg symptoms reached

    @property
    def days_words(self) -> str:
        """ "2-8 Oct", or "28 Oct-3 Nov" across two months."""
        if self.start == self.end:
            return f"{self.start:%-d %b}"
        if self.start.month == self.end.month:
            return f"{self.start.day}\N{EN DASH}{self.end:%-d %b}"
        return f"{self.start:%-d %b}\N{EN DASH}{self.end:%-d %b}"

    @property
    def furthest_words(self) -> str | None:
        return None if self.furthest is None else REACH_WORDS[REACH_BY_RANK[self.furthest]]


def averages(start: date, end: date, days: Sequence[Day]) -> Averages:
    within = [d for d in days if start <= d.date <= end]
    return Averages(
        start=start,
        end=end,
        sessions=len(within),
        before=_mean([d.before for d in within]),
        after=_mean([d.after for d in within]),
        morning=_mean([d.morning for d in within if d.morning is not None]),
        back=_mean([d.back for d in within]),
        furthest=max((d.reach for d in within), default=None),
    )


# --- The chart ------------------------------------------------------------------------------

WIDTH, HEIGHT = 360, 232
LEFT, RIGHT, TOP = 28, 8, 10
PLOT_BOTTOM = 146  # the pain plot's 0 line
STRIP_TOP, STRIP_STEP = 168, 8  # how far down the leg: one step a place, none to the foot
FONT_SIZE = 14
BACK_SQUARE = 8


class Point(NamedTuple):
    """One point of the chart: a day (its last session), or a week (its averages)."""

    start: date
    end: date
    before: float
    after: float
    morning: float | None
    back: float
    reach: int
    flare: bool


def chart_points(start: date, end: date, days: Sequence[Day], flares: set[int]) -> list[Point]:
    """A point a day for a short period, a point a week for a long one."""
    if (end - start).days + 1 <= DAILY_POINTS_UP_TO_DAYS:
        last_of_day = {d.date: d for d in days}  # in time order, so the last session stays
        flare_days = {d.date for d in days if d.id in flares}
        return [
            Point(day, day, d.before, d.after, d.morning, d.back, d.reach, day in flare_days)
            for day, d in sorted(last_of_day.items())
        ]
    points = []
    for week in weeks_of(start, end, days):
        within = [d for d in days if week.start <= d.date <= week.end]
        if not within:
            continue
        mornings = [d.morning for d in within if d.morning is not None]
        points.append(
            Point(
                week.start,
                week.end,
                _mean([d.before for d in within]),
                _mean([d.after for d in within]),
                _mean(mornings),
                _mean([d.back for d in within]),
                max(d.reach for d in within),
                any(d.id in flares for d in within),
            )
        )
    return points


def _ticks(start: date, end: date) -> list[tuple[date, str]]:
    """Four or five dates to label under the chart."""
    span = (end - start).days
    if span <= 7 * 10:
        step = 7 if span <= 21 else 14
        return [
            (start + timedelta(days=n), f"{start + timedelta(days=n):%-d %b}")
            for n in range(0, span + 1, step)
        ]
    if span <= 183:
        return [
            (start + timedelta(days=n), f"{start + timedelta(days=n):%-d %b}")
            for n in range(0, span + 1, 28)
        ]
    months, day = [], date(start.year, start.month, 1)
    while day <= end:
        if day >= start:
            months.append(day)
        day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    every = max(1, -(-len(months) // 4))
    label = "%b %Y" if start.year != end.year else "%b"
    return [(month, f"{month:{label}}") for month in months[::every]]


@dataclass(frozen=True)
class SummaryChart:
    start: date
    end: date
    points: list[Point]
    weekly: bool
    width: int = WIDTH
    height: int = HEIGHT
    font_size: int = FONT_SIZE

    @property
    def right(self) -> int:
        return self.width - RIGHT

    def x(self, day: date) -> float:
        span = (self.end - self.start).days or 1
        return LEFT + (self.right - LEFT) * (day - self.start).days / span

    def x_of(self, point: Point) -> float:
        return (self.x(point.start) + self.x(point.end)) / 2

    @staticmethod
    def y(score: float) -> float:
        return TOP + (PLOT_BOTTOM - TOP) * (10 - score) / 10

    @cached_property
    def band_width(self) -> float:
        """A flare's shading: a day, or a week, at least wide enough to see."""
        days = 7 if self.weekly else 1
        return max(6.0, (self.right - LEFT) * days / max(1, (self.end - self.start).days + 1))

    @cached_property
    def title(self) -> str:
        what = "weekly averages" if self.weekly else "the day's last session"
        return f"Leg and back pain, {self.start:%-d %b %Y} to {self.end:%-d %b %Y} ({what})"

    # Drawn here rather than in the template: one element per point and mark, holding only
    # numbers and fixed class names, so there is nothing to escape.
    @cached_property
    def svg(self) -> SafeString:
        parts = []
        half_band = self.band_width / 2
        for p in self.points:
            if p.flare:
                parts.append(
                    f'<rect class="flare-band" x="{self.x_of(p) - half_band:.1f}" y="{TOP}" '
                    f'width="{self.band_width:.1f}" height="{PLOT_BOTTOM - TOP}"></rect>'
                )
        for score in (0, 5, 10):
            y = self.y(score)
            parts.append(
                f'<line class="grid" x1="{LEFT}" x2="{self.right}" y1="{y:.1f}" y2="{y:.1f}">'
                f'</line><text class="axis" font-size="{self.font_size}" x="{LEFT - 6}" '
                f'y="{y:.1f}" dy="0.35em" text-anchor="end">{score}</text>'
            )
        # How far down the leg: a bar hanging from the strip's top line, longer the further
        # down the leg symptoms reached (none: no bar).
        strip_bottom = STRIP_TOP + STRIP_STEP * 4
        parts.append(
            f'<text class="axis strip-label" font-size="{self.font_size - 3}" x="{LEFT}" '
            f'y="{STRIP_TOP - 6}">How far down the leg (longer is further)</text>'
            f'<line class="grid" x1="{LEFT}" x2="{self.right}" y1="{STRIP_TOP}" '
            f'y2="{STRIP_TOP}"></line><line class="grid strip-foot" x1="{LEFT}" '
            f'x2="{self.right}" y1="{strip_bottom}" y2="{strip_bottom}"></line>'
        )
        bar = min(5.0, max(2.0, self.band_width * 0.7))
        for p in self.points:
            if p.reach:
                parts.append(
                    f'<rect class="reach-bar" x="{self.x_of(p) - bar / 2:.1f}" y="{STRIP_TOP}" '
                    f'width="{bar:.1f}" height="{STRIP_STEP * p.reach}"></rect>'
                )
        for day, label in _ticks(self.start, self.end):
            x = self.x(day)
            if x <= self.right - 40:
                parts.append(
                    f'<text class="axis" font-size="{self.font_size}" x="{x:.1f}" '
                    f'y="{self.height - 4}" text-anchor="start">{label}</text>'
                )
        parts.append(self._marks())
        return mark_safe("".join(parts))

    def _marks(self) -> str:
        xs = [self.x_of(p) for p in self.points]
        back_line = " ".join(
            f"{x:.1f},{self.y(p.back):.1f}" for x, p in zip(xs, self.points, strict=True)
        )
        leg_line = " ".join(
            f"{x:.1f},{self.y(p.before):.1f}" for x, p in zip(xs, self.points, strict=True)
        )
        lines = []
        if self.points:
            lines.append(f'<polyline class="line-back-pain" points="{back_line}"></polyline>')
            lines.append(f'<polyline class="line-leg-before" points="{leg_line}"></polyline>')
        # Many points close together (a long period, or daily sessions) get smaller marks.
        r = 3.5 if len(self.points) <= 40 else 2.5
        half = BACK_SQUARE / 2 if len(self.points) <= 40 else 3
        during, after, before, mornings, squares, rings = [], [], [], [], [], []
        for x, p in zip(xs, self.points, strict=True):
            yb, ya = self.y(p.before), self.y(p.after)
            if abs(ya - yb) > 0.05:
                during.append(
                    f'<line class="leg-during" x1="{x:.1f}" x2="{x:.1f}" y1="{yb:.1f}" '
                    f'y2="{ya:.1f}"></line>'
                )
            after.append(
                f'<circle class="dot-leg-after" cx="{x:.1f}" cy="{ya:.1f}" r="{r}"></circle>'
            )
            before.append(
                f'<circle class="dot-leg-before" cx="{x:.1f}" cy="{yb:.1f}" r="{r}"></circle>'
            )
            if p.morning is not None:
                # Just right of the day's dots: the morning comes after the session, and an
                # equal score stays visible beside them.
                xm, ym = x + r + 1, self.y(p.morning)
                mornings.append(
                    f'<path class="dot-leg-morning" d="M{xm - r:.1f},{ym - r + 1:.1f}'
                    f'h{2 * r:.1f}l{-r:.1f},{2 * r - 1:.1f}z"></path>'
                )
            squares.append(
                f'<rect class="dot-back-pain" x="{x - half:.1f}" y="{self.y(p.back) - half:.1f}" '
                f'width="{2 * half}" height="{2 * half}"></rect>'
            )
            if p.flare and not self.weekly:
                top = self.y(max(p.before, p.after, p.morning or 0))
                rings.append(
                    f'<circle class="flare-ring" cx="{x:.1f}" cy="{top:.1f}" r="{r + 4}"></circle>'
                )
        return "".join([*lines, *during, *after, *before, *mornings, *squares, *rings])


# --- The whole summary -----------------------------------------------------------------------


class Flare(NamedTuple):
    date: date
    reason: str


class StageNow(NamedTuple):
    name: str
    status: str
    reason: str


class Sign(NamedTuple):
    """A warning-sign answer: when, what the person reported, and what the app told them."""

    date: date
    reported: str
    told: str


class Exercise(NamedTuple):
    name: str
    sessions: int
    dose: str  # the dose done most often, in words ("" when none was counted)


class Note(NamedTuple):
    date: date
    text: str


@dataclass(frozen=True)
class Measure:
    """An outcome measure at the start of the period and now, with what each was made of."""

    name: str
    scale: str  # "0 to 24 (higher is more bothered)"
    start: tuple[date, float, list[tuple[str, int]]] | None
    now: tuple[date, float, list[tuple[str, int]]] | None
    note: str = ""

    @property
    def same(self) -> bool:
        return self.start is not None and self.now is not None and self.start[0] == self.now[0]

    @property
    def change(self) -> float | None:
        if self.start is None or self.now is None or self.same:
            return None
        return self.now[1] - self.start[1]

    @property
    def change_words(self) -> str:
        """ "down 7", "up 2.5" or "no change": which way is better depends on the measure."""
        change = self.change
        if change is None or round(change, 6) == 0:
            return "no change"
        size = f"{abs(change):.1f}".removesuffix(".0")
        return f"{'up' if change > 0 else 'down'} {size}"

    @property
    def rows(self) -> list[tuple[str, str, str]]:
        """Each item or activity with its rating at the start and now ("not asked" where the
        person did not rate it then), in the order they were asked."""
        start = self.start[2] if self.start else []
        now = self.now[2] if self.now else []
        labels: list[str] = []
        for label, _ in [*start, *now]:
            if not any(measures.same_activity(label, seen) for seen in labels):
                labels.append(label)

        def rating(pairs, label):
            found = [r for name, r in pairs if measures.same_activity(name, label)]
            return str(found[0]) if found else "not asked"

        return [(label, rating(start, label), rating(now, label)) for label in labels]


@dataclass
class Summary:
    start: date
    end: date
    made_on: date
    sessions: int
    weeks: list[Week]
    first_week: Averages
    last_week: Averages
    chart: SummaryChart
    flares: list[Flare]
    stages: list[StageNow]
    suspended: bool
    signs: list[Sign]
    clear_screenings: int  # safety questions answered with nothing ticked
    measures: list[Measure]
    exercises: list[Exercise]
    notes: list[Note] | None  # None: the person chose not to include them
    name: str = ""

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def length(self) -> str:
        return length_words(self.days)

    @property
    def weeks_on_target(self) -> int:
        return sum(1 for week in self.weeks if week.on_target)

    @property
    def weeks_below(self) -> int:
        return sum(1 for week in self.weeks if week.sessions < WEEKLY_TARGET[0])

    @property
    def weeks_above(self) -> int:
        return sum(1 for week in self.weeks if week.sessions > WEEKLY_TARGET[1])

    @property
    def per_week(self) -> float:
        return self.sessions * 7 / self.days

    @property
    def pain_rows(self) -> list[tuple[str, str, str]]:
        """The first and last week side by side, as text."""

        def number(value):
            return "none" if value is None else f"{value:.1f}"

        first, last = self.first_week, self.last_week
        return [
            ("Sessions", str(first.sessions), str(last.sessions)),
            ("Leg pain before", number(first.before), number(last.before)),
            ("Leg pain after", number(first.after), number(last.after)),
            ("Next morning", number(first.morning), number(last.morning)),
            ("Back pain", number(first.back), number(last.back)),
            (
                "Furthest down the leg",
                first.furthest_words or "none",
                last.furthest_words or "none",
            ),
        ]

    @property
    def chart_summary(self) -> str:
        first, last = self.first_week.before, self.last_week.before
        if not self.sessions:
            return "No sessions were logged in this period."
        text = f"{self.sessions} sessions logged."
        if first is not None and last is not None:
            text += (
                f" Leg pain before sessions averaged {first:.1f} in the first week and "
                f"{last:.1f} in the last."
            )
        count = len(self.flares)
        text += f" Leg pain went up at {count} session{'' if count == 1 else 's'}."
        return text


def _days(user, start: date, end: date) -> list[Day]:
    rows = (
        Session.objects.filter(user=user, date__range=(start, end))
        .order_by(*CHRONOLOGICAL)
        .values_list(
            "id",
            "date",
            "leg_pain_before",
            "leg_pain_after",
            "leg_pain_next_morning",
            "back_pain",
            "symptoms_reach",
            "notes",
        )
    )
    return [
        Day(pk, day, before, after, morning, back, REACH_RANK[reach], notes)
        for pk, day, before, after, morning, back, reach, notes in rows
    ]


def top_exercises(rows: Sequence[tuple], limit: int = TOP_EXERCISES) -> list[Exercise]:
    """The exercises done in the most sessions, each with the dose done most often (the latest
    of equals). `rows` are (name, *DOSE_FIELDS) in time order."""
    sessions: Counter[str] = Counter()
    doses: dict[str, Counter[str]] = {}
    latest: dict[str, dict[str, int]] = {}
    for order, (name, *dose) in enumerate(rows):
        sessions[name] += 1
        text = dose_text(*dose)
        doses.setdefault(name, Counter())[text] += 1
        latest.setdefault(name, {})[text] = order
    ranked = sorted(sessions.items(), key=lambda item: (-item[1], item[0]))[:limit]
    result = []
    for name, count in ranked:
        counted = doses[name]
        best = max(counted, key=lambda text: (bool(text), counted[text], latest[name][text]))
        result.append(Exercise(name, count, best))
    return result


def _exercises(user, start: date, end: date) -> list[Exercise]:
    rows = (
        SessionExercise.objects.filter(session__user=user, session__date__range=(start, end))
        .order_by("session__date", "session__id", "order")
        .values_list("exercise__name", *DOSE_FIELDS)
    )
    return top_exercises(list(rows))


def _signs(user, start: date, end: date) -> tuple[list[Sign], int]:
    """Every warning-sign answer of the period, oldest first, and how many times the safety
    questions were answered with nothing ticked."""
    found: list[tuple] = []
    emergency = signs.advice(signs.Urgency.EMERGENCY)
    gp = signs.advice(signs.Urgency.GP)
    reports = RedFlagReport.objects.filter(user=user, occurred_on__range=(start, end))
    for report in reports.order_by("occurred_on", "id"):
        reported = "; ".join(report.labels) or "a warning sign"
        if report.suspends:
            told = (
                f"{emergency}. Exercises on hold until they confirmed that a clinician had "
                "assessed them."
            )
        else:
            told = (
                "Found in an imported diary more than a week later: if it was still happening, "
                f"{emergency[:1].lower()}{emergency[1:]}; if not, {gp[:1].lower()}{gp[1:]}."
            )
        found.append(
            (report.occurred_on, 0, report.created_at, Sign(report.occurred_on, reported, told))
        )
    clear = 0
    # __date is the day in the active time zone: the person's (see build).
    screenings = Screening.objects.filter(user=user, created_at__date__range=(start, end))
    for screening in screenings.order_by("created_at", "id"):
        day = timezone.localtime(screening.created_at).date()
        if not screening.red_flags and not screening.soon_reasons:
            clear += 1
        for advice, group in signs.by_urgency(screening.soon_reasons):
            reported = "; ".join(sign.text for sign in group)
            found.append((day, 1, screening.created_at, Sign(day, reported, f"{advice}.")))
    assessments = Assessment.objects.filter(user=user, confirmed_at__date__range=(start, end))
    for assessment in assessments.order_by("confirmed_at", "id"):
        day = timezone.localtime(assessment.confirmed_at).date()
        said = f" They noted: “{assessment.note}”" if assessment.note else ""
        confirmed = "Confirmed that a clinician had assessed them"
        sign = Sign(day, confirmed, f"Exercises open again.{said}")
        found.append((day, 2, assessment.confirmed_at, sign))
    found.sort(key=lambda row: row[:3])
    return [row[3] for row in found], clear


def _measures(user, start: date, end: date) -> list[Measure]:
    sbi = [
        (
            a.answered_on,
            float(a.total),
            [(words, a.scores[code]) for code, words in measures.SBI_ITEMS],
        )
        for a in Bothersomeness.objects.filter(user=user, answered_on__lte=end).order_by(
            "answered_on"
        )
    ]
    ratings = FunctionalRating.objects.order_by("order")
    answers = (
        FunctionalScale.objects.filter(user=user, answered_on__lte=end)
        .order_by("answered_on")
        .prefetch_related(Prefetch("ratings", queryset=ratings))
    )
    psfs = []
    for answer in answers:
        pairs = [(r.activity, r.rating) for r in answer.ratings.all()]
        psfs.append((answer.answered_on, measures.psfs_score(pairs), pairs))

    def at_start_and_now(rows):
        trend = measures.start_and_now([measures.Point(d, s) for d, s, _ in rows], start, end)
        by_day = {row[0]: row for row in rows}
        return (
            trend.first and by_day[trend.first.day],
            trend.last and by_day[trend.last.day],
        )

    sbi_start, sbi_now = at_start_and_now(sbi)
    psfs_start, psfs_now = at_start_and_now(psfs)
    return [
        Measure(
            "Sciatica Bothersomeness Index",
            f"0 to {measures.SBI_MAX}, higher is worse",
            sbi_start,
            sbi_now,
        ),
        Measure(
            "Patient-Specific Functional Scale",
            "0 unable to 10 as before, higher is better",
            psfs_start,
            psfs_now,
            note=f"A change of {measures.PSFS_REAL_CHANGE} points or more is the smallest "
            "change that matters to a person.",
        ),
    ]


STATUS_WORDS = {
    gate.OPEN: "Open",
    gate.UNLOCKED: "Unlocked",
    gate.LOCKED: "Locked",
    gate.PAUSED: "Paused",
    "suspended": "Suspended",
}


def build(user, start: date, end: date, include_notes: bool = False, name: str = "") -> Summary:
    """The summary of the person's diary from `start` to `end`, both included, as of today in
    the time zone that is active (the person's: see sciatica.accounts.models.person_time_zone)."""
    today = timezone.localdate()
    days = _days(user, start, end)
    reading = read(user)
    views, _ = stage_views(user, today, reading=reading)
    # The flares of the whole record, older ones included (stored apart from the recent ones).
    state = stored_state(user)
    flare_ids = {pk for pk, day in state.flare_days.items() if start <= day <= end}
    flares = sorted(
        (Flare(state.flare_days[pk], state.flares[pk]) for pk in flare_ids),
        key=lambda flare: flare.date,
    )
    week_one_end = min(end, start + timedelta(days=6))
    last_week_start = max(start, end - timedelta(days=6))
    sign_list, clear = _signs(user, start, end)
    return Summary(
        start=start,
        end=end,
        made_on=today,
        sessions=len(days),
        weeks=weeks_of(start, end, days),
        first_week=averages(start, week_one_end, days),
        last_week=averages(last_week_start, end, days),
        chart=SummaryChart(
            start,
            end,
            chart_points(start, end, days, flare_ids),
            weekly=(end - start).days + 1 > DAILY_POINTS_UP_TO_DAYS,
        ),
        flares=flares,
        stages=[
            StageNow(view.stage.name, STATUS_WORDS.get(view.status, view.status), view.reason)
            for view in views
            if view.stage.gated
        ],
        suspended=reading.suspension is not None,
        signs=sign_list,
        clear_screenings=clear,
        measures=_measures(user, start, end),
        exercises=_exercises(user, start, end),
        notes=[Note(d.date, d.notes) for d in days if d.notes.strip()] if include_notes else None,
        name=name,
    )
