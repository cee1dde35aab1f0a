import pytest
import yaml
from django.core.management import call_command

pytestmark = pytest.mark.django_db

ROUTES = {
    "/api/auth/register/": {"post"},
    "/api/auth/token/": {"post"},
    "/api/meta/audiences/": {"get"},
    "/api/meta/genres/": {"get"},
    "/api/characters/": {"get", "post"},
    "/api/characters/{id}/": {"get", "put", "patch", "delete"},
    "/api/stories/": {"get", "post"},
    "/api/stories/{id}/": {"get", "put", "patch", "delete"},
    "/api/stories/{id}/content/": {"post"},
    "/api/stories/{id}/scenes/{scene_id}/": {"get", "patch"},
    "/api/stories/{id}/versions/": {"get"},
    "/api/stories/{id}/versions/{version}/": {"get"},
    "/api/stories/{id}/export/pdf/": {"get"},
    "/api/stories/{id}/export/epub/": {"get"},
    "/api/stories/{id}/export/markdown/": {"get"},
    "/api/jobs/": {"get"},
    "/api/jobs/{id}/": {"get"},
    "/api/stories/{id}/generate-scene-images/": {"post"},
    "/api/stories/{id}/images/": {"get"},
    "/api/images/{id}/content/": {"get"},
    "/api/stories/batch-generate/": {"post"},
    "/api/batches/{id}/": {"get"},
    "/api/stories/{id}/narrate/": {"post"},
    "/api/stories/{id}/narration/": {"get"},
    "/api/narration/{id}/content/": {"get"},
    "/api/narration/{id}/timings/": {"get"},
    "/api/meta/voices/": {"get"},
}


def test_schema_validates_without_warnings_and_lists_every_route(tmp_path):
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    paths = yaml.safe_load(target.read_text())["paths"]
    for route, methods in ROUTES.items():
        assert route in paths, route
        assert methods <= set(paths[route]), (route, set(paths[route]))


def test_schema_and_docs_are_served(anonymous_api):
    schema = anonymous_api.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/stories/{id}/content/" in schema.content
    docs = anonymous_api.get("/api/docs/")
    assert docs.status_code == 200
    assert b"swagger" in docs.content.lower()


def test_the_schema_lists_the_errors_each_route_gives(anonymous_api):
    schema = anonymous_api.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    story = schema["paths"]["/api/stories/{id}/"]
    assert {"400", "401", "404", "409", "413", "415"} <= set(story["put"]["responses"])
    assert {"401", "404", "409"} <= set(story["delete"]["responses"])
    assert {"409", "429", "503"} <= set(schema["paths"]["/api/stories/{id}/content/"]["post"]["responses"])
    assert "429" in schema["paths"]["/api/auth/token/"]["post"]["responses"]
    assert "401" not in schema["paths"]["/api/meta/genres/"]["get"]["responses"]
    assert "200" in schema["paths"]["/api/usage/"]["get"]["responses"]
