"""The default worker shape: jobs on a threads pool, each task's database connections closed."""

from __future__ import annotations

import os
import threading
import time

import pytest
from django.conf import settings
from django.db import connection

from conftest import client_for
from jobs.models import JobStatus
from tests.conftest import WorkerProcess, database_url_for_workers
from tests.waiting import wait_for_jobs

pytestmark = [pytest.mark.services]

CONCURRENCY = 4
STORIES = 8


def worker_connections() -> int:
    """Connections to the test database other than this test's own."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
        )
        return cursor.fetchone()[0]


def test_the_default_pool_is_threads():
    assert settings.CELERY_WORKER_POOL == "threads"
    assert settings.CELERY_WORKER_CONCURRENCY >= 4


def test_a_threads_worker_runs_jobs_at_once_and_leaves_no_connection_open(
    live_broker, tmp_path, django_user_model
):
    env = {
        **os.environ,
        "DEBUG": "true",
        "DATABASE_URL": database_url_for_workers(),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "AI_PROVIDER": "offline",
        "CONN_MAX_AGE": "0",
    }
    worker = WorkerProcess(env, tmp_path / "worker.log", concurrency=CONCURRENCY, pool="threads")
    owner = django_user_model.objects.create_user(username="threads", password="x-strong-pass-9")
    api = client_for(owner)
    stories = [
        api.post("/api/stories/", {"description": f"A lantern that lights road {n}."}).data["id"]
        for n in range(STORIES)
    ]
    worker.start()
    try:
        assert "concurrency: 4 (thread)" in worker.log()
        peak, done = [0], threading.Event()

        def sample() -> None:
            from django.db import connection as own

            while not done.wait(0.05):
                peak[0] = max(peak[0], worker_connections())
            own.close()

        sampler = threading.Thread(target=sample)
        sampler.start()
        try:
            job_ids = [api.post(f"/api/stories/{story}/content/").data["id"] for story in stories]
            jobs = wait_for_jobs(job_ids, timeout=90, poll=0.2)
        finally:
            done.set()
            sampler.join()
        assert [job.status for job in jobs] == [JobStatus.SUCCEEDED] * STORIES, worker.log()[-2000:]
        # A running job holds its task's connection and nothing else (no lease heartbeat).
        assert 0 < peak[0] <= CONCURRENCY + 1
        deadline = time.monotonic() + 5
        while worker_connections() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert worker_connections() == 0, "worker connections are still open after every task ended"
    finally:
        worker.stop()
