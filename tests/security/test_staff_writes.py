"""Staff read every story; only its owner changes it, deletes it or starts paid work on it, and
reverting is the one change the `stories.revert_story` permission (Editors) adds. The table runs
every write route the schema documents on a story or character against five callers."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from rest_framework.test import APIClient

from conftest import client_for
from jobs.models import Job
from spend.models import SpendEntry
from stories.models import Character, Story

from .conftest import api_operations

pytestmark = pytest.mark.django_db

WRITE_METHODS = {"post", "put", "patch", "delete"}
WRITE_ROUTES = [
    operation
    for operation in api_operations()
    if operation.method in WRITE_METHODS
    and operation.path.startswith(("/api/stories/{", "/api/characters/{"))
]

BODIES = {
    "PATCH /api/stories/{id}/": {"title": "Renamed by someone"},
    "PUT /api/stories/{id}/": {"title": "Renamed by someone", "description": "A fox who carries a lantern."},
    "PATCH /api/stories/{id}/scenes/{scene_id}/": {"content": "Somebody else wrote this scene now."},
    "POST /api/stories/{id}/refine-scene/{scene_id}/": {"refinement_type": "add_humor"},
    "POST /api/stories/{id}/refine-style/": {"refinement_type": "add_humor"},
    "POST /api/stories/{id}/adjust-audience/": {"target_audience": "preteens_11_13"},
    "POST /api/stories/{id}/translate/": {"language": "fr"},
    "PUT /api/characters/{id}/": {"name": "Juniper", "description": "Renamed by someone."},
    "PATCH /api/characters/{id}/": {"description": "Renamed by someone."},
}
REVERT = "POST /api/stories/{id}/revert/{version}/"
TRANSLATE = "POST /api/stories/{id}/translate/"
"""The suite writes offline, and the offline writer translates nothing: its owner gets the 409
that says so (tests/test_translations.py starts translations against the fake server)."""
OWNER_ANSWERS = {"POST": {200, 202}, "PUT": {200}, "PATCH": {200}, "DELETE": {204}}


def expected_status(role: str, operation) -> int | set[int]:
    if role == "owner" and str(operation) == TRANSLATE:
        return 409
    if role == "owner":
        return OWNER_ANSWERS[operation.method.upper()]
    if role == "other":
        return 404
    if str(operation) == REVERT and role in {"editor", "superuser"}:
        return 200
    return 403


@pytest.fixture
def callers(world, other_user, django_user_model):
    staff = django_user_model.objects.create_user(username="staffer", password="x-4242-staff", is_staff=True)
    editor = django_user_model.objects.create_user(username="editor", password="x-4242-editor", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    superuser = django_user_model.objects.create_superuser(username="root", password="x-4242-root")
    return {
        "owner": world.owner,
        "other": other_user,
        "staff": staff,
        "editor": editor,
        "superuser": superuser,
    }


def state_of(world) -> tuple:
    story = Story.objects.filter(pk=world.story.pk).values("version", "title", "target_audience").first()
    character = Character.objects.filter(pk=world.character.pk).values("description").first()
    return story, character, Job.objects.count(), SpendEntry.objects.count()


def test_the_table_holds_every_write_route_on_a_story_or_character():
    assert {str(operation) for operation in WRITE_ROUTES} >= {
        *BODIES,
        REVERT,
        "DELETE /api/stories/{id}/",
        "POST /api/stories/{id}/content/",
        "POST /api/stories/{id}/generate-scene-images/",
        "POST /api/stories/{id}/narrate/",
        "DELETE /api/characters/{id}/",
    }


@pytest.mark.parametrize("role", ["owner", "other", "staff", "editor", "superuser"])
@pytest.mark.parametrize("operation", WRITE_ROUTES, ids=str)
def test_only_the_owner_writes_and_editors_only_revert(operation, role, world, callers):
    world.story.target_audience = "children_8_10"
    Story.objects.filter(pk=world.story.pk).update(target_audience="children_8_10")
    body = dict(BODIES.get(str(operation), {}))
    if str(operation) == "PUT /api/stories/{id}/":
        body["target_audience"] = "children_8_10"
    before = state_of(world)

    send = getattr(client_for(callers[role]), operation.method)
    response = send(world.url(operation.path), body, format="json")

    expected = expected_status(role, operation)
    allowed = expected if isinstance(expected, set) else {expected}
    assert response.status_code in allowed, (
        f"{role} {operation}: {response.status_code} {response.content[:300]!r}"
    )
    assert response.status_code == 204 or response["Content-Type"].startswith("application/json")
    if response.status_code in {403, 404}:
        assert "detail" in response.json()
        assert state_of(world) == before, f"{role} {operation} changed something it was refused"
    if response.status_code == 403:
        assert "owner" in response.json()["detail"]
    if response.status_code == 202:
        job = Job.objects.get(pk=response.json()["id"])
        assert job.owner_id == world.owner.pk


@pytest.mark.parametrize(("role", "status"), [("staff", 403), ("owner", 200)])
def test_a_session_with_its_csrf_token_reverts_only_where_a_token_may(role, status, world, callers):
    """The browsable API's session auth, CSRF token included, gets no more than a token does."""
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(callers[role])
    csrf = "a" * 32
    client.cookies["csrftoken"] = csrf
    before = Story.objects.get(pk=world.story.pk).version

    response = client.post(world.url(REVERT.split()[1]), HTTP_X_CSRFTOKEN=csrf)

    assert response.status_code == status, response.content[:300]
    assert Story.objects.get(pk=world.story.pk).version == (before if status == 403 else before + 1)
