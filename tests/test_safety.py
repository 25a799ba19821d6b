"""Warning signs, the weekly check, when to see a doctor, and the flare plan."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from progress import safety
from progress.csvlog import COLUMNS, import_csv
from progress.models import Assessment, RedFlag, RedFlagReport, Screening, Session
from tests.helpers import calm_fortnight, days_ago, log_session
from tests.test_log import form_data

pytestmark = pytest.mark.django_db

STAGES_JSON = reverse("progress:stages_json")
DASHBOARD = reverse("progress:dashboard")


def statuses(client) -> set[str]:
    return {stage["status"] for stage in client.get(STAGES_JSON).json()["stages"]}


# --- Emergency signs ----------------------------------------------------------------------------


@pytest.mark.parametrize("code", RedFlag.values)
def test_each_emergency_sign_in_a_session_suspends_every_stage_and_shows_the_page(
    client_alice, alice, code
):
    calm_fortnight(alice)
    response = client_alice.post(reverse("progress:log"), form_data(red_flags=code))
    assert response["Location"] == reverse("progress:warning")
    page = client_alice.get(response["Location"]).content.decode()
    assert "Go to A&amp;E or call 999 now" in page
    assert RedFlag(code).label in page
    assert statuses(client_alice) == {"suspended"}
    stages = client_alice.get(STAGES_JSON).json()["stages"]
    assert all("Go to A&E or call 999 now." in stage["reason"] for stage in stages)


@pytest.mark.parametrize("code", RedFlag.values)
def test_each_emergency_sign_in_the_screening_suspends_every_stage(client_alice, code):
    response = client_alice.post(reverse("progress:screening"), {"red_flags": [code]})
    assert response["Location"] == reverse("progress:warning")
    assert statuses(client_alice) == {"suspended"}


def test_while_suspended_no_exercise_can_be_logged(client_alice, alice):
    log_session(alice, 1, red_flags=["both_legs"])
    safety.record_red_flags(alice, ["both_legs"])
    rows = [{"exercise": "knee-rock", "sets": 1, "reps": 10}]
    response = client_alice.post(reverse("progress:log"), form_data(rows))
    assert "Knee rock is in the Gentle start stage, which is suspended for you." in (
        response.content.decode()
    )
    assert Session.objects.filter(user=alice).count() == 1


def test_confirming_an_assessment_lifts_the_suspension_and_is_kept(client_alice, alice):
    client_alice.post(reverse("progress:screening"), {"red_flags": ["bladder_bowel"]})
    page = client_alice.get(reverse("progress:assessed")).content.decode()
    assert "New trouble passing urine, losing control of your bladder or bowel" in page
    refused = client_alice.post(reverse("progress:assessed"), {})
    assert "Tick the box to confirm" in refused.content.decode()
    assert statuses(client_alice) == {"suspended"}
    before = timezone.now()
    client_alice.post(reverse("progress:assessed"), {"confirmed": "on", "note": "Scan clear."})
    assessment = Assessment.objects.get(user=alice)
    assert assessment.confirmed_at >= before
    assert assessment.note == "Scan clear."
    assert statuses(client_alice) == {"open", "locked"}
    # The report stays in the history.
    assert RedFlagReport.objects.filter(user=alice, codes=["bladder_bowel"]).exists()


def test_a_new_sign_after_an_assessment_suspends_again(client_alice, alice):
    safety.record_red_flags(alice, ["both_legs"])
    Assessment.objects.create(user=alice)
    assert statuses(client_alice) == {"open", "locked"}
    safety.record_red_flags(alice, ["saddle_numbness"])
    assert statuses(client_alice) == {"suspended"}


def test_editing_a_session_to_add_a_sign_suspends(client_alice, alice):
    session = log_session(alice, 1)
    data = form_data(date=session.date.isoformat(), red_flags="worsening_weakness")
    response = client_alice.post(reverse("progress:edit", args=[session.pk]), data)
    assert response["Location"] == reverse("progress:warning")
    assert statuses(client_alice) == {"suspended"}


def test_an_imported_sign_from_the_last_week_suspends_too(client_alice, alice):
    row = f"{days_ago(7)},3,3,,2,thigh,walk,both_legs,"
    result = import_csv(alice, f"{','.join(COLUMNS)}\n{row}\n")
    assert result.errors == [] and result.recent_warning_signs
    assert statuses(client_alice) == {"suspended"}
    report = RedFlagReport.objects.get(user=alice)
    assert report.occurred_on == days_ago(7)


def test_an_older_imported_sign_is_history_and_suspends_nothing(client_alice, alice):
    row = f"{days_ago(8)},3,3,,2,thigh,walk,both_legs,"
    result = import_csv(alice, f"{','.join(COLUMNS)}\n{row}\n")
    assert result.errors == [] and not result.recent_warning_signs
    assert statuses(client_alice) == {"open", "locked"}
    report = RedFlagReport.objects.get(user=alice)
    assert (report.occurred_on, report.suspends) == (days_ago(8), False)
    dashboard = client_alice.get(DASHBOARD).content.decode()
    assert "Go to A&amp;E or call 999 now</h2>" not in dashboard
    history = client_alice.get(reverse("progress:stages")).content.decode()
    assert f"{days_ago(8):%-d %B %Y}: you reported sciatica in both legs (in a session" in history


def test_an_older_imported_sign_asks_whether_it_is_still_happening(client_alice, alice):
    from django.core.files.uploadedfile import SimpleUploadedFile

    text = f"{','.join(COLUMNS)}\n{days_ago(20)},3,3,,2,thigh,walk,both_legs,\n"
    upload = SimpleUploadedFile("log.csv", text.encode(), content_type="text/csv")
    response = client_alice.post(reverse("progress:import"), {"file": upload}, follow=True)
    html = response.content.decode()
    assert f"Your file records warning signs on {days_ago(20):%-d %B %Y}." in html
    assert "If any of them is happening now: Go to A&amp;E or call 999 now." in html
    assert "If not, make an appointment with your GP to talk about it." in html


def test_an_older_imported_sign_does_not_hide_a_recent_one(client_alice, alice):
    rows = [
        f"{days_ago(2)},3,3,,2,thigh,walk,bladder_bowel,",
        f"{days_ago(30)},3,3,,2,thigh,,both_legs,",
    ]
    assert import_csv(alice, "\n".join([",".join(COLUMNS), *rows]) + "\n").errors == []
    assert statuses(client_alice) == {"suspended"}
    assert safety.suspension_for(alice).codes == ["bladder_bowel"]


def test_importing_a_recent_sign_through_the_page_leads_to_what_to_do(client_alice, alice):
    from django.core.files.uploadedfile import SimpleUploadedFile

    text = f"{','.join(COLUMNS)}\n{days_ago(1)},3,3,,2,thigh,walk,both_legs,\n"
    upload = SimpleUploadedFile("log.csv", text.encode(), content_type="text/csv")
    response = client_alice.post(reverse("progress:import"), {"file": upload})
    assert response["Location"] == reverse("progress:warning")


def test_there_is_nothing_to_confirm_when_not_suspended(client_alice):
    response = client_alice.get(reverse("progress:assessed"), follow=True)
    assert "There is nothing to confirm" in response.content.decode()


# --- The public emergency page ------------------------------------------------------------------


def test_the_emergency_page_needs_no_login_and_can_be_cached(client):
    response = client.get(reverse("emergency"))
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    html = response.content.decode()
    for code in RedFlag.values:
        assert RedFlag(code).label in html
    assert "<script" not in html
    assert len(response.content) < 8000


# --- Screening ----------------------------------------------------------------------------------


def test_a_new_person_answers_the_safety_questions_before_anything_else(client, django_user_model):
    carol = django_user_model.objects.create_user("carol", password="x")
    client.force_login(carol)
    for url in (DASHBOARD, reverse("progress:log")):
        assert client.get(url)["Location"] == reverse("progress:screening")
    page = client.get(reverse("progress:screening")).content.decode()
    assert "Before your first session" in page
    client.post(reverse("progress:screening"), {})
    assert client.get(DASHBOARD).status_code == 200


def test_the_weekly_check_appears_after_seven_days(client_alice, alice):
    screening = Screening.objects.get(user=alice)
    check = "Your weekly safety check"

    def dashboard_after(days: int) -> str:
        Screening.objects.filter(pk=screening.pk).update(
            created_at=timezone.now() - timedelta(days=days)
        )
        safety.touch(alice)  # stands in for the days going by
        return client_alice.get(DASHBOARD).content.decode()

    assert check not in dashboard_after(0)
    assert check not in dashboard_after(6)
    assert check in dashboard_after(7)


def test_reasons_to_see_a_doctor_soon_are_suggested_and_lock_nothing(client_alice):
    client_alice.post(reverse("progress:screening"), {"soon_reasons": ["night_pain"]})
    html = client_alice.get(DASHBOARD).content.decode()
    assert "See your GP" in html
    assert "<strong>Contact your GP today, or call 111</strong> about:" in html
    assert "Pain that is worst at night and not eased by rest or changing position." in html
    assert statuses(client_alice) == {"open", "locked"}


# --- Six weeks without improvement --------------------------------------------------------------


def test_no_improvement_after_six_weeks_suggests_a_review(client_alice, alice):
    for back in (45, 43, 41, 5, 3, 1):
        log_session(alice, back, before=4, refresh=False)
    html = client_alice.get(DASHBOARD).content.decode()
    assert "<strong>Make an appointment with your GP</strong> about:" in html
    assert "your leg pain has not come down by 2 points (or 30%) since your first week" in html


def test_a_small_fall_after_six_weeks_still_suggests_a_review(client_alice, alice):
    for back, pain in ((45, 5), (43, 5), (3, 4), (1, 4)):
        log_session(alice, back, before=pain, refresh=False)
    assert client_alice.get(DASHBOARD).context["no_improvement"]


def test_improvement_after_six_weeks_needs_no_review(client_alice, alice):
    for back, pain in ((45, 5), (43, 5), (3, 3), (1, 2)):
        log_session(alice, back, before=pain, refresh=False)
    assert not client_alice.get(DASHBOARD).context["no_improvement"]


def test_the_six_week_rule_in_plain_numbers():
    start = date(2026, 1, 1)
    six_weeks = start + timedelta(days=42)
    assert safety.no_improvement_after_six_weeks(start, 4.0, 4.0, six_weeks)
    assert safety.no_improvement_after_six_weeks(start, 4.0, 4.5, six_weeks)
    assert not safety.no_improvement_after_six_weeks(start, 4.0, 4.0, six_weeks - timedelta(1))
    # Any fall is not enough: it takes 2 points, or 30%, to matter to a person.
    assert safety.no_improvement_after_six_weeks(start, 4.0, 3.5, six_weeks)
    assert safety.no_improvement_after_six_weeks(start, 8.0, 6.5, six_weeks)
    assert not safety.no_improvement_after_six_weeks(start, 8.0, 6.0, six_weeks)  # 2 points
    assert not safety.no_improvement_after_six_weeks(start, 3.0, 2.0, six_weeks)  # 33%
    assert safety.no_improvement_after_six_weeks(start, 3.0, 2.2, six_weeks)  # 27%, 0.8 points
    # A leg that no longer hurts needs no review.
    assert not safety.no_improvement_after_six_weeks(start, 0.0, 0.0, six_weeks)
    # No session in the last seven days: nothing to compare.
    assert not safety.no_improvement_after_six_weeks(start, 4.0, None, six_weeks)


# --- The flare plan -----------------------------------------------------------------------------

FLARES = {
    "during": {"after": 6},
    "next morning": {"morning": 5},
    "creep": {"before": 5},
    "further down the leg": {"reach": "below_knee"},
}


@pytest.mark.parametrize("kind", FLARES)
def test_the_flare_plan_follows_each_kind_of_flare(client_alice, alice, kind):
    log_session(alice, 3, before=3, reach="thigh")
    flare = log_session(alice, 2, **({"before": 3} | FLARES[kind]))
    for url in (flare.get_absolute_url(), DASHBOARD):
        html = client_alice.get(url).content.decode()
        assert "Your leg pain went up: ease off for now" in html
        assert "gentle-start exercises" in html and "fewer repeats" in html
        assert "short walks" in html
        assert "pain moving out of your leg and into your lower back" in html


def test_a_second_flare_within_seven_days_suggests_a_physiotherapist(client_alice, alice):
    log_session(alice, 6, before=3, after=5)
    first_only = client_alice.get(DASHBOARD).content.decode()
    assert "or a physiotherapist, about it" not in first_only
    log_session(alice, 1, before=3, after=5)
    html = client_alice.get(DASHBOARD).content.decode()
    assert (
        "Make an appointment with your GP, or a physiotherapist, about it:</strong> this is your "
        "second flare"
    ) in html
    assert "If your leg or foot has become weak or numb" in html
    assert "go to A&amp;E or call 999 now." in html


def test_symptoms_reaching_the_foot_suggests_a_physiotherapist(client_alice, alice):
    log_session(alice, 3, reach="thigh")
    flare = log_session(alice, 2, reach="foot")
    html = client_alice.get(flare.get_absolute_url()).content.decode()
    assert "your symptoms reached your foot" in html


def test_flares_far_apart_need_no_referral():
    assert (
        safety.flare_needs_help([date(2026, 1, 1), date(2026, 1, 9)], date(2026, 1, 9), False)
        is None
    )
    assert safety.flare_needs_help([date(2026, 1, 2), date(2026, 1, 9)], date(2026, 1, 9), False)


def test_the_stages_page_keeps_the_history_of_signs_and_assessments(client_alice, alice):
    safety.record_red_flags(alice, ["both_legs"])
    Assessment.objects.create(user=alice, note="Seen in A&E")
    html = client_alice.get(reverse("progress:stages")).content.decode()
    assert "you reported sciatica in both legs." in html
    assert 'you confirmed a clinician had assessed you ("Seen in A&amp;E").' in html


# --- The dashboard while suspended --------------------------------------------------------------


def test_while_suspended_the_dashboard_leads_with_what_to_do_and_praises_nothing(
    client_alice, alice
):
    for _ in range(4):
        log_session(alice, 0, exercises=["walk"])  # on track for the week, had it not stopped
    log_session(alice, 1, before=3, after=6)  # a flare: its plan is about exercising
    safety.record_red_flags(alice, ["both_legs"])
    response = client_alice.get(DASHBOARD)
    html = response.content.decode()
    main = html[html.index("<h1>My progress</h1>") :]
    # The warning panel comes first, with what to do today.
    assert main.index("<section") == main.index('<section class="emergency"')
    assert "What to do today" in main
    assert "Do not do your exercises." in main
    assert reverse("progress:assessed") in main
    # No praise, no plan to exercise.
    assert "on track" not in html
    assert "Your leg pain went up: ease off for now" not in html
    assert "Your exercises stay open" not in html
    assert response.context["routine"] == []
    assert "Suggested for today" not in html
    # The diary stays open, but the link to it is not the page's lead button.
    log = reverse("progress:log")
    assert f'<a href="{log}">Write in your diary</a>' in main
    assert f'class="button" href="{log}"' not in main
    assert main.index('class="emergency"') < main.index(f'href="{log}"')


def test_once_assessed_the_dashboard_is_the_usual_one_again(client_alice, alice):
    log_session(alice, 0)
    safety.record_red_flags(alice, ["both_legs"])
    client_alice.post(reverse("progress:assessed"), {"confirmed": "on"})
    html = client_alice.get(DASHBOARD).content.decode()
    assert "What to do today" not in html
    assert f'class="button" href="{reverse("progress:log")}"' in html


def test_the_stored_safety_answers_follow_every_change_whoever_makes_it(client_alice, alice):
    """The dashboard reads the latest screening and any suspension from the stored state; a
    report or an assessment saved or deleted by any code (the admin, a script) updates it."""
    from progress.status import read

    log_session(alice, 1)
    assert read(alice).suspension is None
    report = RedFlagReport.objects.create(
        user=alice, codes=["bladder_bowel"], occurred_on=timezone.localdate()
    )
    assert read(alice).suspension.pk == report.pk
    assert statuses(client_alice) == {"suspended"}
    assessment = Assessment.objects.create(user=alice)
    assert read(alice).suspension is None
    assessment.delete()
    assert read(alice).suspension.pk == report.pk
    report.delete()
    assert read(alice).suspension is None
    assert "suspended" not in statuses(client_alice)
    newer = Screening.objects.create(user=alice, soon_reasons=["pain_worsening"])
    assert read(alice).screening.pk == newer.pk
    assert read(alice).screening.soon_reasons == ["pain_worsening"]
