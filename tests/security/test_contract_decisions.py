"""The contract decisions of API.md "Limits and hostile input", each pinned by the request that
broke it: strict input, JSON errors whatever is asked, no-op reverts, casts that block a delete,
and headers no client should be able to turn into a 500."""

from __future__ import annotations

import pytest

from narration.tests.factories import SceneNarrationFactory
from stories.tests.factories import story_with_scenes

pytestmark = pytest.mark.django_db


@pytest.fixture
def narration(user):
    story = story_with_scenes(user, count=2)
    return SceneNarrationFactory(scene=story.scenes.get(scene_id="scene_1"))


@pytest.mark.parametrize(
    ("header", "status"),
    [
        ("bytes=" + "1" * 4301 + "-", 416),
        ("bytes=0-" + "9" * 5000, 206),
        ("bytes=-" + "9" * 5000, 206),
        ("bytes=" + "0" * 5000 + "5-9", 206),
        ("bytes=\u0661-", 200),
    ],
)
def test_a_range_of_any_length_is_read_as_positions_never_a_500(api, narration, header, status):
    response = api.get(f"/api/narration/{narration.pk}/content/", HTTP_RANGE=header)
    assert response.status_code == status
    if status == 206:
        assert response["Content-Range"].endswith(f"/{narration.file.size}")


@pytest.mark.parametrize("path", ["/api/docs/", "/api/redoc/"])
def test_options_on_the_docs_pages_answers_json(anonymous_api, path):
    response = anonymous_api.options(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert anonymous_api.post(path).json() == {"detail": 'Method "POST" not allowed.'}


@pytest.mark.parametrize("accept", ["text/html", "text/html,application/xhtml+xml,*/*;q=0.8", "*/*"])
@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("get", "/api", 404),
        ("post", "/api", 404),
        ("get", "/api/stories/999999/", 404),
        ("post", "/api/stories/", 400),
        ("get", "/api/stories/?genre=opera", 400),
        ("delete", "/api/meta/genres/", 405),
    ],
)
def test_errors_under_the_api_are_json_whatever_accept_asks(api, accept, method, path, status):
    response = getattr(api, method)(path, HTTP_ACCEPT=accept)
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert response.json()


def test_an_anonymous_browser_gets_its_401_as_json(anonymous_api):
    response = anonymous_api.get("/api/stories/", HTTP_ACCEPT="text/html")
    assert response.status_code == 401
    assert response.json() == {"detail": "Authentication credentials were not provided."}
