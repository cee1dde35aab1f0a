"""Narration with the openai provider: the real SDK over HTTP against the fake server's audio routes."""

from __future__ import annotations

import pytest

from ai.openai.speech import OpenAISpeechConfig, OpenAISpeechProvider
from ai.speech import SpeechRequest, text_words
from exports.tests.conftest import epubcheck_reports
from narration.models import SceneNarration
from stories.tests.factories import story_with_scenes
from stories.tests.test_generation_api import create_story, generate
from tests.fake_openai import bad_request, respond, server_error
from tests.fake_openai.audio import heard, spoken_layout, state_of

from .helpers import (
    assert_story_narrated,
    assert_timings_index_the_text,
    check_overlays,
    narrate,
    narration_list,
)

pytestmark = pytest.mark.django_db

TEXT = (
    "Mira ran to the well-known lighthouse, and Tock ran after her. \u201cHurry, Tock!\u201d she cried. "
    "Every one of the old lamps was dark; the storm ships were close.\n\n"
    "They climbed the twisting stairs, ninety-nine of them, without a word."
)


@pytest.fixture
def whisper_like(fake_openai):
    """Transcripts that split hyphenated words, drop every fifth word and merge every seventh pair."""
    state = state_of(fake_openai)
    state.split_hyphens, state.drop_every, state.merge_every = True, 5, 7
    return fake_openai


def provider_for(server, **options) -> OpenAISpeechProvider:
    return OpenAISpeechProvider(
        OpenAISpeechConfig(
            api_key="sk-test", base_url=server.base_url, max_retries=0, timeout_seconds=5, **options
        )
    )


def true_spans(text: str) -> dict[int, tuple[float, float]]:
    """When the fake speech really said each word (ms), keyed by the word's char_start."""
    spans, position = {}, 0
    for token, start, end in spoken_layout(text):
        at = text.index(token, position)
        position = at + len(token)
        for _, first, _ in text_words(token):
            spans[at + first] = (start * 1000, end * 1000)
    return spans


def test_transcript_timings_are_aligned_back_to_the_text(whisper_like):
    narration = provider_for(whisper_like).narrate(SpeechRequest(text=TEXT, voice="coral"))
    words = [timing.as_dict() for timing in narration.words]
    assert_timings_index_the_text(words, TEXT, narration.duration_ms)
    heard = whisper_like.requests_for("transcriptions")[-1]
    assert (
        heard.body["timestamp_granularities"] == ["word"] and heard.body["response_format"] == "verbose_json"
    )
    spans = true_spans(TEXT)
    close = 0
    for word in words:
        start, end = spans[word["char_start"]]
        if abs(word["start_ms"] - start) <= 2 and abs(word["end_ms"] - end) <= 2:
            close += 1
        else:
            assert start - 400 <= word["start_ms"] <= end + 400, (word, start, end)
    assert close >= len(words) * 0.6, f"only {close} of {len(words)} words on their spoken times"


def test_split_words_get_the_span_of_their_parts(fake_openai):
    """With no word dropped or merged, every word lands on when it was said, split ones included."""
    state_of(fake_openai).split_hyphens = True
    narration = provider_for(fake_openai).narrate(SpeechRequest(text=TEXT, voice="coral"))
    spoken = [word for word, _, _ in heard(state_of(fake_openai), spoken_layout(TEXT))]
    assert "well" in spoken and "known" in spoken and "well-known" not in spoken
    spans = true_spans(TEXT)
    for timing in narration.words:
        start, end = spans[timing.char_start]
        assert (timing.start_ms, timing.end_ms) == (pytest.approx(start, abs=2), pytest.approx(end, abs=2)), (
            timing
        )


def test_long_text_is_read_in_pieces_and_timed_across_them(whisper_like):
    narration = provider_for(whisper_like, max_chars=80).narrate(SpeechRequest(text=TEXT * 2, voice="nova"))
    speech = whisper_like.requests_for("speech")
    assert len(speech) >= 5 and all(len(request.body["input"]) <= 80 for request in speech)
    assert "".join(request.body["input"] for request in speech) == TEXT * 2
    assert_timings_index_the_text(
        [timing.as_dict() for timing in narration.words], TEXT * 2, narration.duration_ms
    )
    assert narration.usage.speech_characters == len(TEXT * 2)


def test_a_generated_story_is_narrated_through_the_sdk(api, user, whisper_like, tmp_path):
    story_id = create_story(api, user)
    assert generate(api, story_id)["status"] == "succeeded"
    job = narrate(api, story_id, voice="coral", speed=1.25)
    assert job["result"]["provider"] == "openai" and job["result"]["model"] == "gpt-4o-mini-tts"
    assert float(job["usage"]["estimated_cost_usd"]) > 0
    speech = whisper_like.requests_for("speech")
    assert {request.body["speed"] for request in speech} == {1.25}
    assert {request.body["model"] for request in speech} == {"gpt-4o-mini-tts"}
    listed = assert_story_narrated(api, story_id)
    assert {item["voice"] for item in listed} == {"coral"}

    response = api.get(f"/api/stories/{story_id}/export/epub/?narration=true")
    assert response.status_code == 200
    book = b"".join(response.streaming_content)
    path = tmp_path / "read-along.epub"
    path.write_bytes(book)
    assert epubcheck_reports(path)[path]["messages"] == []
    assert check_overlays(book, [item["duration_ms"] for item in listed]) > 0


def test_voices_are_the_providers(anonymous_api, fake_openai):
    voices = anonymous_api.get("/api/meta/voices/").json()
    assert {voice["provider"] for voice in voices} == {"openai"}
    assert "coral" in {voice["id"] for voice in voices}


def test_a_transient_transcription_failure_is_retried_and_both_spends_recorded(
    api, user, fake_openai, settings
):
    settings.JOB_RETRY_BACKOFF_SECONDS = 0.01
    story = story_with_scenes(user, count=5)
    fake_openai.enqueue("transcriptions", server_error(503))
    job = narrate(api, story.pk, scene_id="scene_1")
    assert fake_openai.count("speech") == 2 and fake_openai.count("transcriptions") == 2
    assert job["result"]["speech_characters"] == 2 * len(story.scenes.get(scene_id="scene_1").content)


def test_a_permanent_failure_fails_the_job_stores_nothing_and_records_the_spend(api, user, fake_openai):
    story = story_with_scenes(user, count=5)
    fake_openai.enqueue("transcriptions", *[bad_request("Audio file might be corrupted", param="file")] * 5)
    response = api.post(f"/api/stories/{story.pk}/narrate/", {}, format="json")
    job = api.get(response["Location"]).data
    assert job["status"] == "failed"
    assert "corrupted" in job["error"]
    assert float(job["usage"]["estimated_cost_usd"]) > 0, "the speech made was paid for"
    assert not SceneNarration.objects.filter(story=story).exists()
    assert narration_list(api, story.pk) == []
    story.refresh_from_db()
    assert story.version == 1


def test_a_server_without_word_timestamps_fails_clearly(api, user, fake_openai, settings):
    settings.OPENAI_TRANSCRIPTION_MODEL = "gpt-4o-transcribe"
    fake_openai.enqueue("transcriptions", *[respond(200, {"text": "hi"})] * 5)
    story = story_with_scenes(user, count=5)
    response = api.post(f"/api/stories/{story.pk}/narrate/", {"scene_id": "scene_1"}, format="json")
    job = api.get(response["Location"]).data
    assert job["status"] == "failed" and "word timestamps" in job["error"]
