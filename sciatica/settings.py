"""Settings for sciatica, driven by environment variables.

With no environment set, the project runs in development mode on a SQLite file in the checkout.
Production sets DJANGO_DEBUG=0, DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS and usually DATABASE_URL.
"""

import logging
import os
import re
import tempfile
from email.utils import parseaddr
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import validate_email
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str) -> bool:
    value = os.getenv(name, default).strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off", ""):
        return False
    raise ImproperlyConfigured(f"{name} must be 1/0, true/false, yes/no or on/off, not {value!r}")


def envint(name: str, default: int) -> int:
    value = os.getenv(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.getenv(name, default).split(",") if item.strip()]


def envphone(name: str, default: str) -> str:
    """A number for a call button (digits, spaces, + - and brackets), or "" for no button."""
    value = os.getenv(name, default).strip()
    if value and not (re.fullmatch(r"\+?[0-9 ()-]+", value) and re.search("[0-9]", value)):
        raise ImproperlyConfigured(
            f"{name} must be a phone number such as 999 or +44 20 7946 0000, not {value!r}"
        )
    return value


def envemails(name: str) -> list[str]:
    """Comma-separated email addresses, each plain or as "Name <address>"."""
    addresses = envlist(name, "")
    for address in addresses:
        _, plain = parseaddr(address)
        try:
            validate_email(plain)
        except ValidationError:
            raise ImproperlyConfigured(
                f"{name} must be email addresses separated by commas, such as "
                f"ops@example.org or Ops <ops@example.org>; {address!r} is not one"
            ) from None
    return addresses


def admin_email_handler() -> logging.Handler:
    """Django's handler that emails server errors to ADMINS, except that a mail server that
    cannot be reached is reported on standard error instead of turning the error page into a
    crash of its own."""
    from django.utils.log import AdminEmailHandler

    class Handler(AdminEmailHandler):
        def emit(self, record: logging.LogRecord) -> None:
            try:
                super().emit(record)
            except Exception:
                self.handleError(record)

    return Handler()


def database_from_url(url: str) -> dict:
    """Turn a DATABASE_URL (sqlite:///path or postgres://user:pass@host:port/name) into settings."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        # sqlite:///relative.db is relative to the checkout, sqlite:////abs/path.db is absolute.
        name = unquote(parts.path[1:]) if parts.path.startswith("/") else unquote(parts.path)
        if not name:
            raise ImproperlyConfigured("DATABASE_URL for SQLite needs a file name")
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / name,
            # Tests use a file too, not memory: the live server's threads then hold their own
            # connections, as the app's workers do, and concurrent writes are really concurrent.
            "TEST": {"NAME": str(Path(tempfile.gettempdir()) / f"sciatica-test-{os.getpid()}.db")},
            # IMMEDIATE transactions, WAL and a busy timeout keep concurrent writers from failing
            # with "database is locked".
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    if parts.scheme in ("postgres", "postgresql", "pgsql"):
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.lstrip("/")),
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
            # ?sslmode=require and the like go to the driver as they are.
            "OPTIONS": dict(parse_qsl(parts.query)),
        }
    raise ImproperlyConfigured(
        f"DATABASE_URL scheme {parts.scheme!r} is not supported; use sqlite:/// or postgres://"
    )


def mailer_from_env(debug: bool) -> dict:
    """The mailer for password-reset emails: SMTP when DJANGO_EMAIL_HOST is set or debug is off,
    otherwise the console, which prints each email instead of sending it."""
    smtp = "django.core.mail.backends.smtp.EmailBackend"
    host = os.getenv("DJANGO_EMAIL_HOST", "").strip()
    backend = os.getenv("DJANGO_EMAIL_BACKEND", "").strip() or (
        smtp if host or not debug else "django.core.mail.backends.console.EmailBackend"
    )
    if backend != smtp:
        return {"BACKEND": backend}
    use_tls = envbool("DJANGO_EMAIL_USE_TLS", "0")
    use_ssl = envbool("DJANGO_EMAIL_USE_SSL", "0")
    if use_tls and use_ssl:
        raise ImproperlyConfigured("Set DJANGO_EMAIL_USE_TLS or DJANGO_EMAIL_USE_SSL, not both")
    return {
        "BACKEND": smtp,
        "OPTIONS": {
            "host": host or "localhost",
            # None lets Django choose: 587 with TLS, 465 with SSL, 25 with neither.
            "port": envint("DJANGO_EMAIL_PORT", 0) or None,
            "username": os.getenv("DJANGO_EMAIL_USER", ""),
            "password": os.getenv("DJANGO_EMAIL_PASSWORD", ""),
            "use_tls": use_tls,
            "use_ssl": use_ssl,
            # A mail server that stops answering must not hold a worker for long.
            "timeout": 10,
        },
    }


DEBUG = envbool("DJANGO_DEBUG", "1")

DEV_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"
SECRET_KEY = os.getenv("DJANGO_SECRET_KEY", DEV_SECRET_KEY)
# The same bar as Django's own deploy check: 50 characters, 5 of them different.
if not DEBUG and (SECRET_KEY == DEV_SECRET_KEY or len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5):
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be a random value of at least 50 characters when DJANGO_DEBUG "
        "is off, e.g. python -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )

ALLOWED_HOSTS = envlist("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must name the site's host when debug is off")
CSRF_TRUSTED_ORIGINS = envlist("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "exercises",
    "progress",
    "sciatica.accounts",
]

MIDDLEWARE = [
    # First: a body over the upload limit is refused before anything reads it.
    "sciatica.middleware.RequestSizeLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A logged-in person's pages are never stored by a cache or the browser.
    "sciatica.accounts.middleware.PrivatePagesMiddleware",
    # The person's own time zone for "today" (needs request.user, so after authentication).
    "sciatica.accounts.middleware.TimeZoneMiddleware",
    # Every page needs a login unless its view says otherwise (the library, guidance, sign-up).
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "sciatica.urls"
WSGI_APPLICATION = "sciatica.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "progress.context_processors.my_stages",
                "sciatica.context_processors.frame",
            ],
        },
    },
]

DATABASES = {"default": database_from_url(os.getenv("DATABASE_URL", "sqlite:///db.sqlite3"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Sign-up treats "Alice" and "alice" as one name, so logging in does too.
AUTHENTICATION_BACKENDS = ["sciatica.accounts.backends.CaseInsensitiveModelBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "progress:dashboard"
LOGOUT_REDIRECT_URL = "exercises:list"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.getenv("DJANGO_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.getenv("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
# In development WhiteNoise serves straight from the apps' static folders, no collectstatic needed.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed, compressed names need collectstatic, which deployment runs; development and tests
    # serve the files straight from the apps.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# No inline script or style anywhere: every script and stylesheet is a file served by us.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    # The service worker (/sw.js) and the manifest, from this site only.
    "worker-src": [CSP.SELF],
    "manifest-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"

# HTTPS is on by default outside development. Behind a proxy that terminates TLS, set
# DJANGO_BEHIND_PROXY=1 so Django trusts its X-Forwarded-Proto header.
HTTPS = envbool("DJANGO_HTTPS", "0" if DEBUG else "1")
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = envint("DJANGO_HSTS_SECONDS", 31536000 if HTTPS else 0)
# Both are only sent with HSTS on; turn them off if a subdomain must stay on plain HTTP.
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", "1")
SECURE_HSTS_PRELOAD = envbool("DJANGO_HSTS_PRELOAD", "1")
# Behind a proxy, the client's address for rate limits is the last one in X-Forwarded-For (the one
# the proxy appended): see sciatica/accounts/throttle.py.
BEHIND_PROXY = envbool("DJANGO_BEHIND_PROXY", "0")
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Development prints mail (password resets) to the console instead of sending it.
MAILERS = {"default": mailer_from_env(DEBUG)}
DEFAULT_FROM_EMAIL = os.getenv("DJANGO_EMAIL_FROM", "sciatica <noreply@localhost>")
# Error reports to the people who run the site: each server error, with its traceback, by email
# (when debug is off), as well as in the log below. No one is mailed when ADMINS is empty.
ADMINS = envemails("DJANGO_ADMINS")
SERVER_EMAIL = os.getenv("DJANGO_SERVER_EMAIL", "").strip() or DEFAULT_FROM_EMAIL
EMAIL_SUBJECT_PREFIX = "[sciatica] "
# The site's public address, such as https://example.org, for the links in emails sent outside a
# request (the reminders). Empty unless set: send_reminders then refuses to run.
SITE_URL = os.getenv("DJANGO_SITE_URL", "")
# Reminders as notifications (Web Push), on when both keys are set: `manage.py vapid_keys` makes
# a pair. The subject tells the browsers' push services whom to contact about this site.
WEB_PUSH = {
    "public_key": os.getenv("DJANGO_VAPID_PUBLIC_KEY", "").strip(),
    "private_key": os.getenv("DJANGO_VAPID_PRIVATE_KEY", "").strip(),
    "subject": os.getenv("DJANGO_VAPID_SUBJECT", "").strip()
    or SITE_URL
    or "mailto:noreply@localhost",
}
# The push services a subscription may point at (the browsers' own), and their subdomains: the
# server posts to a subscription's address, so it must not be any address a person types.
PUSH_SERVICES = envlist(
    "DJANGO_PUSH_SERVICES",
    "fcm.googleapis.com,updates.push.services.mozilla.com,push.apple.com,notify.windows.com",
)

# Server errors and the app's own warnings go to standard error, which gunicorn and systemd
# collect, in production as in development: Django's own default prints them only in debug.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"},
    },
    "filters": {
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stderr",
            "formatter": "plain",
        },
        "mail_admins": {
            "()": admin_email_handler,
            "level": "ERROR",
            "filters": ["require_debug_false"],
        },
    },
    "loggers": {
        # ERROR: a server error (500). A 404 is a warning and stays out of the log.
        "django.request": {
            "handlers": ["stderr", "mail_admins"],
            "level": "ERROR",
            "propagate": False,
        },
        # A request for another host name, or a tampered cookie: worth seeing, not mailing.
        "django.security": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
        **{
            app: {"handlers": ["stderr"], "level": "WARNING", "propagate": False}
            for app in ("progress", "exercises", "sciatica")
        },
    },
}

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# The largest file a person can upload (a CSV log), and the largest request body: the file and
# the form around it. An accepted file stays in memory; a bigger body is refused unread.
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_REQUEST_BYTES = MAX_UPLOAD_BYTES + 64 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = MAX_REQUEST_BYTES

# The symptom gate's numbers (see progress/gate.py for the rule they feed). Clinical rules, so
# they are set here in code, not by the environment.
GATE_RULES = {
    "min_days": 14,
    "min_sessions": 6,
    "regain_days": 7,
    "regain_sessions": 3,
    "practice_sessions": 6,
    "practice_days": 14,
    "max_gap_days": 7,
    # More than 1 point above the recent low is a real rise: 2 points is the smallest change in
    # a 0-10 pain score that people notice as real.
    "allowed_creep": 1,
    # Leg pain above 5 during or after a session is "too much" in the pain-monitoring model:
    # a run with such a session earns no stage, however steady the pain.
    "max_leg_pain": 5,
}

# What the app tells a person to do about warning signs, by urgency (see progress/signs.py), in
# the words people know where it runs. The defaults are the UK's: A&E and 999, the GP and 111.
HELP_ADVICE = {
    "emergency": os.getenv("SCIATICA_HELP_EMERGENCY", "Go to A&E or call 999 now"),
    "today": os.getenv("SCIATICA_HELP_TODAY", "Contact your GP today, or call 111"),
    "gp": os.getenv("SCIATICA_HELP_GP", "Make an appointment with your GP"),
}
# The numbers behind that advice, as call buttons on the emergency page, each with the name of
# the service it reaches. An empty number shows no button.
HELP_CALLS = {
    "emergency": {
        "number": envphone("SCIATICA_CALL_EMERGENCY", "999"),
        "service": os.getenv("SCIATICA_CALL_EMERGENCY_SERVICE", "Emergency services"),
    },
    "today": {
        "number": envphone("SCIATICA_CALL_TODAY", "111"),
        "service": os.getenv("SCIATICA_CALL_TODAY_SERVICE", "NHS 111, for urgent advice"),
    },
}

# What a signed-in person's own labels on content pages (the library) depend on: their record,
# their safety answers and the content. Named here so that the exercises app never imports the
# progress app.
PERSONAL_PAGE_VERSION = "progress.status.page_version"
