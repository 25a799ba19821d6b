"""The whole promise, as a new person meets it: sign up, log, watch the countdown, unlock, pause."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from progress.models import Session
from progress.status import evaluate_for
from tests.helpers import days_ago, log_session
from tests.test_log import form_data

pytestmark = pytest.mark.django_db


def plank_status(client) -> dict:
    return client.get(reverse("progress:stages_json")).json()["stages"][2]


def test_a_new_person_unlocks_plank_after_two_calm_weeks_and_pauses_after_a_flare(client):
    response = client.post(
        reverse("signup"),
        {"username": "carol", "password1": "sciatic-nerve-42", "password2": "sciatic-nerve-42"},
    )
    assert response["Location"] == reverse("progress:dashboard")
    # The safety questions come first; nothing to report.
    assert client.get(reverse("progress:dashboard"))["Location"] == reverse("progress:screening")
    client.post(reverse("progress:screening"), {})

    rows = [{"exercise": "core-stabilization", "sets": 1, "reps": 15}, {"exercise": "walk"}]
    for back in (14, 11, 9, 6, 4):
        client.post(reverse("progress:log"), form_data(rows, date=days_ago(back).isoformat()))
    plank = plank_status(client)
    assert plank["status"] == "locked"
    assert (plank["days_held"], plank["sessions_held"]) == (15, 5)
    assert plank["reason"].startswith(
        "Plank opens after 1 more day with core stabilization if leg pain stays the same or better."
    )

    client.post(reverse("progress:log"), form_data(rows, date=days_ago(1).isoformat()))
    assert plank_status(client)["status"] == "unlocked"

    plank_row = [{"exercise": "plank", "sets": 1, "hold_seconds": 20}]
    flare = form_data(plank_row, leg_pain_after="6")
    assert client.post(reverse("progress:log"), flare).status_code == 302
    plank = plank_status(client)
    assert plank["status"] == "paused"
    assert "leg pain rose from 3 to 6 during the session" in plank["reason"]
    assert Session.objects.count() == 7


def test_the_order_of_exercises_in_a_session_does_not_change_the_stages(alice, bob):
    slugs = ["core-stabilization", "walk", "bridge"]
    for back in (20, 17, 15, 12, 10, 7):
        log_session(alice, back, exercises=slugs, refresh=False)
        log_session(bob, back, exercises=list(reversed(slugs)), refresh=False)
    mine, theirs = evaluate_for(alice), evaluate_for(bob)
    assert [(s.status, s.reason) for s in mine.stages.values()] == [
        (s.status, s.reason) for s in theirs.stages.values()
    ]
    assert mine.stages["plank"].status == "unlocked"


@pytest.mark.parametrize(
    "field", ["leg_pain_before", "leg_pain_after", "back_pain", "leg_pain_next_morning"]
)
def test_the_database_refuses_a_pain_score_outside_0_to_10(alice, field):
    session = log_session(alice, 1)
    setattr(session, field, 11)
    with pytest.raises(IntegrityError), transaction.atomic():
        session.save()
