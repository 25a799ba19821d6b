"""The outcome measures: the two questionnaires, the scores over time, and their CSV file."""

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from progress import measures, measures_csv
from progress.measures import Refused
from progress.models import Bothersomeness, FunctionalRating, FunctionalScale, MeasuresOffer
from progress.views.transfer import csv_download, refused_file, uploaded_text


def _rating(label: str, high: int) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=[(n, str(n)) for n in range(high + 1)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose a rating: a missing rating is not counted as 0.",
            "invalid_choice": f"Choose a whole number from 0 to {high}.",
        },
    )


class BothersomenessForm(forms.Form):
    """The index's four items, each 0 (not at all) to 6 (extremely)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, words in measures.SBI_ITEMS:
            self.fields[code] = _rating(words, measures.SBI_HIGH)

    def answer(self, day) -> measures.SbiAnswer:
        return measures.sbi_answer(
            day, {code: self.cleaned_data[code] for code in measures.SBI_CODES}
        )


class FunctionalScaleForm(forms.Form):
    """Up to five activities, each named and rated 0 (unable) to 10 (as before the problem).
    Three must be given; a row left wholly empty is not an activity."""

    ROWS = measures.PSFS_MAX_ACTIVITIES

    def __init__(self, *args, activities=(), **kwargs):
        initial = {f"activity_{n}": name for n, name in enumerate(activities, start=1)}
        super().__init__(*args, initial=initial, **kwargs)
        for n in range(1, self.ROWS + 1):
            optional = " (optional)" if n > measures.PSFS_MIN_ACTIVITIES else ""
            self.fields[f"activity_{n}"] = forms.CharField(
                label=f"Activity {n}{optional}",
                required=False,
                max_length=measures.PSFS_ACTIVITY_LENGTH,
                error_messages={
                    "max_length": "Describe the activity in %(limit_value)d characters or "
                    "fewer; this is %(show_value)d."
                },
            )
            rating = _rating(f"How well can you do activity {n} today?", measures.PSFS_HIGH)
            rating.required, rating.empty_value = False, None
            self.fields[f"rating_{n}"] = rating

    def rows(self):
        """Each activity's two fields, for the template."""
        return [(self[f"activity_{n}"], self[f"rating_{n}"]) for n in range(1, self.ROWS + 1)]

    def clean(self):
        data = super().clean()
        given = []
        for n in range(1, self.ROWS + 1):
            activity = " ".join((data.get(f"activity_{n}") or "").split())
            rating = data.get(f"rating_{n}")
            if f"activity_{n}" in self.errors or f"rating_{n}" in self.errors:
                continue
            if activity and rating is None:
                self.add_error(
                    f"rating_{n}", f"Rate “{activity}”: a missing rating is not counted as 0."
                )
            elif rating is not None and not activity:
                self.add_error(f"activity_{n}", "Name the activity this rating is for.")
            elif activity:
                if any(measures.same_activity(activity, other) for other, _ in given):
                    self.add_error(f"activity_{n}", f"“{activity}” is listed above already.")
                given.append((activity, rating))
        if not self.errors and len(given) < measures.PSFS_MIN_ACTIVITIES:
            raise forms.ValidationError(
                f"Name and rate at least {measures.PSFS_MIN_ACTIVITIES} activities; "
                f"{'only ' if given else ''}{len(given)} {'is' if len(given) == 1 else 'are'} "
                "filled in."
            )
        self.given = given
        return data

    def answer(self, day) -> measures.PsfsAnswer:
        return measures.psfs_answer(day, self.given)


def _saved_message(request, replaced: bool, what: str, score: str) -> None:
    again = " It replaces the answer you gave earlier today." if replaced else ""
    messages.success(request, f"Thank you: your {what} is saved ({score}).{again}")


@require_http_methods(["GET", "POST"])
def bothersomeness(request: HttpRequest) -> HttpResponse:
    form = BothersomenessForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            answer = form.answer(timezone.localdate())
        except Refused as refused:  # the form's own checks make this unreachable
            form.add_error(None, str(refused))
        else:
            replaced = measures_csv.save_answer(request.user, answer)
            _saved_message(
                request,
                replaced,
                "bothersomeness score",
                f"{answer.total} out of {measures.SBI_MAX}",
            )
            return redirect("progress:measures")
    context = {"form": form, "citation": measures.SBI_CITATION}
    return render(request, "progress/measures_sbi.html", context)


@require_http_methods(["GET", "POST"])
def functional_scale(request: HttpRequest) -> HttpResponse:
    activities = measures_csv.latest_activities(request.user)
    form = FunctionalScaleForm(
        request.POST if request.method == "POST" else None, activities=activities
    )
    if request.method == "POST" and form.is_valid():
        try:
            answer = form.answer(timezone.localdate())
        except Refused as refused:  # the form's own checks make this unreachable
            form.add_error(None, str(refused))
        else:
            replaced = measures_csv.save_answer(request.user, answer)
            _saved_message(request, replaced, "activity score", f"{answer.score:.1f} out of 10")
            return redirect("progress:measures")
    context = {
        "form": form,
        "again": bool(activities),
        "citation": measures.PSFS_CITATION,
        "real_change": measures.PSFS_REAL_CHANGE,
    }
    return render(request, "progress/measures_psfs.html", context)


@require_POST
def skip(request: HttpRequest) -> HttpResponse:
    """Not this week: the dashboard's offer comes back in seven days."""
    until = timezone.localdate() + timedelta(days=6)
    MeasuresOffer.objects.update_or_create(user=request.user, defaults={"skipped_until": until})
    messages.info(request, "That's fine. The questionnaires will be offered again next week.")
    return redirect("progress:dashboard")


@require_safe
def overview(request: HttpRequest) -> HttpResponse:
    user = request.user
    sbi = list(Bothersomeness.objects.filter(user=user).order_by("answered_on"))
    psfs = list(
        FunctionalScale.objects.filter(user=user)
        .order_by("answered_on")
        .prefetch_related(Prefetch("ratings", queryset=FunctionalRating.objects.order_by("order")))
    )
    sbi_points = [measures.Point(a.answered_on, a.total) for a in sbi]
    psfs_rows = [(a, [(r.activity, r.rating) for r in a.ratings.all()]) for a in psfs]
    psfs_points = [
        measures.Point(a.answered_on, measures.psfs_score(pairs)) for a, pairs in psfs_rows
    ]
    psfs_trend = measures.trend(psfs_points)
    context = {
        "sbi": [(a, a.total) for a in reversed(sbi)],
        "psfs": [(a, measures.psfs_score(pairs), pairs) for a, pairs in reversed(psfs_rows)],
        "sbi_chart": measures.score_chart(sbi_points, measures.SBI_MAX, "Bothersomeness index"),
        "psfs_chart": measures.score_chart(psfs_points, measures.PSFS_HIGH, "Activity score"),
        "sbi_trend": measures.trend(sbi_points),
        "psfs_trend": psfs_trend,
        "psfs_matters": psfs_trend.change is not None
        and measures.psfs_change_matters(psfs_trend.first.score, psfs_trend.last.score),
        "sbi_max": measures.SBI_MAX,
        "real_change": measures.PSFS_REAL_CHANGE,
        "sbi_citation": measures.SBI_CITATION,
        "psfs_citation": measures.PSFS_CITATION,
    }
    return render(request, "progress/measures.html", context)


@require_safe
def export_csv(request: HttpRequest) -> HttpResponse:
    return csv_download(request, measures_csv.write_csv, "measures")


@require_POST
def import_csv(request: HttpRequest) -> HttpResponse:
    back = reverse("progress:measures")
    text = uploaded_text(request)
    if text is None:
        return redirect(back)
    result = measures_csv.import_csv(request.user, text)
    if result.errors:
        return refused_file(request, result.errors, "progress/measures_import_errors.html")
    count = result.created
    text = f"Imported {count} answer{'' if count == 1 else 's'}"
    messages.success(
        request, text + (f" ({result.skipped} already saved)." if result.skipped else ".")
    )
    return redirect(back)
