import pytest
from django.urls import reverse

from progress.models import Session, StageChange
from tests.helpers import calm_fortnight, log_session, queries_for
from tests.test_log import form_data

pytestmark = pytest.mark.django_db

URL = reverse("progress:history")


def test_sessions_are_listed_newest_first_and_paginated(client_alice, alice):
    for n in range(25):
        log_session(alice, n, refresh=False)
    first = client_alice.get(URL)
    dates = [s.date for s in first.context["page"]]
    assert len(dates) == 20
    assert dates == sorted(dates, reverse=True)
    second = client_alice.get(URL, {"page": 2})
    assert len(second.context["page"]) == 5
    assert client_alice.get(URL, {"page": "lots"}).status_code == 200


def test_the_history_takes_the_same_number_of_queries_at_any_length(client_alice, alice):
    log_session(alice, 0, exercises=["walk"])
    one = queries_for(lambda: client_alice.get(URL))
    for n in range(1, 30):
        log_session(alice, n, exercises=["walk", "bridge"], refresh=False)
    assert queries_for(lambda: client_alice.get(URL)) == one


def test_a_session_page_shows_what_was_logged(client_alice, alice):
    session = log_session(alice, 2, before=4, after=3, back=5, exercises=["bridge"], notes="Ok")
    html = client_alice.get(session.get_absolute_url()).content.decode()
    assert "Bridge" in html
    assert "<dd>4</dd>" in html and "<dd>5</dd>" in html
    assert "Not recorded" in html


def test_editing_a_session_changes_it(client_alice, alice):
    session = log_session(alice, 2, exercises=["bridge"])
    rows = [{"exercise": "bridge", "sets": 2, "reps": 8}, {"exercise": "walk"}]
    data = form_data(rows, date=session.date.isoformat(), leg_pain_before=2, leg_pain_after=2)
    response = client_alice.post(reverse("progress:edit", args=[session.pk]), data)
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.leg_pain_before == 2
    assert list(session.entries.values_list("exercise__slug", "reps")) == [
        ("bridge", 8),
        ("walk", None),
    ]
    assert Session.objects.count() == 1


def test_editing_keeps_an_exercise_whose_stage_has_paused_since(client_alice, alice):
    calm_fortnight(alice)
    session = log_session(alice, 3, exercises=["plank"])
    log_session(alice, 1, before=3, after=6)  # a flare: plank is paused now
    rows = [{"exercise": "plank", "sets": 1, "hold_seconds": 15}]
    data = form_data(rows, date=session.date.isoformat())
    response = client_alice.post(reverse("progress:edit", args=[session.pk]), data)
    assert response.status_code == 302
    assert list(session.entries.values_list("exercise__slug", "hold_seconds")) == [("plank", 15)]


def test_editing_records_the_next_morning_and_keeps_notes_as_typed(client_alice, alice):
    session = log_session(alice, 3, notes="  spaced out  ")
    data = form_data(
        date=session.date.isoformat(), leg_pain_next_morning="2", notes="  spaced out  "
    )
    assert client_alice.post(reverse("progress:edit", args=[session.pk]), data).status_code == 302
    session.refresh_from_db()
    assert session.leg_pain_next_morning == 2
    assert session.notes == "  spaced out  "


def test_editing_cannot_add_a_locked_exercise(client_alice, alice):
    session = log_session(alice, 2, exercises=["bridge"])
    rows = [{"exercise": "hip-hinge", "sets": 1, "reps": 20}]
    data = form_data(rows, date=session.date.isoformat())
    response = client_alice.post(reverse("progress:edit", args=[session.pk]), data)
    assert "Hip hinge is in the Advanced stage, which is locked for you." in (
        response.content.decode()
    )
    assert list(session.entries.values_list("exercise__slug", flat=True)) == ["bridge"]


def test_deleting_asks_first_and_is_a_post(client_alice, alice):
    session = log_session(alice, 2)
    url = reverse("progress:delete", args=[session.pk])
    page = client_alice.get(url)
    assert "Delete the session of" in page.content.decode()
    assert Session.objects.count() == 1
    response = client_alice.post(url)
    assert response["Location"] == URL
    assert Session.objects.count() == 0


def test_deleting_the_flare_lifts_the_pause(client_alice, alice):
    calm_fortnight(alice)
    flare = log_session(alice, 1, before=3, after=6)
    assert StageChange.objects.filter(user=alice).last().status == "paused"
    client_alice.post(reverse("progress:delete", args=[flare.pk]))
    assert list(StageChange.objects.filter(user=alice).values_list("status", flat=True)) == [
        "unlocked"
    ]


def test_two_sessions_of_one_day_are_listed_by_the_time_they_were_done(client_alice, alice):
    from datetime import time

    logged_first = log_session(alice, 1, notes="evening", refresh=False)
    logged_later = log_session(alice, 1, notes="morning", refresh=False)
    Session.objects.filter(pk=logged_first.pk).update(time=time(19, 0))
    Session.objects.filter(pk=logged_later.pk).update(time=time(7, 30))
    page = client_alice.get(URL)
    assert [s.notes for s in page.context["page"]] == ["evening", "morning"]
    html = page.content.decode()
    assert html.index(", 19:00</a>") < html.index(", 07:30</a>")


def test_the_history_shows_what_was_done_walks_in_minutes(client_alice, alice):
    rows = [
        {"exercise": "walk", "minutes": 25, "distance_km": "2.1"},
        {"exercise": "bridge", "sets": 2, "reps": 10},
    ]
    client_alice.post(reverse("progress:log"), form_data(rows))
    html = client_alice.get(URL).content.decode()
    assert 'Walking <span class="meta">(25 min, 2.1 km)</span>' in html
    assert 'Bridge <span class="meta">(2 \N{MULTIPLICATION SIGN} 10)</span>' in html


def test_the_import_help_shows_how_to_write_minutes(client_alice):
    html = client_alice.get(URL).content.decode()
    assert "<code>walk:25min:2.1km</code>" in html
    assert "sessions of one day keep the order of their rows" in html


def test_the_session_page_shows_the_time_and_a_walks_minutes_and_distance(client_alice, alice):
    from datetime import time
    from decimal import Decimal

    from exercises.models import Exercise
    from progress.models import SessionExercise
    from tests.helpers import log_session

    session = log_session(alice, 1)
    session.time = time(7, 45)
    session.save()
    SessionExercise.objects.create(
        session=session,
        exercise=Exercise.objects.get(slug="walk"),
        minutes=25,
        distance_km=Decimal("2.1"),
    )
    html = client_alice.get(session.get_absolute_url()).content.decode()
    assert ", 07:45</h1>" in html
    assert '<span class="meta">25 min, 2.1 km</span>' in html
