"""The warning signs are worded once and routed by urgency, with advice a deployment can set."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from progress import signs
from progress.forms import ScreeningForm, SessionForm
from progress.models import RedFlag, SoonReason

pytestmark = pytest.mark.django_db


def test_the_checkboxes_use_the_same_words_as_the_emergency_page(client):
    emergency = client.get(reverse("emergency")).content.decode()
    for field in (SessionForm().fields["red_flags"], ScreeningForm().fields["red_flags"]):
        labels = [label for _, label in field.choices]
        assert labels == [sign.text for sign in signs.EMERGENCY_SIGNS]
        for label in labels:
            assert f"<li>{label}.</li>" in emergency


def test_the_checkboxes_name_everything_the_emergency_page_explains():
    words = " ".join(RedFlag.labels).lower()
    for detail in ("buttocks", "tingling", "not feeling when you need to go", "numbness in a leg"):
        assert detail in words


def test_the_stored_codes_do_not_change():
    assert RedFlag.values == ["saddle_numbness", "bladder_bowel", "both_legs", "worsening_weakness"]


def test_the_footer_and_the_500_page_name_every_sign(client):
    footer = client.get(reverse("exercises:list")).content.decode().split('class="site-footer"')[1]
    error_page = render_to_string("500.html")
    for sign in signs.EMERGENCY_SIGNS:
        # Within the footer's sentence, each sign starts with a small letter.
        assert sign.text[0].lower() + sign.text[1:] in footer
        assert f"<li>{sign.text}.</li>" in error_page
    assert "Go to A&amp;E or call 999 now" in footer
    assert "Go to A&amp;E or call 999 now" in error_page


def test_the_questions_ask_about_now_not_only_what_is_new():
    for form in (SessionForm(), ScreeningForm()):
        label = form.fields["red_flags"].label
        assert "happening" in label and "now" in label and "getting worse" in label


def test_the_safety_questions_ask_the_nhs_reasons_to_see_a_gp():
    assert {"pain_worsening", "stops_activities"} <= set(SoonReason.values)
    assert SoonReason("stops_activities").label == (
        "Pain that stops you doing your normal activities"
    )


def test_another_deployment_sets_its_own_advice(client, settings):
    settings.HELP_ADVICE = {
        "emergency": "Call 112 now",
        "today": "Call your doctor today",
        "gp": "See your doctor",
    }
    for url in (reverse("emergency"), reverse("guidance")):
        html = client.get(url).content.decode()
        assert "Call 112 now" in html and "999" not in html
    guidance = client.get(reverse("guidance")).content.decode()
    assert "Call your doctor today" in guidance and "See your doctor" in guidance
    assert "Call 112 now" in render_to_string("500.html")


def test_reasons_are_grouped_by_how_soon_most_urgent_first():
    groups = signs.by_urgency(["pain_worsening", "night_pain", "unknown", "fever_unwell"])
    assert [(advice, [s.code for s in group]) for advice, group in groups] == [
        ("Contact your GP today, or call 111", ["night_pain", "fever_unwell"]),
        ("Make an appointment with your GP", ["pain_worsening"]),
    ]


def test_a_gp_reason_ticked_in_the_weekly_check_is_routed_to_an_appointment(client_alice):
    client_alice.post(reverse("progress:screening"), {"soon_reasons": ["stops_activities"]})
    html = client_alice.get(reverse("progress:dashboard")).content.decode()
    assert "<strong>Make an appointment with your GP</strong> about:" in html
    assert "Contact your GP today" not in html.split('class="site-footer"')[0]


def test_the_screening_says_what_it_does_and_promises_no_more(client_alice):
    html = client_alice.get(reverse("progress:screening")).content.decode()
    assert "check for signs that need a doctor first" in html
    assert "make sure home exercise is right for you" not in html


def test_the_weekly_check_on_the_dashboard_says_what_it_is_and_what_to_do(client_alice, alice):
    from datetime import timedelta

    from django.utils import timezone

    from progress.models import Screening

    Screening.objects.filter(user=alice).update(created_at=timezone.now() - timedelta(days=8))
    html = client_alice.get(reverse("progress:dashboard")).content.decode()
    assert "It checks for signs that need a doctor before you carry on exercising." in html
    assert "<legend>Warning signs</legend>" in html
    assert "If any of these is happening, do not exercise: go to A&amp;E or call 999 now." in html
    assert "new or not yet talked over with your GP" in html
