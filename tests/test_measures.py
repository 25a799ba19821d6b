"""The two outcome measures: how they are scored, asked, offered each week, and carried as CSV."""

import io
from datetime import date, timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from progress import measures, measures_csv
from progress.measures import Point, Refused, psfs_score, sbi_total
from progress.models import Bothersomeness, FunctionalRating, FunctionalScale
from tests.helpers import days_ago, queries_for

pytestmark = pytest.mark.django_db

ALL_FOUR = {"leg_pain": 4, "numbness": 2, "weakness": 1, "sitting": 5}


# --- Scoring --------------------------------------------------------------------------------


def test_the_bothersomeness_index_adds_up_its_four_items():
    assert sbi_total(ALL_FOUR) == 12
    assert sbi_total(dict.fromkeys(measures.SBI_CODES, 6)) == 24
    assert sbi_total(dict.fromkeys(measures.SBI_CODES, 0)) == 0


@pytest.mark.parametrize("code", measures.SBI_CODES)
def test_an_index_with_an_item_missing_is_refused_not_counted_as_0(code):
    without = {key: value for key, value in ALL_FOUR.items() if key != code}
    with pytest.raises(Refused, match="not counted as 0"):
        sbi_total(without)
    with pytest.raises(Refused, match="no answer"):
        sbi_total({**ALL_FOUR, code: None})


@pytest.mark.parametrize("bad", [-1, 7, 2.5, True, "3"])
def test_an_index_item_outside_0_to_6_is_refused(bad):
    with pytest.raises(Refused, match="whole number from 0 to 6"):
        sbi_total({**ALL_FOUR, "weakness": bad})


def test_the_index_knows_only_its_four_items():
    with pytest.raises(Refused, match="no item called"):
        sbi_total({**ALL_FOUR, "mood": 3})


def test_the_functional_scale_is_the_mean_of_its_ratings():
    assert psfs_score([("socks", 2), ("sitting", 4), ("stairs", 9)]) == 5
    assert psfs_score([("a", 1), ("b", 2), ("c", 3), ("d", 4), ("e", 5)]) == 3
    assert psfs_score([("a", 0), ("b", 0), ("c", 1), ("d", 0)]) == 0.25


def test_a_missing_activity_rating_is_refused_not_counted_as_0():
    with pytest.raises(Refused, match="not counted as 0"):
        psfs_score([("socks", 2), ("sitting", None), ("stairs", 9)])


@pytest.mark.parametrize("count", [0, 1, 2, 6])
def test_the_functional_scale_needs_three_to_five_activities(count):
    with pytest.raises(Refused, match="3 to 5 activities"):
        psfs_score([(f"activity {n}", 5) for n in range(count)])


def test_the_same_activity_twice_is_refused_whatever_its_capitals_and_spaces():
    with pytest.raises(Refused, match="listed twice"):
        psfs_score([("Putting on socks", 2), ("putting  on socks", 4), ("stairs", 9)])


@pytest.mark.parametrize("bad", [-1, 11, 7.5])
def test_an_activity_rating_outside_0_to_10_is_refused(bad):
    with pytest.raises(Refused, match="whole number from 0 to 10"):
        psfs_score([("socks", 2), ("sitting", bad), ("stairs", 9)])


def test_an_unnamed_activity_is_refused():
    with pytest.raises(Refused, match="needs the activity"):
        psfs_score([("socks", 2), ("  ", 4), ("stairs", 9)])


def test_a_change_of_two_points_in_the_scale_is_the_smallest_that_matters():
    assert measures.psfs_change_matters(5.4, 7.4)
    assert measures.psfs_change_matters(6, 4)
    assert not measures.psfs_change_matters(5, 6.9)


def test_the_start_of_a_period_is_the_answer_standing_on_its_first_day():
    points = [Point(date(2026, 1, d), d) for d in (1, 10, 20, 30)]
    trend = measures.start_and_now(points, date(2026, 1, 12), date(2026, 1, 25))
    assert (trend.first.day, trend.last.day) == (date(2026, 1, 10), date(2026, 1, 20))
    # Nothing before the period: its first answer within it.
    trend = measures.start_and_now(points, date(2025, 12, 1), date(2026, 1, 15))
    assert (trend.first.day, trend.last.day) == (date(2026, 1, 1), date(2026, 1, 10))
    assert measures.start_and_now(points, date(2025, 1, 1), date(2025, 2, 1)).last is None


def test_the_weekly_offer_is_due_a_week_after_the_last_answer_unless_put_off():
    today = date(2026, 3, 10)
    assert measures.due(None, today)
    assert not measures.due(today - timedelta(days=6), today)
    assert measures.due(today - timedelta(days=7), today)
    assert not measures.due(None, today, skipped_until=today)
    assert measures.due(None, today, skipped_until=today - timedelta(days=1))


def test_the_chart_of_scores_draws_a_point_for_each_answer():
    points = [Point(date(2026, 1, 1), 12), Point(date(2026, 2, 1), 8), Point(date(2026, 3, 1), 6)]
    chart = measures.score_chart(points, 24, "Bothersomeness index")
    assert chart["svg"].count('class="dot-leg-before"') == 3
    assert "12 at first, 6 at the latest, out of 24" in chart["desc"]
    assert measures.score_chart([], 24, "x") is None


# --- Asking ---------------------------------------------------------------------------------

SBI_URL = reverse("progress:bothersomeness")
PSFS_URL = reverse("progress:functional_scale")


def test_the_index_form_saves_todays_answer(client_alice, alice):
    response = client_alice.post(SBI_URL, ALL_FOUR)
    assert response.status_code == 302
    answer = Bothersomeness.objects.get(user=alice)
    assert answer.answered_on == timezone.localdate()
    assert answer.total == 12
    page = client_alice.get(response["Location"]).content.decode()
    assert "your bothersomeness score is saved (12 out of 24)" in page


def test_the_index_form_refuses_an_unanswered_item_with_a_message(client_alice, alice):
    response = client_alice.post(SBI_URL, {**ALL_FOUR, "weakness": ""})
    assert response.status_code == 200
    assert "Choose a rating: a missing rating is not counted as 0." in response.content.decode()
    assert not Bothersomeness.objects.exists()


def test_a_second_answer_on_the_same_day_replaces_the_first(client_alice, alice):
    client_alice.post(SBI_URL, ALL_FOUR)
    response = client_alice.post(SBI_URL, {**ALL_FOUR, "sitting": 0}, follow=True)
    assert [a.total for a in Bothersomeness.objects.filter(user=alice)] == [7]
    assert "It replaces the answer you gave earlier today." in response.content.decode()


def psfs_post(*rows):
    data = {}
    for n, (activity, rating) in enumerate(rows, start=1):
        data[f"activity_{n}"] = activity
        data[f"rating_{n}"] = "" if rating is None else str(rating)
    return data


def test_the_activity_form_saves_three_to_five_activities_in_order(client_alice, alice):
    data = psfs_post(("Putting on socks", 3), ("Sitting through a film", 4), ("Stairs", 8))
    assert client_alice.post(PSFS_URL, data).status_code == 302
    answer = FunctionalScale.objects.get(user=alice)
    assert [(r.activity, r.rating) for r in answer.ratings.all()] == [
        ("Putting on socks", 3),
        ("Sitting through a film", 4),
        ("Stairs", 8),
    ]


def test_the_activity_form_refuses_an_unrated_activity_and_saves_nothing(client_alice, alice):
    data = psfs_post(("Socks", 3), ("Film", None), ("Stairs", 8))
    response = client_alice.post(PSFS_URL, data)
    assert response.status_code == 200
    assert "Rate “Film”: a missing rating is not counted as 0." in response.content.decode()
    assert not FunctionalScale.objects.exists()


def test_the_activity_form_says_what_is_wrong_with_each_row_at_once(client_alice):
    data = psfs_post(("Socks", 3), ("", 5), ("socks", 8), ("x" * 101, 2))
    html = client_alice.post(PSFS_URL, data).content.decode()
    assert "Name the activity this rating is for." in html
    assert "“socks” is listed above already." in html
    assert "Describe the activity in 100 characters or fewer; this is 101." in html


def test_the_activity_form_needs_at_least_three_activities(client_alice):
    html = client_alice.post(PSFS_URL, psfs_post(("Socks", 3), ("Film", 5))).content.decode()
    assert "Name and rate at least 3 activities; only 2 are filled in." in html


def test_the_activity_form_offers_last_times_activities_to_rate_again(client_alice, alice):
    measures_csv.save_answer(
        alice, measures.psfs_answer(days_ago(7), [("Socks", 3), ("Film", 4), ("Stairs", 8)])
    )
    response = client_alice.get(PSFS_URL)
    form = response.context["form"]
    assert [form[f"activity_{n}"].value() for n in (1, 2, 3, 4)] == [
        "Socks",
        "Film",
        "Stairs",
        None,
    ]
    assert form["rating_1"].value() is None
    assert "Rate the same activities as last time" in response.content.decode()


def test_the_questionnaires_page_shows_scores_over_time_with_the_change_that_matters(
    client_alice, alice
):
    for back, ratings in ((21, (2, 3, 4)), (0, (5, 6, 7))):
        measures_csv.save_answer(
            alice,
            measures.psfs_answer(days_ago(back), list(zip(("a", "b", "c"), ratings, strict=True))),
        )
    measures_csv.save_answer(alice, measures.sbi_answer(days_ago(3), ALL_FOUR))
    html = client_alice.get(reverse("progress:measures")).content.decode()
    assert html.count('class="dot-leg-before"') == 3  # two answers on one chart, one on the other
    assert "<strong>3.0</strong>" in html and "<strong>6.0</strong>" in html
    assert "a change that matters" in html
    assert "A change of 2 points or more is the smallest change that matters to a person." in html
    assert "Patrick DL" in html


# --- Offered on the dashboard ---------------------------------------------------------------

DASHBOARD = reverse("progress:dashboard")


def test_sign_up_leads_to_the_baseline_questionnaires_after_the_safety_questions(client):
    client.post(
        reverse("signup"),
        {"username": "carol", "password1": "a-long-pass-phrase", "password2": "a-long-pass-phrase"},
    )
    # The safety questions come first, as for everyone.
    assert client.get(DASHBOARD)["Location"] == reverse("progress:screening")
    client.post(reverse("progress:screening"), {})
    html = client.get(DASHBOARD).content.decode()
    assert "Record how you are now" in html
    assert SBI_URL in html and PSFS_URL in html
    assert "Not this week" in html


def test_the_offer_leaves_once_answered_and_comes_back_a_week_later(client_alice, alice):
    client_alice.post(SBI_URL, ALL_FOUR)
    client_alice.post(PSFS_URL, psfs_post(("a", 1), ("b", 2), ("c", 3)))
    html = client_alice.get(DASHBOARD).content.decode()
    assert "measures-offer" not in html
    assert reverse("progress:summary") in html  # plain links remain
    with time_machine.travel(timezone.now() + timedelta(days=7)):
        html = client_alice.get(DASHBOARD).content.decode()
    assert "Your weekly questionnaires" in html
    assert SBI_URL in html and PSFS_URL in html


def test_only_the_questionnaire_not_answered_this_week_is_offered(client_alice, alice):
    measures_csv.save_answer(alice, measures.sbi_answer(days_ago(8), ALL_FOUR))
    client_alice.post(PSFS_URL, psfs_post(("a", 1), ("b", 2), ("c", 3)))
    html = client_alice.get(DASHBOARD).content.decode()
    assert SBI_URL in html and PSFS_URL not in html


def test_not_this_week_puts_the_offer_off_for_seven_days(client_alice, alice):
    client_alice.get(reverse("progress:measures"))  # as after any visit to them
    assert "measures-offer" in client_alice.get(DASHBOARD).content.decode()
    response = client_alice.post(reverse("progress:measures_skip"), follow=True)
    assert "offered again next week" in response.content.decode()
    assert "measures-offer" not in client_alice.get(DASHBOARD).content.decode()
    with time_machine.travel(timezone.now() + timedelta(days=6)):
        assert "measures-offer" not in client_alice.get(DASHBOARD).content.decode()
    with time_machine.travel(timezone.now() + timedelta(days=7)):
        assert "measures-offer" in client_alice.get(DASHBOARD).content.decode()


def test_a_person_who_has_answered_neither_is_offered_the_baseline(client_alice):
    html = client_alice.get(DASHBOARD).content.decode()
    assert "measures-offer" in html and "Record how you are now" in html
    assert reverse("progress:measures") in html and reverse("progress:summary") in html


def test_no_questionnaire_is_offered_while_warning_signs_wait_for_a_clinician(client_alice):
    client_alice.get(reverse("progress:measures"))
    client_alice.post(reverse("progress:screening"), {"red_flags": ["both_legs"]})
    html = client_alice.get(DASHBOARD).content.decode()
    assert "measures-offer" not in html and reverse("progress:measures") not in html


def test_an_answer_from_anywhere_changes_the_offer_at_once(client_alice, alice):
    """The offer is cached with the dashboard's data: an answer saved by any code (another
    device, the admin) touches the person's state, so the next dashboard follows it; served
    again, the offer costs no query."""
    client_alice.get(DASHBOARD)
    assert queries_for(lambda: client_alice.get(DASHBOARD)) == 3  # session, person, version
    measures_csv.save_answer(alice, measures.sbi_answer(days_ago(0), ALL_FOUR))
    html = client_alice.get(DASHBOARD).content.decode()
    assert reverse("progress:bothersomeness") not in html
    assert reverse("progress:functional_scale") in html


# --- CSV ------------------------------------------------------------------------------------


def some_answers(user):
    measures_csv.save_answer(user, measures.sbi_answer(days_ago(30), ALL_FOUR))
    measures_csv.save_answer(
        user,
        measures.psfs_answer(
            days_ago(30), [("=socks, on", 2), ('Sitting "long"', 3), ("Stairs", 8)]
        ),
    )
    measures_csv.save_answer(user, measures.sbi_answer(days_ago(2), dict.fromkeys(ALL_FOUR, 1)))


def exported(user) -> str:
    out = io.StringIO()
    measures_csv.write_csv(user, out)
    return out.getvalue()


def test_export_writes_a_row_per_rating_oldest_first(alice):
    some_answers(alice)
    lines = exported(alice).splitlines()
    day = days_ago(30).isoformat()
    assert lines[:6] == [
        "date,measure,item,score",
        f"{day},sbi,leg_pain,4",
        f"{day},sbi,numbness,2",
        f"{day},sbi,weakness,1",
        f"{day},sbi,sitting,5",
        # A cell a spreadsheet would run as a formula is escaped, as in the log's file.
        f'{day},psfs,"\'=socks, on",2',
    ]
    assert len(lines) == 1 + 4 + 3 + 4


def test_the_measures_file_round_trips_into_another_account(alice, bob):
    some_answers(alice)
    text = exported(alice)
    result = measures_csv.import_csv(bob, text)
    assert (result.created, result.skipped, result.errors) == (3, 0, [])
    assert exported(bob) == text


def test_a_second_import_of_the_same_file_changes_nothing(alice, bob):
    some_answers(alice)
    text = exported(alice)
    measures_csv.import_csv(bob, text)
    before = list(FunctionalRating.objects.values_list("pk", "activity", "rating"))
    result = measures_csv.import_csv(bob, text)
    assert (result.created, result.skipped, result.errors) == (0, 3, [])
    assert list(FunctionalRating.objects.values_list("pk", "activity", "rating")) == before
    assert exported(bob) == text


def test_import_reports_every_problem_at_once_and_saves_nothing(alice):
    day = days_ago(3).isoformat()
    future = (timezone.localdate() + timedelta(days=1)).isoformat()
    text = "\n".join(
        [
            "date,measure,item,score",
            f"{day},sbi,leg_pain,4",
            f"{day},sbi,numbness,2",
            f"{day},sbi,sitting,5",  # weakness is missing
            f"{future},sbi,leg_pain,1",
            f"{day},mood,happy,3",
            f"{day},psfs,socks,",
            f"{day},psfs,stairs,11",
            "2026-02-30,psfs,film,3",
            f"{days_ago(4).isoformat()},psfs,socks,3",
        ]
    )
    result = measures_csv.import_csv(alice, text)
    assert result.created == 0
    assert result.errors == [
        f"Row 5: date {future} is in the future.",
        "Row 6: measure must be sbi or psfs, not 'mood'.",
        "Row 7: score is empty: a missing rating is not counted as 0.",
        "Row 8: score must be a whole number from 0 to 10, not '11'.",
        "Row 9: date '2026-02-30' is not a day on the calendar.",
        f"Rows 2-4 (Sciatica Bothersomeness Index of {day}): Rate every item (a missing rating "
        "is not counted as 0); this one has no answer: Weakness in the leg or foot.",
        f"Row 10 (Patient-Specific Functional Scale of {days_ago(4).isoformat()}): Name and "
        "rate 3 to 5 activities; there is 1.",
    ]
    assert not Bothersomeness.objects.exists() and not FunctionalScale.objects.exists()


def test_import_refuses_a_different_answer_for_a_day_already_answered(alice):
    some_answers(alice)
    day = days_ago(2).isoformat()
    text = exported(alice).replace(f"{day},sbi,sitting,1", f"{day},sbi,sitting,6")
    result = measures_csv.import_csv(alice, text)
    assert result.created == 0
    assert result.errors == [
        f"Rows 9-12: your Sciatica Bothersomeness Index of {day} is already "
        "saved with other scores. Nothing was imported: to keep the file's answer, take that "
        "day's rows out of the file, or change the saved answer in the app first."
    ]
    assert Bothersomeness.objects.get(user=alice, answered_on=days_ago(2)).sitting == 1


def test_import_refuses_a_wrong_header():
    result = measures_csv.import_csv(None, "day,measure,item,score\n2026-01-01,sbi,leg_pain,1\n")
    assert result.errors == ["Row 1: the header must be exactly date,measure,item,score."]


def test_the_pages_export_and_import_the_file(client_alice, alice, bob):
    some_answers(bob)
    text = exported(bob)
    upload = SimpleUploadedFile("measures.csv", text.encode(), content_type="text/csv")
    response = client_alice.post(reverse("progress:measures_import"), {"file": upload}, follow=True)
    assert "Imported 3 answers." in response.content.decode()
    download = client_alice.get(reverse("progress:measures_export"))
    assert download["Content-Type"] == "text/csv; charset=utf-8"
    assert "sciatica-measures-" in download["Content-Disposition"]
    assert download.content.decode() == text


def test_the_import_page_lists_the_problems_and_keeps_the_answers(client_alice, alice):
    some_answers(alice)
    upload = SimpleUploadedFile("m.csv", b"date,measure,item,score\n2026-01-01,sbi,leg,1\n")
    response = client_alice.post(reverse("progress:measures_import"), {"file": upload})
    assert response.status_code == 400
    assert "an sbi item must be one of leg_pain, numbness, weakness, sitting" in (
        response.content.decode()
    )
    assert Bothersomeness.objects.filter(user=alice).count() == 2


def test_deleting_the_account_deletes_the_answers(alice):
    some_answers(alice)
    alice.delete()
    assert not Bothersomeness.objects.exists()
    assert not FunctionalScale.objects.exists() and not FunctionalRating.objects.exists()


@pytest.mark.parametrize("model", ["bothersomeness", "functionalscale"])
def test_staff_read_the_answers_in_the_admin_but_cannot_add_or_change_them(client, alice, model):
    from django.apps import apps
    from django.contrib.auth.models import User

    some_answers(alice)
    client.force_login(User.objects.create_superuser("editor", "e@example.com", "a-long-phrase"))
    row = apps.get_model("progress", model).objects.filter(user=alice).first()
    listing = client.get(reverse(f"admin:progress_{model}_changelist")).content.decode()
    assert "alice" in listing
    page = client.get(reverse(f"admin:progress_{model}_change", args=[row.pk])).content.decode()
    assert 'name="_save"' not in page
    if model == "functionalscale":
        assert "Sitting &quot;long&quot;" in page  # its activities, shown with it
    assert client.get(reverse(f"admin:progress_{model}_add")).status_code == 403
    assert client.post(reverse(f"admin:progress_{model}_change", args=[row.pk])).status_code == 403
