"""Several app servers over one database: what a person sees never depends on which process
answers. A session logged through one server shows at once, with its effect on the stages,
through another, even one that has the pages cached from before."""

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import uuid
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client

from progress.models import Session
from tests.conftest import screened
from tests.helpers import log_session
from tests.test_log import form_data

ROOT = Path(__file__).resolve().parent.parent


def database_url() -> str:
    """The test database as a DATABASE_URL, for a process started outside this one."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{Path(db['NAME']).resolve()}"
    quote = urllib.parse.quote
    query = urllib.parse.urlencode(db.get("OPTIONS") or {})
    return (
        f"postgres://{quote(db['USER'], safe='')}:{quote(db['PASSWORD'], safe='')}"
        f"@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{quote(db['NAME'], safe='')}"
        + (f"?{query}" if query else "")
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def other_server(transactional_db, tmp_path):
    """gunicorn in a process of its own, on the test database, as a second host would run it."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "DJANGO_DEBUG": "1",
        "DJANGO_TIME_ZONE": settings.TIME_ZONE,
    }
    log = (tmp_path / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [
            *(sys.executable, "-m", "gunicorn", "sciatica.wsgi", "--bind", f"127.0.0.1:{port}"),
            *("--workers", "1", "--access-logfile", "-", "--error-logfile", "-"),
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(f"{base}/emergency/", timeout=2).close()
                break
            except OSError:
                assert server.poll() is None, (tmp_path / "gunicorn.log").read_text()
                time.sleep(0.1)
        else:
            pytest.fail(
                "The second server did not start: " + (tmp_path / "gunicorn.log").read_text()
            )
        yield base
    finally:
        # Its connections must close before the test database can be emptied or dropped.
        server.terminate()
        server.wait(timeout=20)
        log.close()


class Browser:
    """One signed-in person's browser, as plain HTTP against one server."""

    def __init__(self, base: str, user):
        client = Client()
        client.force_login(user)
        # Sessions live in the database, so this cookie is good on every server.
        self.cookie = (
            f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
        )
        self.base = base

    def get(self, path: str) -> str:
        request = urllib.request.Request(self.base + path, headers={"Cookie": self.cookie})
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.read().decode()

    def log_session(self, **fields) -> str:
        """Fill in the log form and send it; returns the address it lands on."""
        with urllib.request.urlopen(
            urllib.request.Request(f"{self.base}/progress/log/", headers={"Cookie": self.cookie})
        ) as response:
            page = response.read().decode()
            csrf = re.search(r"csrftoken=([^;]+)", response.headers["Set-Cookie"]).group(1)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
        core = [{"exercise": "core-stabilization", "sets": 1, "reps": 10}]
        data = form_data(core, csrfmiddlewaretoken=token, submission_id=uuid.uuid4(), **fields)
        request = urllib.request.Request(
            f"{self.base}/progress/log/",
            data=urllib.parse.urlencode(data).encode(),
            headers={
                "Cookie": f"{self.cookie}; csrftoken={csrf}",
                "Referer": f"{self.base}/progress/log/",
            },
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            assert response.status == 200
            return response.url

    def plank(self) -> str:
        stages = json.loads(self.get("/progress/stages.json"))["stages"]
        return next(stage["status"] for stage in stages if stage["slug"] == "plank")


@pytest.fixture
def alice_nearly_there(django_user_model):
    """Five calm sessions over 13 days: one more today opens the plank stage."""
    # A transactional test starts from an empty database: the content comes back first.
    call_command("seed_exercises", stdout=StringIO())
    alice = screened(django_user_model.objects.create_user("alice", password="a-long-pass-phrase"))
    for days_back in (13, 10, 8, 5):
        log_session(alice, days_back, exercises=["core-stabilization"], refresh=False)
    log_session(alice, 3, exercises=["core-stabilization"])
    return alice


def test_a_session_logged_through_one_server_shows_through_another(
    live_server, other_server, alice_nearly_there
):
    here = Browser(live_server.url, alice_nearly_there)
    there = Browser(other_server, alice_nearly_there)
    # This server has the person's pages cached from before the new session.
    assert here.plank() == "locked"
    assert "The Plank stage is open for you" not in here.get("/progress/")
    here.get("/progress/history/")

    landed = there.log_session(notes="Logged on the other server.")

    session = Session.objects.get(user=alice_nearly_there, notes="Logged on the other server.")
    assert landed.endswith(f"/progress/sessions/{session.pk}/")
    assert here.plank() == "unlocked"
    assert "The Plank stage is open for you" in here.get("/progress/")
    assert f'href="/progress/sessions/{session.pk}/"' in here.get("/progress/history/")
    assert "Logged on the other server." in here.get(f"/progress/sessions/{session.pk}/")


def test_a_flare_logged_here_pauses_the_stage_there_too(
    live_server, other_server, alice_nearly_there
):
    here = Browser(live_server.url, alice_nearly_there)
    there = Browser(other_server, alice_nearly_there)
    here.log_session()
    # The other server caches the open stage, then the next session is a flare.
    assert there.plank() == "unlocked"
    assert "Your leg pain went up" not in there.get("/progress/")

    landed = here.log_session(leg_pain_before="3", leg_pain_after="5", notes="A flare.")

    flare = Session.objects.get(user=alice_nearly_there, notes="A flare.")
    assert landed.endswith(f"/progress/sessions/{flare.pk}/")
    assert there.plank() == "paused"
    assert "Your leg pain went up: ease off for now" in there.get("/progress/")
    assert f'href="/progress/sessions/{flare.pk}/"' in there.get("/progress/history/")
