"""The two free outcome measures, scored. Pure: answers in, scores out; no database, no clock.

- Sciatica Bothersomeness Index (Patrick et al., Spine 1995): four symptoms, each rated from 0
  (not at all bothersome) to 6 (extremely bothersome); the score is their total, 0 to 24.
- Patient-Specific Functional Scale (Stratford et al., Physiotherapy Canada 1995): three to five
  activities the person finds hard, in their own words, each rated from 0 (unable to do it) to
  10 (able to do it as before the problem); the score is the mean of the ratings.

A missing rating is refused, never counted as 0: a gap read as "no bother" or "unable" would
change the score the person gets, and the trend a clinician reads from it.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from django.utils.safestring import mark_safe

SBI_LOW, SBI_HIGH = 0, 6
# The four symptoms, in the order the index asks about them: (code, words). The codes are in
# people's CSV files, so they never change; the words may.
SBI_ITEMS = (
    ("leg_pain", "Leg pain"),
    ("numbness", "Numbness or tingling in the leg, foot or groin"),
    ("weakness", "Weakness in the leg or foot"),
    ("sitting", "Back or leg pain while sitting"),
)
SBI_CODES = tuple(code for code, _ in SBI_ITEMS)
SBI_MAX = SBI_HIGH * len(SBI_ITEMS)

PSFS_LOW, PSFS_HIGH = 0, 10
PSFS_MIN_ACTIVITIES, PSFS_MAX_ACTIVITIES = 3, 5
PSFS_ACTIVITY_LENGTH = 100
# The smallest change in the mean that matters to a person.
PSFS_REAL_CHANGE = 2

SBI_CITATION = (
    "Sciatica Bothersomeness Index: Patrick DL, Deyo RA, Atlas SJ, et al. Assessing "
    "health-related quality of life in patients with sciatica. Spine 1995;20(17):1899-1908."
)
PSFS_CITATION = (
    "Patient-Specific Functional Scale: Stratford P, Gill C, Westaway M, Binkley J. Assessing "
    "disability and change on individual patients: a report of a patient specific measure. "
    "Physiotherapy Canada 1995;47(4):258-263."
)


class Refused(ValueError):
    """An answer that cannot be scored, with what is wrong in words a person can act on."""


def _whole(value, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def sbi_total(scores: Mapping[str, int | None]) -> int:
    """The index, 0 to 24: the four ratings added up. Every rating must be given."""
    unknown = sorted(set(scores) - set(SBI_CODES))
    if unknown:
        raise Refused(f"The index has no item called {', '.join(unknown)}.")
    missing = [words for code, words in SBI_ITEMS if scores.get(code) is None]
    if missing:
        these = "this one has" if len(missing) == 1 else "these have"
        raise Refused(
            f"Rate every item (a missing rating is not counted as 0); {these} no answer: "
            f"{'; '.join(missing)}."
        )
    for code, words in SBI_ITEMS:
        if not _whole(scores[code], SBI_LOW, SBI_HIGH):
            raise Refused(f"{words}: give a whole number from {SBI_LOW} to {SBI_HIGH}.")
    return sum(scores[code] for code in SBI_CODES)


def same_activity(a: str, b: str) -> bool:
    """Whether two activities are one, written with other capitals or spacing."""
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def psfs_score(ratings: Sequence[tuple[str, int | None]]) -> float:
    """The scale's score, 0 to 10: the mean rating of three to five different activities, each
    named and rated."""
    if not PSFS_MIN_ACTIVITIES <= len(ratings) <= PSFS_MAX_ACTIVITIES:
        raise Refused(
            f"Name and rate {PSFS_MIN_ACTIVITIES} to {PSFS_MAX_ACTIVITIES} activities; "
            f"there {'is' if len(ratings) == 1 else 'are'} {len(ratings)}."
        )
    seen: list[str] = []
    for activity, rating in ratings:
        name = " ".join((activity or "").split())
        if not name:
            raise Refused("Each rating needs the activity it is for.")
        if len(name) > PSFS_ACTIVITY_LENGTH:
            raise Refused(f"Describe each activity in {PSFS_ACTIVITY_LENGTH} characters or fewer.")
        if any(same_activity(name, other) for other in seen):
            raise Refused(f"“{name}” is listed twice; list each activity once.")
        seen.append(name)
        if rating is None:
            raise Refused(f"Rate “{name}”: a missing rating is not counted as 0.")
        if not _whole(rating, PSFS_LOW, PSFS_HIGH):
            raise Refused(f"Rate “{name}” with a whole number from {PSFS_LOW} to {PSFS_HIGH}.")
    return sum(rating for _, rating in ratings) / len(ratings)


def psfs_change_matters(first: float, last: float) -> bool:
    """Whether the mean moved by at least the smallest change that matters to a person."""
    # Rounded: 5.4 to 7.4 is a change of 2, whatever the binary fractions say.
    return round(abs(last - first), 6) >= PSFS_REAL_CHANGE


# --- Over time ------------------------------------------------------------------------------


class Point(NamedTuple):
    day: date
    score: float


@dataclass(frozen=True)
class Trend:
    """A measure's first and latest scores in a series of answers (oldest first)."""

    first: Point | None
    last: Point | None

    @property
    def change(self) -> float | None:
        if self.first is None or self.last is None or self.first == self.last:
            return None
        return self.last.score - self.first.score


def trend(points: Sequence[Point]) -> Trend:
    return Trend(points[0] if points else None, points[-1] if points else None)


def start_and_now(points: Sequence[Point], start: date, end: date) -> Trend:
    """The answer that stood at the start of a period (the latest on or before its first day,
    else the first within it) and the one that stands at its end (the latest on or before its
    last day). None for either when there is none."""
    before = [p for p in points if p.day <= start]
    within = [p for p in points if start < p.day <= end]
    first = before[-1] if before else (within[0] if within else None)
    upto = [p for p in points if p.day <= end]
    return Trend(first, upto[-1] if upto else None)


def due(last_answer: date | None, today: date, skipped_until: date | None = None) -> bool:
    """Whether the weekly offer shows: never answered, or last answered a week or more ago, and
    not put off past today."""
    if skipped_until is not None and today <= skipped_until:
        return False
    return last_answer is None or (today - last_answer).days >= 7


# --- Answers --------------------------------------------------------------------------------


@dataclass(frozen=True)
class SbiAnswer:
    day: date
    scores: tuple[tuple[str, int], ...]  # (code, rating) in SBI_ITEMS order

    @property
    def total(self) -> int:
        return sbi_total(dict(self.scores))


@dataclass(frozen=True)
class PsfsAnswer:
    day: date
    ratings: tuple[tuple[str, int], ...]  # (activity, rating) in the order asked

    @property
    def score(self) -> float:
        return psfs_score(self.ratings)


def sbi_answer(day: date, scores: Mapping[str, int | None]) -> SbiAnswer:
    """A checked answer to the index (Refused if it cannot be scored)."""
    sbi_total(scores)
    return SbiAnswer(day, tuple((code, scores[code]) for code in SBI_CODES))


def psfs_answer(day: date, ratings: Sequence[tuple[str, int | None]]) -> PsfsAnswer:
    """A checked answer to the scale, activities written with single spaces."""
    psfs_score(ratings)
    return PsfsAnswer(
        day, tuple((" ".join(activity.split()), rating) for activity, rating in ratings)
    )


# --- A small chart of scores over time --------------------------------------------------------

CHART_WIDTH, CHART_HEIGHT = 360, 150
CHART_LEFT, CHART_RIGHT, CHART_TOP, CHART_BOTTOM = 30, 12, 10, 28


def score_chart(points: Sequence[Point], high: int, label: str) -> dict | None:
    """An SVG line of scores over time, 0 to `high`, as markup for the page's template (the
    dashboard chart's style): None without a score. Only numbers, dates and fixed words go
    in."""
    if not points:
        return None
    first, last = points[0].day, points[-1].day
    span = (last - first).days
    plot_w = CHART_WIDTH - CHART_LEFT - CHART_RIGHT
    plot_h = CHART_HEIGHT - CHART_TOP - CHART_BOTTOM

    def x(day: date) -> float:
        return CHART_LEFT + (plot_w * (day - first).days / span if span else plot_w / 2)

    def y(score: float) -> float:
        return CHART_TOP + plot_h * (high - score) / high

    parts = []
    for tick in (0, high // 2, high):
        parts.append(
            f'<line class="grid" x1="{CHART_LEFT}" x2="{CHART_WIDTH - CHART_RIGHT}" '
            f'y1="{y(tick):.1f}" y2="{y(tick):.1f}"></line><text class="axis" font-size="14" '
            f'x="{CHART_LEFT - 6}" y="{y(tick):.1f}" dy="0.35em" text-anchor="end">{tick}</text>'
        )
    labels = [(first, "start")] + ([(last, "end")] if span else [])
    for day, anchor in labels:
        parts.append(
            f'<text class="axis" font-size="14" x="{x(day):.1f}" y="{CHART_HEIGHT - 6}" '
            f'text-anchor="{anchor if span else "middle"}">{day:%-d %b %Y}</text>'
        )
    line = " ".join(f"{x(p.day):.1f},{y(p.score):.1f}" for p in points)
    parts.append(f'<polyline class="line-leg-before" points="{line}"></polyline>')
    parts += (
        f'<circle class="dot-leg-before" cx="{x(p.day):.1f}" cy="{y(p.score):.1f}" r="4"></circle>'
        for p in points
    )
    count = len(points)
    if count == 1:
        desc = f"One answer, on {first:%-d %B %Y}: {_number(points[0].score)} out of {high}."
    else:
        desc = (
            f"{count} answers from {first:%-d %B %Y} to {last:%-d %B %Y}: "
            f"{_number(points[0].score)} at first, {_number(points[-1].score)} at the latest, "
            f"out of {high}."
        )
    return {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "title": f"{label} over time",
        "desc": desc,
        "svg": mark_safe("".join(parts)),
    }


def _number(score: float) -> str:
    return f"{score:.1f}".removesuffix(".0")
