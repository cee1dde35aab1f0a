"""The embedded mode as `make run` serves it: one `runserver` process on a SQLite file, jobs
in-process. Simultaneous job starts must all run: SQLite answers "database is locked" at once,
without waiting, to a deferred transaction that read and then wants to write while another
writes, which the API turned into a 503 for every start but the first."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from threading import Barrier

import pytest

from tests.network import free_port

PROJECT = Path(__file__).resolve().parent.parent
OWNERS = 4


class EmbeddedServer:
    """`manage.py runserver` on a fresh SQLite file, with no broker (so jobs run in-process)."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.port = free_port()
        kept = {
            k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "CELERY_", "CACHE_URL"))
        }
        self.env = kept | {
            "DEBUG": "true",
            "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
            "MEDIA_ROOT": str(folder / "media"),
            "LOG_LEVEL": "WARNING",
            "OPENAI_API_KEY": "",
        }
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> EmbeddedServer:
        manage = [sys.executable, "manage.py"]
        subprocess.run([*manage, "migrate", "--noinput", "-v0"], cwd=PROJECT, env=self.env, check=True)
        log = (self.folder / "server.log").open("wb")
        command = [*manage, "runserver", "--noreload", f"127.0.0.1:{self.port}"]
        self.process = subprocess.Popen(
            command, cwd=PROJECT, env=self.env, stdout=log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=2).read()
                return self
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"runserver did not answer: {self.log()[-2000:]}")

    def __exit__(self, *exc_info: object) -> None:
        self.process.terminate()
        self.process.wait(timeout=20)

    def log(self) -> str:
        return (self.folder / "server.log").read_text(errors="replace")

    def call(self, method: str, path: str, body: dict | None = None, token: str = "") -> tuple[int, dict]:
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}/api{path}",
            method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={"Content-Type": "application/json"}
            | ({"Authorization": f"Token {token}"} if token else {}),
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"{}")


@pytest.fixture
def embedded(tmp_path):
    with EmbeddedServer(tmp_path) as server:
        yield server


def test_simultaneous_job_starts_on_sqlite_all_run(embedded):
    stories = []
    for number in range(OWNERS):
        _, account = embedded.call(
            "POST", "/auth/register/", {"username": f"owner{number}", "password": "a-long-pass-7"}
        )
        token = account["token"]
        _, pip = embedded.call("POST", "/characters/", {"name": "Pip", "traits": ["brave"]}, token)
        brief = {
            "title": "Pip",
            "description": "A mouse wants to touch the moon.",
            "character_ids": [pip["id"]],
        }
        status, story = embedded.call("POST", "/stories/", brief, token)
        assert status == 201, story
        stories.append((token, story["id"]))
    barrier = Barrier(OWNERS)

    def start(owner):
        token, story_id = owner
        barrier.wait(timeout=30)
        return embedded.call("POST", f"/stories/{story_id}/content/", token=token)

    for _ in range(3):
        barrier.reset()
        with ThreadPoolExecutor(max_workers=OWNERS) as pool:
            answers = list(pool.map(start, stories))
        assert [status for status, _ in answers] == [202] * OWNERS, (answers, embedded.log()[-3000:])
    for token, story_id in stories:
        status, story = embedded.call("GET", f"/stories/{story_id}/", token=token)
        assert status == 200 and story["version"] == 3 and story["scenes"], story
    assert "database is locked" not in embedded.log()
