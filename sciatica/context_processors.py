"""What every page's frame (the header's links, the current page) needs, worked out cheaply.

The header's addresses, and those the most visited pages (the dashboard, the history) link to,
are the same for everyone: they are reversed once per process (and script prefix) rather than by
a `{% url %}` tag for each link on every request.
"""

from functools import cache

from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpRequest
from django.templatetags.static import static
from django.urls import get_script_prefix, reverse

FRAME_URLS = {
    "home": "home",
    "dashboard": "progress:dashboard",
    "log": "progress:log",
    "history": "progress:history",
    "library": "exercises:list",
    "guidance": "guidance",
    "settings": "account_settings",
    "emergency": "emergency",
    "login": "login",
    "logout": "logout",
    "signup": "signup",
    "stages": "progress:stages",
    "export": "progress:export",
    "import": "progress:import",
    "password_change": "password_change",
    "delete_account": "delete_account",
}


FRAME_STATIC = {"favicon": "favicon.svg", "css": "css/site.css"}


@cache
def _frame_urls(prefix: str) -> dict[str, str]:
    return {key: reverse(name) for key, name in FRAME_URLS.items()}


@cache
def _frame_static(storage_class: type) -> dict[str, str]:
    return {key: static(path) for key, path in FRAME_STATIC.items()}


def frame(request: HttpRequest) -> dict:
    match = getattr(request, "resolver_match", None)
    return {
        "frame_urls": _frame_urls(get_script_prefix()),
        # The stylesheet's and icon's addresses (with their content hash): once per process.
        "frame_static": _frame_static(staticfiles_storage.__class__),
        # The page being shown, for aria-current in the header.
        "here": match.url_name if match else None,
        "here_app": match.app_name if match else None,
    }
