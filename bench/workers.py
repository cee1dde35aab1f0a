"""Worker shape: 8 stories generated at once on the default worker against `prefork 4`.

Jobs wait on the model provider, so the unit of concurrency should be a thread, not a process.
A real `celery -A genstory worker` on Redis and a fresh PostgreSQL database, against the fake
OpenAI server answering every text call after 1.0 s: first as the settings make it
(`CELERY_WORKER_POOL`, `CELERY_WORKER_CONCURRENCY`: threads x 8), then with `--pool prefork
--concurrency 4`, the shape docker-compose.yml used to run. Each worker is warmed up by one
untimed round, then timed from 8 clients starting a generation each at once (through the API,
in threads of the bench process) to the last job succeeding, best of 3 rounds. Target: the
default worker writes at least 1.8x the stories per minute of prefork 4.
"""

from __future__ import annotations

import os
import socket
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import emit, setup_django
from bench.services import (
    BENCH_BROKER_URL,
    BENCH_DATABASE,
    Subprocess,
    flush_broker,
    fresh_database,
    services_problem,
)
from tests.fake_openai import FakeOpenAIServer

STORIES = 8
TEXT_SECONDS = 1.0
TARGET_RATIO = 1.8
ROUNDS = 3
"""Timed rounds per worker; the fastest counts (what else runs on the machine only adds time)."""
TITLE = (
    f"Workers: {STORIES} concurrent stories, text calls at {TEXT_SECONDS:.1f} s (Celery, Redis, PostgreSQL)"
)


def write_stories(token: str, round_name: str) -> float:
    """Seconds from STORIES clients asking at once to the last of their stories written."""
    from django.db import connection
    from rest_framework.test import APIClient

    from tests.waiting import wait_for_jobs

    def client() -> APIClient:
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        return api

    brief = "A lantern fox guides traveller {} home ({})."
    stories = [
        client().post("/api/stories/", {"description": brief.format(n, round_name)}).data["id"]
        for n in range(STORIES)
    ]

    def start(story: int) -> int:
        try:
            return client().post(f"/api/stories/{story}/content/").data["id"]
        finally:
            connection.close()

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=STORIES) as clients:
        job_ids = list(clients.map(start, stories))
    jobs = wait_for_jobs(job_ids, timeout=120, poll=0.02)
    elapsed = time.perf_counter() - started
    failed = [job.error for job in jobs if job.status != "succeeded"]
    if failed:
        raise RuntimeError(f"{len(failed)} of {STORIES} jobs failed: {failed[0]}")
    return elapsed


def timed_round(token: str, workdir: Path, name: str, options: list[str], **env: str) -> tuple[float, str]:
    """One warm-up round and the best of ROUNDS timed rounds on a worker started with `options` and `env`."""
    command = [sys.executable, "-m", "celery", "-A", "genstory", "worker", "--loglevel=INFO"]
    hostname = f"bench-{name}@{socket.gethostname()}"
    command += ["--without-gossip", "--without-mingle", "-n", hostname, *options]
    with Subprocess(command, {**os.environ, **env}, workdir / f"worker-{name}.log") as worker:
        worker.wait_for_log("ready.")
        banner = next(
            line.split("concurrency:", 1)[1].strip()
            for line in worker.log_path.read_text().splitlines()
            if "concurrency:" in line
        )
        write_stories(token, f"{name} warm-up")
        return min(write_stories(token, f"{name} {n}") for n in range(ROUNDS)), banner


def measure(fake: FakeOpenAIServer) -> list[tuple[str, str, str, str]]:
    provider = {
        **fake.provider_env(),
        "OPENAI_MAX_RETRIES": "0",
        "THROTTLE_GENERATE": "",
        "DAILY_BUDGET_USD": "0",
    }
    database = fresh_database(f"{BENCH_DATABASE}_workers")
    workdir = setup_django(DATABASE_URL=database, CELERY_BROKER_URL=BENCH_BROKER_URL, **provider)
    for name in ("CELERY_WORKER_POOL", "CELERY_WORKER_CONCURRENCY"):
        os.environ.pop(name, None)
    flush_broker()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from rest_framework.authtoken.models import Token

    owner = get_user_model().objects.create_user(username="bench-workers")
    token = Token.objects.create(user=owner).key
    fake.set_latency("chat", TEXT_SECONDS)
    default = f"{settings.CELERY_WORKER_POOL} x {settings.CELERY_WORKER_CONCURRENCY}"
    threads, threads_banner = timed_round(token, workdir, "default", [])
    # Celery takes `--pool=prefork` for "no pool given" and lets the configured one win.
    prefork, prefork_banner = timed_round(
        token, workdir, "prefork", ["--concurrency=4"], CELERY_WORKER_POOL="prefork"
    )
    flush_broker()
    per_minute = {"default": STORIES / threads * 60, "prefork": STORIES / prefork * 60}
    ratio = per_minute["default"] / per_minute["prefork"]
    return [
        (
            f"default worker, {default} ({threads_banner}): {STORIES} in {threads:.2f} s",
            f"{per_minute['default']:.0f} stories/min",
            "-",
            "-",
        ),
        (
            f"prefork 4 ({prefork_banner}): {STORIES} in {prefork:.2f} s",
            f"{per_minute['prefork']:.0f} stories/min",
            "-",
            "-",
        ),
        (
            "default worker / prefork 4",
            f"{ratio:.2f}x",
            f">= {TARGET_RATIO}x",
            "yes" if ratio >= TARGET_RATIO else "NO",
        ),
    ]


def main() -> int:
    problem = services_problem()
    if problem is not None:
        emit(TITLE, [("default worker / prefork 4", f"not run: {problem}", f">= {TARGET_RATIO}x", "n/a")])
        return 0
    with FakeOpenAIServer() as fake:
        emit(TITLE, measure(fake))
    return 0


if __name__ == "__main__":
    sys.exit(main())
