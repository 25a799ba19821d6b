"""The program's content is read once per process and again as soon as it changes."""

import pytest

from exercises.catalogue import catalogue
from exercises.models import Exercise
from tests.helpers import queries_for

pytestmark = pytest.mark.django_db


def test_the_content_is_read_again_only_when_it_changes():
    first = catalogue()
    assert queries_for(catalogue) == 1  # its version only
    assert catalogue() is first

    bridge = Exercise.objects.get(slug="bridge")
    bridge.name = "Bridge (hips up)"
    bridge.save()
    assert catalogue() is not first
    assert catalogue().by_slug["bridge"].name == "Bridge (hips up)"


def test_each_exercise_comes_with_its_stage_and_its_easier_and_harder_forms():
    content = catalogue()
    single = content.by_slug["single-leg-bridge"]
    bridge = content.by_slug["bridge"]
    assert single.easier is bridge and bridge.harder is single
    assert single.stage is content.stage_by_slug[single.stage.slug]
    with pytest.raises(Exercise.DoesNotExist):
        bridge.easier  # noqa: B018 (the bridge has no easier form)
    assert [e.slug for e in content.exercises] == list(
        Exercise.objects.values_list("slug", flat=True)
    )
    assert queries_for(lambda: [(e.stage, e.harder) for e in content.exercises]) == 0


def test_a_removed_exercise_is_gone_at_once():
    catalogue()
    Exercise.objects.filter(slug="swim").delete()
    assert "swim" not in catalogue().by_slug


def test_each_exercise_page_address_and_dose_are_worked_out_once():
    content = catalogue()
    bridge = content.by_slug["bridge"]
    assert content.urls["bridge"] == bridge.get_absolute_url() == "/exercises/bridge/"
    assert set(content.urls) == set(content.by_slug) == set(content.doses)
    assert content.doses["bridge"] == bridge.dose_text
