import re

import pytest
from django.urls import reverse

from exercises.models import Exercise

pytestmark = pytest.mark.django_db

URL = reverse("exercises:list")


def slugs_in(response) -> list[str]:
    """The exercises listed, in page order, as a person sees them."""
    return re.findall(r'<h4><a href="/exercises/([\w-]+)/">', response.content.decode())


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


def test_gated_exercises_show_a_locked_badge_and_what_unlocks_them(client):
    html = client.get(URL, {"stage": "plank"}).content.decode()
    assert "Locked" in html
    assert "core stabilization" in html.lower()


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


def test_a_search_with_no_match_says_so_and_offers_the_way_back(client):
    response = client.get(URL, {"q": "trampoline"})
    assert slugs_in(response) == []
    assert "No exercise matches these filters" in response.content.decode()


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
    assert 'hx-swap-oob="innerHTML:#result-count"' in body
    assert "<html" not in body
    assert "<form" not in body
    assert slugs_in(partial) == slugs_in(full)
    assert 'hx-push-url="true"' in full.content.decode()
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
