import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape
from PIL import Image

from exercises import figures, views
from exercises.models import Exercise
from progress import gate
from progress.safety import record_red_flags
from progress.status import stage_views
from tests.helpers import calm_fortnight
from tests.test_admin import change_form

pytestmark = pytest.mark.django_db


def page(client, slug):
    return client.get(reverse("exercises:detail", args=[slug]))


def test_it_shows_the_dose_in_plain_words(client):
    html = page(client, "gluteal-stretch").content.decode()
    assert "Hold 30 seconds, 3 times on each side" in html


def test_it_shows_the_steps_in_order(client):
    exercise = Exercise.objects.get(slug="knee-rock")
    html = page(client, "knee-rock").content.decode()
    indexes = [html.index(f"<li>{step}</li>") for step in exercise.step_list]
    assert indexes == sorted(indexes)


def test_it_shows_what_to_feel_and_when_to_stop(client):
    exercise = Exercise.objects.get(slug="calf-stretch")
    response = page(client, "calf-stretch")
    assert exercise.feel in response.content.decode()
    assert exercise.stop_if in response.content.decode()
    assert "When to stop" in response.content.decode()


def test_a_note_stands_in_for_a_dose_the_document_gives_no_number_for(client):
    exercise = Exercise.objects.get(slug="back-extension")
    assert exercise.dose_note in page(client, "back-extension").content.decode()


def test_variants_link_both_ways(client):
    html = page(client, "plank").content.decode()
    assert reverse("exercises:detail", args=["core-stabilization"]) in html
    assert reverse("exercises:detail", args=["side-plank"]) in html
    assert Exercise.objects.get(slug="plank").easier_option in html


def test_a_visitor_sees_what_a_gated_exercises_stage_needs_not_a_locked_badge(client):
    html = page(client, "hip-hinge").content.decode()
    assert "Locked" not in html
    assert '<span class="badge badge-later">Opens later</span>' in html
    assert Exercise.objects.get(slug="hip-hinge").stage.unlock_hint in html


def test_an_open_exercise_has_no_locked_badge(client):
    assert "Locked" not in page(client, "knee-rock").content.decode()


def test_the_illustration_shows_when_one_is_set(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, "PNG")
    exercise = Exercise.objects.get(slug="bridge")
    exercise.image = SimpleUploadedFile("bridge.png", buffer.getvalue(), content_type="image/png")
    exercise.image_alt = "A person lying on their back with hips raised"
    exercise.save()
    html = page(client, "bridge").content.decode()
    assert exercise.image.url in html
    assert 'alt="A person lying on their back with hips raised"' in html


def test_it_takes_one_query(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        page(client, "lunge")


def test_an_unknown_slug_gets_the_sites_own_404_page(client):
    response = client.get("/exercises/no-such-move/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "Go to the exercise library" in response.content.decode()


def test_it_says_where_the_app_reads_what_the_program_leaves_out(client):
    rock = Exercise.objects.get(slug="lower-back-rock")
    html = page(client, "lower-back-rock").content.decode()
    assert f'<p class="app-reading">{rock.app_reading}</p>' in html


def test_it_shows_no_reading_where_the_program_is_clear(client):
    assert 'class="app-reading"' not in page(client, "knee-rock").content.decode()


def test_core_stabilization_shows_the_full_forms_dose_and_where_to_start(client):
    core = Exercise.objects.get(slug="core-stabilization")
    html = page(client, "core-stabilization").content.decode()
    assert '<p class="dose-main">About 15 to 20 times on each leg</p>' in html
    assert core.dose_note in html
    assert core.easier_option in html


def test_a_sided_exercise_without_a_count_shows_the_sides_and_its_note(client):
    side_plank = Exercise.objects.get(slug="side-plank")
    html = page(client, "side-plank").content.decode()
    assert '<p class="dose-main">On each side</p>' in html
    assert side_plank.dose_note in html


def test_a_visitor_sees_an_open_stage_as_open_from_day_one(client):
    html = page(client, "knee-rock").content.decode()
    assert '<span class="badge badge-open">Open from day one</span>' in html
    assert "Opens later" not in html


def test_a_signed_in_person_sees_their_own_locked_stage_and_what_is_missing(client_alice, alice):
    html = page(client_alice, "hip-hinge").content.decode()
    advanced = next(view for view in stage_views(alice)[0] if view.stage.slug == "advanced")
    assert '<span class="badge badge-locked">Locked</span>' in html
    assert escape(advanced.reason) in html
    assert "Opens later" not in html


def test_a_signed_in_person_sees_an_unlocked_stage_is_not_a_clinicians_clearance(
    client_alice, alice
):
    calm_fortnight(alice)
    html = page(client_alice, "plank").content.decode()
    assert '<span class="badge badge-unlocked">Unlocked</span>' in html
    assert escape(gate.NOT_A_CLEARANCE) in html
    assert "Locked" not in html


def test_a_warning_sign_shows_on_every_exercise_page(client_alice, alice):
    record_red_flags(alice, ["both_legs"])
    html = page(client_alice, "knee-rock").content.decode()
    assert '<span class="badge badge-suspended">Suspended</span>' in html
    assert "Suspended since" in html


def test_a_signed_in_persons_page_is_not_cached_for_anyone_else(client, alice):
    calm_fortnight(alice)
    client.force_login(alice)
    assert "badge-unlocked" in page(client, "plank").content.decode()
    client.logout()
    assert "badge-unlocked" not in page(client, "plank").content.decode()


@pytest.mark.parametrize("slug", ["core-stabilization", "plank"])
def test_a_starting_form_comes_before_the_dose_and_the_steps(client, slug):
    exercise = Exercise.objects.get(slug=slug)
    html = page(client, slug).content.decode()
    start = html.index("New to this? Start here")
    assert html.index(exercise.easier_option) > start
    assert start < html.index('id="dose-title"') < html.index('id="steps-title"')
    # Said once, at the top; the bottom points back to it.
    assert html.count(exercise.easier_option) == 1
    assert 'go back to <a href="#start-here">the starting form</a>' in html


def test_an_easier_option_that_is_not_a_start_stays_at_the_bottom(client):
    squat = Exercise.objects.get(slug="squat")
    html = page(client, "squat").content.decode()
    assert "Start here" not in html
    assert f"To make it easier: {squat.easier_option}" in html


# The drawn figure, served on its own


def figure_response(client, slug, **headers):
    return client.get(reverse("exercises:figure", args=[slug]), headers=headers)


def test_the_figure_is_an_svg_that_says_the_movement_in_words(client):
    response = figure_response(client, "back-extension")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    svg = response.content.decode()
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert '<title id="figure-title">Back extension: the movement</title>' in svg
    steps = Exercise.objects.get(slug="back-extension").step_list
    assert f"Step 3: {escape(steps[2])}" in svg
    assert "<animate " in svg


def test_the_figure_is_kept_by_browsers_but_checked_so_an_edit_shows_at_once(client):
    response = figure_response(client, "bridge")
    assert response["Cache-Control"] == "public, no-cache"
    etag = response["ETag"]
    again = figure_response(client, "bridge", if_none_match=etag)
    assert again.status_code == 304
    assert again.content == b""
    bridge = Exercise.objects.get(slug="bridge")
    bridge.figure["poses"][1]["hold"] = 3
    bridge.save()
    edited = figure_response(client, "bridge", if_none_match=etag)
    assert edited.status_code == 200
    assert edited["ETag"] != etag


def test_the_figures_versioned_address_is_cached_for_a_year_and_changes_with_an_edit(client):
    bridge = Exercise.objects.get(slug="bridge")
    url = views.figure_url(bridge)
    response = client.get(url)
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    bridge.figure["poses"][1]["hold"] = 3
    bridge.save()
    assert views.figure_url(bridge) != url
    # The old address is answered with the new drawing, checked each time.
    assert client.get(url)["Cache-Control"] == "public, no-cache"


def test_the_figures_own_style_is_the_only_thing_its_security_policy_allows(client):
    import base64
    import hashlib
    import re

    response = figure_response(client, "squat")
    policy = response["Content-Security-Policy"]
    style = re.search(r"<style>(.*?)</style>", response.content.decode()).group(1)
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    assert policy.startswith("default-src 'none'")
    assert f"style-src 'sha256-{digest}'" in policy
    assert "script-src" not in policy


def test_the_figures_key_poses_stand_side_by_side_numbered_like_the_steps(client):
    response = client.get(reverse("exercises:figure_steps", args=["plank"]))
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    svg = response.content.decode()
    assert "<animate" not in svg
    assert ">1, 5</text>" in svg and ">3</text>" in svg


def test_an_unknown_exercise_or_one_without_a_figure_has_no_figure(client):
    assert figure_response(client, "no-such-move").status_code == 404
    Exercise.objects.filter(slug="walk").update(figure={})
    assert figure_response(client, "walk").status_code == 404


def test_the_figure_needs_no_login_refuses_a_post_and_takes_one_query(
    client, django_assert_num_queries
):
    with django_assert_num_queries(1):
        assert figure_response(client, "lunge").status_code == 200
    assert client.post(reverse("exercises:figure", args=["lunge"])).status_code == 405


# The drawn figure on the exercise page


def test_the_figure_moves_at_the_top_of_the_page_before_the_dose_and_the_steps(client):
    html = page(client, "bird-dog").content.decode()
    figure = html.index('<figure class="exercise-figure">')
    assert figure < html.index('id="dose-title"') < html.index('id="steps-title"')
    moving = html[figure : html.index("</svg>", figure)]
    assert 'class="fig fig-moving"' in moving
    assert 'role="img" aria-labelledby="figure-title figure-desc"' in moving
    assert "<animate " in moving


def test_the_figures_description_is_the_steps_it_shows(client):
    exercise = Exercise.objects.get(slug="side-plank")
    html = page(client, "side-plank").content.decode()
    desc = html[html.index('<desc id="figure-desc">') : html.index("</desc>")]
    for number in (1, 4):
        assert f"Step {number}: {escape(exercise.step_list[number - 1])}" in desc
    assert "Shown on one side; do the same on the other." in desc


def test_the_key_poses_are_numbered_like_the_steps_for_reduced_motion_and_print(client):
    html = page(client, "plank").content.decode()
    start = html.index('<ol class="figure-poses"', html.index('<figure class="exercise-figure">'))
    poses = html[start : html.index("</ol>", start)]
    assert '<span aria-hidden="true">Steps 1 and 5</span>' in poses
    assert '<span aria-hidden="true">Step 3</span>' in poses
    assert '<title id="figure-pose-2-title">Step 3</title>' in poses
    assert "<animate" not in poses


def test_the_page_says_when_a_figure_shows_one_side_and_what_its_colour_means(client):
    calf = page(client, "calf-stretch").content.decode()
    assert "Shown on one side; do both." in calf
    assert '<span class="feel-key">Coloured</span>: where you should feel it.' in calf
    # The bird dog's figure lifts each arm and leg in turn.
    assert "Shown on one side" not in page(client, "bird-dog").content.decode()
    assert 'class="feel-key"' not in page(client, "walk").content.decode()


@pytest.mark.parametrize("slug", ["plank", "core-stabilization"])
def test_the_starting_form_is_drawn_where_a_newcomer_begins(client, slug):
    html = page(client, slug).content.decode()
    start = html[html.index('id="start-here"') : html.index("</section>")]
    assert 'class="exercise-figure easier-figure"' in start
    assert f"{Exercise.objects.get(slug=slug).name}: the easier form" in start


def test_a_pose_edit_shows_on_the_page_at_once(client):
    before = page(client, "squat").content.decode()
    squat = Exercise.objects.get(slug="squat")
    squat.figure["poses"][2]["hold"] = 2.5
    squat.save()
    assert page(client, "squat").content.decode() != before


def test_an_exercise_without_a_figure_shows_none(client):
    Exercise.objects.filter(slug="walk").update(figure={})
    assert "exercise-figure" not in page(client, "walk").content.decode()


def test_the_page_keeps_to_the_content_security_policy(client):
    for slug in ("knee-rock", "plank", "weighted-lunge"):
        html = page(client, slug).content.decode()
        assert "style=" not in html
        assert "<style" not in html


# Editing the figure and the illustration in the admin


@pytest.fixture
def editor(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "e@example.com", "a-long-phrase")
    client.force_login(user)
    return client


def change_url(exercise) -> str:
    return reverse("admin:exercises_exercise_change", args=[exercise.pk])


def photo(width=3000, height=2000, image_format="JPEG") -> bytes:
    """A picture as a camera saves it: large, with its maker and place written inside."""
    picture = Image.new("RGB", (width, height), (200, 120, 40))
    exif = Image.Exif()
    exif[0x010F] = "A camera maker"  # Make
    exif[0x8825] = {2: (51.0, 30.0, 0.0)}  # GPS latitude
    buffer = io.BytesIO()
    picture.save(buffer, image_format, exif=exif)
    return buffer.getvalue()


def test_an_uploaded_photo_is_resized_stripped_of_its_details_and_replaces_the_drawing(
    editor, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    bridge = Exercise.objects.get(slug="bridge")
    upload = SimpleUploadedFile("holiday.jpg", photo(), content_type="image/jpeg")
    data = change_form(bridge, image=upload, image_alt="A person lying with hips raised")
    response = editor.post(change_url(bridge), data)
    assert response.status_code == 302
    bridge.refresh_from_db()
    assert bridge.image.name.endswith(".webp")
    assert (bridge.image_width, bridge.image_height) == (1280, 853)
    with Image.open(bridge.image.path) as saved:
        assert saved.size == (1280, 853)
        assert saved.format == "WEBP"
        assert len(saved.getexif()) == 0
        assert "exif" not in saved.info
    for width in (320, 640):
        copy = bridge.image.path.replace(".webp", f"-{width}w.webp")
        with Image.open(copy) as smaller:
            assert smaller.width == width
            assert len(smaller.getexif()) == 0
    html = editor.get(reverse("exercises:detail", args=["bridge"])).content.decode()
    assert f'<img src="{bridge.image.url}" srcset="{bridge.image_srcset}"' in html
    assert 'width="1280" height="853" alt="A person lying with hips raised"' in html
    assert "fig-moving" not in html


def test_a_small_picture_is_kept_at_its_size_with_no_copies(editor, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    bridge = Exercise.objects.get(slug="bridge")
    upload = SimpleUploadedFile("small.png", photo(300, 200, "PNG"), content_type="image/png")
    editor.post(change_url(bridge), change_form(bridge, image=upload, image_alt="Hips up"))
    bridge.refresh_from_db()
    assert (bridge.image_width, bridge.image_height) == (300, 200)
    assert bridge.image_srcset == f"{bridge.image.url} 300w"


def test_a_file_that_is_not_a_picture_is_refused(editor, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    bridge = Exercise.objects.get(slug="bridge")
    upload = SimpleUploadedFile("notes.png", b"not a picture", content_type="image/png")
    response = editor.post(change_url(bridge), change_form(bridge, image=upload, image_alt="x"))
    assert response.status_code == 200
    assert "Upload a valid image" in response.content.decode()
    assert not Exercise.objects.get(slug="bridge").image


def test_a_picture_too_large_to_process_is_refused_in_words(editor, settings, tmp_path):
    from exercises import forms

    settings.MEDIA_ROOT = tmp_path
    bridge = Exercise.objects.get(slug="bridge")
    upload = SimpleUploadedFile("huge.png", photo(300, 200, "PNG"), content_type="image/png")
    forms_limit, forms.IMAGE_MAX_PIXELS = forms.IMAGE_MAX_PIXELS, 1000
    try:
        response = editor.post(change_url(bridge), change_form(bridge, image=upload, image_alt="x"))
    finally:
        forms.IMAGE_MAX_PIXELS = forms_limit
    assert "This picture is too large to use (300 by 200 pixels)." in response.content.decode()
    assert not Exercise.objects.get(slug="bridge").image


def test_the_admin_shows_the_poses_one_a_line_beside_the_drawing(editor):
    bridge = Exercise.objects.get(slug="bridge")
    html = editor.get(change_url(bridge)).content.decode()
    assert f'<img src="{escape(views.figure_url(bridge))}"' in html
    for pose in bridge.figure["poses"]:
        assert escape(json.dumps(pose)) in html


def test_the_admin_names_where_figure_json_stops_reading_and_keeps_the_figure(editor):
    bridge = Exercise.objects.get(slug="bridge")
    before = bridge.figure
    response = editor.post(change_url(bridge), change_form(bridge, figure='{"poses": [1,}'))
    assert response.status_code == 200
    assert "The figure is not valid JSON: Expecting value at line 1, column 14." in (
        response.content.decode()
    )
    assert Exercise.objects.get(slug="bridge").figure == before


def test_the_admin_explains_a_pose_it_cannot_draw(editor):
    bridge = Exercise.objects.get(slug="bridge")
    figure = json.loads(json.dumps(bridge.figure))
    figure["poses"][1]["right"]["knee"] = 300
    response = editor.post(change_url(bridge), change_form(bridge, figure=json.dumps(figure)))
    assert response.status_code == 200
    assert "Pose 2: right knee 300 is outside 0 to 165 degrees." in response.content.decode()
    assert Exercise.objects.get(slug="bridge").figure["poses"][1]["right"]["knee"] != 300


def test_a_corrected_pose_is_saved_and_drawn_at_once(editor):
    bridge = Exercise.objects.get(slug="bridge")
    etag = figure_response(editor, "bridge")["ETag"]
    figure = json.loads(json.dumps(bridge.figure))
    figure["poses"][1]["hold"] = 2
    response = editor.post(change_url(bridge), change_form(bridge, figure=figures.dumps(figure)))
    assert response.status_code == 302
    assert Exercise.objects.get(slug="bridge").figure == figure
    assert figure_response(editor, "bridge")["ETag"] != etag


def test_emptying_the_figure_leaves_the_exercise_without_a_drawing(editor):
    bridge = Exercise.objects.get(slug="bridge")
    assert editor.post(change_url(bridge), change_form(bridge, figure="")).status_code == 302
    assert Exercise.objects.get(slug="bridge").figure == {}
    assert "exercise-figure" not in page(editor, "bridge").content.decode()
