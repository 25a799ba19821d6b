import hashlib

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from exercises.forms import LibraryFilterForm
from exercises.models import Exercise, Section, content_version

SECTION_ORDER = {value: index for index, value in enumerate(Section.values)}


def filter_exercises(filters: dict) -> list[Exercise]:
    exercises = Exercise.objects.select_related("stage")
    if query := filters.get("q"):
        exercises = exercises.filter(
            Q(name__icontains=query)
            | Q(summary__icontains=query)
            | Q(steps__icontains=query)
            | Q(feel__icontains=query)
        )
    for field in ("stage", "section", "position", "equipment"):
        if field in filters:
            exercises = exercises.filter(**{field: filters[field]})
    # Grouped on the page by stage, then section in the program's order.
    return sorted(
        exercises, key=lambda e: (e.stage.order, SECTION_ORDER.get(e.section, 99), e.order)
    )


@login_not_required
@require_GET
@vary_on_headers("HX-Request")
def library(request: HttpRequest) -> HttpResponse:
    # The library is the same for everyone, so its HTML is cached per filter and per version of
    # the content: most requests cost one small query and no rendering.
    results_only = bool(request.htmx) and not request.htmx.history_restore_request
    part = "exercises/_library_update.html" if results_only else "exercises/library.html#main"
    raw_key = f"{content_version()}:{part}:{request.GET.urlencode()}"
    key = "library:" + hashlib.sha256(raw_key.encode()).hexdigest()
    html = cache.get(key)
    if html is None:
        form = LibraryFilterForm(request.GET)
        filters = form.filters()
        context = {"form": form, "exercises": filter_exercises(filters), "filtered": bool(filters)}
        html = render_to_string(part, context, request)
        cache.set(key, html, timeout=24 * 3600)
    if results_only:
        return HttpResponse(html)
    return render(request, "exercises/library.html", {"main": mark_safe(html)})


@login_not_required
@require_GET
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    exercise = get_object_or_404(
        Exercise.objects.select_related("stage", "harder", "easier"), slug=slug
    )
    return render(request, "exercises/detail.html", {"exercise": exercise})
