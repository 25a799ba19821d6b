"""The log's exercise menu, which the log form and the guided routine's log both build: the
exercises by stage in the program's order, and the ones logged in minutes."""

import pytest

from progress.status import stage_views
from progress.views.log import exercise_groups, timed_slugs

pytestmark = pytest.mark.django_db


def test_the_menu_holds_every_stage_with_its_exercises_in_order(alice):
    views, _ = stage_views(alice)
    groups = exercise_groups(views)
    assert [group["view"].stage for group in groups] == [view.stage for view in views]
    for group in groups:
        exercises = group["exercises"]
        assert all(e.stage_id == group["view"].stage.pk for e in exercises)
        assert [e.order for e in exercises] == sorted(e.order for e in exercises)
    assert sum(len(group["exercises"]) for group in groups) > 0


def test_only_walking_and_swimming_are_logged_in_minutes(alice):
    views, _ = stage_views(alice)
    assert timed_slugs(exercise_groups(views)) == {"walk", "swim"}
