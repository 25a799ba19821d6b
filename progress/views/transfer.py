"""The log as a CSV file: export and import, and the reading of an uploaded CSV file that the
questionnaires' import shares."""

import io

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from progress import csvlog, signs

SHOWN_ERRORS = 50


def csv_download(request: HttpRequest, write, name: str) -> HttpResponse:
    """A person's CSV file as a download named for today: `write(user, out)` writes it."""
    out = io.StringIO()
    write(request.user, out)
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    filename = f"sciatica-{name}-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
def export_csv(request: HttpRequest) -> HttpResponse:
    return csv_download(request, csvlog.write_csv, "log")


@require_POST
def import_csv(request: HttpRequest) -> HttpResponse:
    text = uploaded_text(request)
    if text is None:
        return redirect("progress:history")
    result = csvlog.import_csv(request.user, text)
    if result.errors:
        return refused_file(request, result.errors, "progress/import_errors.html")
    _tell_what_was_imported(request, result)
    if result.recent_warning_signs:
        # A warning sign from the last week was in the file: what to do comes first.
        return redirect("progress:warning")
    return redirect("progress:history")


# Both imports (the log here, the questionnaires' answers in measures.py) read their upload and
# show a refused file's problems through these two, so their limits and words stay the same.
def uploaded_text(request: HttpRequest) -> str | None:
    """The text of the CSV file sent as "file", or None once the person has been told why it
    cannot be read: then nothing is imported."""
    upload = request.FILES.get("file")
    if upload is None:
        problem = "Choose a CSV file to import."
    elif upload.size > csvlog.MAX_BYTES:
        problem = "That file is larger than 5 MB: nothing was imported."
    else:
        try:
            return upload.read().decode("utf-8")
        except UnicodeDecodeError:
            problem = "That file is not a UTF-8 text (CSV) file: nothing was imported."
    messages.error(request, problem)
    return None


def refused_file(request: HttpRequest, errors: list[str], template: str) -> HttpResponse:
    """The page listing why the uploaded file was refused: its first problems and how many more
    (a long list helps no one fix a file)."""
    context = {
        "errors": errors[:SHOWN_ERRORS],
        "more": len(errors) - SHOWN_ERRORS,
        "filename": request.FILES["file"].name,
    }
    return render(request, template, context, status=400)


def _tell_what_was_imported(request: HttpRequest, result: csvlog.ImportResult) -> None:
    messages.success(
        request,
        f"Imported {result.created} session{'s' if result.created != 1 else ''}"
        + (f" ({result.skipped} already in your log)." if result.skipped else "."),
    )
    # What the imported sessions changed for the stages: opening is good news, a pause is not.
    for news in result.stage_changes:
        (messages.success if news.good else messages.warning)(request, str(news))
    if result.early_entries:
        messages.info(
            request,
            f"{result.early_entries} exercise{'s were' if result.early_entries != 1 else ' was'} "
            "done before its stage opened for you. They are kept as your history and marked "
            "below; the log form only offers the stages that are open now.",
        )
    if result.older_warning_signs:
        days = ", ".join(f"{day:%-d %B %Y}" for day in result.older_warning_signs)
        messages.warning(
            request,
            f"Your file records warning signs on {days}. If any of them is happening now: "
            f"{signs.advice(signs.Urgency.EMERGENCY)}. If not, "
            f"{signs.advice(signs.Urgency.GP)[0].lower()}{signs.advice(signs.Urgency.GP)[1:]} "
            "to talk about it.",
        )
