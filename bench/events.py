"""Live job events (`GET /api/jobs/{id}/events/`) served by one uvicorn process.

1. First scene vs job end: an 8-scene story (preteens_11_13) written by a real Celery worker on
   Redis and PostgreSQL against the fake OpenAI server at 200 tokens/s per answer (answers in
   parallel, as a batching server), AI_MAX_CONCURRENCY at its default. A client follows the
   job's stream from the POST on; the row compares when it saw the first `scene` event with
   when it saw `succeeded`, both from the POST. Target: the first scene at <= 0.6x the job's
   wall time.
2. 200 streams at once: 200 running jobs, one open stream each, on one uvicorn process; the
   bench appends 10 `progress` events to every job's log (through `jobs.events`, as workers do)
   then ends each job, and every client notes when each event reached it. Delay: from the
   append to the client reading it. Target: p99 under 250 ms, and no error (every stream
   answers 200, sees every event in order and closes after the ending).

Without PostgreSQL or Redis the rows say so.
"""

from __future__ import annotations

import asyncio
import os
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import emit, setup_django
from bench.services import BENCH_BROKER_URL, celery_worker, flush_broker, fresh_database, services_problem
from tests.fake_openai import FakeOpenAIServer

SECONDS_PER_TOKEN = 1 / 200
SCENES = 8
AUDIENCE = "preteens_11_13"
TARGET_FIRST_SCENE = 0.6
STREAMS = 200
ROUNDS = 10
ROUND_SECONDS = 0.2
CONNECT_BATCH = 25
TARGET_P99_MS = 250
TITLE = "Live job events over SSE (one uvicorn process, Celery worker, Redis Streams, PostgreSQL)"


def first_scene_vs_end(fake: FakeOpenAIServer, web, token: str, owner) -> tuple[float, float, int]:
    """Seconds from the POST to the first `scene` event and to `succeeded`, and the scenes seen."""
    from rest_framework.test import APIClient

    from stories.tests.factories import CharacterFactory
    from stories.tests.test_generation_openai import fitting_story
    from tests.asgi_server import open_events
    from tests.sse import EventReader

    fake.set_story(fitting_story(AUDIENCE, scenes=SCENES))
    fake.set_token_rate(SECONDS_PER_TOKEN)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    hero = CharacterFactory(owner=owner, name="Juniper", traits=["curious"], appearance="red boots")
    story = api.post(
        "/api/stories/",
        {
            "title": "The Lost Kite",
            "description": "A child chases a kite across town.",
            "character_ids": [hero.pk],
            "target_audience": AUDIENCE,
        },
        format="json",
    ).data["id"]
    started = time.perf_counter()
    job_id = api.post(f"/api/stories/{story}/content/").data["id"]
    connection, response = open_events(web, job_id, token)
    first = end = None
    scenes = 0
    for event in EventReader(response):
        if event.name == "scene":
            scenes += 1
            first = first or time.perf_counter() - started
        if event.name in {"succeeded", "failed"}:
            end = time.perf_counter() - started
            if event.name == "failed":
                raise RuntimeError(f"the job failed: {event.data['error']}")
    connection.close()
    if first is None or end is None or scenes != SCENES:
        raise RuntimeError(f"saw {scenes} scenes of {SCENES}, ending: {end}")
    return first, end, scenes


async def follow(port: int, job_id: int, token: str, seen: dict, errors: list, connected) -> None:
    """One client: GET the stream, note (event id, monotonic time) of each event until the end."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(
        f"GET /api/jobs/{job_id}/events/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        f"Authorization: Token {token}\r\nAccept: text/event-stream\r\n\r\n".encode()
    )
    await writer.drain()
    status = await reader.readline()
    if b" 200 " not in status:
        errors.append(f"job {job_id}: {status.decode().strip()}")
        if not connected.done():
            connected.set_result(False)
        writer.close()
        return
    got, event_id = [], None
    try:
        while True:
            line = await reader.readline()
            if not line:
                errors.append(f"job {job_id}: the stream closed before the ending")
                break
            line = line.rstrip(b"\r\n")
            if line.startswith(b"retry:") and not connected.done():
                connected.set_result(True)
            if line.startswith(b"id: "):
                event_id = line[4:].decode()
            elif line.startswith(b"event: "):
                got.append((event_id, line[7:].decode(), time.monotonic()))
                if line[7:] in (b"succeeded", b"failed"):
                    break
    finally:
        seen[job_id] = got
        writer.close()


def many_streams(web, token: str, owner) -> tuple[list[float], list[str]]:
    """Delays (ms) of every event every client saw, and every error."""
    from django.utils import timezone

    from jobs.events import publish, publish_ending
    from jobs.models import Job, JobStatus

    now = timezone.now()
    jobs = Job.objects.bulk_create(
        Job(owner=owner, kind="generate", status=JobStatus.RUNNING, started_at=now, progress_total=ROUNDS)
        for _ in range(STREAMS)
    )
    seen: dict[int, list] = {}
    errors: list[str] = []
    loop = asyncio.new_event_loop()
    runner = threading.Thread(target=loop.run_forever, daemon=True)
    runner.start()
    tasks = []

    async def open_batch(batch) -> list[asyncio.Task]:
        """Open streams `CONNECT_BATCH` at a time (each waits for its `retry:` line), so the
        measure starts with every stream open, without a thundering herd on the database."""
        running = asyncio.get_running_loop()
        opened = [running.create_future() for _ in batch]
        started = [
            asyncio.create_task(follow(web.port, job.pk, token, seen, errors, future))
            for job, future in zip(batch, opened, strict=True)
        ]
        await asyncio.wait_for(asyncio.gather(*opened), 30)
        return started

    for start in range(0, STREAMS, CONNECT_BATCH):
        batch = jobs[start : start + CONNECT_BATCH]
        tasks += asyncio.run_coroutine_threadsafe(open_batch(batch), loop).result()
    published: dict[str, float] = {}
    for done in range(1, ROUNDS + 1):
        for job in jobs:
            event_id = publish(job, "progress", {"done": done, "total": ROUNDS})
            published[event_id] = time.monotonic()
        time.sleep(ROUND_SECONDS)
    Job.objects.filter(pk__in=[job.pk for job in jobs]).update(
        status=JobStatus.SUCCEEDED, progress_done=ROUNDS, finished_at=timezone.now()
    )
    for job in Job.objects.filter(pk__in=[job.pk for job in jobs]):
        publish_ending(job)
    asyncio.run_coroutine_threadsafe(asyncio.wait_for(asyncio.gather(*tasks), 60), loop).result()
    loop.call_soon_threadsafe(loop.stop)
    delays = []
    for job in jobs:
        got = seen.get(job.pk, [])
        progress = [(event_id, at) for event_id, name, at in got if name == "progress"]
        if len(progress) != ROUNDS or not got or got[-1][1] != "succeeded":
            errors.append(f"job {job.pk}: saw {len(progress)} of {ROUNDS} progress events")
        delays += [(at - published[event_id]) * 1000 for event_id, at in progress if event_id in published]
    return delays, errors


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(fake: FakeOpenAIServer) -> list[tuple[str, str, str, str]]:
    provider = {**fake.provider_env(), "OPENAI_MAX_RETRIES": "0"}
    workdir = setup_django(DATABASE_URL=fresh_database(), CELERY_BROKER_URL=BENCH_BROKER_URL, **provider)
    flush_broker()
    from django.contrib.auth import get_user_model
    from rest_framework.authtoken.models import Token

    from tests.asgi_server import UvicornProcess

    owner = get_user_model().objects.create_user(username="bench-events")
    token = Token.objects.create(user=owner).key
    env = {**os.environ, "LOG_LEVEL": "WARNING"}
    with (
        celery_worker(dict(env), workdir / "worker.log", concurrency=2) as worker,
        UvicornProcess(env, workdir / "web.log") as web,
    ):
        worker.wait_for_log("ready.")
        first, end, _ = first_scene_vs_end(fake, web, token, owner)
        delays, errors = many_streams(web, token, owner)
    flush_broker()
    ratio = first / end
    p50, p99 = percentile(delays, 0.5), percentile(delays, 0.99)
    ok = p99 < TARGET_P99_MS and not errors
    return [
        (f"{SCENES}-scene story: first scene event / job end", f"{first:.2f} s / {end:.2f} s", "-", "-"),
        (
            "first scene seen at (share of job wall time)",
            f"{ratio:.2f}x",
            f"<= {TARGET_FIRST_SCENE}x",
            "yes" if ratio <= TARGET_FIRST_SCENE else "NO",
        ),
        (
            f"{STREAMS} open streams: event delay p50 / p99 ({len(delays)} events)",
            f"{p50:.1f} / {p99:.1f} ms"
            + (f", {len(errors)} errors: {errors[0]}" if errors else ", no error"),
            f"p99 < {TARGET_P99_MS} ms, no error",
            "yes" if ok else "NO",
        ),
    ]


def main() -> int:
    problem = services_problem()
    if problem is not None:
        emit(TITLE, [("live job events", f"not run: {problem}", "-", "n/a")])
        return 0
    with FakeOpenAIServer() as fake:
        emit(TITLE, measure(fake))
    return 0


if __name__ == "__main__":
    sys.exit(main())
