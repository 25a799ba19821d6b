"""The one write path: whatever order sessions are added, edited and deleted in, the stored gate
state is the one a fold over the whole record gives."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exercises.models import Exercise
from progress import gate, record
from progress.models import RedFlagReport, Session
from progress.routine import Record
from progress.status import facts_for, read, refresh_stage_changes, rules, stored_state
from tests.helpers import days_ago

pytestmark = pytest.mark.django_db

STEPS = st.lists(
    st.tuples(
        st.sampled_from(["add", "add", "add", "add-past", "edit", "delete", "check-in"]),
        st.integers(0, 10),  # leg pain before
        st.integers(0, 3),  # how much it rose
        st.booleans(),  # with core stabilization
    ),
    max_size=25,
)


def whole_fold(user) -> gate.State:
    today = days_ago(0)
    return gate.fold([f for f in facts_for(user) if f.date <= today], rules())


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(STEPS)
def test_the_stored_state_always_matches_a_fold_over_everything(alice, steps):
    Session.objects.filter(user=alice).delete()
    refresh_stage_changes(alice)  # each example starts from an empty log
    core = Exercise.objects.get(slug="core-stabilization")
    walk = Exercise.objects.get(slug="walk")
    day = 60
    for action, before, rise, practice in steps:
        sessions = list(Session.objects.filter(user=alice))
        entries = [{"exercise": core, "sets": 1, "reps": 10}] if practice else []
        if rise % 2:
            entries.append({"exercise": walk, "minutes": 20})
        if action in ("edit", "delete", "check-in") and sessions:
            target = sessions[before % len(sessions)]
            if action == "edit":
                target.leg_pain_after = min(10, target.leg_pain_before + rise)
                record.save_session(target, entries)
            elif action == "delete":
                record.delete_session(target)
            else:
                record.record_check_in(target, min(10, target.leg_pain_before + rise))
            continue
        if action == "add":
            day = max(0, day - (rise + 1))
        back = day + 5 if action == "add-past" else day
        session = Session(
            user=alice,
            date=days_ago(back),
            leg_pain_before=before,
            leg_pain_after=min(10, before + (rise if rise > 2 else 0)),
            back_pain=2,
            symptoms_reach="thigh",
        )
        record.save_session(session, entries)
    whole = whole_fold(alice)
    assert stored_state(alice) == whole
    # What the routine and the six-week review carry along with it, too.
    past = [f for f in facts_for(alice) if f.date <= days_ago(0)]
    max_pain = rules().max_leg_pain
    assert read(alice).routine == Record().carry(past, whole.flares, whole.first_day, max_pain)


def test_a_warning_sign_is_saved_with_its_session_or_not_at_all(alice, monkeypatch):
    session = Session(
        user=alice,
        date=days_ago(1),
        leg_pain_before=3,
        leg_pain_after=3,
        back_pain=2,
        symptoms_reach="thigh",
        red_flags=["both_legs"],
    )

    def crash(*args, **kwargs):
        raise RuntimeError("the gate failed")

    monkeypatch.setattr(record, "refresh_stage_changes", crash)
    with pytest.raises(RuntimeError):
        record.save_session(session, [])
    assert not Session.objects.filter(user=alice).exists()
    assert not RedFlagReport.objects.filter(user=alice).exists()


def test_logging_the_newest_session_carries_the_state_on_without_reading_the_history(
    alice, django_assert_max_num_queries
):
    for back in range(30, 0, -1):
        session = Session(
            user=alice,
            date=days_ago(back),
            leg_pain_before=3,
            leg_pain_after=3,
            back_pain=2,
            symptoms_reach="thigh",
        )
        record.save_session(session, [])
    newest = Session(
        user=alice,
        date=days_ago(0),
        leg_pain_before=3,
        leg_pain_after=3,
        back_pain=2,
        symptoms_reach="thigh",
    )
    with django_assert_max_num_queries(12):
        record.save_session(newest, [])
    assert stored_state(alice) == whole_fold(alice)


def test_the_model_refuses_a_session_in_the_future(alice):
    from django.core.exceptions import ValidationError

    session = Session(
        user=alice,
        date=days_ago(-1),
        leg_pain_before=3,
        leg_pain_after=3,
        back_pain=2,
        symptoms_reach="thigh",
    )
    with pytest.raises(ValidationError, match="cannot be in the future"):
        session.full_clean()


def test_recompute_gates_stores_everyones_state_afresh(alice, bob):
    from io import StringIO

    from django.core.management import call_command

    from progress.models import GateState
    from tests.helpers import calm_fortnight

    calm_fortnight(alice)
    GateState.objects.filter(user=alice).update(data={"status": {}})
    out = StringIO()
    call_command("recompute_gates", stdout=out)
    assert "Stages computed again for 1 people." in out.getvalue()
    assert GateState.objects.get(user=alice).data["status"]["plank"] == "unlocked"


def test_the_state_every_page_reads_keeps_only_recent_flares(alice, client):
    """Old flares are kept apart from the state read on every visit, which stays small after
    years of logging; the whole state still has every one, and the latest flare, however old,
    still holds strengthening back as it should."""
    from progress.models import GateState
    from tests.helpers import log_session

    old = [log_session(alice, days, before=3, after=6, refresh=False) for days in (400, 300)]
    calm = [log_session(alice, days, refresh=False) for days in range(200, 100, -5)]
    refresh_stage_changes(alice)
    stored = GateState.objects.get(user=alice)
    assert set(stored.data["flares"]) == {str(old[1].pk)}  # only the latest, being old
    assert set(stored.past_flares["flares"]) == {str(old[0].pk)}
    assert set(stored_state(alice).flares) == {old[0].pk, old[1].pk}
    assert set(read(alice).state.flares) == {old[1].pk}

    recent = log_session(alice, 2, before=3, after=7)
    stored = GateState.objects.get(user=alice)
    assert set(stored.data["flares"]) == {str(recent.pk)}
    assert set(stored_state(alice).flares) == {old[0].pk, old[1].pk, recent.pk}
    assert stored_state(alice) == whole_fold(alice)
    assert not stored_state(alice).flares.keys() & {session.pk for session in calm}
