"""Network helpers for tests that start a process or a server of their own."""

import os
import socket
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    """A free TCP port on 127.0.0.1 (bound, then released): nothing listens on it."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def shell_without_database(script: str) -> str:
    """Run `script` in `manage.py shell`, in a real process whose PostgreSQL port is closed (nothing
    of ours patched), and return the last line it printed."""
    env = {
        **os.environ,
        "DEBUG": "true",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{free_port()}/nowhere",
        "CELERY_BROKER_URL": "",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]
