import pytest
from django.urls import reverse

from progress.models import StageChange
from progress.status import state_version
from tests.helpers import calm_fortnight, log_session
from tests.test_log import form_data

pytestmark = pytest.mark.django_db

KEYS = {
    "slug",
    "name",
    "status",
    "days_held",
    "days_needed",
    "sessions_held",
    "sessions_needed",
    "reason",
}


def test_the_json_lists_every_stage_in_order_with_the_agreed_fields(client_alice):
    data = client_alice.get(reverse("progress:stages_json")).json()
    assert [s["slug"] for s in data["stages"]] == [
        "gentle-start",
        "foundation",
        "plank",
        "advanced",
    ]
    assert all(set(stage) == KEYS for stage in data["stages"])
    assert [s["status"] for s in data["stages"]] == ["open", "open", "locked", "locked"]
    plank = data["stages"][2]
    assert (plank["days_needed"], plank["sessions_needed"]) == (14, 6)


def test_the_json_shows_an_unlock_and_a_pause(client_alice, alice):
    calm_fortnight(alice)
    statuses = [
        s["status"] for s in client_alice.get(reverse("progress:stages_json")).json()["stages"]
    ]
    assert statuses == ["open", "open", "unlocked", "locked"]
    log_session(alice, 0, before=3, after=5)
    plank = client_alice.get(reverse("progress:stages_json")).json()["stages"][2]
    assert plank["status"] == "paused"
    assert (plank["days_needed"], plank["sessions_needed"]) == (7, 3)
    assert "leg pain rose from 3 to 5 during the session" in plank["reason"]


def test_the_stages_page_says_why_and_links_the_session_that_caused_it(client_alice, alice):
    calm_fortnight(alice)
    flare = log_session(alice, 0, before=3, after=5)
    html = client_alice.get(reverse("progress:stages")).content.decode()
    assert (
        f"Paused on {flare.date.day} {flare.date:%b}: leg pain rose from 3 to 5 during the session."
        in html
    )
    assert reverse("progress:session", args=[flare.pk]) in html


def test_the_unlock_and_the_pause_are_stored_with_their_sessions(alice):
    sessions = calm_fortnight(alice)
    flare = log_session(alice, 0, before=3, after=5)
    changes = list(
        StageChange.objects.filter(user=alice, stage__slug="plank").values_list("status", "session")
    )
    assert changes == [("unlocked", sessions[-1].pk), ("paused", flare.pk)]


def test_plank_unlocks_after_two_weeks_without_more_leg_pain(client_alice, alice):
    calm_fortnight(alice)
    html = client_alice.get(reverse("progress:stages")).content.decode()
    assert "Unlocked on" in html
    assert "14 days without more leg pain, with sessions on 6 different days" in html


def test_a_gated_stage_stays_shut_even_if_its_gated_flag_is_cleared(client_alice):
    from exercises.models import Stage

    Stage.objects.filter(slug="plank").update(gated=False)
    plank = client_alice.get(reverse("progress:stages_json")).json()["stages"][2]
    assert plank["status"] == "locked"


def test_a_new_gated_stage_without_a_rule_is_locked(client_alice):
    from exercises.models import Stage

    Stage.objects.create(
        slug="expert", name="Expert", order=9, description="x", gated=True, unlock_hint="Later."
    )
    stages = client_alice.get(reverse("progress:stages_json")).json()["stages"]
    assert stages[-1]["slug"] == "expert"
    assert stages[-1]["status"] == "locked"


def test_the_rules_numbers_come_from_settings(client_alice, alice, settings):
    settings.GATE_RULES = settings.GATE_RULES | {
        "min_days": 1,
        "min_sessions": 1,
        "practice_sessions": 1,
        "practice_days": 1,
    }
    log_session(alice, 0, exercises=["core-stabilization"])
    plank = client_alice.get(reverse("progress:stages_json")).json()["stages"][2]
    assert plank["status"] == "unlocked"


def test_a_state_stored_by_an_older_release_is_computed_again(client_alice, alice):
    from progress.models import GateState

    calm_fortnight(alice)
    GateState.objects.filter(user=alice).update(
        data={"status": {}, "streak_first": None, "streak_length": 0}
    )
    plank = client_alice.get(reverse("progress:stages_json")).json()["stages"][2]
    assert plank["status"] == "unlocked"
    assert GateState.objects.get(user=alice).data["version"] == state_version()


def test_a_change_to_the_rules_is_applied_to_stored_states(client_alice, alice, settings):
    calm_fortnight(alice)
    settings.GATE_RULES = {**settings.GATE_RULES, "min_days": 30}
    plank = client_alice.get(reverse("progress:stages_json")).json()["stages"][2]
    assert plank["status"] == "locked"


def test_a_session_dated_in_the_future_counts_when_its_day_comes(alice, time_machine):
    from datetime import timedelta

    from django.utils import timezone

    from progress.status import stored_state

    time_machine.move_to(timezone.now(), tick=False)
    calm_fortnight(alice, start_days_back=22)  # its last session was 9 days ago
    log_session(alice, -2, before=3, after=7)  # a flare, dated the day after tomorrow
    assert stored_state(alice).flares == {}
    time_machine.shift(timedelta(days=2))
    assert len(stored_state(alice).flares) == 1


def test_every_page_gives_a_stage_the_same_countdown_in_the_same_words(client_alice, alice):
    log_session(alice, 4, exercises=["core-stabilization"])
    reason = client_alice.get(reverse("progress:stages_json")).json()["stages"][2]["reason"]
    assert reason.startswith("Plank opens in 9 days if leg pain stays the same or better.")
    assert "Plank: 5 of 14 days done" in reason
    assert reason in client_alice.get(reverse("progress:dashboard")).content.decode()
    assert reason in client_alice.get(reverse("progress:stages")).content.decode()
    rows = [{"exercise": "plank", "sets": 1, "hold_seconds": 20}]
    refused = client_alice.post(reverse("progress:log"), form_data(rows)).content.decode()
    assert f"Plank is in the Plank stage, which is locked for you. {reason}" in refused


def test_the_stages_page_has_no_developer_link_and_the_data_stays_at_its_address(client_alice):
    html = client_alice.get(reverse("progress:stages")).content.decode()
    assert reverse("progress:stages_json") not in html
    assert "JSON" not in html
    assert client_alice.get(reverse("progress:stages_json")).status_code == 200
