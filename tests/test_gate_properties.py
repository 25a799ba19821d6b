"""Properties the gate must keep for any history (hypothesis)."""

import uuid
from datetime import time, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from progress.gate import (
    PAUSED,
    UNLOCKED,
    Change,
    Openings,
    SessionFacts,
    open_before,
    position,
)
from progress.status import evaluate_for
from tests.helpers import log_session
from tests.test_gate import RULES, START, evaluate

EXERCISES = ["core-stabilization", "plank", "bridge", "walk"]


@st.composite
def histories(draw, max_size=40):
    """Sessions a few days apart; mostly calm, sometimes a flare of any kind."""
    count = draw(st.integers(min_value=0, max_value=max_size))
    sessions, day, before, reach = [], 0, draw(st.integers(0, 6)), 1
    calm = st.integers(0, 24).map(bool)  # True 24 times in 25
    for index in range(count):
        day += draw(st.sampled_from([0, 1, 2, 2, 3, 3, 4, 9]))
        if not draw(calm):
            before = min(10, before + draw(st.sampled_from([1, 2, 3])))
        elif draw(calm):
            before = max(0, before - draw(st.integers(0, 1)))
        after = max(0, before - draw(st.integers(0, 2))) if draw(calm) else 10
        morning = None if draw(calm) else draw(st.integers(0, 10))
        reach = reach if draw(calm) else draw(st.integers(0, 4))
        practice = ["core-stabilization", "plank"] if draw(calm) else []
        others = draw(st.lists(st.sampled_from(EXERCISES), unique=True))
        sessions.append(
            SessionFacts(
                id=index,
                date=START + timedelta(days=day),
                leg_pain_before=before,
                leg_pain_after=after,
                leg_pain_next_morning=morning,
                reach=reach,
                exercises=frozenset([*practice, *others]),
            )
        )
    return sessions


def unlocked(sessions, today):
    return {slug for slug, s in evaluate(sessions, today).stages.items() if s.status == UNLOCKED}


@settings(max_examples=150, deadline=None)
@given(histories(), st.integers(0, 3), st.integers(0, 10))
def test_adding_a_flare_never_unlocks_a_stage(sessions, days_later, before):
    last = sessions[-1].date if sessions else START
    flare = SessionFacts(
        id=10_000,
        date=last + timedelta(days=days_later),
        leg_pain_before=before,
        leg_pain_after=before + 1,
        leg_pain_next_morning=None,
        reach=1,
        exercises=frozenset(EXERCISES),
    )
    result = evaluate([*sessions, flare], flare.date)
    assert flare.id in result.flares
    assert unlocked([*sessions, flare], flare.date) <= unlocked(sessions, flare.date)


@settings(max_examples=150, deadline=None)
@given(histories(), st.integers(0, 20), st.lists(st.sampled_from(EXERCISES), unique=True))
def test_more_flare_free_sessions_never_lock_a_stage(sessions, days_later, exercises):
    if not sessions:
        return
    last = sessions[-1]
    calm = SessionFacts(
        id=10_000,
        date=last.date + timedelta(days=days_later),
        leg_pain_before=min(s.leg_pain_before for s in sessions),
        leg_pain_after=0,
        leg_pain_next_morning=None,
        reach=0,
        exercises=frozenset(exercises),
    )
    assert calm.id not in evaluate([*sessions, calm], calm.date).flares
    assert unlocked(sessions, calm.date) <= unlocked([*sessions, calm], calm.date)


SLUGS = ["core-stabilization", "plank", "bridge", "walk", "gluteal-stretch"]


@pytest.mark.django_db
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.permutations(SLUGS), min_size=1, max_size=8), st.integers(0, 3))
def test_the_order_of_exercises_within_a_session_does_not_matter(django_user_model, orders, flare):
    """The same sessions logged by two people, one listing each session's exercises in the
    opposite order, through the database as the app stores them."""
    people = [django_user_model.objects.create(username=f"p{uuid.uuid4().hex}") for _ in "ab"]
    for index, order in enumerate(orders):
        back = 2 * (len(orders) - index)
        after = 6 if index == flare else None
        log_session(people[0], back, after=after, exercises=order, refresh=False)
        log_session(people[1], back, after=after, exercises=order[::-1], refresh=False)
    first, second = (evaluate_for(person) for person in people)
    assert [(s.status, s.reason) for s in first.stages.values()] == [
        (s.status, s.reason) for s in second.stages.values()
    ]
    assert list(first.flares.values()) == list(second.flares.values())


@settings(max_examples=150, deadline=None)
@given(histories(), st.integers(0, 40))
def test_going_on_from_a_stored_state_gives_what_folding_everything_gives(sessions, cut):
    from progress import gate

    rules = RULES
    ordered = gate.ordered(sessions)
    cut = min(cut, len(ordered))
    carried = gate.fold(ordered[cut:], rules, gate.fold(ordered[:cut], rules))
    assert carried == gate.fold(ordered, rules)


CHANGES = st.lists(
    st.tuples(
        st.sampled_from(["plank", "advanced"]),
        st.sampled_from([UNLOCKED, PAUSED]),
        st.integers(0, 30),  # day
        st.integers(1, 60),  # session id
        st.sampled_from([None, time(7), time(19)]),
    ),
    max_size=12,
)


@given(CHANGES, st.integers(0, 31), st.integers(1, 61), st.sampled_from([None, time(8)]))
def test_openings_answer_as_open_before_does(changes, day, session_id, at):
    """Openings (a month of history at a time) and open_before (one session) agree."""
    changes = [
        Change(stage, status, pk, START + timedelta(days=d), "", clock)
        for stage, status, d, pk, clock in changes
    ]
    ordered = sorted(changes, key=lambda c: position(c.date, c.time, c.session_id))
    openings = Openings(changes)
    when = START + timedelta(days=day)
    for stage in ("plank", "advanced", "foundation"):
        expected = open_before(ordered, stage, when, session_id, at)
        assert openings.open_before(stage, when, session_id, at) == expected
