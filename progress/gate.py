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
`fold` runs the sessions into a State (stored when the log changes); `statuses` reads that State
on a given day; `evaluate` does both at once.
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
    first_day: date | None = None  # of the first session


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


@dataclass
class Practice:
    """Sessions that included a stage's practice exercise: how many, first and last day."""

    count: int = 0
    first: date | None = None
    last: date | None = None

    def add(self, day: date) -> None:
        self.count += 1
        self.first = self.first or day
        self.last = day

    @property
    def days(self) -> int:
        return span_days(self.first, self.last) if self.first else 0


@dataclass
class State:
    """Everything the gate knows after the last session. Computed when the log changes and
    stored, so that showing a page needs no pass over the history: see `statuses`."""

    status: dict[str, str]
    practice: dict[str, Practice]
    streak_first: date | None = None
    streak_length: int = 0
    last_day: date | None = None
    first_day: date | None = None
    flares: dict[int, str] = field(default_factory=dict)
    flare_days: dict[int, date] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)


def fold(sessions: Iterable[SessionFacts], rules: Rules) -> State:
    """Run the rule over the sessions, oldest first."""
    state = State(status=dict.fromkeys(GATED, LOCKED), practice={s: Practice() for s in GATED})
    streak: list[SessionFacts] = []
    previous = None
    for session in ordered(sessions):
        state.first_day = state.first_day or session.date
        if previous is not None and (session.date - previous.date).days > rules.max_gap_days:
            streak = []
        reason = flare_reason(session, previous, streak, rules)
        previous = session
        _count_practice(state, session)
        if reason:
            state.flares[session.id] = reason
            state.flare_days[session.id] = session.date
            streak = []
            # A flare while already paused is recorded too: the countdown starts again from it.
            for slug in GATED:
                if state.status[slug] in (UNLOCKED, PAUSED):
                    state.status[slug] = PAUSED
                    state.changes.append(Change(slug, PAUSED, session.id, session.date, reason))
            continue
        streak.append(session)
        days = span_days(streak[0].date, session.date)
        for slug in GATED:
            if state.status[slug] == UNLOCKED:
                continue
            days_needed, sessions_needed = _thresholds(state.status[slug], rules)
            if days < days_needed or len(streak) < sessions_needed:
                continue
            if _practice_missing(slug, state, rules):
                continue
            state.status[slug] = UNLOCKED
            held = f"{len(streak)} sessions over {days} days without more leg pain"
            state.changes.append(Change(slug, UNLOCKED, session.id, session.date, held))
    state.streak_first = streak[0].date if streak else None
    state.streak_length = len(streak)
    state.last_day = previous.date if previous else None
    return state


def _count_practice(state: State, session: SessionFacts) -> None:
    # Practice for a stage that follows another counts only after that one first unlocked.
    for slug, needs in GATED.items():
        after = needs["after"]
        if after is not None and not any(
            c.stage == after and c.status == UNLOCKED for c in state.changes
        ):
            continue
        if needs["practice"] in session.exercises:
            state.practice[slug].add(session.date)


def statuses(state: State, today: date, rules: Rules, names=None) -> dict[str, StageStatus]:
    """Each gated stage's status on `today`, from the stored state."""
    streak_first, streak_length = state.streak_first, state.streak_length
    # After a long enough gap, the next session starts a new streak.
    if state.last_day and (today - state.last_day).days > rules.max_gap_days:
        streak_first, streak_length = None, 0
    days_held = span_days(streak_first, today) if streak_first else 0
    stages = {}
    for slug in GATED:
        last = next((c for c in reversed(state.changes) if c.stage == slug), None)
        name = (names or {}).get(slug, slug.title())
        stages[slug] = _status(slug, name, state, last, days_held, streak_length, today, rules)
    return stages


def evaluate(
    sessions: Iterable[SessionFacts],
    today: date,
    rules: Rules,
    names: dict[str, str] | None = None,
) -> Evaluation:
    """The whole rule at once: the sessions up to `today`, and the statuses on that day."""
    state = fold([s for s in sessions if s.date <= today], rules)
    return evaluation(state, today, rules, names)


def evaluation(state: State, today: date, rules: Rules, names=None) -> Evaluation:
    return Evaluation(
        stages=statuses(state, today, rules, names),
        flares=state.flares,
        changes=state.changes,
        flare_days=state.flare_days,
        first_day=state.first_day,
    )


def _thresholds(current: str, rules: Rules) -> tuple[int, int]:
    if current == PAUSED:
        return rules.regain_days, rules.regain_sessions
    return rules.min_days, rules.min_sessions


def _practice_missing(slug: str, state: State, rules: Rules) -> str | None:
    """What practice the stage still needs, in words; None when it has enough."""
    needs = GATED[slug]
    after = needs["after"]
    if after is not None and state.status[after] != UNLOCKED:
        return f"The {after} stage must be unlocked first."
    done = state.practice[slug]
    if done.count >= rules.practice_sessions and done.days >= rules.practice_days:
        return None
    since_words = f" since the {after} stage unlocked" if after else ""
    return (
        f"It also needs {PRACTICE_NAMES[needs['practice']]} in {rules.practice_sessions} "
        f"sessions over {rules.practice_days} days{since_words}: "
        f"{done.count} so far, over {_plural(done.days, 'day')}."
    )


def _day(d: date, today: date) -> str:
    return f"{d.day} {d:%b}" if d.year == today.year else f"{d.day} {d:%b %Y}"


def _status(slug, name, state, last, days_held, sessions_held, today, rules) -> StageStatus:
    current = state.status[slug]
    days_needed, sessions_needed = _thresholds(current, rules)
    if current == UNLOCKED:
        reason = f"Unlocked on {_day(last.date, today)}: {last.reason}."
        return StageStatus(slug, UNLOCKED, days_held, 0, sessions_held, 0, reason, last)

    held = (
        f"{min(days_held, days_needed)} of {days_needed} days and "
        f"{min(sessions_held, sessions_needed)} of {sessions_needed} sessions without more leg pain"
    )
    missing = _practice_missing(slug, state, rules)
    after = GATED[slug]["after"]
    if after is not None and state.status[after] != UNLOCKED:
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
