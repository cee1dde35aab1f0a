"""Helpers of the translation tests: an illustrated English story made through the API against
the fake server, and its translations."""

from __future__ import annotations

from stories.tests.factories import CharacterFactory


def illustrated_english_story(api, user) -> int:
    """Written by the openai provider (the fake's default story: Mia and Leo), illustrated
    (every scene and a cover), all through the API."""
    mia = CharacterFactory(owner=user, name="Mia", traits=["curious"], appearance="a girl with a yellow coat")
    leo = CharacterFactory(owner=user, name="Leo", traits=["brave"], appearance="a boy with a blue cap")
    response = api.post(
        "/api/stories/",
        {
            "title": "The Lantern in the Attic",
            "description": "Mia finds an old lantern and carries its light into the dark wood with Leo.",
            "character_ids": [mia.pk, leo.pk],
            "target_audience": "children_5_7",
        },
        format="json",
    )
    assert response.status_code == 201, response.data
    story_id = response.data["id"]
    assert finished(api, api.post(f"/api/stories/{story_id}/content/"))["status"] == "succeeded"
    for body in ({}, {"cover": True}):
        job = finished(api, api.post(f"/api/stories/{story_id}/generate-scene-images/", body, format="json"))
        assert job["status"] == "succeeded", job["error"]
    return story_id


def finished(api, response) -> dict:
    assert response.status_code == 202, response.data
    return api.get(response["Location"]).data


def translate(api, story_id: int, language: str):
    return api.post(f"/api/stories/{story_id}/translate/", {"language": language}, format="json")
