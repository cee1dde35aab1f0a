"""Every API error is JSON: the docs pages and the schema with the database down, a Host header
this server does not serve. The database-down case runs in a real process whose database
port is closed; nothing of ours is patched."""

import json

import pytest

from tests.network import shell_without_database

pytestmark = pytest.mark.django_db


def test_the_docs_and_the_schema_answer_a_json_503_when_the_database_is_down():
    script = (
        "import json; from django.test import Client; c = Client(raise_request_exception=False); "
        "auth = {'HTTP_AUTHORIZATION': 'Token 0123456789abcdef0123456789abcdef01234567'}; "
        "print(json.dumps([[p, (r := c.get(p, **auth)).status_code, r['Content-Type'], r.content.decode()] "
        "for p in ('/api/docs/', '/api/redoc/', '/api/schema/')]))"
    )
    for path, status, content_type, body in json.loads(shell_without_database(script)):
        assert (status, content_type) == (503, "application/json"), (path, status, content_type, body[:200])
        assert "database is unavailable" in json.loads(body)["detail"]


def test_an_unknown_host_is_a_json_400_on_the_api(client, settings):
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["genstory.example"]
    response = client.get("/api/stories/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert response.json() == {"detail": "The Host header names a host this server does not serve."}
    assert client.get("/admin/", HTTP_HOST="evil.example")["Content-Type"].startswith("text/html")
