"""Where a signed-in person finds the summary for a clinician and the questionnaires: on the
dashboard, below the questionnaires' offer. Not in the header: its six links already fill a
desktop's row and more than a phone's (which scrolls sideways); two more would wrap it."""

import pytest

from progress import safety

pytestmark = pytest.mark.django_db


def test_the_dashboard_links_the_summary_and_the_questionnaires(client_alice):
    html = client_alice.get("/progress/").content.decode()
    assert '<a href="/progress/summary/">Summary for your clinician</a>' in html
    assert '<a href="/progress/measures/">Your questionnaires</a>' in html


def test_they_are_still_linked_once_the_questionnaires_are_put_off(client_alice):
    client_alice.post("/progress/measures/not-this-week/")
    html = client_alice.get("/progress/").content.decode()
    assert "Your weekly questionnaires" not in html and "Record how you are now" not in html
    assert '<a href="/progress/summary/">Summary for your clinician</a>' in html
    assert '<a href="/progress/measures/">Your questionnaires</a>' in html


def test_while_warning_signs_wait_for_a_doctor_the_summary_is_offered_for_the_visit(
    client_alice, alice
):
    safety.record_red_flags(alice, ["both_legs"])
    html = client_alice.get("/progress/").content.decode()
    assert "You reported warning signs: get help now" in html
    assert '<a href="/progress/summary/">a one-page summary of your diary</a>' in html
    assert client_alice.get("/progress/summary/").status_code == 200
