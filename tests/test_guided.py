"""Today's routine, step by step: the leg before it, one exercise at a time, and the log filled in
from what was done, saved through the log page itself."""

import shutil
import subprocess
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from exercises.catalogue import catalogue
from exercises.models import Exercise
from progress import guide, safety
from progress.models import Session
from progress.views import guided
from tests.conftest import screened
from tests.helpers import days_ago, log_session
from tests.test_log import form_data

pytestmark = pytest.mark.django_db

START = reverse("progress:routine")
LOG = reverse("progress:routine_log")


def step_url(n: int) -> str:
    return reverse("progress:routine_step", args=[n])


@pytest.fixture
def routine_of(monkeypatch):
    """Today's suggestion made of the exercises named, in that order."""

    def suggest(*slugs):
        def todays(*args):
            by_slug = catalogue().by_slug
            return [by_slug[slug] for slug in slugs], 0

        monkeypatch.setattr(guided, "todays_routine", todays)

    return suggest


def begin(client, pain=3, reach="thigh", **extra):
    return client.post(START, {"leg_pain_before": pain, "symptoms_reach": reach, **extra})


def done(client, n, **dose):
    return client.post(step_url(n), {"action": "done", **{f"dose-{k}": v for k, v in dose.items()}})


def act(client, n, action, **fields):
    return client.post(step_url(n), {"action": action, **fields})


# Before


def test_the_dashboard_offers_to_start_todays_routine(client_alice):
    html = client_alice.get(reverse("progress:dashboard")).content.decode()
    assert f'<a class="button" href="{START}">Start today\'s routine</a>' in html


def test_the_routine_is_the_dashboards_suggestion_for_today(client_alice):
    suggested = client_alice.get(reverse("progress:dashboard")).context["routine"]
    listed = [exercise for exercise, _ in client_alice.get(START).context["exercises"]]
    assert listed == suggested != []


def test_it_asks_leg_pain_and_reach_with_the_logs_scores_and_places_and_gives_the_stop_rule(
    client_alice,
):
    response = client_alice.get(START)
    html = response.content.decode()
    form = response.context["form"]
    assert form["leg_pain_before"].label == "Leg pain before the session"
    assert [value for value, _ in form.fields["leg_pain_before"].choices] == list(range(11))
    assert [label for _, label in form.fields["symptoms_reach"].choices] == [
        "No leg symptoms",
        "Buttock",
        "Thigh",
        "Below the knee",
        "Foot",
    ]
    assert "Stop at once if pain spreads down your leg or gets worse:" in html
    assert ">Start</button>" in html


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"symptoms_reach": "thigh"}, "Give a score from 0 to 10."),
        (
            {"leg_pain_before": "11", "symptoms_reach": "thigh"},
            "Enter a whole number from 0 to 10.",
        ),
        ({"leg_pain_before": "3"}, "Choose how far down your leg symptoms reached"),
        ({"leg_pain_before": "3", "symptoms_reach": "ankle"}, "Choose one of the places listed."),
    ],
)
def test_starting_without_clear_answers_says_what_is_missing_and_starts_nothing(
    client_alice, fields, message
):
    response = client_alice.post(START, fields)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert client_alice.get(step_url(1))["Location"] == START


def test_starting_opens_the_first_exercise(client_alice, routine_of):
    routine_of("gluteal-stretch", "walk")
    response = begin(client_alice)
    assert response["Location"] == step_url(1)


def test_the_safety_questions_come_before_any_routine(client, django_user_model):
    unscreened = django_user_model.objects.create_user("dora", password="a-long-pass-phrase")
    client.force_login(unscreened)
    for url in (START, step_url(1), LOG):
        assert client.get(url)["Location"] == reverse("progress:screening")


def test_while_warning_signs_wait_for_a_clinician_there_is_no_routine(
    client_alice, alice, routine_of
):
    routine_of("gluteal-stretch")
    begin(client_alice)
    safety.record_red_flags(alice, ["both_legs"])
    for url in (START, step_url(1), LOG):
        response = client_alice.get(url)
        html = response.content.decode()
        assert "Your exercises are on hold" in html
        assert f'href="{reverse("progress:warning")}"' in html
        assert "sciatica in both legs" in html
        assert "guide-form" not in html and "leg_pain_before" not in html
    assert begin(client_alice).status_code == 200
    assert "Your exercises are on hold" in act(client_alice, 1, "done").content.decode()


def test_a_step_before_the_routine_has_started_goes_to_the_start(client_alice):
    assert client_alice.get(step_url(1))["Location"] == START
    assert client_alice.get(LOG)["Location"] == START


def test_a_step_the_routine_does_not_have_is_not_found(client_alice, routine_of):
    routine_of("gluteal-stretch", "walk")
    begin(client_alice)
    assert client_alice.get(step_url(3)).status_code == 404
    assert client_alice.get(step_url(0)).status_code == 404


# Each exercise


def test_each_step_shows_its_place_figure_dose_steps_what_to_feel_and_when_to_stop(
    client_alice, routine_of
):
    routine_of("gluteal-stretch", "knee-rock", "walk")
    begin(client_alice)
    response = client_alice.get(step_url(1))
    html = response.content.decode()
    stretch = Exercise.objects.get(slug="gluteal-stretch")
    assert "<span>1 of 3</span>" in html
    assert "<h1>Gluteal stretch" in html
    assert 'class="fig fig-moving"' in html
    assert "Hold 30 seconds, 3 times on each side; rest 30 s between holds" in html
    for line in stretch.step_list:
        assert f"<li>{line}</li>" in html
    assert stretch.feel in html and stretch.stop_if in html
    for words in ("Done", "Skip", "Back", "Leg pain spreading or worse — stop"):
        assert f">{words}</button>" in html
    # The gluteal stretch has no easier version in the program.
    assert "Easier version" not in html
    assert response.context["form"]["sets"].value() == 3
    assert response.context["form"]["hold_seconds"].value() == 30


def test_the_last_step_says_the_log_comes_next(client_alice, routine_of):
    routine_of("gluteal-stretch", "walk")
    begin(client_alice)
    html = client_alice.get(step_url(2)).content.decode()
    assert "<span>2 of 2</span>" in html
    assert "next comes your log" in html
    assert 'name="dose-minutes"' in html and 'name="dose-sets"' not in html


def test_done_keeps_what_was_done_and_moves_on(client_alice, routine_of):
    routine_of("gluteal-stretch", "walk")
    begin(client_alice)
    assert done(client_alice, 1, sets=2, hold_seconds=25)["Location"] == step_url(2)
    assert done(client_alice, 2, minutes=20)["Location"] == LOG
    rows = client_alice.get(LOG).context["formset"].initial
    assert [(r["exercise"].slug, r["sets"], r["hold_seconds"], r["minutes"]) for r in rows] == [
        ("gluteal-stretch", 2, 25, None),
        ("walk", None, None, 20),
    ]


@pytest.mark.parametrize(
    ("dose", "message"),
    [
        ({"sets": "0", "hold_seconds": "30"}, "Enter the sets as 1 or more, or leave it empty."),
        ({"sets": "three", "hold_seconds": "30"}, "Enter the sets as a whole number, such as 10."),
        ({"sets": "3", "hold_seconds": ""}, "Give the number of sets and either reps or hold"),
    ],
)
def test_a_dose_typed_wrong_is_explained_and_the_step_waits(
    client_alice, routine_of, dose, message
):
    routine_of("gluteal-stretch", "walk")
    begin(client_alice)
    response = done(client_alice, 1, **dose)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert client_alice.get(LOG).context["formset"].initial == []


def test_back_goes_to_the_step_before_and_from_the_first_to_the_start(client_alice, routine_of):
    routine_of("gluteal-stretch", "walk")
    begin(client_alice)
    assert act(client_alice, 2, "back")["Location"] == step_url(1)
    assert act(client_alice, 1, "back")["Location"] == START


def test_back_shows_what_was_done_at_a_step_already_done(client_alice, routine_of):
    routine_of("gluteal-stretch", "walk")
    begin(client_alice)
    done(client_alice, 1, sets=2, hold_seconds=20)
    form = client_alice.get(step_url(1)).context["form"]
    assert (form["sets"].value(), form["hold_seconds"].value()) == (2, 20)


def test_skip_leaves_an_exercise_out_of_the_log_even_one_done_before(client_alice, routine_of):
    routine_of("gluteal-stretch", "knee-rock", "walk")
    begin(client_alice)
    done(client_alice, 1, sets=3, hold_seconds=30)
    assert act(client_alice, 2, "skip")["Location"] == step_url(3)
    assert act(client_alice, 1, "skip")["Location"] == step_url(2)
    done(client_alice, 3)
    rows = client_alice.get(LOG).context["formset"].initial
    assert [row["exercise"].slug for row in rows] == ["walk"]


def test_the_easier_version_the_program_describes_is_shown_and_logged_as_such(
    client_alice, routine_of
):
    routine_of("squat", "walk")
    begin(client_alice)
    assert "Easier version</button>" in client_alice.get(step_url(1)).content.decode()
    assert act(client_alice, 1, "easier")["Location"] == step_url(1)
    html = client_alice.get(step_url(1)).content.decode()
    assert "The easier version: Do a partial squat, bending only part of the way down." in html
    assert "Full version</button>" in html
    done(client_alice, 1, sets=2, reps=8)
    done(client_alice, 2)
    response = client_alice.get(LOG)
    assert [row["exercise"].slug for row in response.context["formset"].initial] == [
        "squat",
        "walk",
    ]
    assert response.context["form"].initial["notes"] == "Squat: the easier version."


def test_the_full_version_again_logs_it_plainly(client_alice, routine_of):
    routine_of("squat")
    begin(client_alice)
    act(client_alice, 1, "easier")
    act(client_alice, 1, "full")
    assert "Easier version</button>" in client_alice.get(step_url(1)).content.decode()
    done(client_alice, 1, sets=1, reps=10)
    assert client_alice.get(LOG).context["form"].initial["notes"] == ""


def test_an_easier_exercise_is_shown_and_logged_in_place_of_the_harder_one(
    client_alice, routine_of
):
    routine_of("single-leg-bridge", "walk")
    begin(client_alice)
    act(client_alice, 1, "easier")
    html = client_alice.get(step_url(1)).content.decode()
    assert "<h1>Bridge" in html and "instead of Single-leg bridge" in html
    assert Exercise.objects.get(slug="bridge").stop_if in html
    done(client_alice, 1, sets=1, reps=10)
    response = client_alice.get(LOG)
    rows = response.context["formset"].initial
    assert [(row["exercise"].slug, row["reps"]) for row in rows] == [("bridge", 10)]
    assert response.context["form"].initial["notes"] == "Bridge: done instead of Single-leg bridge."


def test_an_easier_exercise_already_in_the_routine_is_not_offered_again(client_alice, routine_of):
    routine_of("bridge", "single-leg-bridge")
    begin(client_alice)
    assert "Easier version" not in client_alice.get(step_url(2)).content.decode()
    # Asking anyway changes nothing.
    act(client_alice, 2, "easier")
    assert "<h1>Single-leg bridge" in client_alice.get(step_url(2)).content.decode()


def test_stop_ends_at_once_and_the_log_leads_with_the_flare_guidance(client_alice, routine_of):
    routine_of("gluteal-stretch", "knee-rock", "walk")
    begin(client_alice, pain=4, reach="buttock")
    done(client_alice, 1, sets=3, hold_seconds=30)
    # A number typed wrong does not hold a stop back.
    response = act(client_alice, 2, "stop", **{"dose-sets": "0"})
    assert response["Location"] == LOG
    response = client_alice.get(LOG)
    html = response.content.decode()
    assert '<section class="flare-plan"' in html
    assert "you stopped the routine because the pain in your leg was spreading" in html
    assert 'class="emergency' not in html
    assert [row["exercise"].slug for row in response.context["formset"].initial] == [
        "gluteal-stretch"
    ]
    initial = response.context["form"].initial
    assert (initial["leg_pain_before"], initial["symptoms_reach"]) == (4, "buttock")
    assert initial["notes"] == "Stopped at Knee rock (2 of 3): leg pain spreading or worse."


def test_stop_keeps_what_the_timer_counted_of_the_exercise_under_way(client_alice, routine_of):
    routine_of("gluteal-stretch", "walk")
    begin(client_alice)
    act(client_alice, 1, "stop", counted="1", **{"dose-sets": "1", "dose-hold_seconds": "30"})
    rows = client_alice.get(LOG).context["formset"].initial
    assert [(row["exercise"].slug, row["sets"]) for row in rows] == [("gluteal-stretch", 1)]


def test_the_flare_guidance_is_not_shown_when_the_routine_was_not_stopped(client_alice, routine_of):
    routine_of("walk")
    begin(client_alice)
    done(client_alice, 1)
    assert "flare-plan" not in client_alice.get(LOG).content.decode()


def test_the_log_leads_back_to_the_step_where_the_person_stopped(client_alice, routine_of):
    routine_of("gluteal-stretch", "knee-rock", "walk")
    begin(client_alice)
    done(client_alice, 1, sets=3, hold_seconds=30)
    client_alice.get(step_url(2))
    act(client_alice, 2, "stop")
    back = reverse("progress:routine_step")
    assert f'<a href="{back}">Back to the routine</a>, if you pressed stop' in (
        client_alice.get(LOG).content.decode()
    )
    assert client_alice.get(back)["Location"] == step_url(2)
    # Carrying on from there: the stop is forgotten.
    done(client_alice, 2, sets=1, reps=10)
    done(client_alice, 3)
    response = client_alice.get(LOG)
    assert "flare-plan" not in response.content.decode()
    assert response.context["form"].initial["notes"] == ""


def test_back_to_the_routine_without_one_goes_to_its_start(client_alice):
    assert client_alice.get(reverse("progress:routine_step"))["Location"] == START


def test_coming_back_the_same_day_carries_on_where_the_person_was(client_alice, routine_of):
    routine_of("gluteal-stretch", "knee-rock", "walk")
    begin(client_alice, pain=5)
    done(client_alice, 1, sets=3, hold_seconds=30)
    client_alice.get(step_url(2))
    response = client_alice.get(START)
    html = response.content.decode()
    assert "You are part way through: 1 of 3 done." in html
    assert "Carry on with Knee rock</button>" in html
    assert response.context["form"]["leg_pain_before"].value() == 5
    assert begin(client_alice, pain=5)["Location"] == step_url(2)
    rows = client_alice.get(LOG).context["formset"].initial
    assert [row["exercise"].slug for row in rows] == ["gluteal-stretch"]


def test_start_again_forgets_what_was_done(client_alice, routine_of):
    routine_of("gluteal-stretch", "walk")
    begin(client_alice)
    done(client_alice, 1, sets=3, hold_seconds=30)
    assert begin(client_alice, again="1")["Location"] == step_url(1)
    assert client_alice.get(LOG).context["formset"].initial == []


def test_another_day_starts_afresh(client_alice, routine_of, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    routine_of("gluteal-stretch", "walk")
    begin(client_alice)
    done(client_alice, 1, sets=3, hold_seconds=30)
    time_machine.move_to(timezone.now() + timedelta(days=1), tick=False)
    assert client_alice.get(step_url(2))["Location"] == START
    assert "part way" not in client_alice.get(START).content.decode()


# After


def test_the_log_is_filled_in_with_what_was_done_and_the_leg_before(client_alice, routine_of):
    routine_of("calf-stretch", "knee-rock", "bird-dog", "walk")
    begin(client_alice, pain=2, reach="below_knee")
    done(client_alice, 1, sets=3, hold_seconds=30)
    done(client_alice, 2, sets=1, reps=12)
    act(client_alice, 3, "skip")
    done(client_alice, 4, minutes=25)
    response = client_alice.get(LOG)
    html = response.content.decode()
    initial = response.context["form"].initial
    assert initial["date"] == days_ago(0)
    assert (initial["leg_pain_before"], initial["symptoms_reach"]) == (2, "below_knee")
    rows = [
        {key: value for key, value in row.items() if value is not None}
        for row in response.context["formset"].initial
    ]
    by_slug = catalogue().by_slug
    assert rows == [
        {"exercise": by_slug["calf-stretch"], "sets": 3, "hold_seconds": 30},
        {"exercise": by_slug["knee-rock"], "sets": 1, "reps": 12},
        {"exercise": by_slug["walk"], "minutes": 25},
    ]
    assert "<h1>Log a session</h1>" in html and "Filled in from today" in html


def saved_routine(client, routine_of, **fields):
    routine_of("gluteal-stretch", "walk")
    begin(client, pain=3)
    done(client, 1, sets=3, hold_seconds=30)
    done(client, 2, minutes=15)
    form = client.get(LOG).context["form"]
    rows = [{"exercise": "gluteal-stretch", "sets": 3, "hold_seconds": 30}]
    rows.append({"exercise": "walk", "minutes": 15})
    token = str(form.initial["submission_id"])
    data = form_data(rows, submission_id=token, **({"leg_pain_after": 2} | fields))
    return data, client.post(LOG, data)


def test_saving_goes_through_the_log_page_and_stores_what_was_done(client_alice, alice, routine_of):
    _, response = saved_routine(client_alice, routine_of, notes="Easier today.")
    session = Session.objects.get(user=alice)
    assert response["Location"] == session.get_absolute_url()
    assert (session.leg_pain_before, session.leg_pain_after, session.notes) == (
        3,
        2,
        "Easier today.",
    )
    entries = session.entries.values_list("exercise__slug", "sets", "hold_seconds", "minutes")
    assert list(entries) == [("gluteal-stretch", 3, 30, None), ("walk", None, None, 15)]
    # The gate saw it, as for any session logged.
    dashboard = client_alice.get(reverse("progress:dashboard"))
    assert dashboard.context["this_week"] == 1


def test_a_second_send_of_the_same_log_stores_one_session(client_alice, alice, routine_of):
    data, first = saved_routine(client_alice, routine_of)
    second = client_alice.post(LOG, data)
    assert Session.objects.filter(user=alice).count() == 1
    assert second["Location"] == first["Location"]


def test_the_log_opened_again_before_saving_keeps_its_token(client_alice, routine_of):
    routine_of("walk")
    begin(client_alice)
    done(client_alice, 1)
    first = client_alice.get(LOG).context["form"].initial["submission_id"]
    assert client_alice.get(LOG).context["form"].initial["submission_id"] == first


def test_a_log_with_mistakes_is_shown_again_and_nothing_is_saved(client_alice, routine_of):
    data, _ = saved_routine(client_alice, routine_of, leg_pain_after="")
    response = client_alice.post(LOG, data)
    assert response.status_code == 200
    assert "The session was not saved." in response.content.decode()
    assert Session.objects.count() == 0
    assert "part way" in client_alice.get(START).content.decode()


def test_once_saved_the_routine_says_so_and_can_start_again(client_alice, alice, routine_of):
    saved_routine(client_alice, routine_of)
    session = Session.objects.get(user=alice)
    response = client_alice.get(START)
    html = response.content.decode()
    assert "Today's routine is logged" in html
    # A new routine asks afresh how the leg is now.
    assert response.context["form"]["leg_pain_before"].value() is None
    assert session.get_absolute_url() in html
    assert client_alice.get(LOG)["Location"] == START
    assert client_alice.get(step_url(1))["Location"] == START
    assert begin(client_alice)["Location"] == step_url(1)
    token = client_alice.get(LOG).context["form"].initial["submission_id"]
    assert token != str(session.submission_id)


def test_a_warning_sign_ticked_in_the_routines_log_leads_to_the_warning_page(
    client_alice, routine_of
):
    _, response = saved_routine(client_alice, routine_of, red_flags="both_legs")
    assert response["Location"] == reverse("progress:warning")
    assert "Your exercises are on hold" in client_alice.get(START).content.decode()


def test_after_a_flare_the_routine_asks_for_fewer_repeats(client_alice, alice):
    log_session(alice, 1, before=2, after=6, exercises=["knee-rock"])
    html = client_alice.get(START).content.decode()
    assert "fewer repeats than the doses shown" in html
    begin(client_alice)
    assert "do fewer repeats today" in client_alice.get(step_url(1)).content.decode()


def test_another_persons_routine_is_their_own(client, alice, django_user_model, routine_of):
    routine_of("walk")
    client.force_login(alice)
    begin(client)
    bob = screened(django_user_model.objects.create_user("bob", password="another-long-phrase"))
    client.force_login(bob)
    assert client.get(step_url(1))["Location"] == START


# The timer's plan


def by_slug(slug: str) -> Exercise:
    return catalogue().by_slug[slug]


def test_holds_take_turns_side_by_side_with_a_rest_between():
    phases = guide.timer_plan(by_slug("calf-stretch"))["phases"]
    assert [phase["label"] for phase in phases[:4]] == [
        "Left leg — hold 30 s",
        "Rest 30 s",
        "Right leg — hold 30 s",
        "Rest 30 s",
    ]
    holds = [phase for phase in phases if phase["kind"] == "hold"]
    assert len(holds) == 6 and phases[-1]["kind"] == "hold"
    assert [phase["set"] for phase in holds if phase["ends_set"]] == [1, 2, 3]
    assert phases[0]["say"] == "Left leg — hold 30 seconds"


def test_a_short_hold_has_a_rest_as_short():
    phases = guide.timer_plan(by_slug("single-leg-hamstring-stretch"))["phases"]
    assert phases[0]["label"] == "Left leg — hold 10 s"
    assert phases[1]["label"] == "Rest 10 s"
    assert sum(phase["kind"] == "hold" for phase in phases) == 20


def test_repetitions_are_counted_towards_the_programs_aim_and_activities_timed():
    assert guide.timer_plan(by_slug("knee-rock")) == {
        "kind": "reps",
        "target": 10,
        "aim": "10 to 20",
    }
    assert guide.timer_plan(by_slug("bird-dog"))["aim"] == "15 each side"
    assert guide.timer_plan(by_slug("straight-leg-raise"))["aim"] == "10 to 20 each leg"
    assert guide.timer_plan(by_slug("hip-hinge"))["aim"] == "20 to 30, sides in turn"
    assert guide.timer_plan(by_slug("walk")) == {"kind": "stopwatch"}
    assert guide.timer_plan(by_slug("squat")) == {"kind": "count"}
    assert guide.timer_plan(by_slug("calf-stretch"), easier_way=True) == {"kind": "count"}


def test_a_routine_kept_for_another_day_or_damaged_is_not_used():
    routine = guide.start(days_ago(1), [by_slug("walk")], 3, "thigh", "token")
    kept = routine.to_json()
    assert guide.Routine.from_json(kept, days_ago(1)) == routine
    assert guide.Routine.from_json(kept, days_ago(0)) is None
    assert guide.Routine.from_json({**kept, "extra": 1}, days_ago(1)) is None
    assert guide.Routine.from_json("nonsense", days_ago(1)) is None


# The pages themselves


def test_only_the_steps_load_the_timer_script(client_alice, routine_of):
    routine_of("gluteal-stretch")
    script = 'src="/static/js/guided.js"'
    assert script not in client_alice.get(reverse("progress:dashboard")).content.decode()
    assert script not in client_alice.get(START).content.decode()
    begin(client_alice)
    html = client_alice.get(step_url(1)).content.decode()
    assert f"<script {script} defer></script>" in html
    assert "<script>" not in html and "style=" not in html
    done(client_alice, 1, sets=3, hold_seconds=30)
    assert script not in client_alice.get(LOG).content.decode()


def test_the_routines_pages_pass_the_nu_html_checker(client_alice, alice, routine_of, tmp_path):
    from tests.test_html_valid import vnu_jar

    java = shutil.which("java")
    assert java, "The HTML check needs Java: apt-get install default-jre-headless"
    routine_of("calf-stretch", "squat", "knee-rock", "walk")
    pages = {"start": client_alice.get(START)}
    begin(client_alice)
    pages["hold"] = client_alice.get(step_url(1))
    act(client_alice, 2, "easier")
    pages["easier"] = client_alice.get(step_url(2))
    pages["errors"] = done(client_alice, 3, sets="0", reps="10")
    pages["minutes"] = client_alice.get(step_url(4))
    act(client_alice, 4, "stop")
    pages["log"] = client_alice.get(LOG)
    pages["going"] = client_alice.get(START)
    safety.record_red_flags(alice, ["both_legs"])
    pages["on-hold"] = client_alice.get(START)
    files = []
    for name, response in pages.items():
        assert response.status_code == 200, name
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        files.append(str(path))
    result = subprocess.run(
        [java, "-jar", str(vnu_jar()), "--errors-only", "--format", "gnu", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    errors = result.stderr.strip() + result.stdout.strip()
    assert result.returncode == 0 and not errors, errors.replace(str(tmp_path) + "/", "")
