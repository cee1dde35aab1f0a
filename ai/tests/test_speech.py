"""Speech pieces of the gateway: word timings from anchors, WAV reading, transcript alignment, espeak-ng."""

from __future__ import annotations

import struct

import pytest

from ai.errors import ProviderError
from ai.offline.speech import OfflineSpeechProvider, speaking_rate
from ai.openai.speech import pieces
from ai.speech import SpeechRequest, text_words, timings_from_anchors
from ai.speech_alignment import SpokenWord, align_transcript
from ai.wav import Pcm, read_wav

TEXT = "Héllo, well-known friend! Mira's fox \u201cTock\u201d ran 3 miles.\n\nThe end."


def assert_well_timed(timings, text: str, duration_ms: int) -> None:
    assert [(t.word, t.char_start, t.char_end) for t in timings] == text_words(text)
    previous = 0
    for timing in timings:
        assert text[timing.char_start : timing.char_end] == timing.word
        assert previous <= timing.start_ms <= timing.end_ms <= duration_ms
        previous = timing.end_ms


def test_words_are_letters_and_digits_joined_by_apostrophes_or_hyphens():
    assert [word for word, _, _ in text_words(TEXT)] == [
        "Héllo", "well-known", "friend", "Mira's", "fox", "Tock", "ran", "3", "miles", "The", "end",
    ]  # fmt: skip


def test_anchors_that_run_backwards_are_dropped_and_gaps_interpolated():
    text = "one two three four"
    timings = timings_from_anchors(text, [(0, 0), (4, 500), (8, 100), (14, 1500)], duration_ms=2000)
    assert_well_timed(timings, text, 2000)
    assert timings[1].start_ms == 500
    assert timings[2].start_ms < timings[3].start_ms == 1500


def test_anchors_outside_the_text_or_audio_are_clamped():
    timings = timings_from_anchors("a b", [(-5, -10), (99, 99999)], duration_ms=1000)
    assert_well_timed(timings, "a b", 1000)
    assert timings[-1].end_ms <= 1000


def test_no_words_means_no_timings():
    assert timings_from_anchors("... !!", [], duration_ms=500) == ()


def streaming_wav(frames: bytes, rate: int = 24000) -> bytes:
    fmt = struct.pack("<HHIIHH", 1, 1, rate, rate * 2, 2, 16)
    return b"RIFF\xff\xff\xff\xffWAVEfmt " + struct.pack("<I", 16) + fmt + b"data\xff\xff\xff\xff" + frames


def test_wav_with_streaming_placeholder_sizes_is_read_to_its_end():
    pcm = read_wav(streaming_wav(b"\x01\x00" * 24000 + b"\x07"))
    assert pcm.sample_rate == 24000 and pcm.duration_ms == 1000
    assert read_wav(pcm.to_wav()) == pcm


@pytest.mark.parametrize("data", [b"", b"ID3 not a wav at all", b"RIFF\x00\x00\x00\x00WAVEjunk"])
def test_what_is_not_pcm_wav_is_a_permanent_provider_error(data):
    with pytest.raises(ProviderError) as raised:
        read_wav(data)
    assert raised.value.retryable is False


def test_alignment_times_dropped_split_and_merged_words():
    text = "Every one of the well-known lamps was dark."
    spoken = [
        SpokenWord("everyone", 0, 800),
        SpokenWord("of", 900, 1000),
        SpokenWord("well", 1300, 1500),
        SpokenWord("known", 1500, 1800),
        SpokenWord("was", 2500, 2700),
        SpokenWord("dark", 2800, 3100),
    ]
    timings = {t.word: t for t in align_transcript(text, spoken, duration_ms=3300)}
    assert_well_timed(list(timings.values()), text, 3300)
    assert (timings["Every"].start_ms, timings["one"].end_ms) == (0, 800)
    assert (timings["well-known"].start_ms, timings["well-known"].end_ms) == (1300, 1800)
    assert 1000 <= timings["the"].start_ms < timings["the"].end_ms <= 1300, "dropped: between its neighbours"
    assert 1800 <= timings["lamps"].start_ms < timings["lamps"].end_ms <= 2500
    assert (timings["dark"].start_ms, timings["dark"].end_ms) == (2800, 3100)


def test_an_empty_transcript_still_times_every_word():
    timings = align_transcript(TEXT, [], duration_ms=4000)
    assert_well_timed(timings, TEXT, 4000)
    assert timings[-1].end_ms > 3000


def test_long_text_is_cut_between_sentences_and_never_lost():
    text = "One short line. " * 30 + "A" * 500
    slices = pieces(text, 200)
    assert "".join(text[start:end] for start, end in slices) == text
    assert all(end - start <= 200 for start, end in slices)
    assert all(text[end - 2 : end] == ". " for _, end in slices[:-4])


def test_espeak_reads_text_with_word_timings_from_its_events():
    provider = OfflineSpeechProvider()
    narration = provider.narrate(SpeechRequest(text=TEXT, voice="en-us"))
    assert narration.content_type == "audio/wav" and narration.model == "espeak-ng"
    assert read_wav(narration.audio).duration_ms == narration.duration_ms
    assert_well_timed(narration.words, TEXT, narration.duration_ms)
    assert narration.duration_ms - narration.words[-1].end_ms < 500
    assert narration.usage.speech_characters == len(TEXT)
    faster = provider.narrate(SpeechRequest(text=TEXT, voice="en-us", speed=2.0))
    assert faster.duration_ms < narration.duration_ms * 0.7


def test_espeak_voices_and_rates():
    provider = OfflineSpeechProvider()
    for voice in provider.voices():
        assert provider.narrate(SpeechRequest(text="Hello, fox.", voice=voice.id)).duration_ms > 300
    with pytest.raises(ProviderError):
        provider.narrate(SpeechRequest(text="Hello.", voice="nobody"))
    assert speaking_rate(0.5) == 88 and speaking_rate(1.0) == 175 and speaking_rate(2.0) == 350


def test_silence_is_a_valid_wav():
    assert Pcm(frames=b"", sample_rate=22050).duration_ms == 0
