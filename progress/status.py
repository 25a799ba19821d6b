"""Between the database and the gate: a person's sessions in, their stages' statuses out."""

import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import date, time, timedelta
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone

from exercises.catalogue import catalogue
from exercises.models import Stage, content_version_sql
from progress import cards, gate, routine, safety
from progress.models import REACH_RANK, GateState, Session, SessionExercise, StageChange
from progress.safety import SUSPENDED, suspension_for, touch
from progress.signs import Urgency, advice
from sciatica.accounts.models import Profile


@dataclass(frozen=True)
class StageView:
    """A stage as the pages and the JSON show it: the Stage, and its status for the person
    (status, days and sessions held and needed, reason, last_change)."""

    stage: Stage
    computed: gate.StageStatus

    def __getattr__(self, name):
        if name.startswith("_"):  # copy and pickle probe these before `computed` exists
            raise AttributeError(name)
        return getattr(self.computed, name)

    @property
    def usable(self) -> bool:
        return self.computed.status in (gate.OPEN, gate.UNLOCKED)

    @property
    def card(self):
        return cards.stage_card(self.stage.name, self.status, self.reason, self.last_change)


def fixed(stage: Stage, status: str, reason: str) -> StageView:
    """A stage whose status does not come from the gate: open, suspended, or without a rule."""
    return StageView(stage, gate.StageStatus(stage.slug, status, 0, 0, 0, 0, reason))


def rules() -> gate.Rules:
    return gate.Rules(**settings.GATE_RULES)


def facts_for(user) -> list[gate.SessionFacts]:
    """Every session of the person as the gate sees it: two queries whatever the history."""
    exercises: dict[int, set[str]] = {}
    entries = SessionExercise.objects.filter(session__user=user)
    for session_id, slug in entries.values_list("session_id", "exercise__slug"):
        exercises.setdefault(session_id, set()).add(slug)
    rows = Session.objects.filter(user=user).values_list(
        "id",
        "date",
        "leg_pain_before",
        "leg_pain_after",
        "leg_pain_next_morning",
        "symptoms_reach",
        "time",
    )
    return [
        gate.SessionFacts(
            id=pk,
            date=day,
            leg_pain_before=before,
            leg_pain_after=after,
            leg_pain_next_morning=morning,
            reach=REACH_RANK[reach],
            exercises=frozenset(exercises.get(pk, ())),
            time=at,
        )
        for pk, day, before, after, morning, reach, at in rows
    ]


def evaluate_for(user, stages: list[Stage] | None = None, today=None) -> gate.Evaluation:
    """The rule over the person's whole record, computed afresh."""
    stages = stages if stages is not None else list(Stage.objects.all())
    names = {stage.slug: stage.name for stage in stages}
    return gate.evaluate(facts_for(user), today or timezone.localdate(), rules(), names)


# Raised whenever the stored state's shape or the rule's meaning changes: a state stored by an
# older release is then computed again from the sessions instead of being read.
STATE_VERSION = 6


@cache
def _rules_and_code(rules_json: str) -> str:
    source = Path(gate.__file__).read_bytes() + Path(routine.__file__).read_bytes()
    digest = hashlib.sha256(rules_json.encode() + source).hexdigest()[:16]
    return f"{STATE_VERSION}:{digest}"


def state_version() -> str:
    """Names the shape of the stored state, the gate's numbers (GATE_RULES) and the code that
    folds the log (the gate's, and the routine's record):
    a state stored under another version is computed again before it is used."""
    return _rules_and_code(json.dumps(settings.GATE_RULES, sort_keys=True))


def _facts_to_json(facts: gate.SessionFacts | None) -> list | None:
    if facts is None:
        return None
    return [
        facts.id,
        facts.date.isoformat(),
        facts.leg_pain_before,
        facts.leg_pain_after,
        facts.leg_pain_next_morning,
        facts.reach,
        facts.time and facts.time.isoformat(),
        sorted(facts.exercises),
    ]


def _facts_from_json(data: list | None) -> gate.SessionFacts | None:
    if data is None:
        return None
    pk, day, before, after, morning, reach, at, exercises = data
    return gate.SessionFacts(
        id=pk,
        date=date.fromisoformat(day),
        leg_pain_before=before,
        leg_pain_after=after,
        leg_pain_next_morning=morning,
        reach=reach,
        time=time.fromisoformat(at) if at else None,
        exercises=frozenset(exercises),
    )


def state_to_json(state: gate.State) -> dict:
    def change(c: gate.Change) -> dict:
        return {**asdict(c), "date": c.date.isoformat(), "time": c.time and c.time.isoformat()}

    def practice(p: gate.Practice) -> list:
        return [p.count, p.first and p.first.isoformat(), p.last and p.last.isoformat()]

    too_much = state.too_much and [state.too_much[0].isoformat(), state.too_much[1]]
    return {
        "version": state_version(),
        "previous": _facts_to_json(state.previous),
        "streak_low": state.streak_low,
        "run_last": state.run_last and state.run_last.isoformat(),
        "status": state.status,
        "practice": {slug: practice(p) for slug, p in state.practice.items()},
        "run_first": state.run_first and state.run_first.isoformat(),
        "run_days": state.run_days,
        "too_much": too_much,
        "last_day": state.last_day and state.last_day.isoformat(),
        "first_day": state.first_day and state.first_day.isoformat(),
        "flares": {str(pk): reason for pk, reason in state.flares.items()},
        "flare_days": {str(pk): day.isoformat() for pk, day in state.flare_days.items()},
        "changes": [change(c) for c in state.changes],
    }


def _change_from_json(c: dict) -> gate.Change:
    at = c.get("time") and time.fromisoformat(c["time"])
    return gate.Change(**{**c, "date": date.fromisoformat(c["date"]), "time": at})


def state_from_json(data: dict) -> gate.State:
    def day(text):
        return date.fromisoformat(text) if text else None

    def clock(text):
        return time.fromisoformat(text) if text else None

    return gate.State(
        status=data["status"],
        practice={
            slug: gate.Practice(count, day(first), day(last))
            for slug, (count, first, last) in data["practice"].items()
        },
        run_first=day(data["run_first"]),
        run_days=data["run_days"],
        too_much=(day(data["too_much"][0]), data["too_much"][1]) if data["too_much"] else None,
        last_day=day(data["last_day"]),
        first_day=day(data.get("first_day")),
        flares={int(pk): reason for pk, reason in data["flares"].items()},
        flare_days={int(pk): day(text) for pk, text in data["flare_days"].items()},
        changes=[_change_from_json(c) for c in data["changes"]],
        previous=_facts_from_json(data["previous"]),
        streak_low=data["streak_low"],
        run_last=day(data["run_last"]),
    )


def versions(user) -> tuple[str | None, str]:
    """The version of everything the person's pages show (see page_version), and the
    content's own (see exercises.catalogue): one query."""
    table = connection.ops.quote_name(GateState._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT updated_at FROM {table} WHERE user_id = %s), {content_version_sql()}",
            [user.pk],
        )
        row = cursor.fetchone()
    content = ":".join(str(value) for value in row[1:])
    return (None if row[0] is None else f"{row[0]}:{content}"), content


def page_version(user) -> str | None:
    """Changes whenever anything a person's pages show changes: their log (the stored state is
    rewritten), their safety answers (they touch it), or the program's content. One query;
    None until the state is first stored."""
    return versions(user)[0]


def _stored_row(user, full: bool = False) -> tuple[str | None, dict | None, str]:
    """The person's page version (see page_version), their stored state's data, read without
    building a model (the pages' hottest query), and the content's version (see
    exercises.catalogue): one query. The data holds the recent flares only, unless `full`."""
    table = connection.ops.quote_name(GateState._meta.db_table)
    one = f"FROM {table} WHERE user_id = %s"
    past = f", (SELECT past_flares {one})" if full else ""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT updated_at {one}), (SELECT data {one}){past}, {content_version_sql()}",
            [user.pk] * (3 if full else 2),
        )
        row = cursor.fetchone()
    updated, data = row[0], _json(row[1])
    content = ":".join(str(value) for value in row[3 if full else 2 :])
    if full and data is not None:
        data = _with_past_flares(data, _json(row[2]))
    return (None if updated is None else f"{updated}:{content}"), data, content


def _json(value):
    return json.loads(value) if isinstance(value, str | bytes) else value


# The flares of this many days before the latest session are stored with the state that every
# page reads; older ones apart (GateState.past_flares), so that the state every visit reads stays
# small after years of logging.
RECENT_FLARES = 60


def _split_flares(data: dict) -> tuple[dict, dict]:
    """The state's JSON with only the recent flares and the latest one, and the others apart."""
    days = data["flare_days"]
    last_day = data["last_day"]
    since = last_day and (date.fromisoformat(last_day) - timedelta(days=RECENT_FLARES)).isoformat()
    latest = max(days, key=lambda pk: (days[pk], int(pk)), default=None)
    recent = {pk for pk, day in days.items() if day >= since or pk == latest} if since else set()
    past = {
        "flares": {pk: why for pk, why in data["flares"].items() if pk not in recent},
        "flare_days": {pk: day for pk, day in days.items() if pk not in recent},
    }
    kept = {
        **data,
        "flares": {pk: why for pk, why in data["flares"].items() if pk in recent},
        "flare_days": {pk: day for pk, day in days.items() if pk in recent},
    }
    return kept, past


def _with_past_flares(data: dict, past: dict | None) -> dict:
    if not past or "flares" not in data:  # nothing apart, or a state of an older shape
        return data
    return {
        **data,
        "flares": {**past["flares"], **data["flares"]},
        "flare_days": {**past["flare_days"], **data["flare_days"]},
    }


@dataclass(frozen=True)
class Reading:
    """Everything a person's pages read from their stored state, with the versions of their
    pages and of the content (see exercises.catalogue): one query.

    Its state holds the flares of the last RECENT_FLARES days before the latest session, and
    the latest flare: all that the dashboard, the stages and the log use. A page about an
    older session reads the whole state (stored_state)."""

    version: str
    content: str
    state: gate.State
    routine: routine.Record
    screening: object  # Screening | None: the latest answers to the safety questions
    suspension: object  # RedFlagReport | None: the warning sign that suspends the program


def read(user) -> Reading:
    """The person's stored state, computed and stored first if missing or out of date."""
    version, data, content = current_row(user)
    screening, suspension = safety.from_summary(user, data["safety"])
    return Reading(
        version=version,
        content=content,
        state=state_from_json(data),
        routine=routine.Record.from_json(data["routine"]),
        screening=screening,
        suspension=suspension,
    )


def current_row(user, full: bool = False) -> tuple[str, dict, str]:
    """The person's page version, their stored state's data and the content's version (see
    _stored_row), the state computed and stored first if missing or out of date."""
    version, data, content = _stored_row(user, full)
    if data is None or not is_current(data) or "safety" not in data:
        if data is None or not is_current(data):
            refresh_stage_changes(user)
        else:  # stored before the safety answers were kept with it
            touch(user)
        version, data, content = _stored_row(user, full)
    return version, data, content


def stored_state(user) -> gate.State:
    """The person's whole gate state as last stored, every flare included: one query.
    Computed and stored if missing or out of date."""
    return state_from_json(current_row(user, full=True)[1])


def openings(data: dict) -> gate.Openings:
    """When each gated stage opened and paused for the person (for `early` marks), read from
    the stored state without building the rest of it."""
    return gate.Openings(_change_from_json(c) for c in data["changes"])


def is_current(data: dict, today: date | None = None) -> bool:
    """Whether a stored state still holds: stored under today's rules and code, and no session
    it left out for being in the future has reached its day."""
    waiting = data.get("next_day")
    today = today or timezone.localdate()
    return data.get("version") == state_version() and not (waiting and waiting <= str(today))


def early_entries(user, sessions: list[Session]) -> int:
    """Mark each exercise of these sessions (entries and their stages prefetched) that was done
    before its stage opened for the person: `entry.early`. Returns how many there are.

    The log form refuses a stage that is not open; an imported log is kept as it is, as the
    person's history, and such exercises are shown for what they are."""
    changes = stored_state(user).changes
    count = 0
    for session in sessions:
        for entry in session.entries.all():
            stage = entry.exercise.stage
            entry.early = stage.gated and not gate.open_before(
                changes, stage.slug, session.date, session.pk, session.time
            )
            count += entry.early
    return count


_UNKNOWN = object()


def stage_views(
    user, today=None, report=_UNKNOWN, reading: Reading | None = None
) -> tuple[list[StageView], gate.Evaluation]:
    """Every stage in order with its status; non-gated stages are always open.

    A warning sign not yet seen by a clinician suspends every stage, open ones included;
    `report` is that sign's report if the caller has already looked it up, and `reading` the
    person's stored state if read already (then its suspension is the report)."""
    if reading is not None:
        report, state, stages = reading.suspension, reading.state, catalogue(reading.content).stages
    else:
        state, stages = stored_state(user), catalogue().stages
    names = {stage.slug: stage.name for stage in stages}
    result = gate.evaluation(state, today or timezone.localdate(), rules(), names)
    if report is _UNKNOWN:
        report = suspension_for(user)
    if report is not None:
        reason = (
            f"Suspended since {report.occurred_on:%-d %b}: you reported "
            f"{'; '.join(report.labels).lower()}. {advice(Urgency.EMERGENCY)}. Once a clinician "
            "has assessed you, confirm it to carry on."
        )
        views = [fixed(stage, SUSPENDED, reason) for stage in stages]
        return views, result
    views = []
    for stage in stages:
        computed = result.stages.get(stage.slug)
        if computed is not None:
            views.append(StageView(stage, computed))
        elif stage.gated:
            # A gated stage the gate has no rule for stays shut: fail closed, never open.
            views.append(fixed(stage, gate.LOCKED, "This stage has no unlock rule yet."))
        else:
            views.append(fixed(stage, gate.OPEN, "Open from the first day."))
    return views, result


@transaction.atomic
def refresh_stage_changes(user, newest: Session | None = None) -> gate.State:
    """Run the gate over the record and store what it found: the state that pages read, and
    the unlock and pause history.

    Called after every change to the log, inside the same transaction, so what is stored
    always matches the sessions. When `newest` is a session just added after all the others
    (the common case), the stored state is carried one session further; anything else (an
    edit, a deletion, a session added in the past) folds the whole record again."""
    # One writer per person at a time, so two saves cannot each store a result without the
    # other's session.
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    today = timezone.localdate()
    stored = GateState.objects.filter(user=user).first()
    stored_data = stored and _with_past_flares(stored.data, stored.past_flares)
    max_pain = settings.GATE_RULES["max_leg_pain"]
    safety_now = stored.data.get("safety") if stored is not None else None
    if newest is not None and stored is not None and is_current(stored.data, today):
        before = state_from_json(stored_data)
        facts = facts_of(newest)
        if facts.date <= today and (
            before.previous is None or facts.position > before.previous.position
        ):
            state = gate.fold([facts], rules(), before)
            record = routine.Record.from_json(stored.data["routine"]).carry(
                [facts], state.flares, state.first_day, max_pain
            )
            new_changes = state.changes[len(before.changes) :]
            _store(user, state, record, safety_now, stored.data.get("next_day"), new_changes)
            return state
    facts = facts_for(user)
    past = [f for f in facts if f.date <= today]
    state = gate.fold(past, rules())
    record = routine.Record().carry(past, state.flares, state.first_day, max_pain)
    waiting = min((f.date for f in facts if f.date > today), default=None)
    StageChange.objects.filter(user=user).delete()
    _store(user, state, record, safety_now, waiting and waiting.isoformat(), state.changes)
    return state


def facts_of(session: Session) -> gate.SessionFacts:
    """One session as the gate sees it (one query, for its exercises)."""
    slugs = session.entries.values_list("exercise__slug", flat=True)
    return gate.SessionFacts(
        id=session.pk,
        date=session.date,
        leg_pain_before=session.leg_pain_before,
        leg_pain_after=session.leg_pain_after,
        leg_pain_next_morning=session.leg_pain_next_morning,
        reach=REACH_RANK[session.symptoms_reach],
        exercises=frozenset(slugs),
        time=session.time,
    )


def _store(
    user,
    state: gate.State,
    record: routine.Record,
    safety_now: dict | None,
    next_day: str | None,
    new_changes: list[gate.Change],
):
    # A session dated after today (the admin can save one) is left out until its day: the
    # stored state names that day, and is computed again when it comes (see is_current).
    # The safety answers are kept up to date by safety.touch; read afresh if not yet stored.
    data = {
        **state_to_json(state),
        "next_day": next_day,
        "routine": record.to_json(),
        "safety": safety_now or safety.summary(user),
    }
    data, past = _split_flares(data)
    GateState.objects.update_or_create(user=user, defaults={"data": data, "past_flares": past})
    stages = catalogue().stage_by_slug if new_changes else {}
    StageChange.objects.bulk_create(
        StageChange(
            user=user,
            stage=stages[change.stage],
            status=change.status,
            session_id=change.session_id,
            date=change.date,
            reason=change.reason,
        )
        for change in new_changes
        if change.stage in stages
    )


def stages_to_announce(user, views: list[StageView]) -> list[StageView]:
    """The gated stages open for the person that the dashboard has not yet told them about.
    No query unless a gated stage is open; a person without a profile has been told nothing."""
    opened = [view for view in views if view.stage.gated and view.status == gate.UNLOCKED]
    if not opened:
        return []
    # Plain SQL: asked on every visit to the dashboard while a stage is open.
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT announced_stages FROM {connection.ops.quote_name(Profile._meta.db_table)} "
            "WHERE user_id = %s",
            [user.pk],
        )
        row = cursor.fetchone()
    told = _json(row[0]) if row else {}
    return [view for view in opened if view.stage.slug not in (told or {})]


def mark_announced(user, views: list[StageView], today: date) -> None:
    """Remember that these stages' opening has been shown, so the notice is not shown again."""
    with transaction.atomic():
        profile, _ = Profile.objects.select_for_update().get_or_create(user=user)
        told = dict(profile.announced_stages)
        told.update((view.stage.slug, today.isoformat()) for view in views)
        profile.announced_stages = told
        profile.save(update_fields=["announced_stages"])
        # The page that showed the notice may be cached: this makes it out of date.
        touch(user)
