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
    settings.HELP_CALLS = {
        "emergency": {"number": "112", "service": "Emergency number"},
        "today": {"number": "", "service": ""},
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


def test_the_call_buttons_use_the_deployments_numbers_and_services(client, settings):
    settings.HELP_CALLS = {
        "emergency": {"number": "+49 112", "service": "Notruf"},
        "today": {"number": "116 117", "service": "Ärztlicher Bereitschaftsdienst"},
    }
    html = client.get(reverse("emergency")).content.decode()
    assert 'href="tel:+49112"><strong>Call +49 112</strong> <span>Notruf</span>' in html
    assert 'href="tel:116117"><strong>Call 116 117</strong>' in html
    assert "Ärztlicher Bereitschaftsdienst" in html
    assert 'href="tel:999"' not in html and 'href="tel:111"' not in html


def test_a_line_without_a_number_gets_no_button(client, settings):
    settings.HELP_CALLS = {**settings.HELP_CALLS, "today": {"number": "", "service": "NHS 111"}}
    html = client.get(reverse("emergency")).content.decode()
    assert 'href="tel:999"' in html
    assert "tel:111" not in html and "NHS 111" not in html


def test_the_guidance_and_the_500_page_can_call_for_help_too(client):
    guidance = client.get(reverse("guidance")).content.decode()
    assert 'href="tel:999"' in guidance and 'href="tel:111"' in guidance
    assert '<a href="tel:999">Call 999 (Emergency services)</a>' in render_to_string("500.html")


def test_a_tel_link_keeps_only_the_digits_and_a_leading_plus():
    assert signs.Call("+44 (20) 7946-0000", "Clinic").href == "tel:+442079460000"
    assert signs.Call("999", "Emergency services").href == "tel:999"
