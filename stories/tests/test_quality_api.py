"""The quality report through the API: on the story, on each version, as a list filter, in a
job's result, and listed with its limits at /api/meta/quality/."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from stories.models import ChangeType, StoryStatus
from stories.services.scenes import refresh_totals
from stories.services.versions import record_version

from .factories import CharacterFactory, SceneFactory, StoryCharacterFactory, StoryFactory

pytestmark = pytest.mark.django_db

FIXTURE = json.loads((Path(__file__).parent / "fixtures" / "quality_story.json").read_text())
LOOP = " The pigeon stared at Pip for a long time." * 6


def well_told_story(owner, title=FIXTURE["title"]):
    story = StoryFactory(
        owner=owner,
        title=title,
        description=FIXTURE["description"],
        target_audience=FIXTURE["target_audience"],
        status=StoryStatus.FINALIZED,
    )
    StoryCharacterFactory(story=story, character=CharacterFactory(owner=owner, name="Pip"))
    for number, scene in enumerate(FIXTURE["scenes"], start=1):
        SceneFactory(
            story=story,
            scene_number=number,
            type=scene["type"],
            content=scene["content"],
            characters_present=["Pip"],
        )
    refresh_totals(story=story)
    story.save()
    record_version(story=story, change_type=ChangeType.GENERATION, by=owner)
    return story


def failed_checks(quality: dict) -> dict:
    return {check["name"]: check for check in quality["checks"] if not check["passed"]}


def test_an_edit_that_loops_a_sentence_fails_the_story_and_its_version_not_the_earlier_one(api, user):
    story = well_told_story(user)
    untouched = well_told_story(user, title="Pip Again")
    assert api.get(f"/api/stories/{story.pk}/").json()["quality"]["passed"] is True

    scene = api.get(f"/api/stories/{story.pk}/scenes/scene_3/").json()
    edited = api.patch(
        f"/api/stories/{story.pk}/scenes/scene_3/", {"content": scene["content"] + LOOP}, format="json"
    )

    assert edited.status_code == 200, edited.content
    quality = api.get(f"/api/stories/{story.pk}/").json()["quality"]
    assert quality["passed"] is False
    assert set(failed_checks(quality)) == {"repetition"}
    assert failed_checks(quality)["repetition"]["scene_ids"] == ["scene_3"]
    assert "told 6 times" in failed_checks(quality)["repetition"]["detail"]
    assert api.get(f"/api/stories/{story.pk}/versions/2/").json()["quality"] == quality
    assert api.get(f"/api/stories/{story.pk}/versions/1/").json()["quality"]["passed"] is True

    failed = [each["id"] for each in api.get("/api/stories/?quality=failed").json()["results"]]
    passed = [each["id"] for each in api.get("/api/stories/?quality=passed").json()["results"]]
    assert (failed, passed) == ([story.pk], [untouched.pk])


def test_a_revert_brings_back_the_report_of_the_text_it_restores(api, user):
    story = well_told_story(user)
    scene = api.get(f"/api/stories/{story.pk}/scenes/scene_3/").json()
    api.patch(f"/api/stories/{story.pk}/scenes/scene_3/", {"content": scene["content"] + LOOP}, format="json")

    reverted = api.post(f"/api/stories/{story.pk}/revert/1/")

    assert reverted.status_code == 200 and reverted.json()["quality"]["passed"] is True
    assert [each["id"] for each in api.get("/api/stories/?quality=passed").json()["results"]] == [story.pk]


def test_a_story_without_content_has_no_report_and_is_in_neither_list(api, user):
    draft = StoryFactory(owner=user)

    assert api.get(f"/api/stories/{draft.pk}/").json()["quality"] is None
    assert api.get("/api/stories/?quality=failed").json()["count"] == 0
    assert api.get("/api/stories/?quality=passed").json()["count"] == 0
    assert api.get("/api/stories/?quality=maybe").status_code == 400


def test_a_generation_job_carries_the_report_it_stored(api, user):
    character = CharacterFactory(owner=user, name="Fern")
    created = api.post(
        "/api/stories/",
        {
            "description": "A young fox who is afraid of water learns to swim.",
            "character_ids": [character.pk],
        },
        format="json",
    ).json()

    job = api.post(f"/api/stories/{created['id']}/content/").json()
    job = api.get(f"/api/jobs/{job['id']}/").json()

    assert job["status"] == "succeeded", job
    stored = api.get(f"/api/stories/{created['id']}/").json()["quality"]
    assert job["result"]["quality"] == stored
    assert [check["name"] for check in stored["checks"]] == [
        "structure",
        "length",
        "grade",
        "brief",
        "cast",
        "repetition",
        "names",
    ]


def test_the_checks_and_their_limits_are_listed_for_anyone(anonymous_api):
    checks = anonymous_api.get("/api/meta/quality/").json()

    assert [check["name"] for check in checks][:2] == ["structure", "length"]
    by_name = {check["name"]: check for check in checks}
    assert by_name["length"]["limits"]["scene_min_words"]["children_8_10"] == 100
    assert by_name["names"]["limits"]["per_100_words"]["adults_18_plus"] == 3.0
    assert all(check["description"] for check in checks)


@pytest.mark.django_db(transaction=True)
def test_the_command_line_prints_the_report_it_stored(user):
    from io import StringIO

    from django.core.management import call_command

    from stories.models import Story

    out = StringIO()
    call_command(
        "generate_story",
        description="A young fox who is afraid of water learns to swim.",
        characters=["Fern: brave; a small red fox"],
        user=user.username,
        timeout=60,
        stdout=out,
    )

    story = Story.objects.get(owner=user)
    missed = [check for check in story.quality["checks"] if not check["passed"]]
    verdict = f"Quality: missed {len(missed)} of 7 checks." if missed else "Quality: passed all 7 checks."
    assert verdict in out.getvalue()
    assert all(f"  {check['name']}: {check['detail']}" in out.getvalue() for check in missed)


@pytest.mark.django_db(transaction=True)
def test_the_command_line_takes_a_language_and_names_its_measure(user, fake_openai):
    from io import StringIO

    from django.core.management import call_command
    from django.core.management.base import CommandError

    from stories.models import Story
    from tests.fake_openai import prose_plans, prose_scenes

    fake_openai.set_answer("story_plan", prose_plans())
    fake_openai.set_answer("scene_text", prose_scenes(seed=2))
    out = StringIO()
    call_command(
        "generate_story",
        description="Una zorra que teme el agua aprende a nadar.",
        characters=["Lucía: valiente; una zorra roja"],
        language="es",
        user=user.username,
        timeout=60,
        stdout=out,
    )
    story = Story.objects.get(owner=user)
    assert story.language == "es"
    printed = out.getvalue()
    assert "in Spanish;" in printed and "Fernández-Huerta" in printed and "(fits 85..107.5)" in printed
    with pytest.raises(CommandError, match="not a language GenStory writes"):
        call_command("generate_story", description="x", language="xx", user=user.username)
