"""A person's log as CSV: one row per session, in the columns of COLUMNS.

Other tools read and write this format, so it is fixed. Import checks every row before it saves
any: a file goes in whole or not at all, and a person gets every problem at once, by the row
number their spreadsheet shows. A row already in the log, exactly as export writes it, is skipped
rather than doubled, so importing the same file twice is harmless.
"""

import csv
import difflib
import io
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TextIO

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from exercises.models import Exercise, Stage
from progress import gate, record
from progress.models import (
    CHRONOLOGICAL,
    EARLIEST_DATE,
    MAX_DISTANCE_KM,
    MAX_MINUTES,
    RedFlag,
    Session,
    SessionExercise,
    SymptomsReach,
    is_timed,
)
from progress.status import early_entries, stored_state

COLUMNS = [
    "date",
    "leg_pain_before",
    "leg_pain_after",
    "leg_pain_next_morning",
    "back_pain",
    "symptoms_reach",
    "exercises",
    "red_flags",
    "notes",
]
MAX_BYTES = settings.MAX_UPLOAD_BYTES
MAX_ROWS = 20_000
MAX_NOTES = 2000
# The largest value of a PositiveSmallIntegerField on every database Django supports.
MAX_COUNT = 32767
# Session loads are DecimalField(max_digits=5, decimal_places=2).
MAX_LOAD = Decimal("999.99")
CENT = Decimal("0.01")

DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
NUMBER = r"[0-9]+(?:\.[0-9]+)?"
ITEM = re.compile(
    r"(?P<slug>[-a-zA-Z0-9_]+)"
    # Sets x repetitions or seconds; either side may be missing when only one was noted (3x).
    r"(?P<dose>:(?P<sets>[0-9]+)?x(?P<count>[0-9]+)?(?P<seconds>s?))?"
    # Walking and swimming: minutes, a distance, or both (walk:25min:2.1km).
    r"(?::(?P<minutes>[0-9]+)min)?"
    rf"(?::(?P<km>{NUMBER})km)?"
    rf"(?:@(?P<kg>{NUMBER}))?"
)
ITEM_FORM = (
    "slug, slug:SETSxREPS or slug:SETSxSECONDSs, each optionally followed by @KG "
    "(for example lunge:2x10@2.5, or lunge:2x for sets alone); for walking and swimming "
    "slug:MINUTESmin, slug:KMkm or both (for example walk:25min:2.1km)"
)
# NUL cannot be stored in PostgreSQL text, and lone surrogates cannot be encoded at all.
NOT_TEXT = re.compile("[\x00\ud800-\udfff]")
CSV_PROBLEMS = {
    "unexpected end of data": "a quoted value is opened but never closed",
    "',' expected after '\"'": "a closing quote must be followed by a comma or the end of the line",
}


@dataclass
class ImportResult:
    created: int
    skipped: int
    errors: list[str] = field(default_factory=list)
    # A warning sign from the last week arrived with the file: the person must be told now.
    recent_warning_signs: bool = False
    # Exercises imported as done before their stage opened: kept as history, and marked.
    early_entries: int = 0
    # The days of warning signs more than a week old: history, but the person should be asked.
    older_warning_signs: list[date] = field(default_factory=list)
    # The gated stages that the imported sessions opened, paused or closed.
    stage_changes: list["StageNews"] = field(default_factory=list)


@dataclass(frozen=True)
class StageNews:
    """A gated stage whose status an import changed, and since when, said in words."""

    stage: str  # its name
    status: str  # gate.UNLOCKED, gate.PAUSED or gate.LOCKED
    since: date | None
    again: bool = False  # open again after a pause

    @property
    def good(self) -> bool:
        return self.status == gate.UNLOCKED

    def __str__(self) -> str:
        if self.status == gate.UNLOCKED:
            now = "open again" if self.again else "now open"
            return f"The {self.stage} stage is {now}: it unlocked on {self._day()}."
        if self.status == gate.PAUSED:
            return f"The {self.stage} stage has been paused since {self._day()}."
        return f"The {self.stage} stage is locked again, now that the imported sessions count."

    def _day(self) -> str:
        if self.since is None:
            return "an earlier day"
        year = "" if self.since.year == timezone.localdate().year else f" {self.since.year}"
        return f"{self.since:%-d %B}{year}"


@dataclass
class _Parsed:
    """A checked row, ready to save: the session (without its user) and its exercises."""

    session: Session
    entries: list[SessionExercise]

    def key(self) -> tuple[str, ...]:
        return tuple(_row(self.session, self.entries))


# --- Export --------------------------------------------------------------------------------------


def write_csv(user: AbstractBaseUser, out: TextIO) -> None:
    """The header, then every session of the person, oldest first. Two queries in all."""
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerows(
        [escape_cell(cell) for cell in _row(session, session.entries.all())]
        for session in _sessions(user)
    )


# A spreadsheet runs a cell that starts with one of these as a formula: a note "=1+1" would
# come back as "2", and "=HYPERLINK(...)" could send data away.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _looks_escaped(cell: str) -> bool:
    return cell.startswith("'") and cell[1:2] in (*FORMULA_START, "'")


def escape_cell(cell: str) -> str:
    """A cell made safe to open in a spreadsheet: a leading ' where it would run as a formula.
    A cell that already looks escaped gets one too, so that `unescape_cell` gives back exactly
    what was written, whatever it was."""
    if cell.startswith(FORMULA_START) or _looks_escaped(cell):
        return "'" + cell
    return cell


def unescape_cell(cell: str) -> str:
    return cell[1:] if _looks_escaped(cell) else cell


def _sessions(user: AbstractBaseUser) -> QuerySet[Session]:
    entries = SessionExercise.objects.select_related("exercise__stage").order_by("order", "id")
    return (
        Session.objects.filter(user=user)
        .order_by(*CHRONOLOGICAL)
        .prefetch_related(Prefetch("entries", queryset=entries))
    )


def _row(session: Session, entries: Iterable[SessionExercise]) -> list[str]:
    """A session as export writes it; import compares rows in this form to find duplicates."""
    morning = session.leg_pain_next_morning
    return [
        session.date.isoformat(),
        str(session.leg_pain_before),
        str(session.leg_pain_after),
        "" if morning is None else str(morning),
        str(session.back_pain),
        session.symptoms_reach,
        ";".join(_item(entry) for entry in entries),
        ";".join(session.red_flags),
        session.notes,
    ]


def _item(entry: SessionExercise) -> str:
    text = entry.exercise.slug
    # A dose noted only in part is written as it is: sets alone as 3x, repetitions or a hold
    # without sets as x10 or x30s. Nothing is left out, and nothing is made up.
    if entry.reps is not None:
        count = str(entry.reps)
    elif entry.hold_seconds is not None:
        count = f"{entry.hold_seconds}s"
    else:
        count = ""
    if entry.sets is not None or count:
        text += f":{'' if entry.sets is None else entry.sets}x{count}"
    if entry.minutes is not None:
        text += f":{entry.minutes}min"
    if entry.distance_km is not None:
        text += f":{entry.distance_km.normalize():f}km"
    if entry.load_kg is not None:
        text += f"@{entry.load_kg.normalize():f}"
    return text


# --- Import --------------------------------------------------------------------------------------


def import_csv(user: AbstractBaseUser, text: str) -> ImportResult:
    """Check every row, then save them all in one transaction, or save nothing and say why."""
    parsed, errors = _read(text)
    if errors:
        return ImportResult(created=0, skipped=0, errors=errors)
    return _save(user, parsed)


def _save(user: AbstractBaseUser, parsed: list[_Parsed]) -> ImportResult:
    with transaction.atomic():
        # Hold the person's row so two imports of one file at the same moment cannot both add it.
        get_user_model()._default_manager.select_for_update().filter(pk=user.pk).first()
        before = stored_state(user)
        existing = Counter(tuple(_row(s, s.entries.all())) for s in _sessions(user))
        new = []
        for item in parsed:
            key = item.key()
            if existing[key]:
                existing[key] -= 1
            else:
                new.append(item)
        sessions = [item.session for item in new]
        entries = [entry for item in new for entry in item.entries]
        after, reports = record.add_sessions(user, sessions, entries)
        early, news = 0, []
        if new:
            news = stage_news(before, after)
            imported = _sessions(user).filter(pk__in=[session.pk for session in sessions])
            early = early_entries(user, list(imported))
    return ImportResult(
        created=len(new),
        skipped=len(parsed) - len(new),
        errors=[],
        recent_warning_signs=any(report.suspends for report in reports),
        early_entries=early,
        older_warning_signs=sorted({r.occurred_on for r in reports if not r.suspends}),
        stage_changes=news,
    )


def stage_news(before: gate.State, after: gate.State) -> list[StageNews]:
    """What the gate says differently after an import, stage by stage in program order."""
    names = dict(Stage.objects.filter(gated=True).values_list("slug", "name"))
    news = []
    for slug in sorted(after.status, key=list(gate.GATED).index):
        status = after.status[slug]
        if status == before.status.get(slug, gate.LOCKED):
            continue
        last = next((c for c in reversed(after.changes) if c.stage == slug), None)
        again = status == gate.UNLOCKED and before.status.get(slug) == gate.PAUSED
        since = last.date if last and status != gate.LOCKED else None
        news.append(StageNews(names.get(slug, slug.title()), status, since, again))
    return news


def _read(text: str) -> tuple[list[_Parsed], list[str]]:
    """Every row of the file checked: the sessions, or every problem found."""
    # Characters are at least one byte each, so a long text is too big without encoding it.
    if len(text) > MAX_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        return [], ["The file is larger than 5 MB; split it into smaller files."]
    if NOT_TEXT.search(text):
        return [], ["The file is not a CSV text file: it holds characters text cannot contain."]
    text = text.removeprefix("\ufeff")
    if not text.strip():
        return [], ["The file is empty."]

    exercises = {e.slug: e for e in Exercise.objects.only("slug", "section")}
    today = timezone.localdate()
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    parsed: list[_Parsed] = []
    errors: list[str] = []
    # Rows are numbered as a spreadsheet shows them: the header is row 1, and a note with line
    # breaks in it stays one row.
    number = 0
    try:
        header_problem = _header_problem(next(reader))
        number = 1
        if header_problem:
            return [], [f"Row 1: {header_problem}"]
        for number, cells in enumerate(reader, start=2):
            fields = [unescape_cell(cell) for cell in cells]
            if number > MAX_ROWS + 1:
                return [], [
                    f"The file has more than {MAX_ROWS:,} rows; split it into smaller files."
                ]
            # Blank lines, and rows of empty cells a spreadsheet leaves behind, hold no session.
            if not any(value.strip() for value in fields):
                continue
            session, problems = _parse_row(fields, exercises, today)
            errors.extend(f"Row {number}: {problem}" for problem in problems)
            if session is not None:
                parsed.append(session)
    except csv.Error as error:
        problem = CSV_PROBLEMS.get(str(error), str(error))
        errors.append(f"Row {number + 1} is not valid CSV: {problem}.")
    if not parsed and not errors:
        errors.append("The file has a header but no sessions.")
    return parsed, errors


def _header_problem(header: list[str]) -> str | None:
    names = [name.strip() for name in header]
    if names == COLUMNS:
        return None
    missing = [name for name in COLUMNS if name not in names]
    unexpected = [quoted(name) for name in names if name not in COLUMNS]
    details = []
    if missing:
        details.append(f"missing {', '.join(missing)}")
    if unexpected:
        details.append(f"unexpected {', '.join(unexpected)}")
    if not details:
        details.append("the columns are repeated or in another order")
    return f"the header must be exactly {','.join(COLUMNS)} ({'; '.join(details)})."


def _parse_row(
    fields: list[str], exercises: dict[str, Exercise], today: date
) -> tuple[_Parsed | None, list[str]]:
    """One data row: the session it holds, or the problems with it (without the row number)."""
    if len(fields) != len(COLUMNS):
        return None, [
            f"expected {len(COLUMNS)} values, one for each column, but found {len(fields)}."
        ]
    raw = {name: value.strip() for name, value in zip(COLUMNS, fields, strict=True)}
    problems: list[str] = []

    day = parse_date(raw["date"], today, problems)
    pains = {}
    for name in ("leg_pain_before", "leg_pain_after", "back_pain"):
        pains[name] = _whole(raw[name], 0, 10)
        if pains[name] is None:
            problems.append(f"{name} must be a whole number from 0 to 10, {not_quoted(raw[name])}.")
    morning = None
    if raw["leg_pain_next_morning"]:
        morning = _whole(raw["leg_pain_next_morning"], 0, 10)
        if morning is None:
            problems.append(
                "leg_pain_next_morning must be empty or a whole number from 0 to 10, "
                f"not {quoted(raw['leg_pain_next_morning'])}."
            )
    reach = raw["symptoms_reach"]
    if reach not in SymptomsReach.values:
        problems.append(
            f"symptoms_reach must be one of {', '.join(SymptomsReach.values)}, {not_quoted(reach)}."
        )
    session = Session(
        date=day,
        leg_pain_before=pains["leg_pain_before"],
        leg_pain_after=pains["leg_pain_after"],
        leg_pain_next_morning=morning,
        back_pain=pains["back_pain"],
        symptoms_reach=reach,
        red_flags=_red_flags(raw["red_flags"], problems),
        # Notes are kept exactly as written, spaces and all.
        notes=fields[COLUMNS.index("notes")],
    )
    if len(session.notes) > MAX_NOTES:
        problems.append(
            f"notes are {len(session.notes):,} characters long; the limit is {MAX_NOTES:,}."
        )
    entries = _entries(raw["exercises"], session, exercises, problems)
    if problems:
        return None, problems
    return _Parsed(session, entries), []


def parse_date(value: str, today: date, problems: list[str]) -> date | None:
    # date.fromisoformat alone would also take forms like 20260105 that the format does not.
    if not DATE.fullmatch(value):
        problems.append(f"date must be written YYYY-MM-DD, {not_quoted(value)}.")
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        problems.append(f"date {quoted(value)} is not a day on the calendar.")
        return None
    if day > today:
        problems.append(f"date {value} is in the future.")
        return None
    if day < EARLIEST_DATE:
        problems.append(f"date {value} is before {EARLIEST_DATE.year}: check the year.")
        return None
    return day


def _entries(
    value: str, session: Session, exercises: dict[str, Exercise], problems: list[str]
) -> list[SessionExercise]:
    entries = []
    seen = set()
    for order, item in enumerate(_split(value)):
        match = ITEM.fullmatch(item)
        if not match:
            if item:
                problems.append(f"exercise {quoted(item)} is not in the form {ITEM_FORM}.")
            else:
                problems.append("exercises has an empty item; separate exercises with one ';'.")
            continue
        slug = match["slug"]
        if slug in seen:
            problems.append(f"exercise {slug} is listed twice; list each exercise once a session.")
            continue
        seen.add(slug)
        if slug not in exercises:
            problems.append(
                f"there is no exercise with the slug {quoted(slug)}. {_nearest(slug, exercises)}"
            )
            continue
        exercise = exercises[slug]
        entry = SessionExercise(session=session, exercise=exercise, order=order)
        timed = match["minutes"] is not None or match["km"] is not None
        if timed and not is_timed(exercise):
            problems.append(
                f"in exercise {quoted(item)}, {slug} is counted in sets, not in minutes or km: "
                f"write it as {slug}:SETSxREPS (for example {slug}:2x10)."
            )
            continue
        if timed and (match["dose"] is not None or match["kg"] is not None):
            problems.append(
                f"in exercise {quoted(item)}, give minutes and a distance, or sets and a load, "
                f"not both (for example {slug}:25min:2.1km)."
            )
            continue
        if match["minutes"] is not None:
            entry.minutes = _whole(match["minutes"], 1, MAX_MINUTES)
            if entry.minutes is None:
                problems.append(
                    f"in exercise {quoted(item)}, the minutes must be a whole number from 1 to "
                    f"{MAX_MINUTES:,} (a day)."
                )
        if match["km"] is not None:
            entry.distance_km = Decimal(match["km"])
            if not _in_cents(entry.distance_km, MAX_DISTANCE_KM):
                problems.append(
                    f"in exercise {quoted(item)}, the distance must be more than 0 and at most "
                    f"{MAX_DISTANCE_KM} km, with at most 2 decimal places."
                )
        if match["dose"] is not None:
            _dose(entry, match, item, problems)
        if match["kg"] is not None:
            entry.load_kg = Decimal(match["kg"])
            if not _in_cents(entry.load_kg, MAX_LOAD):
                problems.append(
                    f"in exercise {quoted(item)}, the load must be more than 0 and at most "
                    f"{MAX_LOAD} kg, with at most 2 decimal places."
                )
        entries.append(entry)
    return entries


def _dose(entry: SessionExercise, match: re.Match, item: str, problems: list[str]) -> None:
    """The sets and repetitions or seconds of an item (3x10, 3x30s, 3x, x10 or x30s)."""
    what = "seconds" if match["seconds"] else "repetitions"
    if match["sets"] is None and match["count"] is None:
        problems.append(
            f"in exercise {quoted(item)}, write the sets before the x, the {what} after it, or "
            f"both (for example {match['slug']}:2x10, or {match['slug']}:2x for sets alone)."
        )
        return
    if match["seconds"] and match["count"] is None:
        problems.append(
            f"in exercise {quoted(item)}, write the seconds of the hold before the s "
            f"(for example {match['slug']}:2x30s)."
        )
        return
    sets = count = None
    if match["sets"] is not None:
        sets = _whole(match["sets"], 1, MAX_COUNT)
    if match["count"] is not None:
        count = _whole(match["count"], 1, MAX_COUNT)
    if (match["sets"] is not None and sets is None) or (
        match["count"] is not None and count is None
    ):
        given = [name for name, group in (("sets", "sets"), (what, "count")) if match[group]]
        problems.append(
            f"in exercise {quoted(item)}, {' and '.join(given)} must "
            f"{'each ' if len(given) > 1 else ''}be a whole number from 1 to {MAX_COUNT}."
        )
        return
    entry.sets = sets
    if match["seconds"]:
        entry.hold_seconds = count
    else:
        entry.reps = count


def _in_cents(value: Decimal, high: Decimal) -> bool:
    """Whether value is more than 0, at most high, and in whole hundredths."""
    return 0 < value <= high and value == value.quantize(CENT)


def _nearest(slug: str, exercises: dict[str, Exercise]) -> str:
    """A suggestion for a slug that is not an exercise's: the nearest slugs, or where to look."""
    typed = slug.lower()
    near = difflib.get_close_matches(typed, exercises, n=2, cutoff=0.6)
    # A second guess only when it is nearly as close as the first.
    best = difflib.SequenceMatcher(None, typed, near[0]).ratio() if near else 0
    near = [s for s in near if difflib.SequenceMatcher(None, typed, s).ratio() >= best - 0.05]
    if near:
        return f"Did you mean {' or '.join(near)}?"
    return "Each exercise's slug is the end of its page address in the exercise library."


def _red_flags(value: str, problems: list[str]) -> list[str]:
    codes: list[str] = []
    for code in _split(value):
        if not code:
            problems.append("red_flags has an empty item; separate codes with one ';'.")
        elif code not in RedFlag.values:
            problems.append(
                f"{quoted(code)} is not a red flag code; use {', '.join(RedFlag.values)}."
            )
        elif code in codes:
            problems.append(f"red flag {code} is listed twice.")
        else:
            codes.append(code)
    return codes


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(";")] if value else []


def _whole(value: str, low: int, high: int) -> int | None:
    """The whole number written in value if it lies from low to high, otherwise None."""
    # Leading zeros are allowed; very long numbers are out of range without converting them.
    digits = value.lstrip("0") or "0"
    if not value.isascii() or not value.isdigit() or len(digits) > len(str(high)):
        return None
    number = int(digits)
    return number if low <= number <= high else None


def not_quoted(value: str) -> str:
    return f"not {quoted(value)}" if value else "but it is empty"


def quoted(value: str) -> str:
    """A value as shown in a message: in quotes, and cut short if long."""
    return f"'{value if len(value) <= 40 else value[:37] + '...'}'"
