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
        ({"DEBUG": "true", "MEDIA_STORAGE": "ftp"}, "MEDIA_STORAGE must be local or s3"),
        ({"DEBUG": "true", "MEDIA_STORAGE": "s3"}, "MEDIA_S3_BUCKET must be set"),
        (
            {
                "DEBUG": "true",
                "MEDIA_STORAGE": "s3",
                "MEDIA_S3_BUCKET": "b",
                "MEDIA_S3_ADDRESSING_STYLE": "dns",
            },
            "MEDIA_S3_ADDRESSING_STYLE must be auto, path or virtual",
        ),
        (
            {"DEBUG": "true", "DEFAULT_FILE_STORAGE": "storages.backends.s3.S3Storage"},
            "DEFAULT_FILE_STORAGE is no longer read",
        ),
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


def test_media_on_s3_is_one_setting_and_the_local_disk_stays_the_default():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.STORAGES['default']['BACKEND'], s.STORAGES['default'].get('OPTIONS', {}).get('bucket_name'))"
    )
    base = {k: v for k, v in os.environ.items() if not k.startswith("MEDIA_")}
    run = {"cwd": PROJECT, "capture_output": True, "text": True, "timeout": 60}
    env = {**base, "DEBUG": "true", "DJANGO_SETTINGS_MODULE": "genstory.settings"}
    local = subprocess.run([sys.executable, "-c", code], env=env, **run)
    assert local.stdout.split() == ["django.core.files.storage.FileSystemStorage", "None"], local.stderr
    s3 = subprocess.run(
        [sys.executable, "-c", code], env={**env, "MEDIA_STORAGE": "s3", "MEDIA_S3_BUCKET": "tales"}, **run
    )
    assert s3.stdout.split() == ["core.s3.MediaS3Storage", "tales"], s3.stderr
