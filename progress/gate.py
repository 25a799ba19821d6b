"""The symptom gate: which later stages a person may do, and why.

The rule, in plain words:
- Leg pain is the signal; back pain never counts against you.
- A session is a *flare* if leg pain rose during it, was higher the next morning than before it,
  started more than 1 point above its recent low (the lowest "before" score in the current streak
  and the session just before), or if symptoms reached further down the leg than last time.
- The *streak* is the run of sessions since the latest flare. More than 7 days without a session
  also ends it.
- A gated stage is *earned* at the first session where the streak spans enough days and holds
  enough sessions, and the stage's practice condition holds (core stabilization before the plank;
  the plank, since it unlocked, before the advanced stage).
- A flare *pauses* an earned stage. It is earned again by a shorter streak (the regain numbers),
  with the practice conditions as before.

Pure: sessions and a date in, statuses and reasons out. No database, request or clock here.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

OPEN, LOCKED, UNLOCKED, PAUSED = "open", "locked", "unlocked", "paused"

REACH_WORDS = ["no leg symptoms", "the buttock", "the thigh", "below the knee", "the foot"]


@dataclass(frozen=True)
class Rules:
    """The numbers of the rule; settings.GATE_RULES holds them."""

    min_days: int
    min_sessions: int
    regain_days: int
    regain_sessions: int
    practice_sessions: int
    practice_days: int
    max_gap_days: int
    # A rise of more than this many points above the recent low is a real change.
    allowed_creep: int


@dataclass(frozen=True)
class SessionFacts:
    id: int
    date: date
    leg_pain_before: int
    leg_pain_after: int
    leg_pain_next_morning: int | None
    reach: int  # 0 = no leg symptoms ... 4 = the foot
    exercises: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Change:
    stage: str
    status: str  # UNLOCKED or PAUSED
    session_id: int
    date: date
    reason: str


@dataclass(frozen=True)
class StageStatus:
    slug: str
    status: str
    days_held: int
    days_needed: int
    sessions_held: int
    sessions_needed: int
    reason: str
    last_change: Change | None = None


@dataclass
class Evaluation:
    stages: dict[str, StageStatus]
    flares: dict[int, str]  # session id -> why it was a flare
    changes: list[Change] = field(default_factory=list)
    flare_days: dict[int, date] = field(default_factory=dict)  # session id -> its day


# Each gated stage, in order: the exercise practised before it, and the stage that must be
# unlocked first (whose unlock date starts the practice count).
GATED = {
    "plank": {"practice": "core-stabilization", "after": None},
    "advanced": {"practice": "plank", "after": "plank"},
}
PRACTICE_NAMES = {"core-stabilization": "core stabilization", "plank": "the plank"}


def ordered(sessions: Iterable[SessionFacts]) -> list[SessionFacts]:
    return sorted(sessions, key=lambda s: (s.date, s.id))


def span_days(first: date, last: date) -> int:
    """Calendar days from first to last, both included."""
    return (last - first).days + 1


def flare_reason(
    session: SessionFacts,
    previous: SessionFacts | None,
    streak: Sequence[SessionFacts],
    rules: Rules,
) -> str | None:
    before = session.leg_pain_before
    if session.leg_pain_after > before:
        return f"leg pain rose from {before} to {session.leg_pain_after} during the session"
    morning = session.leg_pain_next_morning
    if morning is not None and morning > before:
        return f"leg pain was {morning} the next morning, up from {before} before the session"
    if previous is not None:
        low = min(s.leg_pain_before for s in [*streak, previous])
        if before > low + rules.allowed_creep:
            return f"leg pain before the session was {before}, up from a recent low of {low}"
        if session.reach > previous.reach:
            return (
                f"symptoms reached {REACH_WORDS[session.reach]}, further down the leg than "
                f"last time ({REACH_WORDS[previous.reach]})"
            )
    return None


def practice(sessions: Sequence[SessionFacts], slug: str) -> tuple[int, int]:
    """How many sessions included the exercise, and the days they span."""
    dates = [s.date for s in sessions if slug in s.exercises]
    return len(dates), (span_days(dates[0], dates[-1]) if dates else 0)


def evaluate(
    sessions: Iterable[SessionFacts],
    today: date,
    rules: Rules,
    names: dict[str, str] | None = None,
) -> Evaluation:
    history = [s for s in ordered(sessions) if s.date <= today]
    flares: dict[int, str] = {}
    flare_days: dict[int, date] = {}
    changes: list[Change] = []
    status = dict.fromkeys(GATED, LOCKED)
    unlocked_at: dict[str, int] = {}  # index of the session that first unlocked a stage
    streak: list[SessionFacts] = []
    previous = None

    for index, session in enumerate(history):
        if previous is not None and (session.date - previous.date).days > rules.max_gap_days:
            streak = []
        reason = flare_reason(session, previous, streak, rules)
        previous = session
        if reason:
            flares[session.id] = reason
            flare_days[session.id] = session.date
            streak = []
            # A flare while already paused is recorded too: the countdown starts again from it.
            for slug in GATED:
                if status[slug] in (UNLOCKED, PAUSED):
                    status[slug] = PAUSED
                    changes.append(Change(slug, PAUSED, session.id, session.date, reason))
            continue
        streak.append(session)
        days = span_days(streak[0].date, session.date)
        for slug in GATED:
            if status[slug] == UNLOCKED:
                continue
            days_needed, sessions_needed = _thresholds(status[slug], rules)
            if days < days_needed or len(streak) < sessions_needed:
                continue
            if _practice_missing(slug, history[: index + 1], status, unlocked_at, rules):
                continue
            status[slug] = UNLOCKED
            unlocked_at.setdefault(slug, index)
            held = f"{len(streak)} sessions over {days} days without more leg pain"
            changes.append(Change(slug, UNLOCKED, session.id, session.date, held))

    # The streak as it stands today: after a long enough gap the next session starts afresh.
    if history and (today - history[-1].date).days > rules.max_gap_days:
        streak = []
    stages = {}
    for slug in GATED:
        last = next((c for c in reversed(changes) if c.stage == slug), None)
        name = (names or {}).get(slug, slug.title())
        stages[slug] = _status(slug, name, status, last, streak, history, unlocked_at, today, rules)
    return Evaluation(stages=stages, flares=flares, changes=changes, flare_days=flare_days)


def _thresholds(current: str, rules: Rules) -> tuple[int, int]:
    if current == PAUSED:
        return rules.regain_days, rules.regain_sessions
    return rules.min_days, rules.min_sessions


def _practice_missing(slug, history, status, unlocked_at, rules) -> str | None:
    """What practice the stage still needs, in words; None when it has enough."""
    needs = GATED[slug]
    after = needs["after"]
    if after is not None and status[after] != UNLOCKED:
        return f"The {after} stage must be unlocked first."
    since = unlocked_at[after] + 1 if after is not None else 0
    count, days = practice(history[since:], needs["practice"])
    if count >= rules.practice_sessions and days >= rules.practice_days:
        return None
    since_words = f" since the {after} stage unlocked" if after else ""
    return (
        f"It also needs {PRACTICE_NAMES[needs['practice']]} in {rules.practice_sessions} "
        f"sessions over {rules.practice_days} days{since_words}: "
        f"{count} so far, over {days} day{'' if days == 1 else 's'}."
    )


def _day(d: date, today: date) -> str:
    return f"{d.day} {d:%b}" if d.year == today.year else f"{d.day} {d:%b %Y}"


def _status(slug, name, status, last, streak, history, unlocked_at, today, rules) -> StageStatus:
    current = status[slug]
    days_needed, sessions_needed = _thresholds(current, rules)
    days_held = span_days(streak[0].date, today) if streak else 0
    sessions_held = len(streak)
    if current == UNLOCKED:
        reason = f"Unlocked on {_day(last.date, today)}: {last.reason}."
        return StageStatus(slug, UNLOCKED, days_held, 0, sessions_held, 0, reason, last)

    held = (
        f"{min(days_held, days_needed)} of {days_needed} days and "
        f"{min(sessions_held, sessions_needed)} of {sessions_needed} sessions without more leg pain"
    )
    missing = _practice_missing(slug, history, status, unlocked_at, rules)
    after = GATED[slug]["after"]
    if after is not None and status[after] != UNLOCKED:
        parts = [f"{held[0].upper()}{held[1:]}.", missing]
    else:
        # With no streak yet, a session today would be its first day.
        counted_days = days_held or 1
        when = _when(counted_days, days_needed, sessions_held, sessions_needed, bool(missing))
        verb = "opens again" if current == PAUSED else "unlocks"
        parts = [f"{name} {verb} {when}: {held}."]
        if missing:
            parts.append(missing)
    if current == PAUSED:
        parts.insert(0, f"Paused on {_day(last.date, today)}: {last.reason}.")
    reason = " ".join(parts)
    return StageStatus(
        slug, current, days_held, days_needed, sessions_held, sessions_needed, reason, last
    )


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _when(days_held, days_needed, sessions_held, sessions_needed, practice_missing) -> str:
    days_left = max(0, days_needed - days_held)
    sessions_left = max(0, sessions_needed - sessions_held)
    if not days_left and not sessions_left:
        if practice_missing:
            return "once the practice is done"
        return "at your next session without more leg pain"
    if days_left:
        when = f"in {_plural(days_left, 'day')}"
    else:
        when = f"after {_plural(sessions_left, 'more session')}"
    if practice_missing or (days_left and sessions_left):
        when += " at the earliest"
    return when
