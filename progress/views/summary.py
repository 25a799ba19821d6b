"""The summary for a clinician: the person's own page, the links that share it, and the shared
page that opens without a login."""

from datetime import date

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_POST, require_safe

from progress import sharing
from progress import summary as summaries
from progress.models import EARLIEST_DATE
from sciatica.accounts import throttle
from sciatica.accounts.models import person_time_zone
from sciatica.accounts.throttle import Throttled

# A summary covers at most this long: ten years of weekly points still fit on one chart.
LONGEST_PERIOD = 3653
PERIOD_FIELDS = ("start", "end", "name", "notes")


def _day_field(label: str, what: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": f"Enter the {what}.",
            "invalid": "Enter a date, for example 2026-11-24.",
        },
    )


def _is_iso_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except (TypeError, ValueError):
        return False
    return len(text) == 10


class PeriodForm(forms.Form):
    """The period a summary covers, and what it shows besides the diary's numbers."""

    start = _day_field("From", "first day of the period")
    end = _day_field("To", "last day of the period")
    name = forms.CharField(
        label="Your name on the summary (optional)",
        required=False,
        max_length=80,
        help_text="Leave it empty to show no name.",
        error_messages={
            "max_length": "A name can be up to %(limit_value)d characters; this is %(show_value)d."
        },
    )
    notes = forms.BooleanField(
        label="Include my notes",
        required=False,
        help_text="Your own words from each session. They can make the summary longer than a page.",
    )

    def __init__(self, *args, today: date, **kwargs):
        self.today = today
        start, end = summaries.default_period(today)
        initial = {"start": start, "end": end, **kwargs.pop("initial", {})}
        super().__init__(*args, initial=initial, **kwargs)
        for name in ("start", "end"):
            self.fields[name].widget.attrs.update(
                min=EARLIEST_DATE.isoformat(), max=today.isoformat()
            )

    def clean_start(self):
        return self._not_future_or_ancient(self.cleaned_data["start"])

    def clean_end(self):
        return self._not_future_or_ancient(self.cleaned_data["end"])

    def _not_future_or_ancient(self, day: date) -> date:
        if day > self.today:
            raise forms.ValidationError(
                f"That day is still to come: choose {self.today:%-d %B %Y} or earlier."
            )
        if day < EARLIEST_DATE:
            raise forms.ValidationError(
                f"The date must be in {EARLIEST_DATE.year} or later: check the year."
            )
        return day

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if start > end:
                self.add_error(
                    None, "The last day comes before the first: swap the dates, or change one."
                )
            elif (end - start).days + 1 > LONGEST_PERIOD:
                self.add_error("start", "A summary can cover up to 10 years: choose a later day.")
        return data

    def full_clean(self):
        super().full_clean()
        # A date the browser's date picker cannot hold is shown back as the text it was.
        for name in ("start", "end"):
            if name in self.errors and not _is_iso_date(self.data.get(name, "")):
                widget = self.fields[name].widget
                widget.input_type = "text"
                widget.attrs = {k: v for k, v in widget.attrs.items() if k not in ("min", "max")}

    def period(self) -> tuple[date, date]:
        if self.is_bound:
            return self.cleaned_data["start"], self.cleaned_data["end"]
        return summaries.default_period(self.today)

    def options(self) -> dict:
        if not self.is_bound:
            return {"name": "", "include_notes": False}
        return {"name": self.cleaned_data["name"], "include_notes": self.cleaned_data["notes"]}


class ShareForm(PeriodForm):
    valid_for = forms.TypedChoiceField(
        label="The link works for",
        choices=[
            (days, f"{days} day{'' if days == 1 else 's'}") for days in sharing.VALID_FOR_DAYS
        ],
        coerce=int,
        initial=sharing.DEFAULT_DAYS,
        error_messages={"invalid_choice": "Choose how long the link works from the list."},
    )

    def __init__(self, *args, **kwargs):
        # It shares a page with the period's own form: its own ids.
        super().__init__(*args, auto_id="share_%s", **kwargs)
        for name in PERIOD_FIELDS:
            self.fields[name].widget = forms.HiddenInput()


@require_safe
def summary(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    asked = any(name in request.GET for name in PERIOD_FIELDS)
    form = PeriodForm(request.GET if asked else None, today=today)
    context = {"form": form, "summary": None, "share_form": None}
    if not form.is_bound or form.is_valid():
        start, end = form.period()
        options = form.options()
        context["summary"] = summaries.build(
            request.user, start, end, options["include_notes"], options["name"]
        )
        context["share_form"] = ShareForm(
            initial={
                "start": start,
                "end": end,
                "name": options["name"],
                "notes": options["include_notes"],
            },
            today=today,
        )
        context["rolling"] = end == today
    return render(request, "progress/summary.html", context)


@require_POST
def share(request: HttpRequest) -> HttpResponse:
    """Make a link to the summary. The page that answers shows the link, once: only its hash
    is kept."""
    today = timezone.localdate()
    form = ShareForm(request.POST, today=today)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, f"No link was made. {error}")
        return redirect("progress:summary")
    start, end = form.period()
    options = form.options()
    days = form.cleaned_data["valid_for"]
    link, token = sharing.make_link(request.user, start, end, days, **options)
    context = {
        "link": link,
        "url": request.build_absolute_uri(reverse("shared_summary", args=[token])),
        "back": f"{reverse('progress:summary')}?{urlencode(_query(start, end, options))}",
    }
    return render(request, "shared/made.html", context)


def _query(start: date, end: date, options: dict) -> dict:
    query = {"start": start.isoformat(), "end": end.isoformat()}
    if options["name"]:
        query["name"] = options["name"]
    if options["include_notes"]:
        query["notes"] = "on"
    return query


@require_POST
def unshare(request: HttpRequest) -> HttpResponse:
    if sharing.revoke(request.user, request.POST.get("link")):
        messages.success(request, "The link is stopped: it no longer opens your summary.")
    else:
        messages.info(request, "That link had already stopped working.")
    return redirect("account_settings")


# --- The shared page ------------------------------------------------------------------------

SHARED_HEADERS = {
    # No search engine lists it, no link from it tells another site its address, and no cache
    # but the browser's own keeps it, and that only for the moment it is shown.
    "X-Robots-Tag": "noindex, nofollow",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "private, no-store",
}


def _shared_response(body: str, status: int) -> HttpResponse:
    response = HttpResponse(body, status=status)
    for name, value in SHARED_HEADERS.items():
        response[name] = value
    return response


def _not_found(request: HttpRequest) -> HttpResponse:
    """One answer for every token that does not open a summary: unknown, expired or revoked."""
    return _shared_response(render_to_string("shared/not_found.html", request=request), 404)


@login_not_required
@require_safe
def shared(request: HttpRequest, token: str) -> HttpResponse:
    try:
        throttle.begin("shared", f"address:{throttle.client_address(request)}", request)
    except Throttled as throttled:
        body = render_to_string("shared/throttled.html", {"wait": throttled.in_words}, request)
        response = _shared_response(body, 429)
        response["Retry-After"] = str(max(1, int(throttled.wait.total_seconds())))
        return response
    link = sharing.open_link(token)
    if link is None:
        return _not_found(request)
    # "Today" is the person's, as on their own page.
    with person_time_zone(link.user):
        today = timezone.localdate()
        start, end = sharing.period(link).on(today)
        start = max(start, EARLIEST_DATE)
        built = summaries.build(link.user, start, end, link.include_notes, link.name)
        expires = timezone.localtime(link.expires_at)
    body = render_to_string(
        "shared/summary.html", {"summary": built, "expires": expires, "shared": True}, request
    )
    return _shared_response(body, 200)
