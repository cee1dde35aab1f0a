"""Narration in the story's language: a voice for each language, words found in every script."""

from __future__ import annotations

import itertools

import pytest

from ai.openai.speech import OpenAISpeechConfig, OpenAISpeechProvider
from ai.speech import SpeechRequest, text_words
from exports.tests.factories import story_in
from languages.catalogue import language_ids
from languages.tests.samples import SAMPLES

from .helpers import assert_story_narrated, assert_timings_index_the_text, narrate, narration_list

pytestmark = pytest.mark.django_db


@pytest.fixture
def offline(settings):
    settings.AI_PROVIDER = "offline"
    settings.NARRATION_PROVIDER = "auto"


@pytest.mark.parametrize(("language", "voice"), [("es", "es-es"), ("ar", "ar"), ("ja", "ja-jp")])
def test_a_scene_is_read_offline_in_the_story_language(api, user, offline, language, voice):
    story = story_in(user, language, count=1)
    job = narrate(api, story.pk)
    assert job["result"]["provider"] == "offline" and job["result"]["model"] == "espeak-ng"
    (item,) = assert_story_narrated(api, story.pk)
    assert item["voice"] == voice, "the language's first voice is its default"
    assert item["duration_ms"] > 1500
    words = api.get(item["timings_url"]).data["words"]
    content = SAMPLES[language]["content"]
    assert_timings_index_the_text(words, content, item["duration_ms"], language)
    assert [word["word"] for word in words] == [content[w["char_start"] : w["char_end"]] for w in words]
    assert len(words) >= 8
    for before, after in itertools.pairwise(words):  # in order, in the text and in time
        assert before["char_end"] <= after["char_start"]
        assert before["start_ms"] <= before["end_ms"] <= after["start_ms"] <= after["end_ms"]


def test_japanese_is_timed_by_phrase_not_by_the_run_between_commas(api, user, offline):
    story = story_in(user, "ja", count=1)
    narrate(api, story.pk)
    words = [word["word"] for word in api.get(narration_list(api, story.pk)[0]["timings_url"]).data["words"]]
    assert {"夜に", "きつねの", "ファーンは", "おやすみなさい"} <= set(words), words
    assert not any(mark in word for word in words for mark in "、。「"), words


def test_a_voice_of_another_language_is_refused_naming_the_ones_that_read_it(api, user, offline):
    story = story_in(user, "es", count=1)
    response = api.post(f"/api/stories/{story.pk}/narrate/", {"voice": "en-us"}, format="json")
    assert response.status_code == 400
    message = response.json()["detail"]
    assert "Spanish" in message and "es-es, es-419" in message and "en-gb" not in message
    assert not story.jobs.exists()
    assert narrate(api, story.pk, voice="es-419")["status"] == "succeeded"


def test_every_language_lists_its_voices_and_the_default_is_for_english(api, anonymous_api, offline):
    listed = {item["id"]: item["voices"] for item in anonymous_api.get("/api/meta/languages/").json()}
    assert set(listed) == set(language_ids())
    assert all(listed.values()), [language for language, voices in listed.items() if not voices]
    assert listed["en"][0] == "en-us" and listed["ar"] == ["ar"] and listed["zh"] == ["zh-cmn"]
    voices = anonymous_api.get("/api/meta/voices/").json()
    assert {voice["language"] for voice in voices} == set(language_ids())


def test_openai_voices_read_every_language_and_the_transcription_is_told_which(fake_openai, settings):
    provider = OpenAISpeechProvider(
        OpenAISpeechConfig(api_key="sk-test", base_url=fake_openai.base_url, max_retries=0, timeout_seconds=5)
    )
    assert all(voice.language is None for voice in provider.voices())
    text = SAMPLES["zh"]["content"]
    narration = provider.narrate(SpeechRequest(text=text, voice="coral", language="zh"))
    assert fake_openai.requests_for("transcriptions")[-1].body["language"] == "zh"
    timings = [timing.as_dict() for timing in narration.words]
    assert [(t["word"], t["char_start"], t["char_end"]) for t in timings] == text_words(text, "zh")
    assert "月亮" in [t["word"] for t in timings]
    previous = 0
    for timing in timings:
        assert previous <= timing["start_ms"] <= timing["end_ms"] <= narration.duration_ms
        previous = timing["end_ms"]
