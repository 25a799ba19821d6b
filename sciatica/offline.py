"""Installing the app and reading it with no connection: the manifest, the service worker, the
page shown when an address was never saved on the device.

The worker's list of addresses and its version come from here, so a new exercise, an edited one
or a new stylesheet makes a new version: the browser installs it beside the old one, and the next
visit uses the new one whole (pages and styles from one release, never mixed)."""

import hashlib
import json
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from exercises.models import Exercise, content_version
from exercises.views import figure_url

WORKER = Path(__file__).resolve().parent / "sw.js"
# The files every page needs, saved at install with the pages.
ASSETS = ["css/site.css", "favicon.svg", "js/offline.js"]
ICONS = [
    ("icons/icon-192.png", 192, "any"),
    ("icons/icon-512.png", 512, "any"),
    ("icons/icon-maskable-512.png", 512, "maskable"),
]
# The light and dark themes' backgrounds, from site.css.
THEME_LIGHT = "#0b5cad"
THEME_DARK = "#12161b"


@login_not_required
@require_safe
def manifest(request: HttpRequest) -> HttpResponse:
    data = {
        "name": "sciatica: exercise diary and guide",
        "short_name": "sciatica",
        "description": "A home exercise diary and guide for sciatica.",
        "id": "/",
        "start_url": reverse("home"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": THEME_LIGHT,
        "lang": "en-GB",
        "icons": [
            {
                "src": static(path),
                "sizes": f"{size}x{size}",
                "type": "image/png",
                "purpose": purpose,
            }
            for path, size, purpose in ICONS
        ],
    }
    response = JsonResponse(data, json_dumps_params={"indent": 2})
    response["Content-Type"] = "application/manifest+json"
    patch_cache_control(response, public=True, max_age=3600)
    return response


# What the kept pages are made from besides the content: a deployment that changes any of it
# (the warning signs' words, a template, the styles) is a new release.
RELEASE_FILES = ["templates/**/*.html", "*/templatetags/*.py", "static/**/*.css", "static/**/*.js"]


@cache
def _release_digest() -> str:
    """The hash of the code the kept pages are made from, read once per process (it changes only
    with a deployment, which starts new processes)."""
    digest = hashlib.sha256(WORKER.read_bytes())
    for pattern in RELEASE_FILES:
        for path in sorted(settings.BASE_DIR.glob(pattern)):
            digest.update(path.read_bytes())
    return digest.hexdigest()


def precache_urls() -> list[str]:
    """What a person can read with no connection, saved when the worker installs."""
    urls = [
        reverse("offline"),
        reverse("outbox"),
        reverse("emergency"),
        reverse("guidance"),
        reverse("exercises:list"),
    ]
    for exercise in Exercise.objects.order_by("slug"):
        urls.append(reverse("exercises:detail", args=[exercise.slug]))
        if exercise.figure:
            urls.append(figure_url(exercise))
            urls.append(reverse("exercises:figure_steps", args=[exercise.slug]))
    # Asked for by the pages that name no icon (the emergency page is kept to the minimum).
    urls.append("/favicon.ico")
    urls += [static(path) for path in ASSETS]
    return urls


def worker_version(urls: list[str]) -> str:
    text = "\n".join([content_version(), _release_digest(), *urls])
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@login_not_required
@require_safe
def service_worker(request: HttpRequest) -> HttpResponse:
    urls = precache_urls()
    config = {
        "version": worker_version(urls),
        "precache": urls,
        "offline": reverse("offline"),
        # Always opened from the device, even with a connection that hangs.
        "alwaysOffline": [reverse("emergency")],
        # A person's own pages: never stored on the device...
        "private": ["/progress/", "/accounts/", "/admin/", "/shared/", "/calendar/", "/reminders/"],
        # ...but the blank log form, kept for the person signed in (it names no pain score and
        # no session) and forgotten when anyone signs in or out on this device.
        "personal": [reverse("progress:log")],
        "signInOut": [reverse("login"), reverse("logout")],
        # Forms kept on the device when there is no connection, and sent later: the log, and
        # the guided routine's last page.
        "outbox": [reverse("progress:log"), reverse("progress:routine_log")],
        "outboxPage": reverse("outbox"),
        "icon": static(ICONS[0][0]),
        # Answers without a redirect from a person signed in: tells signed out from due safety
        # questions when the log form sends the worker away.
        "account": reverse("account_settings"),
        # Kept pages to show with no connection: the warning signs beside a form that reported
        # one, and after the safety questions could not be sent.
        "emergency": reverse("emergency"),
        "safety": [reverse("progress:screening")],
    }
    body = f"const CONFIG = {json.dumps(config)};\n{WORKER.read_text()}"
    response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    # Checked on every visit, so that a new release is seen at once.
    patch_cache_control(response, no_cache=True, max_age=0)
    return response


@login_not_required
@require_safe
def offline(request: HttpRequest) -> HttpResponse:
    return render(request, "offline.html")


@login_not_required
@require_safe
def outbox(request: HttpRequest) -> HttpResponse:
    """The sessions kept on this device, not sent yet: listed by the page's script from the
    device's own storage (the server has never seen them)."""
    return render(request, "outbox.html")
