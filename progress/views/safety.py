"""The safety questions, the warning page, and confirming a clinician's assessment."""

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from progress import safety, signs
from progress.forms import (
    AssessmentForm,
    ScreeningForm,
)
from progress.models import (
    Assessment,
    Screening,
)


@require_http_methods(["GET", "POST"])
def screening(request: HttpRequest) -> HttpResponse:
    """The safety questions: at sign-up before the first session, then once a week."""
    form = ScreeningForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            answers = Screening.objects.create(
                user=request.user,
                red_flags=form.cleaned_data["red_flags"],
                soon_reasons=form.cleaned_data["soon_reasons"],
            )
            safety.record_red_flags(request.user, answers.red_flags, screening=answers)
        if answers.red_flags:
            return redirect("progress:warning")
        messages.success(request, "Thank you. Your answers are saved.")
        return redirect("progress:dashboard")
    first = safety.latest_screening(request.user) is None
    return render(request, "progress/screening.html", {"form": form, "first": first})


@require_safe
def warning(request: HttpRequest) -> HttpResponse:
    """The full page after warning signs: what to do now, and how to carry on afterwards."""
    report = safety.suspension_for(request.user)
    return render(request, "progress/warning.html", {"report": report})


@require_http_methods(["GET", "POST"])
def assessed(request: HttpRequest) -> HttpResponse:
    report = safety.suspension_for(request.user)
    if report is None:
        messages.info(request, "There is nothing to confirm: your program is not suspended.")
        return redirect("progress:dashboard")
    form = AssessmentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        Assessment.objects.create(user=request.user, note=form.cleaned_data["note"])
        messages.success(
            request,
            "Thank you. Your program is open again. If the warning signs come back, stop: "
            f"{signs.advice(signs.Urgency.EMERGENCY)[0].lower()}"
            f"{signs.advice(signs.Urgency.EMERGENCY)[1:]}.",
        )
        return redirect("progress:dashboard")
    return render(request, "progress/assessed.html", {"form": form, "report": report})
