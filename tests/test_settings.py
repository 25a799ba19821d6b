import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from sciatica.settings import BASE_DIR, database_from_url, envbool


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
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
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
