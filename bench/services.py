"""PostgreSQL, Redis and process helpers for the benchmarks that need real services.

The benchmarks make their own database (`genstory_bench`, dropped and created afresh) and use
their own Redis database number, so they never touch the development or test data.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from bench.common import PROJECT

POSTGRES_ADMIN_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
BENCH_DATABASE = os.environ.get("BENCH_DATABASE", "genstory_bench")
BENCH_BROKER_URL = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/15")
BENCH_CACHE_URL = os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/14")


def services_problem() -> str | None:
    """Why PostgreSQL or Redis cannot be used right now, or None when both answer."""
    import psycopg
    import redis

    try:
        psycopg.connect(POSTGRES_ADMIN_URL, connect_timeout=2).close()
    except psycopg.Error as error:
        return f"PostgreSQL is not reachable ({str(error).strip().splitlines()[0]})"
    try:
        redis.Redis.from_url(BENCH_BROKER_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        return f"Redis is not reachable ({error})"
    return None


def fresh_database(name: str = BENCH_DATABASE) -> str:
    """Drop and create `name` on the local PostgreSQL; its URL."""
    import psycopg

    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True, connect_timeout=5) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    return POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"


def flush_broker(url: str = BENCH_BROKER_URL) -> None:
    import redis

    redis.Redis.from_url(url, socket_connect_timeout=2).flushdb()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Subprocess:
    """A child process in a session of its own, logged to a file, stopped with its children."""

    def __init__(self, command: list[str], env: dict[str, str], log_path: Path):
        self.command = command
        self.env = env
        self.log_path = log_path
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Subprocess:
        self.process = subprocess.Popen(
            self.command,
            cwd=PROJECT,
            env=self.env,
            stdout=self.log_path.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=5)

    def wait_for_log(self, text: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.command[0]} exited: {self.log_tail()}")
            if text.encode() in self.log_path.read_bytes():
                return
            time.sleep(0.1)
        raise RuntimeError(f"{self.command[0]} did not log {text!r} within {timeout} s: {self.log_tail()}")

    def log_tail(self) -> str:
        return self.log_path.read_text(errors="replace")[-2000:]


def celery_worker(env: dict[str, str], log_path: Path, concurrency: int = 1) -> Subprocess:
    command = [sys.executable, "-m", "celery", "-A", "genstory", "worker", "--loglevel=INFO"]
    command += [f"--concurrency={concurrency}", "--without-gossip", "--without-mingle", "-n", "bench@%h"]
    return Subprocess(command, env, log_path)
