"""A real Celery worker whose media go to the same local S3 bucket as the test's."""

from __future__ import annotations

import pytest

from tests.conftest import WorkerProcess, worker_env


@pytest.fixture
def worker_on_s3(live_broker, media_on_s3, tmp_path):
    """The worker of `celery_worker_process`, with MEDIA_STORAGE=s3 and the test's bucket."""
    worker = WorkerProcess({**worker_env(tmp_path), **media_on_s3.env}, tmp_path / "worker.log")
    worker.start()
    yield worker
    worker.stop()
