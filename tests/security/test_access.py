"""Every route that names an object hides it from everyone but its owner (404, never 403), and
every route but the public ones refuses the anonymous (401). The routes come from the OpenAPI
schema, so a new route is in this table the day it is added."""

from __future__ import annotations

import pytest

from stories.models import Story

from .conftest import api_operations

pytestmark = pytest.mark.django_db

OPERATIONS = api_operations()
OBJECT_ROUTES = [operation for operation in OPERATIONS if "{" in operation.path]
PRIVATE_ROUTES = [operation for operation in OPERATIONS if not operation.public]
PUBLIC_ROUTES = [operation for operation in OPERATIONS if operation.public]

MUST_BE_COVERED = {
    "GET /api/stories/{id}/",
    "PATCH /api/stories/{id}/",
    "DELETE /api/stories/{id}/",
    "GET /api/stories/{id}/scenes/{scene_id}/",
    "PATCH /api/stories/{id}/scenes/{scene_id}/",
    "GET /api/stories/{id}/versions/",
    "GET /api/stories/{id}/versions/{version}/",
    "GET /api/stories/{id}/versions/{version}/diff/",
    "POST /api/stories/{id}/revert/{version}/",
    "POST /api/stories/{id}/content/",
    "POST /api/stories/{id}/refine-scene/{scene_id}/",
    "POST /api/stories/{id}/refine-style/",
    "POST /api/stories/{id}/adjust-audience/",
    "GET /api/stories/{id}/refinement-history/",
    "POST /api/stories/{id}/generate-scene-images/",
    "GET /api/stories/{id}/images/",
    "GET /api/images/{id}/content/",
    "GET /api/stories/{id}/export/pdf/",
    "GET /api/stories/{id}/export/epub/",
    "GET /api/stories/{id}/export/markdown/",
    "GET /api/jobs/{id}/",
    "GET /api/characters/{id}/",
    "PUT /api/characters/{id}/",
    "DELETE /api/characters/{id}/",
    "POST /api/stories/{id}/narrate/",
    "GET /api/stories/{id}/narration/",
    "GET /api/narration/{id}/content/",
    "GET /api/narration/{id}/timings/",
}


def request(client, operation, url):
    return client.generic(operation.method.upper(), url, data="{}", content_type="application/json")


def test_the_tables_cover_every_kind_of_object():
    assert {str(operation) for operation in OBJECT_ROUTES} >= MUST_BE_COVERED
    assert {str(operation) for operation in PUBLIC_ROUTES} == {
        "POST /api/auth/register/",
        "POST /api/auth/token/",
        "GET /api/meta/audiences/",
        "GET /api/meta/genres/",
        "GET /api/meta/quality/",
        "GET /api/meta/languages/",
        "GET /api/meta/voices/",
    }


@pytest.mark.parametrize("operation", OBJECT_ROUTES, ids=str)
def test_another_users_object_is_not_found(operation, world, other_api):
    response = request(other_api, operation, world.url(operation.path))

    assert response.status_code == 404, f"{operation}: {response.status_code} {response.content[:300]!r}"
    assert response["Content-Type"].startswith("application/json")
    assert "detail" in response.json()
    story = Story.objects.get(pk=world.story.pk)
    assert (story.version, story.title) == (world.story.version, world.story.title)
    assert world.character.__class__.objects.filter(pk=world.character.pk).exists()


@pytest.mark.parametrize("operation", PRIVATE_ROUTES, ids=str)
def test_the_anonymous_are_refused(operation, world, anonymous_api):
    url = world.url(operation.path)
    anonymous = request(anonymous_api, operation, url)
    anonymous_api.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    forged = request(anonymous_api, operation, url)

    assert anonymous.status_code == 401, f"{operation}: {anonymous.status_code}"
    assert forged.status_code == 401, f"{operation} with a forged token: {forged.status_code}"
    assert "detail" in anonymous.json() and "detail" in forged.json()
    assert Story.objects.get(pk=world.story.pk).version == world.story.version


@pytest.mark.parametrize("operation", PUBLIC_ROUTES, ids=str)
def test_public_routes_answer_the_anonymous(operation, anonymous_api):
    response = request(anonymous_api, operation, operation.path)
    assert response.status_code != 401 and response.status_code < 500
