"""Plain data passed across the AI gateway boundary.

`ai` imports no Django app, so everything a provider needs to know about a story
(its audience profile, characters, the prompt the `stories` app built) travels in these
frozen dataclasses.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class AudienceProfile:
    """How to write for one age group (the contract's audience table)."""

    id: str
    label: str
    max_word_count: int
    vocabulary_level: str
    sentence_length: str
    themes: tuple[str, ...]
    complexity: str
    illustrations_per_scene: float
    grade_band: tuple[float, float]
    scene_count: tuple[int, int]
    """Inclusive range of scenes a story for this audience should have (always within 5-12)."""
    reader_group: str = "middle"
    """`young`, `middle` or `mature`: how a story is told (set per audience in `stories.audiences`,
    read by the prompts and by the offline writer and rewriter)."""


@dataclass(frozen=True)
class CharacterBrief:
    name: str
    description: str = ""
    traits: tuple[str, ...] = ()
    appearance: str = ""
    role: str = ""


@dataclass(frozen=True)
class StoryBrief:
    """Everything a provider needs to write one story.

    `system_prompt` and `user_prompt` are built by `stories.prompts`; the offline provider
    ignores them and writes from the structured fields instead.
    """

    title: str
    description: str
    genre: str
    audience: AudienceProfile
    characters: tuple[CharacterBrief, ...]
    system_prompt: str = ""
    user_prompt: str = ""
    language: str = "en"
    """The BCP 47 primary tag of the language the story is written in."""


AUDIO_SECONDS_PLACES = 3
"""Audio is counted to the millisecond: sums of float seconds added in another order differ by
about 1e-15, which must not read as audio left to record (a spurious zero-cost ledger row)."""


@dataclass
class Usage:
    prompt_tokens: int = 0
    completion_tokens: int = 0
    images: int = 0
    speech_characters: int = 0
    """Characters of text read aloud (speech models priced per character)."""
    audio_seconds: float = 0.0
    """Seconds of audio made or transcribed (speech models priced per minute)."""

    def add(self, other: Usage) -> None:
        self.prompt_tokens += other.prompt_tokens
        self.completion_tokens += other.completion_tokens
        self.images += other.images
        self.speech_characters += other.speech_characters
        self.audio_seconds += other.audio_seconds

    def beyond(self, other: Usage) -> Usage:
        """What this usage has that `other` (part of it, already accounted for) does not."""
        return Usage(
            prompt_tokens=max(0, self.prompt_tokens - other.prompt_tokens),
            completion_tokens=max(0, self.completion_tokens - other.completion_tokens),
            images=max(0, self.images - other.images),
            speech_characters=max(0, self.speech_characters - other.speech_characters),
            audio_seconds=max(0.0, round(self.audio_seconds - other.audio_seconds, AUDIO_SECONDS_PLACES)),
        )

    def __bool__(self) -> bool:
        return (
            bool(self.prompt_tokens or self.completion_tokens or self.images or self.speech_characters)
            or round(self.audio_seconds, AUDIO_SECONDS_PLACES) > 0
        )

    def as_dict(self) -> dict[str, int]:
        return {
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
            "images": self.images,
        }


def parse_size(size: str) -> tuple[int, int]:
    """`"1024x768"` -> `(1024, 768)`; a ValueError names the expected form."""
    width, separator, height = size.lower().partition("x")
    if not (separator and width.isdigit() and height.isdigit() and int(width) > 0 and int(height) > 0):
        raise ValueError(f"image size {size!r} is not of the form WIDTHxHEIGHT, e.g. 1024x1024")
    return int(width), int(height)


@dataclass(frozen=True)
class ImageRequest:
    """One illustration to draw.

    `prompt` is what an image model reads; the offline provider draws from the structured
    fields instead: `audience_id` picks its palette, `title` is lettered on the picture, and
    `seed_key` (stable per scene) places its shapes, so a redrawn scene looks the same.
    """

    prompt: str
    size: str = "1024x1024"
    audience_id: str = ""
    title: str = ""
    seed_key: str = ""


@dataclass
class GeneratedImage:
    data: bytes
    content_type: str
    width: int
    height: int
    model: str
    usage: Usage = field(default_factory=lambda: Usage(images=1))


@dataclass(frozen=True)
class ModerationVerdict:
    """What a moderation model said of one text.

    `categories` are the categories it flagged, in OpenAI's names (`violence`,
    `sexual/minors`, `self-harm/instructions`, `hate/threatening`, ...): which of them block
    depends on who the text is for, a rule of the `stories` app, not of the gateway.
    """

    flagged: bool
    categories: frozenset[str] = frozenset()
