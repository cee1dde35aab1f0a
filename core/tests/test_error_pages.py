"""Every API error is JSON: the docs pages and the schema with the database down, a Host header
this server does not serve. The database-down case runs in a real process whose database
port is closed; nothing of ours is patched."""

import json
import os
import subprocess
import sys

import pytest

from genstory.tests.test_health import PROJECT, closed_port

pytestmark = pytest.mark.django_db


def test_the_docs_and_the_schema_answer_a_json_503_when_the_database_is_down():
    script = (
        "import json; from django.test import Client; c = Client(raise_request_exception=False); "
        "auth = {'HTTP_AUTHORIZATION': 'Token 0123456789abcdef0123456789abcdef01234567'}; "
        "print(json.dumps([[p, (r := c.get(p, **auth)).status_code, r['Content-Type'], r.content.decode()] "
        "for p in ('/api/docs/', '/api/redoc/', '/api/schema/')]))"
    )
    env = {
        **os.environ,
        "DEBUG": "true",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{closed_port()}/nowhere",
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
    for path, status, content_type, body in json.loads(result.stdout.strip().splitlines()[-1]):
        assert (status, content_type) == (503, "application/json"), (path, status, content_type, body[:200])
        assert "database is unavailable" in json.loads(body)["detail"]


def test_an_unknown_host_is_a_json_400_on_the_api(client, settings):
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["genstory.example"]
    response = client.get("/api/stories/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert response.json() == {"detail": "The Host header names a host this server does not serve."}
    assert client.get("/admin/", HTTP_HOST="evil.example")["Content-Type"].startswith("text/html")
