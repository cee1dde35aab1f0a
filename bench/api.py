"""API throughput under concurrency: a 12-scene story's detail against a trivial endpoint.

gunicorn (2 worker processes x 4 threads, DEBUG off, persistent database connections) serves
the bench database on 127.0.0.1: PostgreSQL (`genstory_bench`) when it answers, else a SQLite
file. A pool of 8 keep-alive HTTP clients drives each endpoint for a few seconds, twice and
interleaved so both see the same machine. The trivial endpoint is GET /api/meta/genres/
(public, no database query). Target: the story detail serves at least 0.5x its requests/s.
A one-row authenticated endpoint (GET /api/characters/{id}/) is measured too, to tell the fixed
cost of token auth and a database round trip from the cost of the story's 12 scenes.
"""

from __future__ import annotations

import http.client
import json
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import emit, setup_django
from bench.services import Subprocess, free_port, fresh_database, services_problem

SCENES = 12
CLIENTS = 8
SECONDS_PER_ROUND = 2.5
ROUNDS = 2
MAX_REQUESTS_PER_ROUND = 20_000
TARGET_RATIO = 0.5
GUNICORN = ["--workers", "2", "--worker-class", "gthread", "--threads", "4", "--log-level", "warning"]


def build_story():
    from django.contrib.auth import get_user_model
    from rest_framework.authtoken.models import Token

    from stories.tests.factories import StoryCharacterFactory, story_with_scenes

    owner = get_user_model().objects.create_user(username="bench-api")
    story = story_with_scenes(owner, count=SCENES, title="The Long Night of the Lantern Fox")
    StoryCharacterFactory(story=story, character__name="Fern", role="protagonist")
    return story, Token.objects.create(user=owner).key


def drive(port: int, path: str, headers: dict[str, str]) -> tuple[int, float]:
    """Requests completed by CLIENTS keep-alive clients in SECONDS_PER_ROUND, and the time taken."""
    deadline = time.perf_counter() + SECONDS_PER_ROUND
    per_client = MAX_REQUESTS_PER_ROUND // CLIENTS

    def client() -> int:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        done = 0
        try:
            while done < per_client and time.perf_counter() < deadline:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    raise RuntimeError(f"GET {path} answered {response.status}")
                done += 1
        finally:
            connection.close()
        return done

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        done = sum(pool.map(lambda _: client(), range(CLIENTS)))
    return done, time.perf_counter() - started


def wait_until_serving(port: int, server: Subprocess, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/api/meta/genres/")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"gunicorn did not answer within {timeout} s: {server.log_tail()}")


def main() -> int:
    problem = services_problem()
    database = "SQLite (PostgreSQL not reachable)" if problem else "PostgreSQL"
    workdir = setup_django(**({} if problem else {"DATABASE_URL": fresh_database()}))
    story, token = build_story()
    character_id = story.story_characters.get().character_id
    port = free_port()
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-not-a-secret",
        "ALLOWED_HOSTS": "127.0.0.1",
        "CONN_MAX_AGE": "60",
        "LOG_LEVEL": "WARNING",
    }
    command = [sys.executable, "-m", "gunicorn", "genstory.wsgi:application", "-b", f"127.0.0.1:{port}"]
    detail = (f"/api/stories/{story.pk}/", {"Authorization": f"Token {token}"})
    trivial = ("/api/meta/genres/", {})
    one_row = (f"/api/characters/{character_id}/", detail[1])
    totals = {path: [0, 0.0] for path, _ in (detail, trivial, one_row)}
    with Subprocess(command + GUNICORN, env, workdir / "gunicorn.log") as server:
        wait_until_serving(port, server)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", detail[0], headers=detail[1])
        scenes = len(json.loads(connection.getresponse().read())["scenes"])
        if scenes != SCENES:
            raise RuntimeError(f"the story detail has {scenes} scenes, not {SCENES}")
        for _ in range(ROUNDS):
            for path, headers in (trivial, one_row, detail):
                done, seconds = drive(port, path, headers)
                totals[path][0] += done
                totals[path][1] += seconds
    rate = {path: done / seconds for path, (done, seconds) in totals.items()}
    ratio = rate[detail[0]] / rate[trivial[0]]
    emit(
        f"API under concurrency: gunicorn 2x4 threads, {CLIENTS} keep-alive clients, {database}",
        [
            ("GET /api/meta/genres/ (no database query)", f"{rate[trivial[0]]:.0f} req/s", "-", "-"),
            ("GET /api/characters/{id}/ (token auth, one row)", f"{rate[one_row[0]]:.0f} req/s", "-", "-"),
            (
                f"GET /api/stories/{{id}}/ ({SCENES} scenes, token auth)",
                f"{rate[detail[0]]:.0f} req/s",
                "-",
                "-",
            ),
            ("story detail / one-row endpoint", f"{rate[detail[0]] / rate[one_row[0]]:.2f}x", "-", "-"),
            (
                "story detail / trivial endpoint",
                f"{ratio:.2f}x",
                f">= {TARGET_RATIO}x",
                "yes" if ratio >= TARGET_RATIO else "NO",
            ),
        ],
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
