"""A person's outcome measures as CSV, the log's second file, and the one place answers are saved.

One row per rating, in the columns of COLUMNS:
- `date`: the day of the answer, YYYY-MM-DD;
- `measure`: `sbi` (Sciatica Bothersomeness Index) or `psfs` (Patient-Specific Functional Scale);
- `item`: for `sbi` one of leg_pain, numbness, weakness, sitting; for `psfs` the activity, in the
  person's own words;
- `score`: 0 to 6 for `sbi`, 0 to 10 for `psfs`.
The rows of one measure on one day make one answer: the index's four items, or the scale's three
to five activities in the order they were asked.

The rules are the log's (progress/csvlog.py): every row is checked before any is saved, so a file
goes in whole or not at all, with every problem reported at once by the row number a spreadsheet
shows; an answer already saved exactly as the file has it is skipped, so a second import of the
same file changes nothing. A file that gives a different answer for a day already answered is
refused, rather than overwriting what was saved.
"""

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TextIO

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from progress import measures
from progress.csvlog import (
    CSV_PROBLEMS,
    MAX_BYTES,
    MAX_ROWS,
    NOT_TEXT,
    escape_cell,
    not_quoted,
    parse_date,
    unescape_cell,
)
from progress.measures import PsfsAnswer, Refused, SbiAnswer
from progress.models import Bothersomeness, FunctionalRating, FunctionalScale

COLUMNS = ["date", "measure", "item", "score"]
SBI, PSFS = "sbi", "psfs"
NAMES = {SBI: "Sciatica Bothersomeness Index", PSFS: "Patient-Specific Functional Scale"}
HIGHEST = {SBI: measures.SBI_HIGH, PSFS: measures.PSFS_HIGH}

Answer = SbiAnswer | PsfsAnswer


# --- Saving ---------------------------------------------------------------------------------


def _saved(user, days: Iterable[date] | None = None) -> dict[tuple[str, date], Answer]:
    """The person's answers as Answer values, by measure and day: two queries."""
    sbi = Bothersomeness.objects.filter(user=user)
    psfs = FunctionalScale.objects.filter(user=user).prefetch_related(
        Prefetch("ratings", queryset=FunctionalRating.objects.order_by("order"))
    )
    if days is not None:
        days = set(days)
        sbi, psfs = sbi.filter(answered_on__in=days), psfs.filter(answered_on__in=days)
    found: dict[tuple[str, date], Answer] = {}
    for row in sbi.order_by("answered_on"):
        found[SBI, row.answered_on] = SbiAnswer(row.answered_on, tuple(row.scores.items()))
    for row in psfs.order_by("answered_on"):
        ratings = tuple((r.activity, r.rating) for r in row.ratings.all())
        found[PSFS, row.answered_on] = PsfsAnswer(row.answered_on, ratings)
    return found


def measure_of(answer: Answer) -> str:
    return SBI if isinstance(answer, SbiAnswer) else PSFS


def _create(user, answer: Answer) -> None:
    if isinstance(answer, SbiAnswer):
        Bothersomeness.objects.create(user=user, answered_on=answer.day, **dict(answer.scores))
        return
    scale = FunctionalScale.objects.create(user=user, answered_on=answer.day)
    FunctionalRating.objects.bulk_create(
        FunctionalRating(answer=scale, order=order, activity=activity, rating=rating)
        for order, (activity, rating) in enumerate(answer.ratings)
    )


def _delete(user, measure: str, day: date) -> None:
    model = Bothersomeness if measure == SBI else FunctionalScale
    model.objects.filter(user=user, answered_on=day).delete()


@transaction.atomic
def save_answer(user, answer: Answer) -> bool:
    """Save an answer given in the app, replacing the same measure's answer of that day (a
    second go on one day is a change of mind). True if it replaced one."""
    _lock(user)
    measure = measure_of(answer)
    replaced = (measure, answer.day) in _saved(user, [answer.day])
    _delete(user, measure, answer.day)
    _create(user, answer)
    return replaced


def _lock(user) -> None:
    # One writer per person at a time: two saves of one day cannot both find it free.
    get_user_model()._default_manager.select_for_update().filter(pk=user.pk).first()


def latest_activities(user) -> list[str]:
    """The activities of the person's latest functional scale, to be rated again."""
    latest = FunctionalScale.objects.filter(user=user).order_by("-answered_on").first()
    if latest is None:
        return []
    return list(latest.ratings.order_by("order").values_list("activity", flat=True))


# --- Export ---------------------------------------------------------------------------------


def write_csv(user, out: TextIO) -> None:
    """The header, then every answer of the person, oldest first: three queries in all."""
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    answers = sorted(_saved(user).items(), key=lambda item: (item[0][1], item[0][0] != SBI))
    for (measure, day), answer in answers:
        pairs = answer.scores if isinstance(answer, SbiAnswer) else answer.ratings
        writer.writerows(
            [day.isoformat(), measure, escape_cell(item), str(score)] for item, score in pairs
        )


# --- Import ---------------------------------------------------------------------------------


@dataclass
class ImportResult:
    created: int
    skipped: int
    errors: list[str] = field(default_factory=list)


@dataclass
class _Group:
    """The rows of one measure on one day, as read."""

    measure: str
    day: date
    rows: list[int] = field(default_factory=list)  # their row numbers
    items: list[tuple[str, int]] = field(default_factory=list)

    @property
    def where(self) -> str:
        numbers = sorted(self.rows)
        return f"Row {numbers[0]}" if len(numbers) == 1 else f"Rows {_ranges(numbers)}"


def _ranges(numbers: list[int]) -> str:
    """2, 3, 4, 7 as "2-4, 7"."""
    parts, first, last = [], numbers[0], numbers[0]
    for n in numbers[1:]:
        if n == last + 1:
            last = n
            continue
        parts.append(f"{first}-{last}" if last > first else str(first))
        first = last = n
    parts.append(f"{first}-{last}" if last > first else str(first))
    return ", ".join(parts)


def import_csv(user, text: str) -> ImportResult:
    """Check every row, then save every new answer in one transaction, or nothing and why."""
    answers, errors = _read(text)
    if errors:
        return ImportResult(0, 0, errors)
    with transaction.atomic():
        _lock(user)
        saved = _saved(user, [answer.day for answer, _ in answers])
        new = []
        for answer, where in answers:
            existing = saved.get((measure_of(answer), answer.day))
            if existing is None:
                new.append(answer)
            elif existing != answer:
                errors.append(
                    f"{where}: your {NAMES[measure_of(answer)]} of {answer.day.isoformat()} is "
                    "already saved with other scores. Nothing was imported: to keep the file's "
                    "answer, take that day's rows out of the file, or change the saved answer "
                    "in the app first."
                )
        if errors:
            return ImportResult(0, 0, errors)
        for answer in new:
            _create(user, answer)
    return ImportResult(len(new), len(answers) - len(new))


def _read(text: str) -> tuple[list[tuple[Answer, str]], list[str]]:
    """Every row checked, then every answer: the answers with where they are, or every problem."""
    if len(text) > MAX_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        return [], ["The file is larger than 5 MB; split it into smaller files."]
    if NOT_TEXT.search(text):
        return [], ["The file is not a CSV text file: it holds characters text cannot contain."]
    text = text.removeprefix("\ufeff")
    if not text.strip():
        return [], ["The file is empty."]
    today = timezone.localdate()
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    groups: dict[tuple[str, date], _Group] = {}
    errors: list[str] = []
    number = 0
    try:
        header = [name.strip() for name in next(reader)]
        number = 1
        if header != COLUMNS:
            return [], [f"Row 1: the header must be exactly {','.join(COLUMNS)}."]
        for number, cells in enumerate(reader, start=2):
            if number > MAX_ROWS + 1:
                return [], [
                    f"The file has more than {MAX_ROWS:,} rows; split it into smaller files."
                ]
            fields = [unescape_cell(cell) for cell in cells]
            if not any(value.strip() for value in fields):
                continue
            problems = _read_row(fields, today, number, groups)
            errors.extend(f"Row {number}: {problem}" for problem in problems)
    except csv.Error as error:
        problem = CSV_PROBLEMS.get(str(error), str(error))
        errors.append(f"Row {number + 1} is not valid CSV: {problem}.")
    answers = []
    for group in sorted(groups.values(), key=lambda g: min(g.rows)):
        try:
            answers.append((_answer(group), group.where))
        except Refused as refused:
            errors.append(f"{group.where} ({NAMES[group.measure]} of {group.day}): {refused}")
    if not answers and not errors:
        errors.append("The file has a header but no answers.")
    return answers, errors


def _read_row(
    fields: list[str], today: date, number: int, groups: dict[tuple[str, date], _Group]
) -> list[str]:
    if len(fields) != len(COLUMNS):
        return [f"expected {len(COLUMNS)} values, one for each column, but found {len(fields)}."]
    day_text, measure, item, score_text = (value.strip() for value in fields)
    problems = []
    day = parse_date(day_text, today, problems)
    if measure not in NAMES:
        problems.append(f"measure must be sbi or psfs, {not_quoted(measure)}.")
    elif measure == SBI and item not in measures.SBI_CODES:
        problems.append(
            f"an sbi item must be one of {', '.join(measures.SBI_CODES)}, {not_quoted(item)}."
        )
    elif measure == PSFS and not item:
        problems.append("a psfs row needs its activity in the item column.")
    elif measure == PSFS and len(" ".join(item.split())) > measures.PSFS_ACTIVITY_LENGTH:
        problems.append(
            f"the activity is longer than {measures.PSFS_ACTIVITY_LENGTH} characters; shorten it."
        )
    score = None
    if measure in NAMES:
        high = HIGHEST[measure]
        score = _whole(score_text, high)
        if score is None and not score_text:
            problems.append("score is empty: a missing rating is not counted as 0.")
        elif score is None:
            problems.append(
                f"score must be a whole number from 0 to {high}, {not_quoted(score_text)}."
            )
    if problems:
        return problems
    group = groups.setdefault((measure, day), _Group(measure, day))
    group.rows.append(number)
    group.items.append((item, score))
    return []


def _answer(group: _Group) -> Answer:
    if group.measure == SBI:
        scores: dict[str, int] = {}
        for code, score in group.items:
            if code in scores:
                raise Refused(f"the item {code} is listed twice; give each item once.")
            scores[code] = score
        return measures.sbi_answer(group.day, scores)
    return measures.psfs_answer(group.day, group.items)


def _whole(value: str, high: int) -> int | None:
    digits = value.lstrip("0") or "0"
    if not value.isascii() or not value.isdigit() or len(digits) > len(str(high)):
        return None
    number = int(digits)
    return number if number <= high else None
