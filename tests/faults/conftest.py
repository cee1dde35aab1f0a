"""Fault-suite fixtures: a private Redis the test may kill, workers it may SIGKILL, and the
fake OpenAI server as every worker's model provider.

The suite runs on its own `redis-server` (a free port, nothing kept on disk) so that killing
the broker, or leaving a dead worker's unacknowledged message behind, touches nothing shared.
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis

from conftest import require_services
from genstory.celery import app as celery_app
from jobs.models import Job
from jobs.waiting import JobsStillRunning
from tests.conftest import WorkerProcess, database_url_for_workers
from tests.network import free_port
from tests.waiting import wait_for_jobs as wait_for

WORKER_SETTINGS = {
    "LOG_LEVEL": "INFO",
    "OPENAI_MAX_RETRIES": "0",
    "OPENAI_TIMEOUT_SECONDS": "1.5",
    "JOB_RETRY_BACKOFF_SECONDS": "0.2",
    "JOB_RETRY_BACKOFF_MAX_SECONDS": "1.0",
}
"""Fast, bounded retries: a provider call past 1.5 s is a timeout, backoff stays under 1 s."""


class RedisServer:
    """A `redis-server` subprocess of the test's own, which it may kill and start again empty."""

    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def client(self) -> redis.Redis:
        return redis.Redis.from_url(self.url, socket_connect_timeout=2, socket_timeout=5)

    def start(self, timeout: float = 10) -> None:
        self.workdir.mkdir(parents=True, exist_ok=True)
        options = {"bind": "127.0.0.1", "port": str(self.port), "save": "", "appendonly": "no"}
        options |= {"dir": str(self.workdir), "logfile": str(self.workdir / "redis.log")}
        self.process = subprocess.Popen(
            ["redis-server", *(part for name, value in options.items() for part in (f"--{name}", value))],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if self.client().ping():
                    return
            except redis.RedisError:
                time.sleep(0.05)
        raise RuntimeError(f"redis-server on port {self.port} did not answer within {timeout} s")

    def kill(self) -> None:
        """SIGKILL: the broker goes away with everything it held (it keeps nothing on disk)."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)

    def restart(self) -> None:
        self.kill()
        self.start()

    def queued_messages(self, queue: str = "genstory") -> int:
        return self.client().llen(queue)


@contextmanager
def publishing_to(broker_url: str) -> Iterator[None]:
    """Point this process's Celery app (what `task.delay` uses) at another broker for a while.

    `broker_write_url`, because Celery reads `broker_url` from CELERY_BROKER_URL first.
    """

    def drop_pools() -> None:
        """Forget, not close: kombu keeps the pools per broker URL and hands them out again."""
        celery_app._pool = None
        celery_app.amqp._producer_pool = None

    previous = celery_app.conf.get("broker_write_url")
    drop_pools()
    celery_app.conf.broker_write_url = broker_url
    try:
        yield
    finally:
        drop_pools()
        celery_app.conf.broker_write_url = previous


@pytest.fixture
def private_broker(transactional_db, tmp_path) -> Iterator[RedisServer]:
    """Jobs are published to a Redis of this test's own, not run in-process."""
    require_services()
    broker = RedisServer(tmp_path / "redis")
    broker.start()
    celery_app.conf.task_always_eager = False
    try:
        with publishing_to(broker.url):
            yield broker
    finally:
        broker.kill()


@pytest.fixture
def start_worker(private_broker, fake_openai, settings, tmp_path) -> Iterator[Callable[..., WorkerProcess]]:
    """Start `celery -A genstory worker` processes on the private broker and the fake provider."""
    workers: list[WorkerProcess] = []

    def start(*, concurrency: int = 2, pool: str | None = None, **overrides: str) -> WorkerProcess:
        env = {
            **os.environ,
            "DEBUG": "true",
            "DATABASE_URL": database_url_for_workers(),
            "CELERY_BROKER_URL": private_broker.url,
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            **fake_openai.provider_env(),
            **WORKER_SETTINGS,
            **overrides,
        }
        log = tmp_path / f"worker-{len(workers) + 1}.log"
        worker = WorkerProcess(env, log, concurrency=concurrency, pool=pool)
        workers.append(worker)
        worker.start()
        return worker

    yield start
    for worker in workers:
        worker.stop()


def wait_for_jobs(job_ids: list[int], *, timeout: float, workers: list[WorkerProcess] = ()) -> list[Job]:
    """Every job, once none is queued or running; a bounded wait that names the stragglers."""
    try:
        return wait_for(job_ids, timeout=timeout, poll=0.2)
    except JobsStillRunning as stuck:
        logs = "\n".join(worker.log()[-3000:] for worker in workers)
        raise AssertionError(f"jobs {stuck}\n{logs}") from None


def wait_until(condition: Callable[[], bool], *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {timeout} s")
        time.sleep(0.05)
