"""A missing or malformed setting stops start-up with one clear line, not a traceback."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]


def start(**env) -> subprocess.CompletedProcess:
    base = {
        key: value for key, value in os.environ.items() if key not in {"SECRET_KEY", "DEBUG", "DATABASE_URL"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=PROJECT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DEBUG": "false"}, "SECRET_KEY must be set"),
        ({"DEBUG": "true", "DATABASE_URL": "nosuchdb://x"}, "DATABASE_URL is not valid"),
        ({"DEBUG": "maybe-later"}, "DEBUG is not valid"),
        ({"DEBUG": "true", "OPENAI_STRUCTURED_OUTPUT": "xml"}, "OPENAI_STRUCTURED_OUTPUT must be one of"),
        ({"DEBUG": "true", "JOB_MAX_ATTEMPTS": "many"}, "JOB_MAX_ATTEMPTS is not valid"),
    ],
)
def test_bad_settings_stop_start_up_with_one_line(env, message):
    result = start(**env)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_debug_gets_a_generated_secret_key():
    result = start(DEBUG="true")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("env", "model"),
    [
        ({"OPENAI_MODEL": "llama3.2"}, "llama3.2"),
        ({"OPENAI_MODEL": "llama3.2", "OPENAI_TEXT_MODEL": "qwen2.5"}, "qwen2.5"),
        ({}, "gpt-4o-mini"),
    ],
)
def test_openai_model_is_an_alias_of_openai_text_model(env, model):
    base = {k: v for k, v in os.environ.items() if k not in {"OPENAI_MODEL", "OPENAI_TEXT_MODEL"}}
    code = (
        "import django; django.setup(); from django.conf import settings; print(settings.OPENAI_TEXT_MODEL)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT,
        env={**base, "DEBUG": "true", "DJANGO_SETTINGS_MODULE": "genstory.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == model, result.stderr
