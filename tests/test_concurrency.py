"""Eight people logging sessions at the same moment: each accepted request stored exactly once,
and no server error ("database is locked" included)."""

import re
import threading
import urllib.parse
import urllib.request
import uuid
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from progress.models import Screening, Session, SessionExercise
from tests.helpers import days_ago

CLIENTS = 8
SESSIONS_EACH = 50


def session_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def log_sessions(cookie: str, base: str, outcomes: list):
    """One person's browser, as plain HTTP: load the form once, then send it 50 times."""
    with urllib.request.urlopen(
        urllib.request.Request(f"{base}/progress/log/", headers={"Cookie": cookie})
    ) as response:
        page = response.read().decode()
        csrf = re.search(r"csrftoken=([^;]+)", response.headers["Set-Cookie"]).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    headers = {"Cookie": f"{cookie}; csrftoken={csrf}", "Referer": f"{base}/progress/log/"}
    for n in range(SESSIONS_EACH):
        data = {
            "csrfmiddlewaretoken": token,
            "submission_id": str(uuid.uuid4()),
            "date": days_ago(n % 20).isoformat(),
            "leg_pain_before": "3",
            "leg_pain_after": "3",
            "back_pain": "2",
            "symptoms_reach": "thigh",
            "notes": f"session {n}",
            "form-TOTAL_FORMS": "2",
            "form-INITIAL_FORMS": "0",
            "form-0-exercise": "walk",
            "form-1-exercise": "bridge",
            "form-1-sets": "2",
            "form-1-reps": "10",
        }
        request = urllib.request.Request(
            f"{base}/progress/log/", data=urllib.parse.urlencode(data).encode(), headers=headers
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                outcomes.append((response.status, response.url))
        except Exception as error:  # every failure is a finding
            outcomes.append((getattr(error, "code", None), str(error)))


@pytest.mark.django_db(transaction=True)
def test_eight_people_logging_at_once_lose_and_double_nothing(live_server, django_user_model):
    call_command("seed_exercises", stdout=StringIO())
    people = [django_user_model.objects.create_user(f"p{i}", password="x") for i in range(CLIENTS)]
    for person in people:
        Screening.objects.create(user=person)
    outcomes = [[] for _ in people]
    threads = [
        threading.Thread(target=log_sessions, args=(session_cookie(person), live_server.url, out))
        for person, out in zip(people, outcomes, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    for person, out in zip(people, outcomes, strict=True):
        failures = [o for o in out if o[0] != 200 or "/progress/sessions/" not in o[1]]
        assert failures == [], failures[:3]
        sessions = Session.objects.filter(user=person)
        assert sessions.count() == SESSIONS_EACH
        assert sorted(sessions.values_list("notes", flat=True)) == sorted(
            f"session {n}" for n in range(SESSIONS_EACH)
        )
    assert SessionExercise.objects.count() == CLIENTS * SESSIONS_EACH * 2
