"""The fake server's speech and transcription routes answer as OpenAI's do, through the real SDK."""

from __future__ import annotations

import openai
import pytest

from ai.wav import read_wav
from tests.fake_openai import FakeOpenAIServer, server_error
from tests.fake_openai.audio import spoken_layout, state_of


@pytest.fixture(scope="module")
def server():
    with FakeOpenAIServer() as running:
        yield running


@pytest.fixture
def client(server):
    server.reset()
    return openai.OpenAI(api_key="sk-test", base_url=server.base_url, max_retries=0, timeout=5)


def test_speech_is_streaming_wav_as_long_as_its_words(client, server):
    audio = client.audio.speech.create(
        model="gpt-4o-mini-tts", voice="coral", input="Hello, fox.", response_format="wav"
    )
    assert audio.content[4:8] == b"\xff\xff\xff\xff", "the RIFF size is a streaming placeholder"
    pcm = read_wav(audio.content)
    assert pcm.sample_rate == 24000
    assert pcm.duration_ms == pytest.approx(spoken_layout("Hello, fox.")[-1][2] * 1000 + 200, abs=2)
    assert server.requests_for("speech")[0].body["input"] == "Hello, fox."


@pytest.mark.parametrize(
    "options",
    [{"voice": "robot"}, {"input": "x" * 4097}, {"speed": 5.0}, {"response_format": "mp3"}, {"input": " "}],
)
def test_speech_refuses_what_openai_refuses(client, options):
    params = {"model": "tts-1", "voice": "alloy", "input": "Hi.", "response_format": "wav", **options}
    with pytest.raises(openai.BadRequestError):
        client.audio.speech.create(**params)


def test_transcription_gives_word_timestamps_of_speech_it_made(client, server):
    state_of(server).drop_every = 2
    audio = client.audio.speech.create(
        model="tts-1", voice="alloy", input="One well-known fox ran.", response_format="wav"
    )
    transcript = client.audio.transcriptions.create(
        model="whisper-1",
        file=("a.wav", audio.content, "audio/wav"),
        response_format="verbose_json",
        timestamp_granularities=["word"],
    )
    assert [word.word for word in transcript.words] == ["One", "known", "ran"]
    assert transcript.words[0].start == 0.15
    plain = client.audio.transcriptions.create(model="whisper-1", file=("a.wav", audio.content, "audio/wav"))
    assert plain.text == "One known ran"


def test_audio_routes_fail_on_cue(client, server):
    server.enqueue("speech", server_error(503))
    with pytest.raises(openai.InternalServerError):
        client.audio.speech.create(model="tts-1", voice="alloy", input="Hi.", response_format="wav")
    assert client.audio.speech.create(
        model="tts-1", voice="alloy", input="Hi.", response_format="wav"
    ).content
