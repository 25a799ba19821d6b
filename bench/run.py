"""`make bench`: build a realistic database, then measure the pages against a bare view.

Prints a table: SQL queries per page (at 1 session and at 3 years of daily sessions), the median
server time of each page next to a bare Django view measured in turn with it, and requests per
second under gunicorn (2 workers) with wrk. A person's pages are timed twice: served again (their
data cached) and built afresh (the cache emptied before each request, as after a change to their
record; the program's content, loaded once per process like the templates, stays loaded);
logging a session through the form is timed too. Ratios, not absolute times, are what
hold from one machine to another. Exits non-zero when a ratio misses its target.
"""

import io
import os
import random
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = Path(tempfile.mkdtemp(prefix="sciatica-bench-"))
ENV = {
    "DJANGO_SETTINGS_MODULE": "bench.settings",
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "DJANGO_HTTPS": "0",
    "DATABASE_URL": f"sqlite:///{WORK / 'bench.sqlite3'}",
    "BENCH_STATIC_ROOT": str(WORK / "static"),
}
os.environ.update(ENV)
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from exercises.models import Exercise  # noqa: E402
from progress.models import Screening, Session, SessionExercise  # noqa: E402
from progress.status import refresh_stage_changes  # noqa: E402
from progress.testing import log_form_data  # noqa: E402

REQUESTS = 200
# Every page, and the person-specific ones, which are measured built afresh too.
PAGES = {
    "library": "/exercises/",
    "exercise page": "/exercises/bridge/",
    "dashboard": "/progress/",
    "history": "/progress/history/",
    "stages page": "/progress/stages/",
    "stages.json": "/progress/stages.json",
}
PERSONAL = ["dashboard", "history", "stages page", "stages.json"]
BARE = "/bench/bare/"
LOG = "/progress/log/"
# The targets, as multiples of the bare view's median in the same run.
AFRESH_TARGET = 3
LOG_TARGET = 10
LOGGED = 100  # sessions logged through the form to time it
CROWD = 1000  # other people, with 30 days each


def build() -> tuple:
    call_command("migrate", verbosity=0)
    call_command("seed_exercises", stdout=io.StringIO())
    call_command("collectstatic", verbosity=0, interactive=False)
    rng = random.Random(7)
    users = get_user_model().objects
    open_slugs = list(Exercise.objects.filter(stage__gated=False).values_list("pk", flat=True))
    plank = Exercise.objects.get(slug="plank").pk
    core = Exercise.objects.get(slug="core-stabilization").pk
    today = timezone.localdate()

    def history(user, days: int, per_session: tuple[int, int]):
        sessions = []
        for n in range(days):
            flare = rng.random() < 0.04
            before = rng.choice([2, 3, 3, 4])
            sessions.append(
                Session(
                    user=user,
                    date=today - timedelta(days=days - n),
                    leg_pain_before=before,
                    leg_pain_after=before + (2 if flare else 0),
                    back_pain=rng.randint(1, 5),
                    leg_pain_next_morning=before if rng.random() < 0.8 else None,
                    symptoms_reach=rng.choice(["thigh", "thigh", "buttock"]),
                )
            )
        Session.objects.bulk_create(sessions, batch_size=2000)
        entries = []
        for n, session in enumerate(sessions):
            chosen = {core, *rng.sample(open_slugs, rng.randint(*per_session) - 1)}
            if n > days // 4:
                chosen.add(plank)
            entries += [
                SessionExercise(session=session, exercise_id=pk, order=i, sets=2, reps=10)
                for i, pk in enumerate(sorted(chosen))
            ]
        SessionExercise.objects.bulk_create(entries, batch_size=5000)
        Screening.objects.create(user=user)
        refresh_stage_changes(user)

    longtime = users.create_user("longtime", password="bench-password-1")
    history(longtime, 3 * 365, (6, 10))
    newcomer = users.create_user("newcomer", password="bench-password-1")
    history(newcomer, 1, (6, 6))
    # Nobody logs in as these: no password to hash.
    crowd = users.bulk_create(
        get_user_model()(username=f"person{i}", password="!") for i in range(CROWD)
    )
    for person in crowd:
        history(person, 30, (6, 8))
    return longtime, newcomer


def queries(client: Client, url: str, fresh: bool = False) -> int:
    """The queries of one request: warm, as most requests find the page's data cached, or
    with `fresh`, on an empty cache."""
    client.get(url)
    if fresh:
        cache.clear()
    reset_queries()  # the log of queries is capped: room for these
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200, url
    return len(captured)


def timed(client: Client, url: str, fresh: bool) -> float:
    if fresh:
        cache.clear()
    start = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - start
    assert response.status_code == 200, url
    return elapsed


def medians_ms(client: Client, url: str, fresh: bool = False) -> tuple[float, float]:
    """The page's median server time and the bare view's, their requests taken in turn so that
    both see the same machine: a busy moment slows them alike. `fresh` empties the cache before
    each request to the page, as after a change to the record."""
    for _ in range(20):
        client.get(url)
        client.get(BARE)
    page, bare = [], []
    for _ in range(REQUESTS):
        page.append(timed(client, url, fresh))
        bare.append(timed(client, BARE, False))
    return statistics.median(page) * 1000, statistics.median(bare) * 1000


def log_form(day) -> dict[str, str]:
    """A session as the log form posts it: pain scores and two exercises."""
    rows = [
        {"exercise": "walk", "minutes": "20"},
        {"exercise": "bridge", "sets": "2", "reps": "10"},
    ]
    return log_form_data(rows, date=day.isoformat())


def logging_ms(client: Client) -> tuple[float, float]:
    """Median server time of logging one session through the form (POST /progress/log/), and
    the bare view's taken in turn."""
    data = log_form(timezone.localdate())
    page, bare = [], []
    for _ in range(LOGGED):
        start = time.perf_counter()
        response = client.post(LOG, data)
        page.append(time.perf_counter() - start)
        assert response.status_code == 302, response.content[:2000]
        bare.append(timed(client, BARE, False))
    return statistics.median(page) * 1000, statistics.median(bare) * 1000


def throughput(cookie: str) -> dict[str, float] | None:
    """Requests per second under gunicorn with 2 workers, from wrk on 127.0.0.1."""
    if shutil.which("wrk") is None and os.geteuid() == 0:
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], capture_output=True)
    if shutil.which("wrk") is None:
        print("\nwrk is not installed (apt-get install wrk): throughput not measured.")
        return None
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "2"}
    log = (WORK / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "sciatica.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        rates = {}
        for name, url in [
            ("bare view", BARE),
            ("library", PAGES["library"]),
            ("dashboard", PAGES["dashboard"]),
        ]:
            out = subprocess.run(
                [
                    "wrk",
                    "-t2",
                    "-c8",
                    "-d5s",
                    "-H",
                    f"Cookie: {cookie}",
                    f"http://127.0.0.1:{port}{url}",
                ],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
            if non_2xx:
                raise SystemExit(f"wrk got {non_2xx.group(1)} error responses from {url}")
            rates[name] = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
        return rates
    finally:
        server.terminate()
        server.wait(timeout=10)


def main() -> int:
    started = time.time()
    print("Building the database (1 person with 3 years of daily sessions, 1,000 with 30)...")
    longtime, newcomer = build()
    print(
        f"  done in {time.time() - started:.0f} s: {Session.objects.count():,} sessions, "
        f"{SessionExercise.objects.count():,} exercise rows.\n"
    )

    clients = {}
    for user in (longtime, newcomer):
        clients[user.username] = Client()
        clients[user.username].force_login(user)
    client = clients["longtime"]
    bare_queries = queries(client, BARE)
    rows = []
    ratios = {}
    bares = []
    for name, url in PAGES.items():
        few, many = queries(clients["newcomer"], url), queries(client, url)
        again, bare = medians_ms(client, url)
        bares.append(bare)
        rows.append((f"{name}, served again", few, many, again, again / bare))
        if name in PERSONAL:
            few = queries(clients["newcomer"], url, fresh=True)
            many = queries(client, url, fresh=True)
            afresh, bare = medians_ms(client, url, fresh=True)
            bares.append(bare)
            ratios[name] = afresh / bare
            rows.append((f"{name}, built afresh", few, many, afresh, ratios[name]))
    # Last, as it adds sessions to the long record.
    ms, bare = logging_ms(client)
    bares.append(bare)
    ratios["log a session"] = ms / bare
    rows.append(("log a session (POST /progress/log/)", "", "", ms, ms / bare))
    rows.append(("bare view", bare_queries, bare_queries, statistics.median(bares), 1.0))

    print(
        f"| page | queries, 1 session | queries, 3 years | median ms ({REQUESTS} requests) "
        "| x bare view |"
    )
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, few, many, ms, ratio in rows:
        print(f"| {name} | {few} | {many} | {ms:.2f} | {ratio:.1f} |")

    cookie = f"sessionid={client.cookies['sessionid'].value}"
    rates = throughput(cookie)
    if rates:
        print("\n| under gunicorn, 2 workers (wrk -t2 -c8 -d5s) | requests/s | x bare view |")
        print("| --- | ---: | ---: |")
        for name, rate in rates.items():
            print(f"| {name} | {rate:.0f} | {rate / rates['bare view']:.2f} |")

    steady = all(few == many for _, few, many, *_ in rows)
    targets = [("queries do not grow with history", steady)]
    for name in PERSONAL:
        target = f"{name} built afresh within {AFRESH_TARGET}x the bare view"
        targets.append((target, ratios[name] <= AFRESH_TARGET))
    targets.append(
        (
            f"logging a session within {LOG_TARGET}x the bare view",
            ratios["log a session"] <= LOG_TARGET,
        )
    )
    if rates:
        targets.append(
            (
                "library throughput at least 60% of the bare view's",
                rates["library"] >= 0.6 * rates["bare view"],
            )
        )
    print()
    for target, met in targets:
        print(f"{'met' if met else 'MISSED'}: {target}")
    shutil.rmtree(WORK, ignore_errors=True)
    return 0 if all(met for _, met in targets) else 1


if __name__ == "__main__":
    sys.exit(main())
