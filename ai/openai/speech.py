"""Narration through OpenAI (or a compatible server): speech, then a transcript for word timings.

The speech endpoint returns audio but no timings, so the audio is sent to the transcription
endpoint with word timestamps (`verbose_json`, `timestamp_granularities=["word"]`, which
`whisper-1` offers) and the transcript is aligned back to the text read
(`speech_alignment`). The speech endpoint takes at most OPENAI_SPEECH_MAX_CHARS characters
(4,096 at OpenAI), so a long scene is read in pieces cut between sentences and joined.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import openai

from ..errors import ProviderError
from ..speech import Narration, SpeechRequest, Voice, WordTiming
from ..speech_alignment import SpokenWord, align_transcript
from ..types import Usage
from ..usage import report_usage
from ..wav import Pcm, join_pcm, read_wav
from .errors import to_provider_error

VOICES: dict[str, str] = {
    "alloy": "Alloy",
    "ash": "Ash",
    "coral": "Coral",
    "echo": "Echo",
    "fable": "Fable",
    "nova": "Nova",
    "onyx": "Onyx",
    "sage": "Sage",
    "shimmer": "Shimmer",
}
_SENTENCE_END = re.compile(
    r"(?<=[.!?\u2026\u061f\u06d4\u0964\u0965])[\"'\u201d\u2019\u00bb)]*\s+"
    r"|(?<=[\u3002\uff01\uff1f])[\u300d\u300f\u201d\uff09]*\s*"
)
"""A sentence's end: Latin, Arabic (؟ ۔), Devanagari (। ॥) marks before a space; CJK (。！？) marks,
which no space follows."""
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class OpenAISpeechConfig:
    api_key: str
    base_url: str | None = None
    speech_model: str = "gpt-4o-mini-tts"
    transcription_model: str = "whisper-1"
    instructions: str = ""
    max_chars: int = 4096
    timeout_seconds: float = 120.0
    max_retries: int = 1


def pieces(text: str, max_chars: int) -> list[tuple[int, int]]:
    """(start, end) slices of `text`, each at most `max_chars`, cut after sentences where possible."""
    cuts = sorted({match.end() for match in _SENTENCE_END.finditer(text)} | {len(text)})
    spaces = [match.end() for match in _SPACE.finditer(text)]
    slices: list[tuple[int, int]] = []
    start = 0
    while start < len(text):
        limit = start + max_chars
        fitting = [cut for cut in cuts if start < cut <= limit] or [
            cut for cut in spaces if start < cut <= limit
        ]
        end = fitting[-1] if fitting else min(limit, len(text))
        if len(text) <= limit:
            end = len(text)
        slices.append((start, end))
        start = end
    return slices


class OpenAISpeechProvider:
    name = "openai"

    def __init__(self, config: OpenAISpeechConfig, client: openai.OpenAI | None = None):
        self.config = config
        base = client or openai.OpenAI(api_key=config.api_key, base_url=config.base_url)
        self._client = base.with_options(timeout=config.timeout_seconds, max_retries=config.max_retries)

    def voices(self) -> tuple[Voice, ...]:
        return tuple(Voice(id=key, label=label, provider=self.name) for key, label in VOICES.items())

    def narrate(self, request: SpeechRequest) -> Narration:
        usage = Usage()
        parts: list[Pcm] = []
        words: list[WordTiming] = []
        elapsed = 0
        try:
            for start, end in pieces(request.text, self.config.max_chars):
                piece = request.text[start:end]
                pcm = self._speak(piece, request)
                spoken_piece = Usage(speech_characters=len(piece), audio_seconds=pcm.duration_ms / 1000)
                usage.add(spoken_piece)
                report_usage(spoken_piece, self.config.speech_model)
                spoken = self._transcribe(pcm, language=request.language)
                aligned = align_transcript(
                    piece, spoken, duration_ms=pcm.duration_ms, language=request.language
                )
                for timing in aligned:
                    words.append(
                        WordTiming(
                            word=timing.word,
                            start_ms=timing.start_ms + elapsed,
                            end_ms=timing.end_ms + elapsed,
                            char_start=timing.char_start + start,
                            char_end=timing.char_end + start,
                        )
                    )
                parts.append(pcm)
                elapsed += pcm.duration_ms
        except ProviderError as error:
            error.usage, error.model = usage, self.config.speech_model
            raise
        audio = join_pcm(parts) if parts else Pcm(frames=b"", sample_rate=24000)
        return Narration(
            audio=audio.to_wav(),
            content_type="audio/wav",
            duration_ms=elapsed,
            words=tuple(words),
            voice=request.voice,
            model=self.config.speech_model,
            usage=usage,
        )

    def _speak(self, text: str, request: SpeechRequest) -> Pcm:
        options = {"instructions": self.config.instructions} if self.config.instructions else {}
        try:
            answer = self._client.audio.speech.create(
                model=self.config.speech_model,
                voice=request.voice,
                input=text,
                response_format="wav",
                speed=request.speed,
                **options,
            )
        except openai.OpenAIError as exc:
            raise to_provider_error(exc, what="speech request") from exc
        return read_wav(answer.content)

    def _transcribe(self, pcm: Pcm, *, language: str) -> list[SpokenWord]:
        """`language` (ISO 639-1, as story languages are) spares the model guessing it."""
        try:
            transcript = self._client.audio.transcriptions.create(
                model=self.config.transcription_model,
                file=("narration.wav", pcm.to_wav(), "audio/wav"),
                language=language,
                response_format="verbose_json",
                timestamp_granularities=["word"],
            )
        except openai.OpenAIError as exc:
            raise to_provider_error(exc, what="transcription request") from exc
        except RecursionError:
            raise ProviderError(
                "the transcription reply is nested too deeply to be read as JSON", retryable=False
            ) from None
        found = getattr(transcript, "words", None)
        if found is None:
            raise ProviderError(
                f"the transcription model {self.config.transcription_model!r} gave no word timestamps",
                retryable=False,
            )
        return [
            SpokenWord(word=item.word, start_ms=item.start * 1000, end_ms=item.end * 1000) for item in found
        ]
