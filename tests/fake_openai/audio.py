"""The fake server's speech and transcription endpoints (`/v1/audio/speech`, `/v1/audio/transcriptions`).

Speech answers like OpenAI's streaming WAV: 24 kHz 16-bit mono, with the RIFF and `data`
sizes left as 0xFFFFFFFF placeholders, a quiet tone per word and silence between words. Each
word's place in the audio follows `spoken_layout(text, speed)`, so a test knows when every
word was "said". Transcription finds the text of audio this server made (by its PCM) and
answers `verbose_json` with word timestamps the way whisper does: punctuation gone, and,
as `AudioState` is set, hyphenated words split, some words dropped, some pairs merged.
"""

from __future__ import annotations

import email.parser
import email.policy
import hashlib
import json
import math
import re
import struct
import threading
from dataclasses import dataclass, field
from typing import Any

ENDPOINTS = {"/v1/audio/speech": "speech", "/v1/audio/transcriptions": "transcriptions"}
NAMES = frozenset(ENDPOINTS.values())
SAMPLE_RATE = 24000
MAX_INPUT_CHARS = 4096
VOICES = frozenset(
    {"alloy", "ash", "ballad", "coral", "echo", "fable", "nova", "onyx", "sage", "shimmer", "verse"}
)
_TOKEN = re.compile(r"\S+")
_EDGE = re.compile(r"^\W+|\W+$")
_TONE = b"".join(struct.pack("<h", round(2000 * math.sin(2 * math.pi * index / 60))) for index in range(60))
"""One period of a 400 Hz tone at 24 kHz."""


@dataclass
class AudioState:
    """What speech this server made, and how its transcripts differ from the text."""

    split_hyphens: bool = True
    drop_every: int = 0
    """Drop every Nth transcript word (0: none), as a transcript that misses words."""
    merge_every: int = 0
    """Merge every Nth word with the next one (0: none), as "every one" heard as "everyone"."""
    made: dict[str, tuple[str, float]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)


def state_of(fake: Any) -> AudioState:
    state = getattr(fake, "audio", None)
    if state is None:
        state = fake.audio = AudioState()
    return state


def reset(fake: Any) -> None:
    fake.audio = AudioState()


def spoken_layout(text: str, speed: float = 1.0) -> list[tuple[str, float, float]]:
    """(token, start s, end s) of every whitespace-separated token as the fake speech says it."""
    moment, layout = 0.15, []
    for token in _TOKEN.findall(text):
        letters = sum(char.isalnum() for char in token)
        length = (0.06 + 0.055 * letters) / speed
        layout.append((token, round(moment, 3), round(moment + length, 3)))
        moment += length + (0.3 if token[-1] in ".!?" else 0.07) / speed
    return layout


def speech_pcm(text: str, speed: float) -> bytes:
    layout = spoken_layout(text, speed)
    total = (layout[-1][2] if layout else 0.0) + 0.2
    frames = bytearray(b"\0\0" * round(total * SAMPLE_RATE))
    for _, start, end in layout:
        first, count = round(start * SAMPLE_RATE), round((end - start) * SAMPLE_RATE)
        tone = (_TONE * (count // 60 + 1))[: count * 2]
        frames[first * 2 : first * 2 + len(tone)] = tone
    return bytes(frames)


def streaming_wav(pcm: bytes) -> bytes:
    fmt = struct.pack("<HHIIHH", 1, 1, SAMPLE_RATE, SAMPLE_RATE * 2, 2, 16)
    return b"RIFF\xff\xff\xff\xffWAVEfmt " + struct.pack("<I", 16) + fmt + b"data\xff\xff\xff\xff" + pcm


def pcm_of(wav: bytes) -> bytes:
    marker = wav.find(b"data")
    return wav[marker + 8 :] if marker >= 0 else wav


def parse_body(endpoint: str, raw: bytes, content_type: str) -> dict[str, Any]:
    """Speech takes JSON; transcription multipart form data (the file's bytes under `file`)."""
    if endpoint == "speech":
        return json.loads(raw or b"{}")
    parser = email.parser.BytesParser(policy=email.policy.HTTP)
    message = parser.parsebytes(b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + raw)
    body: dict[str, Any] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        value = part.get_payload(decode=True) or b""
        if name == "file":
            body["file"] = value
        elif name.endswith("[]"):
            body.setdefault(name[:-2], []).append(value.decode())
        else:
            body[name] = value.decode()
    return body


def recorded(body: dict[str, Any]) -> dict[str, Any]:
    """What the request log keeps: the file's size, not its bytes."""
    return {key: (len(value) if isinstance(value, bytes) else value) for key, value in body.items()}


def answer(fake: Any, endpoint: str, body: dict[str, Any]) -> tuple[int, Any, dict[str, str]]:
    state = state_of(fake)
    if endpoint == "speech":
        return _speech(state, body)
    return _transcription(state, body)


def _error(message: str, param: str | None = None) -> tuple[int, Any, dict[str, str]]:
    error = {"message": message, "type": "invalid_request_error", "param": param, "code": None}
    return 400, {"error": error}, {}


def _speech(state: AudioState, body: dict[str, Any]) -> tuple[int, Any, dict[str, str]]:
    text, voice = str(body.get("input") or ""), body.get("voice")
    speed = float(body.get("speed") or 1.0)
    if not text.strip():
        return _error("Input must not be empty.", "input")
    if len(text) > MAX_INPUT_CHARS:
        return _error(f"Input is longer than {MAX_INPUT_CHARS} characters.", "input")
    if voice not in VOICES:
        return _error(f"Voice {voice!r} is not supported.", "voice")
    if not 0.25 <= speed <= 4.0:
        return _error("Speed must be between 0.25 and 4.0.", "speed")
    if body.get("response_format") not in ("wav", "pcm"):
        return _error("This fake answers response_format wav or pcm only.", "response_format")
    pcm = speech_pcm(text, speed)
    with state.lock:
        state.made[hashlib.sha256(pcm).hexdigest()] = (text, speed)
    wav = body["response_format"] == "wav"
    return 200, streaming_wav(pcm) if wav else pcm, {"Content-Type": "audio/wav" if wav else "audio/pcm"}


def _transcription(state: AudioState, body: dict[str, Any]) -> tuple[int, Any, dict[str, str]]:
    audio = body.get("file")
    if not isinstance(audio, bytes) or not audio:
        return _error("A file is required.", "file")
    pcm = pcm_of(audio)
    with state.lock:
        text, speed = state.made.get(hashlib.sha256(pcm).hexdigest(), ("", 1.0))
    words = heard(state, spoken_layout(text, speed))
    transcript = " ".join(word for word, _, _ in words)
    duration = round(len(pcm) / 2 / SAMPLE_RATE, 3)
    if body.get("response_format") != "verbose_json":
        return 200, {"text": transcript}, {}
    result: dict[str, Any] = {
        "task": "transcribe",
        "language": "english",
        "duration": duration,
        "text": transcript,
    }
    if "word" in body.get("timestamp_granularities", []):
        result["words"] = [{"word": word, "start": start, "end": end} for word, start, end in words]
    return 200, result, {}


def heard(state: AudioState, layout: list[tuple[str, float, float]]) -> list[tuple[str, float, float]]:
    """The transcript's (word, start s, end s) for speech laid out as `layout`."""
    words: list[tuple[str, float, float]] = []
    for token, start, end in layout:
        clean = _EDGE.sub("", token)
        parts = [part for part in clean.split("-") if part] if state.split_hyphens else [clean]
        letters = sum(len(part) for part in parts) or 1
        moment = start
        for part in parts:
            length = (end - start) * len(part) / letters
            words.append((part, round(moment, 3), round(moment + length, 3)))
            moment += length
    if state.merge_every:
        merged: list[tuple[str, float, float]] = []
        index = 0
        while index < len(words):
            if (index + 1) % state.merge_every == 0 and index + 1 < len(words):
                merged.append((words[index][0] + words[index + 1][0], words[index][1], words[index + 1][2]))
                index += 2
            else:
                merged.append(words[index])
                index += 1
        words = merged
    if state.drop_every:
        words = [word for index, word in enumerate(words) if (index + 1) % state.drop_every]
    return words
