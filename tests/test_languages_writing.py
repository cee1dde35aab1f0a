"""Stories in another language written through the API with the openai provider: the real SDK
over HTTP against the fake server, which answers in the language its prompts ask for."""

import pytest
from django.urls import reverse

from stories.models import Story
from stories.tests.factories import CharacterFactory
from tests.fake_openai import prose_plans, prose_scenes

pytestmark = pytest.mark.django_db

BRIEFS = {
    "es": ("Una zorra que teme el agua aprende a nadar para visitar a su amiga en la isla.", "Lucía"),
    "ja": ("水がこわいキツネが、島にいる友だちに会うために泳ぎを学びます。", "ハナ"),
}


def write(api, user, fake_openai, language, audience="children_8_10"):
    description, hero = BRIEFS[language]
    fake_openai.set_answer("story_plan", prose_plans())
    fake_openai.set_answer("scene_text", prose_scenes(seed=7))
    character = CharacterFactory(owner=user, name=hero, traits=["brave"], appearance="red fur, a green scarf")
    created = api.post(
        "/api/stories/",
        {
            "description": description,
            "character_ids": [character.pk],
            "language": language,
            "target_audience": audience,
        },
    )
    assert created.status_code == 201, created.data
    started = api.post(f"/api/stories/{created.data['id']}/content/")
    assert started.status_code == 202, started.data
    job = api.get(started["Location"]).data
    assert job["status"] == "succeeded", job["error"]
    return api.get(f"/api/stories/{created.data['id']}/").data


def prompts(fake_openai) -> list[str]:
    return [
        " ".join(message["content"] for message in request.body["messages"])
        for request in fake_openai.requests_for("chat")
    ]


def test_a_spanish_story_is_asked_in_spanish_and_measured_on_fernandez_huerta(api, user, fake_openai):
    story = write(api, user, fake_openai, "es")
    assert story["language"] == "es"
    plan, *scenes = prompts(fake_openai)
    assert "Language: write in Spanish (español)" in plan
    assert "visual description for the illustrator in English" in plan
    assert len(scenes) == len(story["scenes"])
    for prompt in scenes:
        assert "Language: write in Spanish (español)" in prompt
        assert "Fernández-Huerta readability score between 85 and 107.5 (higher is easier)" in prompt
        assert "Flesch-Kincaid" not in prompt and "syllable" not in prompt
    for scene in story["scenes"]:
        readability = scene["readability"]
        assert readability["measure"] == "fernandez_huerta" and readability["band"] == [85.0, 107.5]
        assert 85 <= readability["grade"] <= 107.5 and readability["fits_audience"] is True
        assert "Lucía" in scene["content"]
        assert scene["image_prompt"].endswith("drawn in soft colours.")  # English for the illustrator
    assert story["title"].startswith("Una zorra")
    assert story["quality"]["passed"], story["quality"]
    grade = next(check for check in story["quality"]["checks"] if check["name"] == "grade")
    assert grade["detail"] == "Every scene reads within Fernández-Huerta scores 85.0 to 107.5."
    version = api.get(f"/api/stories/{story['id']}/versions/1/").data
    assert version["language"] == "es"
    assert version["scenes"][0]["readability"] == story["scenes"][0]["readability"]


def test_a_japanese_story_is_not_measured_and_its_words_are_counted(api, user, fake_openai, client):
    story = write(api, user, fake_openai, "ja", audience="toddlers_2_4")
    assert all("Language: write in Japanese (日本語)" in prompt for prompt in prompts(fake_openai))
    for scene in story["scenes"]:
        assert scene["readability"] == {"grade": None, "band": None, "fits_audience": None, "measure": None}
        assert scene["word_count"] >= 15  # letters / 1.85, not one "word" per sentence
        assert "ハナ" in scene["content"]
    grade = next(check for check in story["quality"]["checks"] if check["name"] == "grade")
    assert (
        grade["passed"]
        and grade["detail"] == "Not measured: Japanese has no readability formula GenStory uses."
    )
    assert story["quality"]["passed"], story["quality"]
    assert Story.objects.get(pk=story["id"]).scenes.filter(reading_grade__isnull=True).count() == len(
        story["scenes"]
    )
    version = api.get(f"/api/stories/{story['id']}/versions/1/").data
    assert version["scenes"][0]["readability"]["grade"] is None
    user.is_staff = user.is_superuser = True
    user.save()
    client.force_login(user)
    page = client.get(reverse("admin:stories_story_change", args=[story["id"]]))
    assert page.status_code == 200 and "ハナ" in page.content.decode()
    listing = client.get(reverse("admin:stories_story_changelist") + "?language=ja")
    assert listing.status_code == 200 and story["title"] in listing.content.decode()
