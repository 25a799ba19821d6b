"""Every page takes the same number of queries at 1 session and at 1,000."""

from datetime import timedelta

import pytest
from django.urls import reverse

from exercises.catalogue import catalogue
from exercises.models import Exercise
from progress.models import Session, SessionExercise
from progress.status import refresh_stage_changes
from tests.helpers import days_ago, log_session, queries_for

pytestmark = pytest.mark.django_db

PAGES = [
    reverse("exercises:list"),
    reverse("exercises:detail", args=["bridge"]),
    reverse("progress:dashboard"),
    reverse("progress:history"),
    reverse("progress:stages"),
    reverse("progress:stages_json"),
    reverse("progress:log"),
]


def add_history(user, count: int):
    """`count` daily sessions before yesterday, with some flares, in bulk."""
    start = days_ago(count + 1)
    sessions = Session.objects.bulk_create(
        Session(
            user=user,
            date=start + timedelta(days=n),
            leg_pain_before=3,
            leg_pain_after=5 if n % 37 == 0 else 3,
            back_pain=2,
            leg_pain_next_morning=3,
            symptoms_reach="thigh",
        )
        for n in range(count)
    )
    exercises = list(Exercise.objects.filter(stage__gated=False)[:8])
    SessionExercise.objects.bulk_create(
        SessionExercise(session=session, exercise=exercise, order=i, sets=1, reps=10)
        for session in sessions
        for i, exercise in enumerate(exercises)
    )
    refresh_stage_changes(user)


@pytest.mark.parametrize("url", PAGES)
def test_a_page_takes_as_many_queries_at_1000_sessions_as_at_1(client_alice, alice, url):
    log_session(alice, 0, exercises=["bridge", "walk"])
    client_alice.get(url)  # pages that are cached are measured warm
    one = queries_for(lambda: client_alice.get(url))
    add_history(alice, 1000)
    assert Session.objects.filter(user=alice).count() == 1001
    client_alice.get(url)
    assert queries_for(lambda: client_alice.get(url)) == one


@pytest.mark.parametrize("url", PAGES)
def test_a_page_built_afresh_takes_as_many_queries_at_1000_sessions_as_at_1(
    client_alice, alice, url
):
    from django.core.cache import cache

    log_session(alice, 0, exercises=["bridge", "walk"])
    cache.clear()
    catalogue()  # the program's content is read once per process (see exercises/catalogue.py)
    one = queries_for(lambda: client_alice.get(url))
    add_history(alice, 1000)
    cache.clear()
    assert queries_for(lambda: client_alice.get(url)) == one
