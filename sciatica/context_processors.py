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
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

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


# The header's links: (address, words, the page or app it marks as current).
NAV_SIGNED_IN = [
    ("dashboard", "My progress", "dashboard"),
    ("log", "Log a session", "log"),
    ("history", "History", "history"),
    ("library", "Exercises", "exercises:"),
    ("guidance", "Guide", "guidance"),
    ("settings", "Settings", "account_settings"),
]
NAV_VISITOR = [
    ("library", "Exercises", "exercises:"),
    ("guidance", "Guide", "guidance"),
    ("login", "Log in", "login"),
    ("signup", "Sign up", "signup"),
]


@cache
def _nav(prefix: str, signed_in: bool, here: str | None, app: str | None) -> SafeString:
    urls = _frame_urls(prefix)
    items = []
    for key, words, marks in NAV_SIGNED_IN if signed_in else NAV_VISITOR:
        current = marks == here or marks == f"{app}:"
        aria = ' aria-current="page"' if current else ""
        items.append(f'<li><a href="{escape(urls[key])}"{aria}>{words}</a></li>')
    return mark_safe("\n          ".join(items))


def frame(request: HttpRequest) -> dict:
    match = getattr(request, "resolver_match", None)
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    here, app = (match.url_name, match.app_name) if match else (None, None)
    return {
        "nav": _nav(get_script_prefix(), signed_in, here, app),
        "frame_urls": _frame_urls(get_script_prefix()),
        # The stylesheet's and icon's addresses (with their content hash): once per process.
        "frame_static": _frame_static(staticfiles_storage.__class__),
        # The page being shown, for aria-current in the header.
        "here": match.url_name if match else None,
        "here_app": match.app_name if match else None,
    }
