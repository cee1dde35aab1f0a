"""Every route that names a scene answers an unknown one with the same 404, naming it."""

import pytest

from stories.tests.factories import story_with_scenes

pytestmark = pytest.mark.django_db
MISSING = "scene_99"
ANSWER = {"detail": f'The story has no scene "{MISSING}".'}


def scene_routes(pk: int) -> list[tuple[str, str, dict]]:
    return [
        ("get", f"/api/stories/{pk}/scenes/{MISSING}/", {}),
        ("patch", f"/api/stories/{pk}/scenes/{MISSING}/", {"title": "A new title"}),
        ("post", f"/api/stories/{pk}/refine-scene/{MISSING}/", {"refinement_type": "add_humor"}),
        ("post", f"/api/stories/{pk}/generate-scene-images/?scene_id={MISSING}", {}),
        ("post", f"/api/stories/{pk}/generate-scene-images/", {"scene_id": MISSING}),
        ("post", f"/api/stories/{pk}/narrate/", {"scene_id": MISSING}),
    ]


def test_an_unknown_scene_gets_one_message_naming_it_on_every_route(api, user):
    story = story_with_scenes(user, count=3)

    answers = {
        f"{method.upper()} {url}": (response.status_code, response.json())
        for method, url, body in scene_routes(story.pk)
        for response in [getattr(api, method)(url, body, format="json")]
    }

    assert answers == {route: (404, ANSWER) for route in answers}


def test_another_users_story_still_says_only_not_found(api, other_user):
    story = story_with_scenes(other_user, count=3)

    for method, url, body in scene_routes(story.pk):
        response = getattr(api, method)(url, body, format="json")
        assert (response.status_code, response.json()) == (404, {"detail": "Not found."}), url
