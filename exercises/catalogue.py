"""The program's content as the pages read it: every stage and exercise, loaded once per process
and again only when the content changes.

Each request reads the content's version from the database (one small query, often shared with
the person's own version: see progress.status.page_version), so every worker and host shows an
edit at once; the stages and exercises themselves are not read again for every page. The
objects are shared by every request of the process: treat them as read-only.
"""

from dataclasses import dataclass, field

from exercises.models import Exercise, Stage, content_version


@dataclass(frozen=True)
class Catalogue:
    version: str
    stages: list[Stage]
    exercises: list[Exercise]  # in the program's order, each with its stage and easier form
    by_pk: dict[int, Exercise] = field(repr=False)
    by_slug: dict[str, Exercise] = field(repr=False)
    stage_by_slug: dict[str, Stage] = field(repr=False)
    urls: dict[str, str] = field(repr=False)  # each exercise's page, by slug
    doses: dict[str, str] = field(repr=False)  # each exercise's dose in words, by slug


_loaded: Catalogue | None = None


def catalogue(version: str | None = None) -> Catalogue:
    """The content at `version` (read from the database when not given)."""
    global _loaded
    version = version if version is not None else content_version()
    loaded = _loaded
    if loaded is not None and loaded.version == version:
        return loaded
    stages = list(Stage.objects.all())
    by_stage = {stage.pk: stage for stage in stages}
    exercises = list(Exercise.objects.all())
    by_pk = {exercise.pk: exercise for exercise in exercises}
    # Joined here rather than by the database: each stage and exercise is then one object.
    for exercise in exercises:
        Exercise.stage.field.set_cached_value(exercise, by_stage[exercise.stage_id])
        harder = by_pk.get(exercise.harder_id)
        Exercise.harder.field.set_cached_value(exercise, harder)
        if harder is not None:
            Exercise.harder.field.remote_field.set_cached_value(harder, exercise)
    for exercise in exercises:
        if not Exercise.harder.field.remote_field.is_cached(exercise):
            Exercise.harder.field.remote_field.set_cached_value(exercise, None)
    loaded = Catalogue(
        version=version,
        stages=stages,
        exercises=exercises,
        by_pk=by_pk,
        by_slug={exercise.slug: exercise for exercise in exercises},
        stage_by_slug={stage.slug: stage for stage in stages},
        urls={exercise.slug: exercise.get_absolute_url() for exercise in exercises},
        doses={exercise.slug: exercise.dose_text for exercise in exercises},
    )
    _loaded = loaded
    return loaded


def forget() -> None:
    """Read the content again at the next request (tests, after changing it in place)."""
    global _loaded
    _loaded = None
