"""The symptom gate, clause by clause (see progress/gate.py for the rule in plain words)."""

from dataclasses import replace
from datetime import date, timedelta

from django.conf import settings

from progress import gate
from progress.gate import LOCKED, PAUSED, UNLOCKED, Rules, SessionFacts

START = date(2026, 1, 5)
RULES = Rules(**settings.GATE_RULES)


def evaluate(sessions, today, rules=RULES):
    return gate.evaluate(sessions, today, rules)


def day(n: int) -> date:
    return START + timedelta(days=n)


def session(n, before=3, after=None, morning=None, reach=1, exercises=(), id=None):
    return SessionFacts(
        id=id if id is not None else n,
        date=day(n),
        leg_pain_before=before,
        leg_pain_after=before if after is None else after,
        leg_pain_next_morning=morning,
        reach=reach,
        exercises=frozenset(exercises),
    )


def good_fortnight(first=0, exercises=("core-stabilization",), count=6):
    """Sessions from `first` over 14 days (first to first+13), none a flare."""
    days = [first + round(i * 13 / (count - 1)) for i in range(count)]
    return [session(n, exercises=exercises) for n in days]


def flares(sessions, today=None):
    return evaluate(sessions, today or day(365)).flares


# --- What makes a flare -------------------------------------------------------------------------


def test_leg_pain_rising_during_a_session_is_a_flare():
    result = flares([session(0, before=3, after=5)])
    assert result == {0: "leg pain rose from 3 to 5 during the session"}


def test_leg_pain_staying_level_or_falling_is_not_a_flare():
    assert flares([session(0, before=3, after=3), session(1, before=3, after=1)]) == {}


def test_higher_leg_pain_the_next_morning_is_a_flare():
    assert 0 in flares([session(0, before=3, after=3, morning=4)])


def test_a_next_morning_score_equal_to_before_or_missing_is_not_a_flare():
    assert flares([session(0, before=3, morning=3), session(1, before=3, morning=None)]) == {}


def test_a_jump_of_two_points_since_last_time_is_a_flare():
    result = flares([session(0, before=2), session(1, before=4)])
    assert result == {1: "leg pain before the session was 4, up from a recent low of 2"}


def test_a_one_point_wobble_is_not_a_flare():
    assert flares([session(0, before=2), session(1, before=3), session(2, before=2)]) == {}


def test_a_slow_creep_is_caught_against_the_streaks_low():
    result = flares([session(0, before=2), session(1, before=3), session(2, before=4)])
    assert list(result) == [2]


def test_after_a_flare_the_creep_is_measured_from_the_flare_session_only():
    # Session 1 is a flare, so the streak restarts; session 2 compares with session 1 alone.
    sessions = [session(0, before=1), session(1, before=4), session(2, before=5)]
    assert list(flares(sessions)) == [1]


def test_symptoms_reaching_further_down_the_leg_is_a_flare():
    result = flares([session(0, reach=2), session(1, reach=3)])
    assert result == {
        1: "symptoms reached below the knee, further down the leg than last time (the thigh)"
    }


def test_symptoms_moving_up_the_leg_is_not_a_flare():
    assert flares([session(0, reach=4), session(1, reach=2), session(2, reach=2)]) == {}


def test_the_first_session_cannot_be_a_flare_by_comparison():
    assert flares([session(0, before=8, reach=4)]) == {}


def test_sessions_after_today_are_not_counted():
    assert evaluate([session(0), session(5, before=3, after=6)], today=day(4)).flares == {}


# --- Earning a stage ----------------------------------------------------------------------------


def test_nothing_logged_means_every_gated_stage_is_locked_with_a_countdown():
    stages = evaluate([], START).stages
    assert stages["plank"].status == LOCKED
    assert stages["advanced"].status == LOCKED
    assert (stages["plank"].days_needed, stages["plank"].sessions_needed) == (14, 6)
    assert stages["plank"].days_held == 0
    # The next session is day 1 of 14: the earliest it opens is 13 days after it.
    assert stages["plank"].reason.startswith(
        "Plank opens 13 days after your next session if leg pain stays the same or better. "
        "Plank: 0 of 14 days done, with sessions on 0 of 6 different days."
    )


def test_plank_unlocks_after_six_good_sessions_over_fourteen_days_with_core_practice():
    sessions = good_fortnight()
    result = evaluate(sessions, day(13))
    plank = result.stages["plank"]
    assert plank.status == UNLOCKED
    assert plank.last_change.session_id == sessions[-1].id
    assert plank.reason == (
        "Unlocked on 18 Jan: 14 days without more leg pain, with sessions on 6 different days. "
        "This follows your own log; it is not a clinician's clearance."
    )


def test_thirteen_days_are_not_enough():
    sessions = [session(n, exercises=["core-stabilization"]) for n in (0, 2, 4, 6, 9, 12)]
    assert evaluate(sessions, day(12)).stages["plank"].status == LOCKED


def test_five_sessions_are_not_enough():
    sessions = good_fortnight(count=5)
    assert evaluate(sessions, day(13)).stages["plank"].status == LOCKED


def test_the_stage_unlocks_at_the_first_session_where_everything_holds():
    sessions = [*good_fortnight(count=5), session(20, exercises=["core-stabilization"])]
    change = evaluate(sessions, day(20)).stages["plank"].last_change
    assert (change.status, change.date) == (UNLOCKED, day(20))


def test_plank_needs_core_stabilization_practice():
    sessions = good_fortnight(exercises=["bridge"])
    plank = evaluate(sessions, day(13)).stages["plank"]
    assert plank.status == LOCKED
    # Practice can start today at the earliest: 6 days of it need 14 days from today.
    assert plank.reason.startswith("Plank opens in 13 days if leg pain stays the same or better.")
    assert plank.reason.endswith(
        "It also needs core stabilization on 6 different days over 14 days (none yet)."
    )


def test_the_countdown_says_how_long_is_left_in_plain_words():
    sessions = [session(n, exercises=["core-stabilization"]) for n in (0, 3, 5, 8)]
    plank = evaluate(sessions, day(8)).stages["plank"]
    assert (plank.days_held, plank.sessions_held) == (9, 4)
    assert plank.reason == (
        "Plank opens in 5 days if leg pain stays the same or better. Plank: 9 of 14 days done, "
        "with sessions on 4 of 6 different days. It also needs core stabilization on 6 different "
        "days over 14 days (4 days so far, spread over 9 days)."
    )


def test_a_gap_of_more_than_seven_days_starts_the_streak_again():
    sessions = [session(n, exercises=["core-stabilization"]) for n in (0, 3, 5, 13, 16, 18)]
    # 5 -> 13 is an 8-day gap: the streak is 13, 16, 18.
    plank = evaluate(sessions, day(18)).stages["plank"]
    assert plank.status == LOCKED
    assert (plank.days_held, plank.sessions_held) == (6, 3)


def test_a_gap_up_to_today_empties_the_streak():
    plank = evaluate([session(0), session(2)], day(11)).stages["plank"]
    assert (plank.days_held, plank.sessions_held) == (0, 0)


def test_back_pain_is_not_part_of_the_rule():
    assert "back_pain" not in SessionFacts.__dataclass_fields__


# --- Pausing and regaining ----------------------------------------------------------------------


def unlocked_then_flare():
    return [*good_fortnight(), session(15, before=3, after=6, exercises=["plank"])]


def test_a_flare_pauses_an_unlocked_stage_and_says_why():
    plank = evaluate(unlocked_then_flare(), day(15)).stages["plank"]
    assert plank.status == PAUSED
    assert plank.reason.startswith(
        "Paused on 20 Jan: leg pain rose from 3 to 6 during the session."
    )
    assert (plank.days_needed, plank.sessions_needed) == (7, 3)


def test_a_paused_stage_is_regained_after_a_shorter_streak():
    sessions = unlocked_then_flare() + [session(n, before=3) for n in (16, 19, 22)]
    result = evaluate(sessions, day(22))
    assert result.stages["plank"].status == UNLOCKED
    assert [(c.status, c.date) for c in result.changes if c.stage == "plank"] == [
        (UNLOCKED, day(13)),
        (PAUSED, day(15)),
        (UNLOCKED, day(22)),
    ]


def test_two_regain_sessions_are_not_enough():
    sessions = unlocked_then_flare() + [session(n, before=3) for n in (16, 22)]
    assert evaluate(sessions, day(22)).stages["plank"].status == PAUSED


def test_a_flare_does_not_touch_a_locked_stage():
    result = evaluate([session(0), session(1, after=9)], day(1))
    assert result.stages["plank"].status == LOCKED
    assert result.changes == []


# --- The advanced stage -------------------------------------------------------------------------


def test_advanced_waits_for_the_plank_stage():
    sessions = good_fortnight(exercises=["plank"])
    advanced = evaluate(sessions, day(13)).stages["advanced"]
    assert advanced.status == LOCKED
    assert advanced.reason == (
        "Advanced opens once the Plank stage is open and you have then done the plank on 6 "
        "different days over 14 days (none yet), if leg pain stays the same or better."
    )


def test_advanced_needs_plank_practice_since_the_plank_stage_unlocked():
    # Plank logged before the stage unlocked (imported history) does not count.
    both = ("core-stabilization", "plank")
    sessions = good_fortnight(exercises=both)
    after_unlock = [session(n, exercises=["plank"]) for n in (15, 18, 20, 23, 26)]
    result = evaluate(sessions + after_unlock, day(26))
    assert result.stages["advanced"].status == LOCKED
    assert result.stages["advanced"].reason == (
        # The sixth day of plank must come at least 14 days after the first (day 15).
        "Advanced opens in 2 days if leg pain stays the same or better. "
        "Advanced: 14 of 14 days done, with sessions on 6 of 6 different days. It also needs "
        "the plank on 6 different days over 14 days since the Plank stage opened (5 days so far, "
        "spread over 12 days)."
    )
    sixth = session(28, exercises=["plank"])
    assert evaluate([*sessions, *after_unlock, sixth], day(28)).stages["advanced"].status == (
        UNLOCKED
    )


def test_the_numbers_are_the_rules_not_the_modules():
    quick = replace(RULES, min_days=1, min_sessions=1, practice_sessions=1, practice_days=1)
    result = evaluate([session(0, exercises=["core-stabilization"])], day(0), quick)
    assert result.stages["plank"].status == UNLOCKED


def test_a_gap_of_exactly_seven_days_keeps_the_streak():
    sessions = [session(n, exercises=["core-stabilization"]) for n in (0, 7, 9, 11, 12, 13)]
    assert evaluate(sessions, day(13)).stages["plank"].status == UNLOCKED


def test_six_days_are_not_enough_to_regain():
    sessions = [*unlocked_then_flare(), *(session(n, before=3) for n in (16, 18, 21))]
    assert evaluate(sessions, day(21)).stages["plank"].status == PAUSED


def test_a_flare_while_paused_is_recorded_and_restarts_the_countdown():
    second = session(18, before=3, after=5)
    sessions = [*unlocked_then_flare(), session(16, before=3), second]
    plank = evaluate(sessions, day(18)).stages["plank"]
    assert plank.status == PAUSED
    assert plank.last_change.session_id == second.id
    assert plank.reason.startswith("Paused on 23 Jan: leg pain rose from 3 to 5")
    assert plank.sessions_held == 0


def test_both_gated_stages_pause_together_and_advanced_regains_with_plank():
    both = ("core-stabilization", "plank")
    sessions = [
        *good_fortnight(exercises=both),
        *(session(n, exercises=["plank"]) for n in (15, 18, 20, 23, 26, 28)),
    ]
    assert evaluate(sessions, day(28)).stages["advanced"].status == UNLOCKED
    sessions += [session(29, after=6), *(session(n) for n in (30, 33, 36))]
    statuses = {slug: s.status for slug, s in evaluate(sessions, day(29)).stages.items()}
    assert statuses == {"plank": PAUSED, "advanced": PAUSED}
    statuses = {slug: s.status for slug, s in evaluate(sessions, day(36)).stages.items()}
    assert statuses == {"plank": UNLOCKED, "advanced": UNLOCKED}


def test_dates_in_another_year_say_the_year():
    sessions = good_fortnight()
    plank = evaluate(sessions, date(2027, 2, 1)).stages["plank"]
    assert plank.reason.startswith("Unlocked on 18 Jan 2026:")


# --- Days, not sessions; pain that is too high --------------------------------------------------


def test_six_sessions_crammed_into_three_days_do_not_unlock_the_plank():
    practice = ["core-stabilization"]
    sessions = [session(n, exercises=practice, id=i) for i, n in enumerate((0, 0, 7, 7, 13, 13))]
    plank = evaluate(sessions, day(13)).stages["plank"]
    assert plank.status == LOCKED
    assert plank.sessions_held == 3
    assert "with sessions on 3 of 6 different days" in plank.reason


def test_practice_counts_different_days_too():
    # Six sessions on six days, but core stabilization on only three of them (twice each).
    sessions = [session(n, id=n) for n in (0, 3, 5, 8, 10, 13)]
    sessions += [session(n, exercises=["core-stabilization"], id=100 + n) for n in (0, 5, 13)]
    plank = evaluate(sessions, day(13)).stages["plank"]
    assert plank.status == LOCKED
    assert "core stabilization on 6 different days over 14 days (3 days so far" in plank.reason
    assert plank.reason.startswith("Plank opens after 3 more days with core stabilization")


def test_a_second_session_on_a_day_still_counts_as_one_day_to_regain():
    sessions = unlocked_then_flare() + [session(n, id=50 + i) for i, n in enumerate((16, 16, 22))]
    plank = evaluate(sessions, day(22)).stages["plank"]
    assert plank.status == PAUSED
    assert plank.sessions_held == 2


def test_high_but_steady_leg_pain_earns_no_stage_and_says_why():
    sessions = [
        session(n, before=7, exercises=["core-stabilization"]) for n in (0, 3, 5, 8, 10, 13)
    ]
    result = evaluate(sessions, day(13))
    plank = result.stages["plank"]
    assert result.flares == {}
    assert plank.status == LOCKED
    assert (
        "Plank: 0 of 14 days done, with sessions on 0 of 6 different days. The count started "
        "again after 18 Jan, when leg pain reached 7: above 5 is too much to move on."
    ) in plank.reason


def test_five_is_the_limit_and_six_is_above_it():
    # Without a flare, after and next-morning scores are at most the "before" score.
    for steady, expected in ((5, UNLOCKED), (6, LOCKED)):
        sessions = [
            session(n, before=steady, morning=steady, exercises=["core-stabilization"])
            for n in (0, 3, 5, 8, 10, 13)
        ]
        assert evaluate(sessions, day(13)).stages["plank"].status == expected


def test_the_count_after_a_too_painful_session_starts_from_the_next_one():
    sessions = [session(0, before=6), *good_fortnight(first=1)]
    plank = evaluate(sessions, day(14)).stages["plank"]
    assert plank.status == UNLOCKED
    assert plank.last_change.date == day(14)


def test_the_pain_limit_is_a_rule_number():
    sessions = [
        session(n, before=7, exercises=["core-stabilization"]) for n in (0, 3, 5, 8, 10, 13)
    ]
    lenient = replace(RULES, max_leg_pain=7)
    assert evaluate(sessions, day(13), lenient).stages["plank"].status == UNLOCKED


def test_an_unlocked_stage_says_it_is_not_a_clinicians_clearance():
    plank = evaluate(good_fortnight(), day(13)).stages["plank"]
    assert plank.reason.endswith("This follows your own log; it is not a clinician's clearance.")


def test_leg_pain_above_five_pauses_an_open_stage_even_when_steady():
    fortnight = [
        session(n, before=5, exercises=["core-stabilization"]) for n in (0, 3, 5, 8, 10, 13)
    ]
    sessions = [*fortnight, session(15, before=6, morning=6)]  # a 1-point wobble, not a flare
    plank = evaluate(sessions, day(15)).stages["plank"]
    assert plank.status == PAUSED
    assert plank.reason.startswith(
        "Paused on 20 Jan: leg pain was 6, above 5: too much to keep going with the harder "
        "exercises."
    )
    # It opens again after a calm run at 5 or below, as after a flare.
    calm = [session(n, before=5) for n in (16, 19, 22)]
    assert evaluate([*sessions, *calm], day(22)).stages["plank"].status == UNLOCKED


# --- The countdown in words ---------------------------------------------------------------------


def test_a_paused_stage_counts_down_to_opening_again():
    plank = evaluate(unlocked_then_flare(), day(15)).stages["plank"]
    assert plank.reason == (
        "Paused on 20 Jan: leg pain rose from 3 to 6 during the session. Plank opens again 6 days "
        "after your next session if leg pain stays the same or better. Plank: 0 of 7 days done, "
        "with sessions on 0 of 3 different days."
    )
    one_more = evaluate([*unlocked_then_flare(), session(16)], day(17)).stages["plank"]
    assert "Plank opens again in 5 days if leg pain stays the same or better. Plank: 2 of 7" in (
        one_more.reason
    )


def test_when_days_with_a_session_are_short_the_countdown_counts_those():
    practice = ["core-stabilization"]
    sessions = [session(n, exercises=practice, id=i) for i, n in enumerate((0, 0, 7, 7, 13, 13))]
    plank = evaluate(sessions, day(13), replace(RULES, practice_sessions=3)).stages["plank"]
    assert plank.reason.startswith(
        "Plank opens after 3 more days with a session if leg pain stays the same or better."
    )


def test_a_stage_whose_span_is_done_opens_at_the_next_calm_session():
    sessions = [session(n, exercises=["core-stabilization"]) for n in (0, 2, 4, 6, 8, 10)]
    plank = evaluate(sessions, day(13)).stages["plank"]
    assert plank.status == LOCKED
    assert plank.reason.startswith(
        "Plank opens at your next session if leg pain stays the same or better. "
        "Plank: 14 of 14 days done, with sessions on 6 of 6 different days."
    )


def test_advanced_waits_for_its_practice_after_the_plank_stage_opens():
    advanced = evaluate(good_fortnight(), day(13)).stages["advanced"]
    assert advanced.reason == (
        "Advanced opens in 13 days if leg pain stays the same or better. Advanced: 14 of 14 days "
        "done, with sessions on 6 of 6 different days. It also needs the plank on 6 different days "
        "over 14 days since the Plank stage opened (none yet)."
    )


def test_with_its_practice_done_advanced_opens_again_with_the_plank_stage():
    both = ("core-stabilization", "plank")
    sessions = [
        *good_fortnight(exercises=both),
        *(session(n, exercises=["plank"]) for n in (15, 18, 20, 23, 26, 28)),
        session(29, after=6),
    ]
    advanced = evaluate(sessions, day(29)).stages["advanced"]
    assert advanced.reason.endswith(
        "Advanced opens again with the Plank stage, if leg pain stays the same or better."
    )


def test_stage_names_come_from_the_content():
    names = {"plank": "Plank", "advanced": "Harder moves"}
    result = gate.evaluate(good_fortnight(), day(13), RULES, names)
    assert result.stages["advanced"].reason.startswith("Harder moves opens in 13 days")
    assert "since the Plank stage opened" in result.stages["advanced"].reason


def test_every_countdown_says_what_it_rests_on_and_none_uses_the_old_words():
    scenarios = [
        ([], START),
        (good_fortnight(exercises=["bridge"]), day(13)),
        (unlocked_then_flare(), day(15)),
        ([session(n, before=7) for n in (0, 3, 5)], day(5)),
        ([*good_fortnight(), session(15, after=6), session(16)], day(30)),
    ]
    for sessions, today in scenarios:
        for stage in evaluate(sessions, today).stages.values():
            if stage.status != UNLOCKED:
                assert "if leg pain stays the same or better" in stage.reason
            for old in ("unlocks in", "at the earliest", "once the practice is done", "so far:"):
                assert old not in stage.reason


def test_two_sessions_of_one_day_are_taken_in_the_order_they_were_done():
    from datetime import time

    # Saved evening first, morning second: the morning one came first in the day.
    evening = replace(session(1, before=3, after=6, id=1), time=time(19, 0))
    morning = replace(session(1, before=3, id=2), time=time(8, 0))
    assert [s.id for s in gate.ordered([evening, morning])] == [2, 1]
    # Without a time, the order they were saved in holds.
    assert [s.id for s in gate.ordered([session(1, id=4), session(1, id=3)])] == [3, 4]


def test_open_before_follows_the_time_of_day_too():
    from datetime import time

    from progress.gate import Change

    unlocked = [Change("plank", UNLOCKED, 9, day(13), "calm", time(18, 0))]
    assert not gate.open_before(unlocked, "plank", day(13), 10, time(7, 30))
    assert gate.open_before(unlocked, "plank", day(13), 8, time(19, 0))
