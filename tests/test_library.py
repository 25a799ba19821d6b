import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.html import escape

from exercises import search
from exercises.models import Exercise, Stage
from exercises.views import filter_exercises
from progress import context_processors, gate
from progress.safety import record_red_flags
from progress.status import stage_views
from tests.helpers import calm_fortnight, log_session

pytestmark = pytest.mark.django_db

URL = reverse("exercises:list")


def slugs_in(response) -> list[str]:
    """The exercises listed, in page order, as a person sees them."""
    return slugs_in_text(response.content.decode())


def slugs_in_text(html: str) -> list[str]:
    return re.findall(r'<h4><a href="/exercises/([\w-]+)/">', html)


def everything() -> list[Exercise]:
    return list(Exercise.objects.select_related("stage"))


def test_it_lists_every_exercise_grouped_by_stage_in_order(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert len(slugs_in(response)) == 21
    html = response.content.decode()
    positions = [html.index(f'id="stage-{slug}"') for slug in ("gentle-start", "foundation")]
    positions += [html.index(f'id="stage-{slug}"') for slug in ("plank", "advanced")]
    assert positions == sorted(positions)
    assert "21 exercises in the program." in html


def test_sections_are_grouped_within_a_stage_in_program_order(client):
    response = client.get(URL, {"stage": "gentle-start"})
    assert slugs_in(response)[:3] == ["knee-rock", "straight-leg-raise", "gluteal-stretch"]
    assert slugs_in(response)[-1] == "walk"


def test_a_visitor_sees_what_a_gated_stage_needs_not_locked_as_if_it_were_theirs(client):
    html = client.get(URL).content.decode()
    assert "Locked" not in html
    for stage in Stage.objects.filter(gated=True):
        assert stage.unlock_hint in html
    assert "Opens later" in html
    assert "to see whether it is open for you" in html


def test_it_filters_by_section(client):
    response = client.get(URL, {"section": "balance"})
    assert slugs_in(response) == ["calf-raise", "hip-hinge"]


def test_it_filters_by_stage(client):
    assert slugs_in(client.get(URL, {"stage": "plank"})) == ["plank"]


def test_it_filters_by_position(client):
    assert slugs_in(client.get(URL, {"position": "in-bed"})) == ["knee-rock", "straight-leg-raise"]


def test_it_filters_by_equipment_including_none(client):
    assert slugs_in(client.get(URL, {"equipment": "wall"})) == ["calf-stretch"]
    no_equipment = slugs_in(client.get(URL, {"equipment": "none"}))
    assert "knee-rock" in no_equipment
    assert not {"calf-stretch", "hip-hinge", "swim"} & set(no_equipment)


def test_filters_combine(client):
    response = client.get(URL, {"section": "legs", "stage": "advanced"})
    assert slugs_in(response) == ["weighted-lunge"]


def test_search_finds_words_in_names_and_steps_case_insensitively(client):
    assert "calf-stretch" in slugs_in(client.get(URL, {"q": "CALF"}))
    assert "standing-hamstring-stretch" in slugs_in(client.get(URL, {"q": "chair"}))


def test_a_search_with_no_match_says_so_once_and_offers_the_way_back(client):
    response = client.get(URL, {"q": "trampoline"})
    assert slugs_in(response) == []
    html = response.content.decode()
    assert html.count("No exercise matches") == 1
    assert "No exercise matches “trampoline”." in html
    assert f'<a href="{URL}">Show all exercises</a>' in html


def test_htmx_says_no_match_once_too(client):
    response = client.get(URL, {"q": "trampoline"}, headers={"HX-Request": "true"})
    assert response.content.decode().count("No exercise matches") == 1


def test_a_filter_with_no_match_says_so_once(client):
    html = client.get(URL, {"stage": "plank", "section": "balance"}).content.decode()
    assert html.count("No exercise matches") == 1
    assert "No exercise matches these filters." in html


def test_a_bad_filter_value_is_reported_and_ignored(client):
    response = client.get(URL, {"section": "juggling", "stage": "nope", "equipment": "wall"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Some filters were not understood" in html
    assert "juggling" in html
    assert slugs_in(response) == ["calf-stretch"]


def test_an_overlong_search_is_reported_not_a_server_error(client):
    response = client.get(URL, {"q": "x" * 500})
    assert response.status_code == 200
    assert "Some filters were not understood" in response.content.decode()


def test_the_filter_form_works_without_javascript(client):
    html = client.get(URL).content.decode()
    assert 'method="get"' in html
    assert f'action="{URL}"' in html
    assert 'type="submit"' in html


def test_htmx_gets_only_the_results_and_keeps_the_url_in_step(client):
    full = client.get(URL, {"section": "stretch"})
    partial = client.get(URL, {"section": "stretch"}, headers={"HX-Request": "true"})
    body = partial.content.decode()
    assert '<section class="stage"' in body
    assert 'data-hx-swap-oob="innerHTML:#result-count"' in body
    assert "<html" not in body
    assert "<form" not in body
    assert slugs_in(partial) == slugs_in(full)
    assert 'data-hx-push-url="true"' in full.content.decode()
    assert "HX-Request" in partial["Vary"]


def test_htmx_results_report_a_bad_filter_too(client):
    response = client.get(URL, {"position": "upside-down"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "Some filters were not understood" in response.content.decode()
    assert len(slugs_in(response)) == 21


def test_htmx_history_restore_gets_the_whole_page(client):
    headers = {"HX-Request": "true", "HX-History-Restore-Request": "true"}
    response = client.get(URL, {"section": "stretch"}, headers=headers)
    assert "<html" in response.content.decode()


def test_the_library_is_cached_per_filter_and_refreshed_by_an_edit(
    client, django_assert_num_queries
):
    client.get(URL, {"stage": "foundation"})
    with django_assert_num_queries(1):  # only the content version
        repeat = client.get(URL, {"stage": "foundation"})
    assert "Bird dog" in repeat.content.decode()
    Exercise.objects.filter(slug="bird-dog").update(name="Bird dog (edited)")
    Exercise.objects.get(slug="bird-dog").save()
    assert "Bird dog (edited)" in client.get(URL, {"stage": "foundation"}).content.decode()


def test_a_cached_page_still_shows_the_visitors_own_header(client, alice):
    client.get(URL)
    client.force_login(alice)
    html = client.get(URL).content.decode()
    assert "Log out" in html
    assert "Sign up" not in html


def test_it_refuses_a_post(client):
    assert client.post(URL).status_code == 405


# A signed-in person's own stages


def stage_heading(html: str, slug: str) -> str:
    """A stage's heading and what follows it, up to its first exercise."""
    start = html.index(f'id="stage-{slug}"')
    return html[start : html.index('<ul class="cards">', start)]


def test_a_signed_in_person_sees_their_locked_stage_and_what_it_still_needs(client_alice, alice):
    html = client_alice.get(URL).content.decode()
    views = {view.stage.slug: view for view in stage_views(alice)[0]}
    plank = stage_heading(html, "plank")
    assert '<span class="badge badge-locked">Locked</span>' in plank
    assert escape(views["plank"].reason) in plank
    assert "Opens later" not in html
    assert '<span class="badge badge-open">Open</span>' in stage_heading(html, "foundation")


def test_an_unlocked_stage_says_so_and_that_it_is_not_a_clinicians_clearance(client_alice, alice):
    calm_fortnight(alice)
    html = client_alice.get(URL).content.decode()
    plank = stage_heading(html, "plank")
    assert '<span class="badge badge-unlocked">Unlocked</span>' in plank
    assert escape(gate.NOT_A_CLEARANCE) in plank
    assert '<span class="badge badge-locked">Locked</span>' in stage_heading(html, "advanced")
    # The plank's own card carries the same label.
    card = html[html.index('<h4><a href="/exercises/plank/">') :]
    assert card.split("</h4>")[0].endswith('<span class="badge badge-unlocked">Unlocked</span>')


def test_a_stage_paused_by_a_flare_says_so_and_why(client_alice, alice):
    calm_fortnight(alice, start_days_back=20)
    log_session(alice, 2, before=3, after=6)
    plank = stage_heading(client_alice.get(URL).content.decode(), "plank")
    assert '<span class="badge badge-paused">Paused</span>' in plank
    assert "Paused on" in plank
    assert "leg pain rose from 3 to 6" in plank


def test_a_warning_sign_suspends_every_stage_label(client_alice, alice):
    record_red_flags(alice, ["both_legs"])
    html = client_alice.get(URL).content.decode()
    for slug in ("gentle-start", "foundation", "plank", "advanced"):
        assert '<span class="badge badge-suspended">Suspended</span>' in stage_heading(html, slug)
    assert "Suspended since" in html
    assert html.count('<span class="badge badge-suspended">Suspended</span></h4>') == 21


def test_htmx_results_carry_the_persons_own_labels(client_alice, alice):
    calm_fortnight(alice)
    response = client_alice.get(URL, {"stage": "plank"}, headers={"HX-Request": "true"})
    assert '<span class="badge badge-unlocked">Unlocked</span>' in response.content.decode()


def test_one_persons_labels_never_reach_another_person_or_a_visitor(client, alice, bob):
    calm_fortnight(alice)
    client.get(URL)  # a visitor first: the visitors' page is cached
    client.force_login(alice)
    assert "badge-unlocked" in client.get(URL).content.decode()
    assert "badge-unlocked" in client.get(URL, headers={"HX-Request": "true"}).content.decode()
    client.force_login(bob)
    bobs = client.get(URL).content.decode()
    assert "badge-unlocked" not in bobs
    assert '<span class="badge badge-locked">Locked</span>' in bobs
    client.logout()
    for headers in ({}, {"HX-Request": "true"}):
        visitors = client.get(URL, headers=headers).content.decode()
        assert "badge-unlocked" not in visitors
        assert "badge-locked" not in visitors
        assert "Opens later" in visitors


def test_a_signed_in_persons_label_follows_their_log_at_once(client_alice, alice):
    assert "badge-unlocked" not in client_alice.get(URL).content.decode()
    calm_fortnight(alice)
    assert "badge-unlocked" in client_alice.get(URL).content.decode()


def test_stage_statuses_are_worked_out_once_a_request_and_only_where_shown(
    client_alice, monkeypatch
):
    calls = []

    def counted(user, *args, **kwargs):
        calls.append(user)
        return stage_views(user, *args, **kwargs)

    monkeypatch.setattr(context_processors, "stage_views", counted)
    client_alice.get(URL)
    assert len(calls) == 1
    client_alice.get(reverse("guidance"))
    assert len(calls) == 1


# Search that forgives


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("planks", ["plank", "side-plank"]),
        ("bridges", ["bridge", "single-leg-bridge"]),
        ("pool", ["swim"]),
        ("chair", ["standing-hamstring-stretch"]),
        ("wall", ["calf-stretch"]),
        ("bed", ["knee-rock", "straight-leg-raise"]),
    ],
)
def test_search_finds_plurals_and_the_words_for_equipment_and_place(client, query, expected):
    assert slugs_in(client.get(URL, {"q": query})) == expected


@pytest.mark.parametrize(
    ("query", "included"),
    [
        ("weights", {"weighted-lunge", "hip-hinge"}),
        ("hamstrng", {"single-leg-hamstring-stretch", "standing-hamstring-stretch"}),
        ("strech", {"calf-stretch", "gluteal-stretch"}),
        ("floor", {"bird-dog", "plank", "bridge", "lower-back-rock"}),
        ("step", {"calf-raise", "single-leg-hamstring-stretch"}),
        ("lying", {"core-stabilization", "bridge", "back-extension", "plank", "knee-rock"}),
        ("lying on my back", {"core-stabilization", "bridge", "knee-rock"}),
        ("stretching", {"calf-stretch", "gluteal-stretch"}),
        ("hams", {"single-leg-hamstring-stretch", "standing-hamstring-stretch"}),
        ("tummy", {"core-stabilization", "plank"}),
    ],
)
def test_search_forgives_typos_endings_and_everyday_words(client, query, included):
    assert included <= set(slugs_in(client.get(URL, {"q": query})))


def test_a_correct_word_is_not_taken_for_a_typo_of_another():
    # "walk" is one letter from "wall", but it is a word of the library in its own right.
    assert "calf-stretch" not in filter_exercises({"q": "walk"}, everything())
    assert "walk" in [e.slug for e in filter_exercises({"q": "walk"}, everything())]


def test_search_results_stay_in_program_order(client):
    found = slugs_in(client.get(URL, {"q": "floor"}))
    everything_in_order = slugs_in(client.get(URL))
    assert found == [slug for slug in everything_in_order if slug in found]
    assert len(found) > 5


def test_search_words_are_content_an_editor_can_add_to(client):
    assert slugs_in(client.get(URL, {"q": "zumba"})) == []
    walk = Exercise.objects.get(slug="walk")
    walk.search_terms += ", zumba"
    walk.save()
    assert slugs_in(client.get(URL, {"q": "zumba"})) == ["walk"]


def test_search_combines_with_the_other_filters(client):
    assert slugs_in(client.get(URL, {"q": "floor", "stage": "plank"})) == ["plank"]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("planks", "plank"),
        ("stretches", "stretch"),
        ("stretching", "stretched"),
        ("raising", "raise"),
        ("stepping", "steps"),
        ("swimming", "swim"),
        ("bridges", "bridge"),
    ],
)
def test_endings_come_off_the_same_way_on_both_sides(typed, stored):
    assert search.stem(typed) == search.stem(stored)


@pytest.mark.parametrize(
    ("a", "b", "apart"),
    [
        ("hamstrng", "hamstring", True),  # missing
        ("hamstirng", "hamstring", True),  # swapped neighbours
        ("plamk", "plank", True),  # wrong
        ("plannk", "plank", True),  # added
        ("plank", "plank", False),  # the same is not a typo
        ("plnak", "plank", True),
        ("pnalk", "plank", False),  # two apart
        ("stretch", "strength", False),
    ],
)
def test_one_letter_apart(a, b, apart):
    assert search.one_letter_apart(a, b) is apart


def test_a_short_word_is_never_taken_for_a_typo():
    assert search.search("bde", {1: "in bed"}) == set()
    assert search.search("bedd", {1: "in bed"}) == {1}


def test_every_word_of_a_search_must_match():
    texts = {1: "Lie on your back in bed", 2: "Stand by a wall"}
    assert search.search("back bed", texts) == {1}
    assert search.search("back wall", texts) == set()
    assert search.search("on the wall", texts) == {2}


# Empty filters and no results


@pytest.mark.parametrize(
    ("query", "location"),
    [
        ("?q=&stage=&section=stretch&position=&equipment=", f"{URL}?section=stretch"),
        ("?q=&stage=&section=&position=&equipment=", URL),
        ("?q=%20%20&equipment=wall", f"{URL}?equipment=wall"),
        ("?q=calf&stage=", f"{URL}?q=calf"),
    ],
)
def test_empty_parameters_are_left_out_by_a_redirect(client, query, location):
    response = client.get(URL + query)
    assert response.status_code == 302
    assert response["Location"] == location


def test_htmx_with_empty_parameters_is_redirected_too(client):
    response = client.get(URL + "?q=&section=stretch", headers={"HX-Request": "true"})
    assert response.status_code == 302
    assert response["Location"] == f"{URL}?section=stretch"


def test_an_address_without_empty_parameters_is_answered_directly(client):
    assert client.get(URL, {"section": "stretch", "q": "calf"}).status_code == 200


def test_the_library_loads_its_script_that_skips_empty_fields(client):
    html = client.get(URL).content.decode()
    assert '<script src="/static/js/library.js" defer></script>' in html
    assert (
        "library.js" not in client.get(reverse("exercises:detail", args=["plank"])).content.decode()
    )
    script = (settings.BASE_DIR / "static" / "js" / "library.js").read_text()
    assert "htmx:configRequest" in script


def test_no_match_suggests_the_nearest_names(client):
    html = client.get(URL, {"q": "hamstring yoga"}).content.decode()
    assert slugs_in_text(html) == []
    suggestion = html[html.index("Did you mean") :].split("</p>")[0]
    assert 'href="/exercises/standing-hamstring-stretch/"' in suggestion
    assert 'href="/exercises/single-leg-hamstring-stretch/"' in suggestion


def test_every_word_suggested_after_no_match_finds_exercises(client):
    html = client.get(URL, {"q": "trampoline"}).content.decode()
    tips = html[html.index("Try other words") :].split("</p>")[0]
    words = re.findall(r'href="/exercises/\?q=(\w+)"', tips)
    assert len(words) == 7
    for word in words:
        assert slugs_in(client.get(URL, {"q": word})), word


def test_no_match_offers_the_search_without_the_other_filters(client):
    html = client.get(URL, {"q": "wall", "section": "balance"}).content.decode()
    assert "No exercise matches “wall” with these filters." in html
    assert "Your search finds 1 exercise once the other filters are cleared" in html
    assert f'<a href="{URL}?q=wall">show it</a>' in html
    assert "Did you mean" not in html


# Jump links


def test_the_library_has_jump_links_to_each_stage_near_the_top(client):
    html = client.get(URL).content.decode()
    nav = html[
        html.index('<nav class="jump-links"') : html.index("</nav>", html.index("jump-links"))
    ]
    links = re.findall(r'href="#stage-([\w-]+)"', nav)
    assert links == ["gentle-start", "foundation", "plank", "advanced"]
    for slug in links:
        assert f'id="stage-{slug}"' in html
    assert html.index("jump-links") < html.index('<section class="stage"')


def test_results_from_one_stage_need_no_jump_links(client):
    assert "jump-links" not in client.get(URL, {"stage": "plank"}).content.decode()


def test_a_signed_in_persons_library_is_served_from_their_own_cached_copy(
    client_alice, alice, monkeypatch
):
    from tests.helpers import queries_for

    calm_fortnight(alice)
    client_alice.get(URL)
    calls = []
    real = context_processors.stage_views
    monkeypatch.setattr(
        context_processors, "stage_views", lambda *a, **k: calls.append(1) or real(*a, **k)
    )
    assert "badge-unlocked" in client_alice.get(URL).content.decode()
    assert calls == []  # the labels came with the cached copy
    assert queries_for(lambda: client_alice.get(URL)) <= 6
    log_session(alice, 0, before=3, after=6)  # a flare: the record's version changes
    assert "badge-paused" in client_alice.get(URL).content.decode()
    assert calls == [1]


# Figures on the cards


def card_of(html: str, slug: str) -> str:
    start = html.rindex('<li class="card">', 0, html.index(f'<h4><a href="/exercises/{slug}/">'))
    return html[start : html.index("</li>", start)]


def test_every_card_shows_its_exercises_first_pose_small_and_still(client):
    html = client.get(URL).content.decode()
    for exercise in Exercise.objects.all():
        card = card_of(html, exercise.slug)
        assert '<span class="card-figure"><svg class="fig fig-still"' in card, exercise.slug
        # The card's heading names it: the picture is left out for screen readers.
        assert 'aria-hidden="true"' in card
        assert "<animate" not in card


def test_an_uploaded_illustration_takes_the_place_of_the_drawing_on_its_card(
    client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    Exercise.objects.filter(slug="bridge").update(
        image="exercises/bridge.webp", image_width=1280, image_height=960, image_alt="Hips up"
    )
    card = card_of(client.get(URL).content.decode(), "bridge")
    assert '<img class="card-figure" src="/media/exercises/bridge.webp"' in card
    copies = "/media/exercises/bridge-320w.webp 320w, /media/exercises/bridge-640w.webp 640w"
    assert f'srcset="{copies}, /media/exercises/bridge.webp 1280w" sizes="5rem"' in card
    assert 'width="1280" height="960" alt="" loading="lazy"' in card
    assert "<svg" not in card


def test_a_card_without_a_figure_or_an_illustration_has_no_picture(client):
    Exercise.objects.filter(slug="swim").update(figure={})
    assert "card-figure" not in card_of(client.get(URL).content.decode(), "swim")


def test_the_librarys_first_load_stays_under_60_kb_compressed(client):
    import gzip
    from pathlib import Path

    from django.contrib.staticfiles import finders

    html = client.get(URL).content
    head = html.decode()[: html.decode().index("</head>")]
    files = re.findall(r'(?:href|src)="/static/([^"]+)"', head)
    assert "css/site.css" in files and "js/library.js" in files
    sizes = [len(gzip.compress(html))]
    for name in files:
        sizes.append(len(gzip.compress(Path(finders.find(name)).read_bytes())))
    assert sum(sizes) < 60 * 1024, sizes
