import re
from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from exercises.catalogue import catalogue
from progress.models import Session, StageChange
from progress.status import refresh_stage_changes
from sciatica.accounts.models import Profile
from tests.conftest import screened
from tests.helpers import calm_fortnight, log_session, queries_for
from tests.test_log import form_data

pytestmark = pytest.mark.django_db

URL = reverse("progress:history")


def on(user, day: date, **kwargs) -> Session:
    """A session on a given day, the gate left as it was."""
    session = log_session(user, 0, refresh=False, **kwargs)
    Session.objects.filter(pk=session.pk).update(date=day)
    return session


def shown(response) -> list[date]:
    return [s.date for s in response.context["sessions"]]


@pytest.fixture
def mid_march(time_machine):
    # The clock ticks: a write changes the record's version by its time.
    time_machine.move_to(datetime(2026, 3, 14, 12, tzinfo=UTC))


def test_the_history_shows_the_latest_month_newest_first(client_alice, alice, mid_march):
    for day in (1, 5, 13):
        on(alice, date(2026, 3, day))
    on(alice, date(2026, 2, 27))
    response = client_alice.get(URL)
    assert shown(response) == [date(2026, 3, 13), date(2026, 3, 5), date(2026, 3, 1)]
    html = response.content.decode()
    assert '<h2 class="month-title">March 2026</h2>' in html
    assert 'href="?month=2026-02" rel="prev"' in html
    assert 'rel="next"' not in html


def test_a_month_is_chosen_by_its_address_with_links_to_the_months_either_side(
    client_alice, alice, mid_march
):
    on(alice, date(2025, 11, 30))
    on(alice, date(2026, 1, 2))
    on(alice, date(2026, 1, 31))
    on(alice, date(2026, 3, 1))
    response = client_alice.get(URL, {"month": "2026-01"})
    assert shown(response) == [date(2026, 1, 31), date(2026, 1, 2)]
    html = response.content.decode()
    # The neighbours are the nearest months with sessions, skipping empty ones.
    assert 'href="?month=2025-11" rel="prev">← Older: November 2025</a>' in html
    assert 'href="?month=2026-03" rel="next">Newer: March 2026 →</a>' in html


def test_the_month_list_jumps_to_any_month_without_javascript(client_alice, alice, mid_march):
    on(alice, date(2025, 12, 24))
    on(alice, date(2026, 3, 2))
    html = client_alice.get(URL, {"month": "2026-03"}).content.decode()
    form = html[html.index('<form method="get" class="month-jump">') :]
    form = form[: form.index("</form>")]
    assert '<label for="month">Go to a month</label>' in form
    options = re.findall(r'<option value="([\d-]+)"( selected)?>', form)
    assert options == [
        ("2026-03", " selected"),
        ("2026-02", ""),
        ("2026-01", ""),
        ("2025-12", ""),
    ]
    assert '<button type="submit">Show</button>' in form


def test_an_empty_month_says_so_and_keeps_the_links(client_alice, alice, mid_march):
    on(alice, date(2025, 12, 24))
    on(alice, date(2026, 3, 2))
    html = client_alice.get(URL, {"month": "2026-01"}).content.decode()
    assert "No sessions in January 2026." in html
    assert 'href="?month=2025-12" rel="prev"' in html
    assert 'href="?month=2026-03" rel="next"' in html


@pytest.mark.parametrize("typed", ["march", "2026-13", "2026-3", "1899-12", "2026-03-01"])
def test_a_month_that_is_not_one_says_so_and_shows_the_latest(
    client_alice, alice, mid_march, typed
):
    on(alice, date(2026, 3, 2))
    response = client_alice.get(URL, {"month": typed})
    assert response.status_code == 200
    assert "That month was not understood." in response.content.decode()
    assert shown(response) == [date(2026, 3, 2)]


def test_the_month_is_the_persons_own(client, django_user_model, time_machine):
    # 1 April 2026 at 08:00 in Auckland is still 31 March in UTC.
    time_machine.move_to(datetime(2026, 3, 31, 20, tzinfo=UTC), tick=False)
    kiri = screened(django_user_model.objects.create_user("kiri", password="a-long-pass-phrase"))
    Profile.objects.create(user=kiri, time_zone="Pacific/Auckland")
    client.force_login(kiri)
    on(kiri, date(2026, 3, 30))
    on(kiri, date(2026, 4, 1))
    assert shown(client.get(URL)) == [date(2026, 4, 1)]


def test_a_session_dated_after_today_does_not_hide_this_month(client_alice, alice, mid_march):
    on(alice, date(2026, 3, 3))
    on(alice, date(2026, 5, 1))
    response = client_alice.get(URL)
    assert shown(response) == [date(2026, 3, 3)]
    assert 'href="?month=2026-05" rel="next"' in response.content.decode()


def test_an_old_page_address_lands_on_the_month_where_that_page_began(
    client_alice, alice, mid_march
):
    for n in range(25):
        on(alice, date(2026, 3, 13) - timedelta(days=n))
    # The 21st newest session, which began page 2, is on 21 February.
    response = client_alice.get(URL, {"page": "2"})
    assert response.status_code == 302
    assert response["Location"] == f"{URL}?month=2026-02"
    assert client_alice.get(URL, {"page": "lots"})["Location"] == f"{URL}?month=2026-03"
    assert client_alice.get(URL, {"page": "99"})["Location"] == URL


def test_a_newcomer_sees_how_to_start_and_the_import_form(client_alice):
    html = client_alice.get(URL).content.decode()
    assert "No sessions yet." in html
    assert 'class="month-nav"' not in html
    assert 'action="/progress/import/"' in html


def test_the_history_costs_the_same_after_years_of_logging(client_alice, alice, mid_march):
    from django.core.cache import cache

    on(alice, date(2026, 3, 2), exercises=["walk"])
    refresh_stage_changes(alice)
    catalogue()  # the program's content is read once per process (see exercises/catalogue.py)
    afresh = queries_for(lambda: client_alice.get(URL))
    again = queries_for(lambda: client_alice.get(URL))
    # Three years of daily sessions before it: the page still reads one month of them.
    Session.objects.bulk_create(
        Session(
            user=alice,
            date=date(2026, 2, 28) - timedelta(days=n),
            leg_pain_before=3,
            leg_pain_after=3,
            back_pain=2,
            symptoms_reach="thigh",
        )
        for n in range(3 * 365)
    )
    refresh_stage_changes(alice)  # as every write does
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client_alice.get(URL)
    assert len(captured) == afresh
    assert queries_for(lambda: client_alice.get(URL)) == again < afresh
    assert shown(response) == [date(2026, 3, 2)]
    # Every month from the first session's to the latest's can be chosen.
    assert response.content.decode().count("<option value=") == 37


def test_the_months_list_served_again_follows_a_change_to_the_record(
    client_alice, alice, mid_march
):
    on(alice, date(2026, 3, 2), notes="first")
    refresh_stage_changes(alice)
    client_alice.get(URL)
    log_session(alice, 0, exercises=["bridge"])  # 14 March
    html = client_alice.get(URL).content.decode()
    assert "Saturday 14 March 2026" in html and "Monday 2 March 2026" in html


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
    assert [s.pk for s in page.context["sessions"]] == [logged_first.pk, logged_later.pk]
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
