"""A signed-in person's own stages for any template, as `my_stages`.

The exercise pages are content: the exercises app knows nothing of a person's record and never
imports from here. Their templates show each stage as the person's own (open, locked with what
is missing, paused, suspended) when `my_stages` has them, and what the stage needs otherwise.
"""

from functools import cached_property

from django.http import HttpRequest

from progress.status import StageView, read, stage_views


class MyStages:
    """The person's stages in order, one StageView each; empty for a visitor.

    Worked out at the first use only: a page that shows no stage costs nothing."""

    def __init__(self, user) -> None:
        self.user = user

    @cached_property
    def views(self) -> list[StageView]:
        if self.user is None or not self.user.is_authenticated:
            return []
        reading = read(self.user)
        views, _ = stage_views(self.user, reading=reading)
        return views

    def __iter__(self):
        return iter(self.views)

    def __len__(self) -> int:
        return len(self.views)


def my_stages(request: HttpRequest) -> dict:
    # Once per request: a page rendered in parts (the library) asks more than once.
    if not hasattr(request, "_my_stages"):
        request._my_stages = MyStages(getattr(request, "user", None))
    return {"my_stages": request._my_stages}
