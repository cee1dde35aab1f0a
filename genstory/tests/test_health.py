"""Probes: /healthz says the process answers; /readyz checks the database and the broker."""

import json
import os

import pytest

from conftest import require_services
from tests.network import free_port, shell_without_database

pytestmark = pytest.mark.django_db

OFFLINE_MODERATION = {
    "status": "ok",
    "provider": "offline",
    "languages": ["en"],
    "other_languages": (
        "text in a language other than en passes the offline checker's word lists with a logged "
        "warning; MODERATION_PROVIDER=openai judges every language"
    ),
}


def test_healthz_answers_ok_without_auth_and_is_never_cached(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"] and "max-age=0" in response["Cache-Control"]
    assert client.get("/healthz/").status_code == 200


def test_readyz_in_the_embedded_mode_checks_the_database_and_runs_tasks_in_process(client, settings):
    settings.CELERY_BROKER_URL = "memory://"
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {
            "database": {"status": "ok"},
            "broker": {"status": "in-process"},
            "media": {"status": "local"},
            "moderation": OFFLINE_MODERATION,
        },
    }
    assert "no-cache" in response["Cache-Control"]


def test_readyz_is_503_when_the_broker_is_down(client, settings):
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{free_port()}/0"
    settings.READINESS_TIMEOUT_SECONDS = 0.5
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "checks": {
            "database": {"status": "ok"},
            "broker": {"status": "error", "error": "The broker is unreachable."},
            "media": {"status": "local"},
            "moderation": OFFLINE_MODERATION,
        },
    }


def test_readyz_is_503_when_the_database_is_down():
    """A real process whose database does not answer: nothing of ours is patched."""
    script = (
        "import json; from django.test import Client; r = Client().get('/readyz'); "
        "print(json.dumps({'status': r.status_code, 'body': r.json()}))"
    )
    answer = json.loads(shell_without_database(script))
    assert answer == {
        "status": 503,
        "body": {
            "status": "unavailable",
            "checks": {
                "database": {"status": "error", "error": "The database is unreachable."},
                "broker": {"status": "in-process"},
                "media": {"status": "local"},
                "moderation": OFFLINE_MODERATION,
            },
        },
    }


@pytest.mark.services
def test_readyz_reaches_a_real_broker(client, settings):
    require_services()
    settings.CELERY_BROKER_URL = os.environ["CELERY_BROKER_URL"]
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"]["broker"] == {"status": "ok"}


def test_readyz_asks_an_s3_media_store_for_its_bucket(client, settings, media_on_s3):
    settings.CELERY_BROKER_URL = "memory://"
    answer = client.get("/readyz")
    assert answer.status_code == 200 and answer.json()["checks"]["media"] == {"status": "ok"}

    settings.STORAGES = {**settings.STORAGES, "default": media_on_s3.unreachable_setting}
    down = client.get("/readyz")
    assert down.status_code == 503
    assert down.json()["checks"]["media"] == {"status": "error", "error": "The media storage is unreachable."}
