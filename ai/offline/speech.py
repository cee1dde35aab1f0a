"""Offline narration with espeak-ng, loaded with ctypes from the `espeakng-loader` wheel.

The wheel carries `libespeak-ng` and its voice data, so nothing is installed system-wide.
espeak-ng calls back with audio and events as it synthesises; its word events give each
word's character position (1-based, in characters of the UTF-8 text) and its moment in the
audio, which become the anchors of `timings_from_anchors`. The library keeps global state and
is not thread-safe, so one lock serialises every use of it in a process.
"""

from __future__ import annotations

import ctypes
import threading
from functools import lru_cache
from pathlib import Path

import yaml

from ..errors import ProviderError
from ..speech import Narration, SpeechRequest, Voice, timings_from_anchors
from ..types import Usage
from ..wav import Pcm

MODEL = "espeak-ng"
DEFAULT_RATE_WPM = 175
RATE_LIMITS_WPM = (80, 450)
VOICES_FILE = Path(__file__).parent / "data" / "voices.yaml"
VOICES: dict[str, dict[str, str]] = yaml.safe_load(VOICES_FILE.read_text(encoding="utf-8"))
"""Voice id -> {espeak: espeak-ng voice name with its variant, label, language}."""

_AUDIO_OUTPUT_SYNCHRONOUS = 2
_INITIALIZE_DONT_EXIT = 0x8000
_POS_CHARACTER = 1
_CHARS_UTF8 = 1
_PARAMETER_RATE = 1
_EVENT_LIST_TERMINATED, _EVENT_WORD, _EVENT_END = 0, 1, 5
_lock = threading.Lock()


class _Event(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int),
        ("unique_identifier", ctypes.c_uint),
        ("text_position", ctypes.c_int),
        ("length", ctypes.c_int),
        ("audio_position", ctypes.c_int),
        ("sample", ctypes.c_int),
        ("user_data", ctypes.c_void_p),
        ("id", ctypes.c_char * 8),
    ]


_Callback = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.POINTER(_Event)
)


class _Synthesis:
    """What one synthesis collected through the callback."""

    def __init__(self) -> None:
        self.chunks: list[bytes] = []
        self.anchors: list[tuple[int, float]] = []

    def collect(self, wav, count: int, events) -> int:
        if wav and count > 0:
            self.chunks.append(ctypes.string_at(wav, count * 2))
        index = 0
        while events[index].type != _EVENT_LIST_TERMINATED:
            event = events[index]
            if event.type in (_EVENT_WORD, _EVENT_END) and event.text_position > 0:
                self.anchors.append((event.text_position - 1, float(event.audio_position)))
            index += 1
        return 0


class _Engine:
    def __init__(self) -> None:
        import espeakng_loader

        try:
            library = ctypes.CDLL(espeakng_loader.get_library_path())
        except OSError as error:
            raise ProviderError(f"espeak-ng could not be loaded: {error}", retryable=False) from error
        library.espeak_Initialize.restype = ctypes.c_int
        library.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
        library.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        library.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
        library.espeak_Synth.argtypes = [
            ctypes.c_char_p,
            ctypes.c_size_t,
            ctypes.c_uint,
            ctypes.c_int,
            ctypes.c_uint,
            ctypes.c_uint,
            ctypes.c_void_p,
            ctypes.c_void_p,
        ]
        data_path = espeakng_loader.get_data_path().encode()
        self.sample_rate = library.espeak_Initialize(
            _AUDIO_OUTPUT_SYNCHRONOUS, 0, data_path, _INITIALIZE_DONT_EXIT
        )
        if self.sample_rate <= 0:
            raise ProviderError("espeak-ng could not start (no voice data?)", retryable=False)
        self.library = library
        self.current: _Synthesis | None = None
        self._callback = _Callback(self._collect)
        library.espeak_SetSynthCallback(self._callback)

    def _collect(self, wav, count, events) -> int:
        return self.current.collect(wav, count, events) if self.current is not None else 0

    def speak(self, text: str, *, voice: str, rate: int) -> _Synthesis:
        if self.library.espeak_SetVoiceByName(voice.encode()) != 0:
            raise ProviderError(f"espeak-ng has no voice {voice!r}", retryable=False)
        self.library.espeak_SetParameter(_PARAMETER_RATE, rate, 0)
        encoded = text.encode("utf-8") + b"\0"
        self.current = synthesis = _Synthesis()
        try:
            status = self.library.espeak_Synth(
                encoded, len(encoded), 0, _POS_CHARACTER, 0, _CHARS_UTF8, None, None
            )
            self.library.espeak_Synchronize()
        finally:
            self.current = None
        if status != 0:
            raise ProviderError(f"espeak-ng failed to synthesise (status {status})", retryable=False)
        return synthesis


@lru_cache(maxsize=1)
def _engine() -> _Engine:
    return _Engine()


def speaking_rate(speed: float) -> int:
    low, high = RATE_LIMITS_WPM
    return max(low, min(high, round(DEFAULT_RATE_WPM * speed)))


class OfflineSpeechProvider:
    name = "offline"

    def voices(self) -> tuple[Voice, ...]:
        return tuple(
            Voice(id=key, label=voice["label"], provider=self.name, language=voice["language"])
            for key, voice in VOICES.items()
        )

    def narrate(self, request: SpeechRequest) -> Narration:
        if request.voice not in VOICES:
            raise ProviderError(f"unknown offline voice {request.voice!r}", retryable=False)
        with _lock:
            engine = _engine()
            synthesis = engine.speak(
                request.text, voice=VOICES[request.voice]["espeak"], rate=speaking_rate(request.speed)
            )
            pcm = Pcm(frames=b"".join(synthesis.chunks), sample_rate=engine.sample_rate)
        duration = pcm.duration_ms
        return Narration(
            audio=pcm.to_wav(),
            content_type="audio/wav",
            duration_ms=duration,
            words=timings_from_anchors(
                request.text, synthesis.anchors, duration_ms=duration, language=request.language
            ),
            voice=request.voice,
            model=MODEL,
            usage=Usage(speech_characters=len(request.text), audio_seconds=duration / 1000),
        )
