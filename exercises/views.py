import hashlib

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.module_loading import import_string
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from exercises import search
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


def render_library(request: HttpRequest, part: str) -> str:
    form = LibraryFilterForm(request.GET)
    filters = form.filters()
    everything = list(Exercise.objects.select_related("stage"))
    exercises = filter_exercises(filters, everything)
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
    return render(request, "exercises/detail.html", {"exercise": exercise})
