"""Fixtures for service tests: a real Celery worker process on the local Redis and PostgreSQL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from conftest import require_services
from genstory.celery import app as celery_app

PROJECT = Path(__file__).resolve().parent.parent


def database_url_for_workers() -> str:
    """The test database pytest-django created, as a URL another process can use."""
    params = connection.settings_dict
    host = params.get("HOST") or "127.0.0.1"
    port = params.get("PORT") or 5432
    user = params.get("USER") or "postgres"
    password = f":{params['PASSWORD']}" if params.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{host}:{port}/{params['NAME']}"


POOL_IN_BANNER = {"threads": "thread", "prefork": "prefork", "solo": "solo"}


class WorkerProcess:
    """A `celery worker` process; its pool is the one the settings make the default unless asked.

    The pool is chosen through CELERY_WORKER_POOL: Celery 5 reads `--pool=prefork` as "no pool
    given" and lets a configured pool win over it.
    """

    def __init__(self, env: dict[str, str], log_path: Path, concurrency: int = 2, pool: str | None = None):
        self.env = env
        self.log_path = log_path
        self.concurrency = concurrency
        self.pool = pool or settings.CELERY_WORKER_POOL
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "genstory",
                "worker",
                "--loglevel=INFO",
                f"--concurrency={self.concurrency}",
                f"--pool={self.pool}",
                "--without-gossip",
                "--without-mingle",
                "-n",
                f"test-{os.getpid()}-{time.monotonic_ns()}@%h",
            ],
            cwd=PROJECT,
            env={**self.env, "CELERY_WORKER_POOL": self.pool},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.wait_until_ready()

    def wait_until_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Celery worker exited: {self.log_path.read_text()[-2000:]}")
            if b"ready." in self.log_path.read_bytes():
                banner = f"concurrency: {self.concurrency} ({POOL_IN_BANNER.get(self.pool, self.pool)})"
                if banner not in self.log():
                    raise RuntimeError(f"the worker did not start with {banner}: {self.log()[-2000:]}")
                return
            time.sleep(0.2)
        raise RuntimeError(f"Celery worker not ready in {timeout} s: {self.log_path.read_text()[-2000:]}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()

    def kill(self) -> None:
        """SIGKILL the worker and its pool processes at once, as a lost machine would."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


@pytest.fixture
def live_broker(transactional_db):
    """Real Redis broker for this test: tasks are published, not run in-process."""
    require_services()
    celery_app.conf.task_always_eager = False
    celery_app.control.purge()
    yield celery_app
    celery_app.control.purge()


def worker_env(tmp_path) -> dict[str, str]:
    return {
        **os.environ,
        "DEBUG": "true",
        "DATABASE_URL": database_url_for_workers(),
        "CELERY_BROKER_URL": os.environ["CELERY_BROKER_URL"],
        "MEDIA_ROOT": str(tmp_path / "media"),
        "AI_PROVIDER": "offline",
        "JOB_RETRY_BACKOFF_SECONDS": "0.1",
    }


@pytest.fixture
def celery_worker_process(live_broker, tmp_path):
    worker = WorkerProcess(worker_env(tmp_path), tmp_path / "worker.log")
    worker.start()
    yield worker
    worker.stop()


@pytest.fixture
def idle_worker(live_broker, tmp_path):
    """A worker the test starts itself (`start()`), for work queued while none runs."""
    worker = WorkerProcess(worker_env(tmp_path), tmp_path / "worker.log")
    yield worker
    worker.stop()
