"""API throughput under concurrency: a 12-scene story's detail against a trivial endpoint.

gunicorn (2 worker processes x 4 threads, DEBUG off, persistent database connections) serves
the bench database on 127.0.0.1: PostgreSQL (`genstory_bench`) and the shared cache on Redis
when they answer, else a SQLite file and each process's memory. A pool of 8 keep-alive HTTP
clients drives each endpoint for 0.75 s, in 8 interleaved rounds; each ratio is the median of
its per-round ratios (see ROUNDS). The trivial endpoint is GET /api/meta/genres/
(public, no database query, no cache read). Targets: the story detail (a repeat read: the
cached token lookup and the cached ETag in one Redis round trip, the body from the process's
recent bodies) serves at least 0.5x its requests/s, and the detail revalidated with
If-None-Match (a 304) at least 0.8x. A one-row authenticated endpoint (GET
/api/characters/{id}/: the cached token lookup and one query) is measured too, to tell the
cost of a database round trip from the cost of the story.
"""

from __future__ import annotations

import http.client
import json
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from statistics import median

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import emit, setup_django
from bench.services import BENCH_CACHE_URL, Subprocess, free_port, fresh_database, services_problem

SCENES = 12
CLIENTS = 8
SECONDS_PER_ROUND = 0.75
ROUNDS = 8
"""Short rounds, every endpoint once per round (in a rotating order): each ratio is taken
within one round, between measurements a few seconds apart, and the median over the rounds
is reported (so are the median rates), so a burst of other work on a shared machine, which
hits whichever endpoint runs at that moment, does not decide a ratio."""
MAX_REQUESTS_PER_ROUND = 20_000
TARGET_RATIO = 0.5
TARGET_304_RATIO = 0.8
GUNICORN = ["--workers", "2", "--worker-class", "gthread", "--threads", "4", "--log-level", "warning"]


def build_story():
    from django.contrib.auth import get_user_model
    from rest_framework.authtoken.models import Token

    from stories.tests.factories import StoryCharacterFactory, story_with_scenes

    owner = get_user_model().objects.create_user(username="bench-api")
    story = story_with_scenes(owner, count=SCENES, title="The Long Night of the Lantern Fox")
    StoryCharacterFactory(story=story, character__name="Fern", role="protagonist")
    return story, Token.objects.create(user=owner).key


def drive(port: int, path: str, headers: dict[str, str], expect: int = 200) -> tuple[int, float]:
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
                if response.status != expect:
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
    database = (
        "SQLite, per-process cache (PostgreSQL or Redis not reachable)" if problem else "PostgreSQL, Redis"
    )
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
        **({} if problem else {"CACHE_URL": BENCH_CACHE_URL}),
    }
    if not problem:
        import redis

        redis.Redis.from_url(BENCH_CACHE_URL, socket_connect_timeout=2).flushdb()
    command = [sys.executable, "-m", "gunicorn", "genstory.wsgi:application", "-b", f"127.0.0.1:{port}"]
    detail = (f"/api/stories/{story.pk}/", {"Authorization": f"Token {token}"})
    trivial = ("/api/meta/genres/", {})
    one_row = (f"/api/characters/{character_id}/", detail[1])
    endpoints = {"trivial": trivial, "one_row": one_row, "detail": detail}
    with Subprocess(command + GUNICORN, env, workdir / "gunicorn.log") as server:
        wait_until_serving(port, server)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", detail[0], headers=detail[1])
        response = connection.getresponse()
        scenes = len(json.loads(response.read())["scenes"])
        if scenes != SCENES:
            raise RuntimeError(f"the story detail has {scenes} scenes, not {SCENES}")
        endpoints["revalidated"] = (detail[0], {**detail[1], "If-None-Match": response.getheader("ETag")})
        rounds = []
        names = list(endpoints)
        for number in range(ROUNDS):
            measured = {}
            for name in names[number % len(names) :] + names[: number % len(names)]:
                path, headers = endpoints[name]
                done, seconds = drive(port, path, headers, expect=304 if name == "revalidated" else 200)
                measured[name] = done / seconds
            rounds.append(measured)
    rate = {name: median(measured[name] for measured in rounds) for name in endpoints}
    ratio = median(measured["detail"] / measured["trivial"] for measured in rounds)
    ratio_304 = median(measured["revalidated"] / measured["trivial"] for measured in rounds)
    per_row = median(measured["detail"] / measured["one_row"] for measured in rounds)
    emit(
        f"API under concurrency: gunicorn 2x4 threads, {CLIENTS} keep-alive clients, {database}",
        [
            ("GET /api/meta/genres/ (no database query)", f"{rate['trivial']:.0f} req/s", "-", "-"),
            ("GET /api/characters/{id}/ (token auth, one query)", f"{rate['one_row']:.0f} req/s", "-", "-"),
            (
                f"GET /api/stories/{{id}}/ ({SCENES} scenes, token auth, repeat read)",
                f"{rate['detail']:.0f} req/s",
                "-",
                "-",
            ),
            ("same, If-None-Match: its ETag (304)", f"{rate['revalidated']:.0f} req/s", "-", "-"),
            ("story detail / one-row endpoint", f"{per_row:.2f}x", "-", "-"),
            (
                "story detail / trivial endpoint",
                f"{ratio:.2f}x",
                f">= {TARGET_RATIO}x",
                "yes" if ratio >= TARGET_RATIO else "NO",
            ),
            (
                "story detail 304 / trivial endpoint",
                f"{ratio_304:.2f}x",
                f">= {TARGET_304_RATIO}x",
                "yes" if ratio_304 >= TARGET_304_RATIO else "NO",
            ),
        ],
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
