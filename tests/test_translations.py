"""Translations through the API against the fake server: a new story per language, scene by
scene, pictures shared by reference, links both ways, and every refusal (API.md, Languages)."""

from __future__ import annotations

import re

import pytest

from images.models import SharedPicture, StoryImage
from jobs.models import Job, JobStatus
from spend.models import SpendEntry
from stories.models import Story

from .fake_openai.translation import translation_answer
from .translations import finished, illustrated_english_story, translate

pytestmark = pytest.mark.django_db

ARABIC_LETTER = re.compile(r"[\u0600-\u06ff]")


@pytest.fixture
def original(api, user, fake_openai):
    return illustrated_english_story(api, user)


def test_a_story_is_translated_into_french_and_arabic_as_new_stories(api, original, fake_openai):
    source = api.get(f"/api/stories/{original}/").data
    assert source["language"] == "en" and source["translations"] == [] and source["translated_from"] is None
    pictures = {scene["scene_id"]: scene["image_id"] for scene in source["scenes"]}
    assert all(pictures.values())
    chats_before = fake_openai.count("chat")

    made = {}
    for language in ("fr", "ar"):
        job = finished(api, translate(api, original, language))
        assert job["kind"] == "translate" and job["story_id"] == original
        assert job["status"] == "succeeded", job["error"]
        assert job["progress"] == {"done": 1 + len(source["scenes"]), "total": 1 + len(source["scenes"])}
        assert job["usage"]["prompt_tokens"] > 0
        made[language] = job["result"]["translation_id"]
    # One call for the front matter and one per scene, for each language.
    assert fake_openai.count("chat") - chats_before == 2 * (1 + len(source["scenes"]))

    for language, story_id in made.items():
        story = api.get(f"/api/stories/{story_id}/").data
        assert story["language"] == language and story["version"] == 1 and story["status"] == "finalized"
        assert story["translated_from"] == {
            "story_id": original,
            "version": source["version"],
            "behind": False,
        }
        assert story["target_audience"] == source["target_audience"] and story["genre"] == source["genre"]
        assert [c["id"] for c in story["characters"]] == [c["id"] for c in source["characters"]]
        assert [(s["scene_id"], s["scene_number"], s["type"]) for s in story["scenes"]] == [
            (s["scene_id"], s["scene_number"], s["type"]) for s in source["scenes"]
        ]
        assert {s["scene_id"]: s["image_id"] for s in story["scenes"]} == pictures
        for translated, english in zip(story["scenes"], source["scenes"], strict=True):
            assert translated["content"] != english["content"]
            assert translated["characters_present"] == english["characters_present"]
            assert translated["image_prompt"] == english["image_prompt"]  # the illustrator reads English
            for name in english["characters_present"]:
                assert (name in translated["content"]) == (
                    name in english["content"]
                )  # names kept as the cast writes them
            assert translated["word_count"] > 0 and "readability" in translated
        assert story["quality"] is not None and {c["name"] for c in story["quality"]["checks"]} >= {"cast"}
        listed = api.get(f"/api/stories/{story_id}/images/").data
        assert sorted(image["id"] for image in listed) == sorted(
            image["id"] for image in api.get(f"/api/stories/{original}/images/").data
        )
        versions = api.get(f"/api/stories/{story_id}/versions/").data
        assert [(v["version"], v["change_type"]) for v in versions] == [(1, "translation")]

    arabic = api.get(f"/api/stories/{made['ar']}/").data
    assert all(ARABIC_LETTER.search(scene["content"]) for scene in arabic["scenes"])
    french = api.get(f"/api/stories/{made['fr']}/").data
    assert "Mia trouva" in french["scenes"][0]["content"]

    source = api.get(f"/api/stories/{original}/").data
    assert source["translations"] == [
        {"story_id": made["fr"], "language": "fr", "from_version": 1, "behind": False},
        {"story_id": made["ar"], "language": "ar", "from_version": 1, "behind": False},
    ]
    assert StoryImage.objects.filter(story_id__in=made.values()).count() == 0  # shared, not copied


def test_the_original_moving_on_puts_its_translations_behind(api, original, fake_openai):
    translation = finished(api, translate(api, original, "fr"))["result"]["translation_id"]
    etag = api.get(f"/api/stories/{translation}/")["ETag"]
    edit = api.patch(f"/api/stories/{original}/scenes/scene_1/", {"title": "A New Start"}, format="json")
    assert edit.status_code == 200
    assert api.get(f"/api/stories/{original}/").data["translations"][0]["behind"] is True
    again = api.get(f"/api/stories/{translation}/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 200 and again.data["translated_from"]["behind"] is True


def test_deleting_either_story_keeps_the_others_pictures(api, original, fake_openai):
    french = finished(api, translate(api, original, "fr"))["result"]["translation_id"]
    arabic = finished(api, translate(api, original, "ar"))["result"]["translation_id"]
    pictures = {s["scene_id"]: s["image_id"] for s in api.get(f"/api/stories/{original}/").data["scenes"]}
    covers = [i["id"] for i in api.get(f"/api/stories/{original}/images/").data if i["image_type"] == "cover"]

    assert api.delete(f"/api/stories/{arabic}/").status_code == 204
    assert {
        s["scene_id"]: s["image_id"] for s in api.get(f"/api/stories/{original}/").data["scenes"]
    } == pictures
    assert [t["story_id"] for t in api.get(f"/api/stories/{original}/").data["translations"]] == [french]

    assert api.delete(f"/api/stories/{original}/").status_code == 204
    kept = api.get(f"/api/stories/{french}/").data
    assert kept["translated_from"] is None
    assert {s["scene_id"]: s["image_id"] for s in kept["scenes"]} == pictures
    assert StoryImage.objects.filter(story_id=french).count() == len(pictures) + len(covers)
    for image_id in [*pictures.values(), *covers]:
        content = api.get(f"/api/images/{image_id}/content/")
        assert content.status_code == 200 and b"".join(content.streaming_content or [content.content])


def test_refusals(api, other_api, user, original, fake_openai, settings):
    assert translate(api, original, "en").status_code == 400
    unknown = translate(api, original, "xx")
    assert unknown.status_code == 400 and "/api/meta/languages/" in str(unknown.data)
    assert (
        other_api.post(f"/api/stories/{original}/translate/", {"language": "fr"}, format="json").status_code
        == 404
    )
    strict = api.post(f"/api/stories/{original}/translate/", {"language": "fr", "x": 1}, format="json")
    assert strict.status_code == 400

    busy = Job.objects.create(owner=user, story_id=original, kind="generate", status=JobStatus.RUNNING)
    refused = translate(api, original, "fr")
    assert refused.status_code == 409, refused.data
    busy.delete()

    settings.AI_PROVIDER = "offline"
    offline = translate(api, original, "fr")
    assert offline.status_code == 409 and "offline" in offline.data["detail"]
    settings.AI_PROVIDER = "openai"
    assert Story.objects.filter(translated_from_id=original).count() == 0


def test_a_translation_takes_a_budget_hold(api, original, fake_openai, settings):
    settings.DAILY_BUDGET_USD = 0.000001
    assert translate(api, original, "fr").status_code == 429
    assert Story.objects.filter(translated_from_id=original).count() == 0


def test_a_failure_in_the_middle_leaves_no_story(api, original, fake_openai):
    source = api.get(f"/api/stories/{original}/").data
    third = source["scenes"][2]["title"]

    def breaks_on_the_third_scene(body):
        prompt = " ".join(str(m.get("content", "")) for m in body["messages"])
        if f"Title: {third}" in prompt:
            return {"title": "", "content": 42}
        return translation_answer(prompt)

    fake_openai.set_answer("scene_translation", breaks_on_the_third_scene)
    stories_before, spend_before = Story.objects.count(), SpendEntry.objects.count()
    job = finished(api, translate(api, original, "fr"))
    assert job["status"] == "failed" and "scene_translation" in job["error"]
    assert Story.objects.count() == stories_before
    assert SharedPicture.objects.count() == 0
    after = api.get(f"/api/stories/{original}/").data
    assert after["estimated_cost_usd"] > source["estimated_cost_usd"]  # the answers had cost something
    assert after | {"estimated_cost_usd": 0} == source | {"estimated_cost_usd": 0}
    assert SpendEntry.objects.count() > spend_before  # what the answers cost is still recorded


def test_generated_text_that_moderation_refuses_stores_nothing(api, original, fake_openai):
    def flagged(body):
        prompt = " ".join(str(m.get("content", "")) for m in body["messages"])
        answer = translation_answer(prompt)
        answer["content"] += " forbidden-word"
        return answer

    fake_openai.set_answer("scene_translation", flagged)
    job = finished(api, translate(api, original, "fr"))
    assert job["status"] == "failed"
    assert Story.objects.filter(translated_from_id=original).count() == 0
