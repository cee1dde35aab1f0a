"""The story commands report in their own words: no log line runs into their output (or into
generate_batch's progress bar) unless asked for with `-v 2`. Run as a user runs them, in a
process of their own, since log lines go to the real stderr."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings

LOG_LINE = " INFO genstory.jobs job "


@pytest.fixture(scope="module")
def manage(tmp_path_factory):
    folder = tmp_path_factory.mktemp("command-logs")
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("OPENAI_", "CELERY_", "LOG_", "CACHE_", "DATABASE_"))
    }
    env |= {
        "DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "MEDIA_ROOT": str(folder / "media"),
    }

    def manage(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    migrated = manage("migrate", "--noinput", "-v", "0")
    assert migrated.returncode == 0, migrated.stderr
    manage.folder = folder
    return manage


def story_args(description: str) -> list[str]:
    return [
        "generate_story",
        "--description",
        description,
        "--character",
        "Ada: brave; a girl in a blue coat",
    ]


def test_generate_story_prints_its_report_and_no_log_line(manage):
    answer = manage(*story_args("A train that runs on dreams."))
    assert answer.returncode == 0, answer.stderr
    assert "version 1" in answer.stdout
    assert answer.stderr == ""
    assert " INFO " not in answer.stdout and " WARNING " not in answer.stdout


def test_generate_story_shows_its_log_lines_at_verbosity_2(manage):
    answer = manage(*story_args("A ship that sails on clouds."), "-v", "2")
    assert answer.returncode == 0, answer.stderr
    assert LOG_LINE in answer.stderr


@pytest.mark.parametrize(("verbosity", "logged"), [([], False), (["-v", "2"], True)])
def test_generate_batch_logs_only_when_asked(manage, verbosity, logged):
    briefs = manage.folder / f"briefs-{len(verbosity)}.jsonl"
    briefs.write_text(json.dumps({"description": f"A lamp that lights {len(verbosity)} towns."}) + "\n")
    answer = manage("generate_batch", str(briefs), *verbosity)
    assert answer.returncode == 0, answer.stderr
    assert "[##############################] 1/1\n1 generated" in answer.stdout
    assert (LOG_LINE in answer.stderr) is logged
    if not logged:
        assert answer.stderr == ""
