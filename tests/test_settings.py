import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from sciatica.settings import (
    BASE_DIR,
    database_from_url,
    envbool,
    envemails,
    envphone,
    mailer_from_env,
)


def test_sqlite_urls_are_relative_to_the_checkout_and_use_wal():
    db = database_from_url("sqlite:///data/app.sqlite3")
    assert db["ENGINE"] == "django.db.backends.sqlite3"
    assert db["NAME"] == BASE_DIR / "data/app.sqlite3"
    assert "journal_mode=WAL" in db["OPTIONS"]["init_command"]
    assert db["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_absolute_sqlite_paths_stay_absolute():
    assert database_from_url("sqlite:////var/lib/app.db")["NAME"] == Path("/var/lib/app.db")


def test_postgres_url_options_reach_the_driver():
    db = database_from_url("postgres://app@db/sciatica?sslmode=require&connect_timeout=5")
    assert db["OPTIONS"] == {"sslmode": "require", "connect_timeout": "5"}


def test_postgres_urls_are_parsed_with_escaped_passwords():
    db = database_from_url("postgres://app:p%40ss@db.internal:5433/sciatica")
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["USER"], db["PASSWORD"]) == ("sciatica", "app", "p@ss")
    assert (db["HOST"], db["PORT"]) == ("db.internal", "5433")


def test_an_unknown_database_scheme_is_refused():
    with pytest.raises(ImproperlyConfigured):
        database_from_url("mysql://x@y/z")


def test_a_mistyped_boolean_is_refused(monkeypatch):
    monkeypatch.setenv("FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured):
        envbool("FLAG", "0")


PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "4vX9-q2LmZr8TnW1pYc6bKd0sHf3gJe7uAi5oQxRlVtMzNyBwCkDhGjEaF",
    "DJANGO_ALLOWED_HOSTS": "example.org",
}


def run_with(env: dict, code: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SCIATICA_"))}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=clean | env,
        capture_output=True,
        text=True,
    )


def load_settings(**env) -> subprocess.CompletedProcess:
    return run_with(env, "import sciatica.settings as s; print(s.DEBUG, s.ALLOWED_HOSTS)")


def test_development_runs_with_no_environment_set():
    result = load_settings()
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("True")


def test_production_refuses_to_start_without_a_real_secret_key():
    result = load_settings(DJANGO_DEBUG="0", DJANGO_ALLOWED_HOSTS="example.org")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_a_weak_secret_key():
    result = load_settings(**(PRODUCTION | {"DJANGO_SECRET_KEY": "k" * 60}))
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = load_settings(**(PRODUCTION | {"DJANGO_ALLOWED_HOSTS": ""}))
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_production_starts_with_a_real_secret_key():
    result = load_settings(**PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False ['example.org']"


def test_production_settings_pass_the_deploy_check():
    code = (
        "import django, sys; from django.core.management import call_command;"
        "sys.argv = ['manage.py']; django.setup();"
        "call_command('check', deploy=True, fail_level='WARNING')"
    )
    result = run_with(PRODUCTION | {"DJANGO_SETTINGS_MODULE": "sciatica.settings"}, code)
    assert result.returncode == 0, result.stderr


def test_gunicorn_accepts_its_config_and_loads_the_app():
    gunicorn = Path(sys.executable).with_name("gunicorn")
    result = subprocess.run(
        [str(gunicorn), "--check-config", "sciatica.wsgi"],
        cwd=BASE_DIR,
        env={k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")} | PRODUCTION,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr + result.stdout


# Numbers to call for help


@pytest.mark.parametrize("number", ["999", "+44 20 7946 0000", "(01) 234-567", ""], ids=repr)
def test_a_phone_number_is_taken_as_written(monkeypatch, number):
    monkeypatch.setenv("NUMBER", number)
    assert envphone("NUMBER", "999") == number


@pytest.mark.parametrize("number", ["call 999", "999 or 112", "+", "--", "9\u0669"], ids=repr)
def test_something_that_is_not_a_phone_number_is_refused(monkeypatch, number):
    monkeypatch.setenv("NUMBER", number)
    with pytest.raises(ImproperlyConfigured, match="NUMBER must be a phone number"):
        envphone("NUMBER", "999")


def test_the_call_numbers_default_to_the_uks_and_come_from_the_environment():
    code = "import sciatica.settings as s; print(s.HELP_CALLS)"
    assert "'number': '999'" in run_with({}, code).stdout
    assert "'number': '111'" in run_with({}, code).stdout
    result = run_with(
        {"SCIATICA_CALL_EMERGENCY": "000", "SCIATICA_CALL_EMERGENCY_SERVICE": "Ambulance"}, code
    )
    assert "{'number': '000', 'service': 'Ambulance'}" in result.stdout
    result = run_with({"SCIATICA_CALL_TODAY": "dial 111"}, code)
    assert result.returncode != 0
    assert "SCIATICA_CALL_TODAY must be a phone number" in result.stderr


# Email for password resets


@pytest.fixture
def no_email_environment(monkeypatch):
    for name in list(os.environ):
        if name.startswith("DJANGO_EMAIL_"):
            monkeypatch.delenv(name)
    return monkeypatch


def test_development_prints_emails_to_the_console(no_email_environment):
    assert mailer_from_env(debug=True) == {
        "BACKEND": "django.core.mail.backends.console.EmailBackend"
    }


def test_production_sends_email_by_smtp_from_the_environment(no_email_environment):
    env = no_email_environment
    env.setenv("DJANGO_EMAIL_HOST", "smtp.example.org")
    env.setenv("DJANGO_EMAIL_PORT", "587")
    env.setenv("DJANGO_EMAIL_USER", "sciatica")
    env.setenv("DJANGO_EMAIL_PASSWORD", "s3cret")
    env.setenv("DJANGO_EMAIL_USE_TLS", "1")
    mailer = mailer_from_env(debug=False)
    assert mailer["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert mailer["OPTIONS"] == {
        "host": "smtp.example.org",
        "port": 587,
        "username": "sciatica",
        "password": "s3cret",
        "use_tls": True,
        "use_ssl": False,
        "timeout": 10,
    }
    # Django accepts them as a mailer's options.
    backend = import_string(mailer["BACKEND"])(alias="default", **mailer["OPTIONS"])
    assert (backend.host, backend.port, backend.use_tls) == ("smtp.example.org", 587, True)


def test_an_email_host_sends_by_smtp_in_development_too(no_email_environment):
    no_email_environment.setenv("DJANGO_EMAIL_HOST", "127.0.0.1")
    no_email_environment.setenv("DJANGO_EMAIL_PORT", "1025")
    mailer = mailer_from_env(debug=True)
    assert mailer["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (mailer["OPTIONS"]["host"], mailer["OPTIONS"]["port"]) == ("127.0.0.1", 1025)


def test_production_without_an_email_host_uses_the_local_mail_server(no_email_environment):
    options = mailer_from_env(debug=False)["OPTIONS"]
    assert (options["host"], options["port"], options["use_tls"]) == ("localhost", None, False)


def test_tls_and_ssl_together_are_refused(no_email_environment):
    no_email_environment.setenv("DJANGO_EMAIL_USE_TLS", "1")
    no_email_environment.setenv("DJANGO_EMAIL_USE_SSL", "1")
    with pytest.raises(ImproperlyConfigured, match="not both"):
        mailer_from_env(debug=False)


def test_the_sender_of_reset_emails_comes_from_the_environment():
    code = "import sciatica.settings as s; print(s.DEFAULT_FROM_EMAIL)"
    assert run_with({}, code).stdout.strip() == "sciatica <noreply@localhost>"
    result = run_with({"DJANGO_EMAIL_FROM": "sciatica <help@example.org>"}, code)
    assert result.stdout.strip() == "sciatica <help@example.org>"


# Errors reach the people who run the site


def test_a_mistyped_admin_address_is_refused(monkeypatch):
    monkeypatch.setenv("ADMINS", "ops@example.org, not an address")
    with pytest.raises(ImproperlyConfigured, match="'not an address' is not one"):
        envemails("ADMINS")


def test_admin_addresses_come_from_the_environment_plain_or_with_a_name(monkeypatch):
    monkeypatch.setenv("ADMINS", "Ops <ops@example.org>, dev@example.org")
    assert envemails("ADMINS") == ["Ops <ops@example.org>", "dev@example.org"]
    monkeypatch.setenv("ADMINS", "")
    assert envemails("ADMINS") == []


def test_error_reports_come_from_their_own_sender_or_the_reset_emails_one():
    code = "import sciatica.settings as s; print(s.ADMINS, s.SERVER_EMAIL)"
    result = run_with({"DJANGO_EMAIL_FROM": "sciatica <help@example.org>"}, code)
    assert result.stdout.strip() == "[] sciatica <help@example.org>"
    result = run_with(
        {"DJANGO_ADMINS": "ops@example.org", "DJANGO_SERVER_EMAIL": "errors@example.org"}, code
    )
    assert result.stdout.strip() == "['ops@example.org'] errors@example.org"


# A view that fails, added to the real URLs, requested as a visitor to the production site.
FAILING_REQUEST = """
import django
django.setup()
from django.contrib.auth.decorators import login_not_required
from django.test import Client
from django.urls import path
import logging
import sciatica.urls

@login_not_required
def broken(request):
    raise RuntimeError("the kettle broke")

sciatica.urls.urlpatterns.append(path("broken/", broken))
logging.getLogger("progress.gate").warning("a warning of the app's own")
logging.getLogger("progress.gate").info("news that is not a warning")
client = Client(raise_request_exception=False, HTTP_HOST="example.org")
response = client.get("/broken/", secure=True)
print(response.status_code)
"""


def closed_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_server_error_in_production_is_written_to_standard_error():
    env = PRODUCTION | {"DJANGO_SETTINGS_MODULE": "sciatica.settings"}
    result = run_with(env, FAILING_REQUEST)
    assert result.stdout.strip() == "500", result.stderr
    assert "ERROR django.request: Internal Server Error: /broken/" in result.stderr
    assert "RuntimeError: the kettle broke" in result.stderr
    assert "WARNING progress.gate: a warning of the app's own" in result.stderr
    assert "not a warning" not in result.stderr


def test_an_unreachable_mail_server_does_not_turn_an_error_page_into_a_crash():
    env = PRODUCTION | {
        "DJANGO_SETTINGS_MODULE": "sciatica.settings",
        "DJANGO_ADMINS": "ops@example.org",
        "DJANGO_EMAIL_HOST": "127.0.0.1",
        "DJANGO_EMAIL_PORT": str(closed_port()),
    }
    result = run_with(env, FAILING_REQUEST)
    # The person still gets the app's error page, and the log says both what failed and why
    # no email went out.
    assert result.stdout.strip() == "500", result.stderr
    assert "RuntimeError: the kettle broke" in result.stderr
    assert "ConnectionRefusedError" in result.stderr


@pytest.mark.django_db
def test_a_server_error_is_emailed_to_the_admins(settings, mailoutbox):
    import logging

    settings.ADMINS = ["ops@example.org"]
    try:
        raise RuntimeError("the kettle broke")
    except RuntimeError:
        logging.getLogger("django.request").exception("Internal Server Error: /broken/")
    [email] = mailoutbox
    assert email.to == ["ops@example.org"]
    assert email.subject == "[sciatica] ERROR: Internal Server Error: /broken/"
    assert "the kettle broke" in email.body


def test_a_missing_page_is_not_a_server_error():
    import logging

    logger = logging.getLogger("django.request")
    assert not logger.isEnabledFor(logging.WARNING)
    assert logger.isEnabledFor(logging.ERROR)
