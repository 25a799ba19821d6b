import hashlib
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.csp import CSP
from django.utils.http import urlencode
from django.utils.module_loading import import_string
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from exercises import figures, search
from exercises.forms import LibraryFilterForm
from exercises.models import Exercise, Section, content_version

SECTION_ORDER = {value: index for index, value in enumerate(Section.values)}


def personal_version(user) -> str | None:
    """The version of what a person's own labels depend on, from the function that
    settings.PERSONAL_PAGE_VERSION names: content never imports the person's record."""
    return import_string(settings.PERSONAL_PAGE_VERSION)(user)


def filter_exercises(filters: dict, everything: list[Exercise]) -> list[Exercise]:
    """The exercises that pass every filter, grouped by stage, then section in the program's
    order. The search runs in Python over every exercise: there are a couple of dozen."""
    exercises = everything
    if query := filters.get("q"):
        found = search.search(query, {e.pk: e.search_text for e in everything})
        exercises = [e for e in exercises if e.pk in found]
    if stage := filters.get("stage"):
        exercises = [e for e in exercises if e.stage_id == stage.pk]
    for field in ("section", "position", "equipment"):
        if field in filters:
            exercises = [e for e in exercises if getattr(e, field) == filters[field]]
    return sorted(
        exercises, key=lambda e: (e.stage.order, SECTION_ORDER.get(e.section, 99), e.order)
    )


def no_match_help(filters: dict, everything: list[Exercise]) -> dict:
    """What to offer when nothing matches: what the search finds once the other filters are
    cleared, or else the names closest to it."""
    query = filters.get("q")
    if not query:
        return {}
    if len(filters) > 1 and (alone := len(filter_exercises({"q": query}, everything))):
        url = f"{reverse('exercises:list')}?{urlencode({'q': query})}"
        return {"search_alone": alone, "search_alone_url": url}
    words = {e.pk: search.words(f"{e.name} {e.search_terms}") for e in everything}
    by_pk = {e.pk: e for e in everything}
    return {"nearest": [by_pk[pk] for pk in search.nearest(query, words)]}


def without_empty_parameters(request: HttpRequest) -> str | None:
    """The same address without its empty parameters ("?q=&stage="), or None if it has none.

    A form sent without JavaScript sends every field, empty or not."""
    kept, dropped = QueryDict(mutable=True), False
    for name, values in request.GET.lists():
        for value in values:
            if value.strip():
                kept.appendlist(name, value)
            else:
                dropped = True
    if not dropped:
        return None
    return f"{request.path}?{kept.urlencode()}" if kept else request.path


# Figures


def _drawn(exercise: Exercise, form: str, draw: Callable[[], str]) -> str:
    """A figure drawn once per version of the exercise (and of the renderer), then cached."""
    stamp = exercise.updated_at.timestamp() if exercise.updated_at else ""
    key = f"figure:{figures.VERSION}:{exercise.slug}:{stamp}:{form}"
    return cache.get_or_set(key, draw, timeout=24 * 3600)


def figure_words(exercise: Exercise, part: str = "main") -> tuple[str, str]:
    """A figure's title and description: the movement in the words of the steps it shows."""
    if part == "easier":
        # Its words are beside it on the page: said once.
        title, desc = f"{exercise.name}: the easier form", "Drawn as the text beside it says."
    else:
        steps = exercise.step_list
        shown = sorted({n for k in figures.key_poses(exercise.figure) for n in k["steps"]})
        title = f"{exercise.name}: the movement"
        desc = " ".join(f"Step {n}: {steps[n - 1]}" for n in shown if n <= len(steps))
    if exercise.sides and not exercise.figure.get("both_sides"):
        desc += " Shown on one side; do the same on the other."
    if exercise.figure.get("feel") and exercise.feel:
        desc += f" The part drawn in colour is where you should feel it: {exercise.feel}"
    return title, desc.strip()


def figure_file(exercise: Exercise, form: str) -> str:
    """The figure as a file of its own: moving, or its key poses side by side."""

    def draw() -> str:
        title, desc = figure_words(exercise)
        if form == "steps":
            return figures.steps_svg(exercise.figure, title=title, desc=desc)
        return figures.animated_svg(exercise.figure, title=title, desc=desc, alone=True)

    return _drawn(exercise, f"file-{form}", draw)


def figure_version(exercise: Exercise) -> str:
    """Changes whenever the drawing does: the figure's address carries it."""
    return hashlib.sha256(figure_file(exercise, "moving").encode()).hexdigest()[:12]


def figure_url(exercise: Exercise) -> str:
    url = reverse("exercises:figure", args=[exercise.slug])
    return f"{url}?{urlencode({'v': figure_version(exercise)})}"


def card_figure(exercise: Exercise) -> SafeString:
    """A library card's small picture: the figure's first key pose, standing still."""
    if not exercise.figure:
        return mark_safe("")
    return mark_safe(_drawn(exercise, "card", lambda: figures.still_svg(exercise.figure)))


def page_figure(exercise: Exercise, part: str = "main") -> dict:
    """The exercise page's figure: moving, and its key poses numbered like the steps, which
    the page shows instead for reduced motion and on paper."""

    def draw() -> dict:
        title, desc = figure_words(exercise, part)
        ids = "figure" if part == "main" else "figure-easier"
        moving = figures.animated_svg(exercise.figure, title=title, desc=desc, part=part, ids=ids)
        steps = exercise.step_list
        poses = []
        for number, shown in enumerate(figures.key_poses(exercise.figure, part), 1):
            label = figures.steps_label(shown["steps"]) or f"Pose {number}"
            words = " ".join(steps[n - 1] for n in shown["steps"] if n <= len(steps))
            svg = figures.still_svg(
                exercise.figure,
                pose=shown["index"],
                part=part,
                label=(label, words),
                ids=f"{ids}-pose-{number}",
                framed=True,
            )
            poses.append({"label": label, "svg": svg})
        return {"moving": moving, "poses": poses}

    drawn = _drawn(exercise, f"page-{part}", draw)
    return {
        "moving": mark_safe(drawn["moving"]),
        "poses": [{"label": p["label"], "svg": mark_safe(p["svg"])} for p in drawn["poses"]],
        "feel": bool(exercise.figure.get("feel")),
    }


# The figure served on its own: its <style> is allowed by its hash, and nothing else loads.
FIGURE_CSP = {
    "default-src": [CSP.NONE],
    "style-src": [f"'sha256-{figures.STANDALONE_STYLE_HASH}'"],
    "frame-ancestors": [CSP.NONE],
}


@login_not_required
@require_safe
@csp_override(FIGURE_CSP)
def figure(request: HttpRequest, slug: str, form: str = "moving") -> HttpResponse:
    exercise = get_object_or_404(Exercise, slug=slug)
    if not exercise.figure:
        raise Http404("This exercise has no drawn figure.")
    svg = figure_file(exercise, form)
    digest = hashlib.sha256(svg.encode()).hexdigest()
    etag = f'"{digest[:32]}"'
    response = get_conditional_response(request, etag=etag) or HttpResponse(
        svg, content_type="image/svg+xml; charset=utf-8"
    )
    response["ETag"] = etag
    if form == "moving" and request.GET.get("v") == figure_version(exercise):
        # The address names this very drawing, which therefore never changes.
        patch_cache_control(response, public=True, max_age=365 * 24 * 3600, immutable=True)
    else:
        # Kept, but checked each time: the ETag answers "not modified" until an edit.
        patch_cache_control(response, public=True, no_cache=True)
    return response


def render_library(request: HttpRequest, part: str) -> str:
    form = LibraryFilterForm(request.GET)
    filters = form.filters()
    everything = list(Exercise.objects.select_related("stage"))
    exercises = filter_exercises(filters, everything)
    for exercise in exercises:
        exercise.card_figure = card_figure(exercise)
    context = {
        "form": form,
        "exercises": exercises,
        "filtered": bool(filters),
        "query": filters.get("q", ""),
        "more_filters": len(filters) > ("q" in filters),
    }
    if not exercises:
        context |= no_match_help(filters, everything)
    return render_to_string(part, context, request)


@login_not_required
@require_safe
@vary_on_headers("HX-Request")
def library(request: HttpRequest) -> HttpResponse:
    if (clean_url := without_empty_parameters(request)) is not None:
        return redirect(clean_url)
    results_only = bool(request.htmx) and not request.htmx.history_restore_request
    part = "exercises/_library_update.html" if results_only else "exercises/library.html#main"
    # The library's HTML is cached per filter and per version of the content: most requests
    # cost one small query and no rendering. A signed-in person's stage labels are their own
    # (see `my_stages` in the templates), so their copy is keyed by them, their record's
    # version and the day too; until their record has a version, it is not cached.
    owner = ""
    if request.user.is_authenticated:
        version = personal_version(request.user)
        owner = version and f"{request.user.pk}:{version}:{timezone.localdate()}"
    if owner is None:
        html = render_library(request, part)
    else:
        raw_key = f"{content_version()}:{part}:{request.GET.urlencode()}:{owner}"
        key = "library:" + hashlib.sha256(raw_key.encode()).hexdigest()
        html = cache.get(key)
        if html is None:
            html = render_library(request, part)
            cache.set(key, html, timeout=24 * 3600)
    if results_only:
        return HttpResponse(html)
    return render(request, "exercises/library.html", {"main": mark_safe(html)})


@login_not_required
@require_safe
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    exercise = get_object_or_404(
        Exercise.objects.select_related("stage", "harder", "easier"), slug=slug
    )
    context = {"exercise": exercise}
    if exercise.figure:
        context["figure"] = page_figure(exercise)
        if "easier" in exercise.figure:
            context["easier_figure"] = page_figure(exercise, "easier")
    return render(request, "exercises/detail.html", context)
