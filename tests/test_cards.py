"""The HTML fragments made in Python escape what they are given and link where they should."""

from datetime import date, time

import pytest
from django.urls import reverse

from progress import cards
from progress.gate import Change

pytestmark = pytest.mark.django_db


def test_a_stage_card_escapes_its_words_and_links_the_session_that_changed_it():
    change = Change("plank", "paused", 41, date(2026, 3, 5), "why")
    html = cards.stage_card("<Plank>", "paused", 'Leg pain "went" up & more', change)
    assert "<Plank>" not in html and "&lt;Plank&gt;" in html
    assert "Leg pain &quot;went&quot; up &amp; more" in html
    assert f'<a href="{reverse("progress:session", args=[41])}">the session of 5 March</a>' in html
    assert 'class="badge badge-paused">Paused<' in html
    assert "Because of" not in cards.stage_card("Plank", "locked", "Not yet.")


def test_a_session_card_says_when_and_what_hurt():
    html = cards.session_card(
        "/progress/sessions/7/", date(2026, 3, 5), time(18, 30), ["Bridge"], 3, 5, None, 2, "foot"
    )
    assert '<a href="/progress/sessions/7/">Thursday 5 March 2026, 18:30</a>' in html
    assert "Leg pain 3 → 5</p>" in html and "Symptoms: foot" in html
    assert "No exercises recorded" in cards.session_card(
        "/x/", date(2026, 3, 5), None, [], 3, 3, 4, 2, "thigh"
    )


def test_many_session_addresses_from_one_reversal():
    url = cards.session_url()
    assert [url(pk) for pk in (1, 987654321, 42)] == [
        reverse("progress:session", args=[pk]) for pk in (1, 987654321, 42)
    ]
