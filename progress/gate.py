"""The symptom gate: which later stages a person may do, and why.

The rule, in plain words:
- Leg pain is the signal; back pain never counts against you.
- A session is a *flare* if leg pain rose during it, was higher the next morning than before it,
  started more than 1 point above its recent low (the lowest "before" score in the current streak
  and the session just before), or if symptoms reached further down the leg than last time.
- The *streak* is the run of sessions since the latest flare. More than 7 days without a session
  also ends it.
- The *run* is the part of the streak that counts towards a stage: it starts again after any
  session where leg pain (before, after or next morning) was above 5, the pain-monitoring
  model's "too much", so that high but steady pain never earns a stage. Such a session also
  pauses a stage that is open, as a flare does.
- A gated stage is *earned* at the first session where the run spans enough days and has sessions
  on enough different days, and the stage's practice condition holds (core stabilization before
  the plank; the plank, since it unlocked, before the advanced stage). Days are counted, not
  sessions: six sessions crammed into three days are three days.
- A flare *pauses* an earned stage. It is earned again by a shorter run (the regain numbers),
  with the practice conditions as before.

Pure: sessions and a date in, statuses and reasons out. No database, request or clock here.
`fold` runs the sessions into a State (stored when the log changes); `statuses` reads that State
on a given day; `evaluate` does both at once.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, time

OPEN, LOCKED, UNLOCKED, PAUSED = "open", "locked", "unlocked", "paused"

REACH_WORDS = ["no leg symptoms", "the buttock", "the thigh", "below the knee", "the foot"]


@dataclass(frozen=True)
class Rules:
    """The numbers of the rule; settings.GATE_RULES holds them."""

    # "sessions" numbers count different days with a session, never two sessions of one day.
    min_days: int
    min_sessions: int
    regain_days: int
    regain_sessions: int
    practice_sessions: int
    practice_days: int
    max_gap_days: int
    # A rise of more than this many points above the recent low is a real change.
    allowed_creep: int
    # Leg pain above this, at any point of a session, is too much to earn a stage on.
    max_leg_pain: int


@dataclass(frozen=True)
class SessionFacts:
    id: int
    date: date
    leg_pain_before: int
    leg_pain_after: int
    leg_pain_next_morning: int | None
    reach: int  # 0 = no leg symptoms ... 4 = the foot
    exercises: frozenset[str] = frozenset()
    time: time | None = None  # of day, when known: orders two sessions of one day

    @property
    def position(self) -> tuple:
        return position(self.date, self.time, self.id)

    @property
    def peak_leg_pain(self) -> int:
        return max(self.leg_pain_before, self.leg_pain_after, self.leg_pain_next_morning or 0)


@dataclass(frozen=True)
class Change:
    stage: str
    status: str  # UNLOCKED or PAUSED
    session_id: int
    date: date
    reason: str
    time: time | None = None  # the session's time of day, when known


def position(day: date, at: time | None, session_id: int) -> tuple:
    """Where a session falls in a person's record: by day, then time of day (sessions without
    one first, as the log lists them), then the order they were saved."""
    return (day, at is not None, at or time.min, session_id)


@dataclass(frozen=True)
class StageStatus:
    slug: str
    status: str
    days_held: int
    days_needed: int
    sessions_held: int  # different days with a session, as the rule counts them
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
    too_much: tuple[date, int] | None = None  # the latest session of the streak above the limit


# Each gated stage, in order: the exercise practised before it, and the stage that must be
# unlocked first (whose unlock date starts the practice count).
GATED = {
    "plank": {"practice": "core-stabilization", "after": None},
    "advanced": {"practice": "plank", "after": "plank"},
}
PRACTICE_NAMES = {"core-stabilization": "core stabilization", "plank": "the plank"}


def ordered(sessions: Iterable[SessionFacts]) -> list[SessionFacts]:
    return sorted(sessions, key=lambda s: s.position)


def span_days(first: date, last: date) -> int:
    """Calendar days from first to last, both included."""
    return (last - first).days + 1


def flare_reason(
    session: SessionFacts,
    previous: SessionFacts | None,
    streak_low: int | None,
    rules: Rules,
) -> str | None:
    """Why the session is a flare, or None. `streak_low` is the lowest "before" score of the
    streak so far (None when the streak is empty)."""
    before = session.leg_pain_before
    if session.leg_pain_after > before:
        return f"leg pain rose from {before} to {session.leg_pain_after} during the session"
    morning = session.leg_pain_next_morning
    if morning is not None and morning > before:
        return f"leg pain was {morning} the next morning, up from {before} before the session"
    if previous is not None:
        low = min(previous.leg_pain_before, streak_low if streak_low is not None else 10)
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
    """Days with a session that included a stage's practice exercise: how many different days,
    the first and the last."""

    count: int = 0
    first: date | None = None
    last: date | None = None

    def add(self, day: date) -> None:
        if day != self.last:
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
    run_first: date | None = None
    run_days: int = 0  # different days with a session in the run
    # The latest session of the streak with leg pain above the limit, as (day, score): the run
    # started again after it.
    too_much: tuple[date, int] | None = None
    last_day: date | None = None
    first_day: date | None = None
    flares: dict[int, str] = field(default_factory=dict)
    flare_days: dict[int, date] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)
    # Where the fold stopped, so that it can go on from here with a newer session: the last
    # session, the lowest "before" score of the streak (None: no streak), the run's last day.
    previous: SessionFacts | None = None
    streak_low: int | None = None
    run_last: date | None = None

    def copy(self) -> State:
        """A copy that a fold may change: the containers copied, their (immutable) items
        shared. Far cheaper than a deep copy of years of flares."""
        return replace(
            self,
            status=dict(self.status),
            practice={slug: replace(p) for slug, p in self.practice.items()},
            flares=dict(self.flares),
            flare_days=dict(self.flare_days),
            changes=list(self.changes),
        )


def new_state() -> State:
    return State(status=dict.fromkeys(GATED, LOCKED), practice={s: Practice() for s in GATED})


def fold(sessions: Iterable[SessionFacts], rules: Rules, state: State | None = None) -> State:
    """Run the rule over the sessions, oldest first. Given the `state` of an earlier fold, go on
    from it: the sessions must all come after the ones it has seen. The state given is not
    changed."""
    state = state.copy() if state is not None else new_state()
    for session in ordered(sessions):
        _step(state, session, rules)
    return state


def _step(state: State, session: SessionFacts, rules: Rules) -> None:
    previous = state.previous
    state.first_day = state.first_day or session.date
    if previous is not None and (session.date - previous.date).days > rules.max_gap_days:
        _restart_streak(state)
    reason = flare_reason(session, previous, state.streak_low, rules)
    state.previous, state.last_day = session, session.date
    _count_practice(state, session)
    if reason:
        state.flares[session.id] = reason
        state.flare_days[session.id] = session.date
        _restart_streak(state)
        _pause(state, session, reason)
        return
    low = state.streak_low
    state.streak_low = session.leg_pain_before if low is None else min(low, session.leg_pain_before)
    if session.peak_leg_pain > rules.max_leg_pain:
        _restart_run(state)
        state.too_much = (session.date, session.peak_leg_pain)
        too_much = (
            f"leg pain was {session.peak_leg_pain}, above {rules.max_leg_pain}: too much to "
            "keep going with the harder exercises"
        )
        _pause(state, session, too_much, only_unlocked=True)
        return
    if state.run_last != session.date:
        state.run_first = state.run_first or session.date
        state.run_days += 1
        state.run_last = session.date
    days = span_days(state.run_first, session.date)
    for slug in GATED:
        if state.status[slug] == UNLOCKED:
            continue
        days_needed, sessions_needed = _thresholds(state.status[slug], rules)
        if days < days_needed or state.run_days < sessions_needed:
            continue
        if _practice_missing(slug, state, rules):
            continue
        state.status[slug] = UNLOCKED
        held = (
            f"{days} days without more leg pain, with sessions on {state.run_days} different days"
        )
        state.changes.append(Change(slug, UNLOCKED, session.id, session.date, held, session.time))


def _restart_run(state: State) -> None:
    state.run_first, state.run_days, state.run_last = None, 0, None


def _restart_streak(state: State) -> None:
    _restart_run(state)
    state.streak_low, state.too_much = None, None


def _pause(state: State, session: SessionFacts, reason: str, only_unlocked=False) -> None:
    # A flare while already paused is recorded too: the countdown starts again from it.
    for slug in GATED:
        if state.status[slug] == UNLOCKED or (state.status[slug] == PAUSED and not only_unlocked):
            state.status[slug] = PAUSED
            state.changes.append(
                Change(slug, PAUSED, session.id, session.date, reason, session.time)
            )


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
    run_first, run_days, too_much = state.run_first, state.run_days, state.too_much
    # After a long enough gap, the next session starts a new streak.
    if state.last_day and (today - state.last_day).days > rules.max_gap_days:
        run_first, run_days, too_much = None, 0, None
    days_held = span_days(run_first, today) if run_first else 0
    stages = {}
    for slug in GATED:
        last = next((c for c in reversed(state.changes) if c.stage == slug), None)
        name = (names or {}).get(slug, slug.title())
        held = (days_held, run_days, too_much)
        stages[slug] = _status(slug, name, state, last, held, today, rules, names)
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
        too_much=state.too_much,
    )


def open_before(
    changes: Sequence[Change], stage: str, day: date, session_id: int, at: time | None = None
) -> bool:
    """Whether a gated stage was unlocked when a session was done: by the changes of the
    sessions before it (the session's own change takes effect after it)."""
    status = LOCKED
    this = position(day, at, session_id)
    for change in changes:
        if change.stage == stage and position(change.date, change.time, change.session_id) < this:
            status = change.status
    return status == UNLOCKED


class Openings:
    """`open_before` for many sessions at once: each stage's changes in order, searched by
    bisection, so a month of sessions costs the same whatever the length of the record."""

    def __init__(self, changes: Sequence[Change]) -> None:
        self._by_stage: dict[str, tuple[list[tuple], list[str]]] = {}
        for change in sorted(changes, key=lambda c: position(c.date, c.time, c.session_id)):
            positions, statuses = self._by_stage.setdefault(change.stage, ([], []))
            positions.append(position(change.date, change.time, change.session_id))
            statuses.append(change.status)

    def open_before(self, stage: str, day: date, session_id: int, at: time | None = None) -> bool:
        positions, statuses = self._by_stage.get(stage, ((), ()))
        before = bisect_left(positions, position(day, at, session_id))
        return before > 0 and statuses[before - 1] == UNLOCKED


def _thresholds(current: str, rules: Rules) -> tuple[int, int]:
    if current == PAUSED:
        return rules.regain_days, rules.regain_sessions
    return rules.min_days, rules.min_sessions


def _name(slug: str, names: dict[str, str] | None) -> str:
    return (names or {}).get(slug, slug.title())


def _practice_missing(slug: str, state: State, rules: Rules, names=None) -> str | None:
    """What practice the stage still needs, in words; None when it has enough."""
    needs = GATED[slug]
    after = needs["after"]
    if after is not None and state.status[after] != UNLOCKED:
        return f"the {_name(after, names)} stage open first"
    done = state.practice[slug]
    if done.count >= rules.practice_sessions and done.days >= rules.practice_days:
        return None
    return _practice_words(slug, state, rules, names)


def _practice_words(slug: str, state: State, rules: Rules, names, since=True) -> str:
    after = GATED[slug]["after"]
    since = f" since the {_name(after, names)} stage opened" if after and since else ""
    done = state.practice[slug]
    so_far = (
        f"{_plural(done.count, 'day')} so far, spread over {_plural(done.days, 'day')}"
        if done.count
        else "none yet"
    )
    return (
        f"{PRACTICE_NAMES[GATED[slug]['practice']]} on {rules.practice_sessions} different days "
        f"over {rules.practice_days} days{since} ({so_far})"
    )


def _day(d: date, today: date) -> str:
    return f"{d.day} {d:%b}" if d.year == today.year else f"{d.day} {d:%b %Y}"


NOT_A_CLEARANCE = "This follows your own log; it is not a clinician's clearance."
# Every countdown ends with the condition it rests on, in the same words on every page.
IF_CALM = "if leg pain stays the same or better"


def _status(slug, name, state, last, held, today, rules, names=None) -> StageStatus:
    """The stage's status and its reason. A stage not open reads, in this order: why it paused,
    when it opens, how much is done, why the count started again, and what else it needs:
    "Plank opens in 5 days if leg pain stays the same or better. Plank: 9 of 14 days done, with
    sessions on 4 of 6 different days." """
    days_held, sessions_held, too_much = held
    current = state.status[slug]
    days_needed, sessions_needed = _thresholds(current, rules)
    if current == UNLOCKED:
        reason = f"Unlocked on {_day(last.date, today)}: {last.reason}. {NOT_A_CLEARANCE}"
        return StageStatus(slug, UNLOCKED, days_held, 0, sessions_held, 0, reason, last)

    parts = []
    if current == PAUSED:
        parts.append(f"Paused on {_day(last.date, today)}: {last.reason}.")
    verb = "opens again" if current == PAUSED else "opens"
    after = GATED[slug]["after"]
    if after is not None and state.status[after] != UNLOCKED:
        # The stage before it comes first; its own count means little until then.
        after_name = _name(after, names)
        practice = state.practice[slug]
        if practice.count >= rules.practice_sessions and practice.days >= rules.practice_days:
            parts.append(f"{name} {verb} with the {after_name} stage, {IF_CALM}.")
        else:
            parts.append(
                f"{name} {verb} once the {after_name} stage is open and you have then done "
                f"{_practice_words(slug, state, rules, names, since=False)}, {IF_CALM}."
            )
    else:
        missing = _practice_missing(slug, state, rules, names)
        when = _when(
            days_held, days_needed, sessions_held, sessions_needed, state, slug, today, rules
        )
        parts.append(f"{name} {verb} {when} {IF_CALM}.")
        parts.append(
            f"{name}: {min(days_held, days_needed)} of {days_needed} days done, with sessions on "
            f"{min(sessions_held, sessions_needed)} of {sessions_needed} different days."
        )
        if too_much is not None:
            day, score = too_much
            parts.append(
                f"The count started again after {_day(day, today)}, when leg pain reached "
                f"{score}: above {rules.max_leg_pain} is too much to move on."
            )
        if missing:
            parts.append(f"It also needs {missing}.")
    reason = " ".join(parts)
    return StageStatus(
        slug, current, days_held, days_needed, sessions_held, sessions_needed, reason, last
    )


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _when(days_held, days_needed, sessions_held, sessions_needed, state, slug, today, rules) -> str:
    """When the stage can open at the earliest: the longest wait of the run and the practice,
    in days, or in days with a session when those are what is short."""
    # With no run yet, the next session is its first day.
    run_days_left = max(0, days_needed - max(days_held, 1))
    sessions_left = max(0, sessions_needed - sessions_held)
    practice = state.practice[slug]
    practice_name = PRACTICE_NAMES[GATED[slug]["practice"]]
    practice_days_left = practice_left = 0
    if practice.count < rules.practice_sessions or practice.days < rules.practice_days:
        practice_left = max(0, rules.practice_sessions - practice.count)
        spread = span_days(practice.first, today) if practice.first else 1
        practice_days_left = max(0, rules.practice_days - spread)
    days_left = max(run_days_left, practice_days_left)
    if max(sessions_left, practice_left) > days_left:
        if practice_left >= sessions_left:
            return f"after {_plural(practice_left, 'more day')} with {practice_name}"
        return f"after {_plural(sessions_left, 'more day')} with a session"
    if days_held == 0 and days_left == run_days_left and days_left:
        return f"{_plural(days_left, 'day')} after your next session"
    if days_left:
        return f"in {_plural(days_left, 'day')}"
    return "at your next session"
