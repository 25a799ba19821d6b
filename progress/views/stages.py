"""The stages page and its JSON."""

import json

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from progress.models import (
    RedFlagReport,
)
from progress.status import read, stage_views
from progress.views.dashboard import cached_data


@require_safe
def stages(request: HttpRequest) -> HttpResponse:
    reading = read(request.user)
    views, _ = stage_views(request.user, reading=reading)
    # The safety history: every warning sign reported and every assessment confirmed.
    reports = [("report", r.created_at, r) for r in RedFlagReport.objects.filter(user=request.user)]
    confirmed = [("assessed", a.confirmed_at, a) for a in request.user.assessments.all()]
    safety_history = sorted(reports + confirmed, key=lambda row: row[1], reverse=True)
    context = {"stages": views, "safety_history": safety_history}
    return render(request, "progress/stages.html", context)


@require_safe
def stages_json(request: HttpRequest) -> HttpResponse:
    body = cached_data(request, "stages.json", lambda: _stages_json(request))
    return HttpResponse(body, content_type="application/json")


def _stages_json(request: HttpRequest) -> str:
    reading = read(request.user)
    views, _ = stage_views(request.user, reading=reading)
    return json.dumps(
        {
            "stages": [
                {
                    "slug": view.stage.slug,
                    "name": view.stage.name,
                    "status": view.status,
                    "days_held": view.days_held,
                    "days_needed": view.days_needed,
                    "sessions_held": view.sessions_held,
                    "sessions_needed": view.sessions_needed,
                    "reason": view.reason,
                }
                for view in views
            ]
        }
    )
