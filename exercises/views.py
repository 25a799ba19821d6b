from django.contrib.auth.decorators import login_not_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from exercises.forms import LibraryFilterForm
from exercises.models import Exercise, Section

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
    form = LibraryFilterForm(request.GET)
    filters = form.filters()
    context = {
        "form": form,
        "exercises": filter_exercises(filters),
        "filtered": bool(filters),
    }
    # htmx asks for the results only, except when it restores a page missing from its history cache.
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "exercises/_library_update.html", context)
    return render(request, "exercises/library.html", context)


@login_not_required
@require_GET
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    exercise = get_object_or_404(
        Exercise.objects.select_related("stage", "harder", "easier"), slug=slug
    )
    return render(request, "exercises/detail.html", {"exercise": exercise})
