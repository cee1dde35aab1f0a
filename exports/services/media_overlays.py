"""EPUB 3 Media Overlays: the read-along parts of an EPUB whose scenes were narrated.

Each chapter's text is rendered with every timed word in its own `<span id="wN">`, and one
SMIL document per chapter pairs each span with its clip of the chapter's audio (word-level
`<par>`). The package document carries each overlay's `media:duration`, their total and the
`media:active-class` a reading system puts on the word being read. Renderers get plain values
(`SceneReading`), never ORM rows, like the rest of the export code.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.template.loader import render_to_string
from ebooklib import epub

from narration.errors import NarrationNotReady

ACTIVE_CLASS = "-epub-media-overlay-active"
AUDIO_EXTENSIONS = {"audio/mpeg": "mp3", "audio/mp4": "m4a", "audio/ogg": "ogg"}
"""Audio in an EPUB 3 core media type; the narration app stores MP3."""
_BLANK_LINES = re.compile(r"(?:\r\n|\r|\n)[ \t\f\v]*(?:\r\n|\r|\n)\s*")
_LINE_BREAK = re.compile(r"[ \t\f\v]*(?:\r\n|\r|\n)[ \t\f\v]*")


@dataclass(frozen=True)
class SceneReading:
    """One chapter's narration: the text read, its word timings and where its audio is stored."""

    number: int
    content: str
    words: tuple[dict, ...]
    duration_ms: int
    storage_name: str
    content_type: str
    storage: object

    def read(self) -> bytes:
        """The audio; a lost file is a missing narration (409), as the contract says."""
        try:
            with self.storage.open(self.storage_name, "rb") as stored:
                return stored.read()
        except FileNotFoundError:
            raise NarrationNotReady(
                f"The narration audio of scene {self.number} is missing: narrate the story again."
            ) from None


@dataclass(frozen=True)
class Segment:
    text: str
    span_id: str = ""


@dataclass(frozen=True)
class Overlay:
    """What `render_epub` adds for one chapter."""

    number: int
    paragraphs: tuple[tuple[Segment, ...], ...]
    smil: epub.EpubSMIL
    audio: epub.EpubItem
    duration_ms: int


def clock(ms: int) -> str:
    """A SMIL full clock value, `H:MM:SS.mmm`."""
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours}:{minutes:02d}:{seconds:02d}.{millis:03d}"


def span_id(index: int) -> str:
    return f"w{index + 1}"


def spoken_words(reading: SceneReading) -> list[tuple[int, dict]]:
    """(index, timing) of the words a reading system can play: those with a clip of their own."""
    return [(index, word) for index, word in enumerate(reading.words) if word["end_ms"] > word["start_ms"]]


def segments(reading: SceneReading) -> tuple[tuple[Segment, ...], ...]:
    """Paragraphs (split at blank lines, as the plain chapters are) of text and word spans."""
    spans = {word["char_start"]: (index, word["char_end"]) for index, word in spoken_words(reading)}
    content = reading.content
    blocks, start = [], 0
    for gap in [*_BLANK_LINES.finditer(content), None]:
        end = gap.start() if gap else len(content)
        blocks.append((start, end))
        start = gap.end() if gap else end
    paragraphs = []
    for first, last in blocks:
        while first < last and content[first].isspace():
            first += 1
        while last > first and content[last - 1].isspace():
            last -= 1
        if first == last:
            continue
        pieces, position, plain = [], first, first
        while position < last:
            found = spans.get(position)
            if found is not None and found[1] <= last:
                if plain < position:
                    pieces.append(Segment(_LINE_BREAK.sub("\n", content[plain:position])))
                pieces.append(Segment(content[position : found[1]], span_id(found[0])))
                position = plain = found[1]
            else:
                position += 1
        if plain < last:
            pieces.append(Segment(_LINE_BREAK.sub("\n", content[plain:last])))
        paragraphs.append(tuple(pieces))
    return tuple(paragraphs)


def build_overlay(reading: SceneReading, *, chapter_file: str) -> Overlay:
    extension = AUDIO_EXTENSIONS[reading.content_type]
    audio_file = f"audio/chapter-{reading.number:02d}.{extension}"
    audio = epub.EpubItem(
        uid=f"audio-{reading.number}",
        file_name=audio_file,
        media_type=reading.content_type,
        content=reading.read(),
    )
    pars = [
        {
            "id": f"par{index + 1}",
            "text": f"{chapter_file}#{span_id(index)}",
            "begin": f"{word['start_ms'] / 1000:.3f}s",
            "end": f"{word['end_ms'] / 1000:.3f}s",
        }
        for index, word in spoken_words(reading)
    ]
    document = render_to_string(
        "exports/epub/overlay.smil",
        {"chapter_file": chapter_file, "audio_file": audio_file, "pars": pars, "number": reading.number},
    )
    smil = epub.EpubSMIL(
        uid=f"overlay-{reading.number}",
        file_name=f"chapter-{reading.number:02d}.smil",
        content=document.encode(),
    )
    return Overlay(
        number=reading.number,
        paragraphs=segments(reading),
        smil=smil,
        audio=audio,
        duration_ms=reading.duration_ms,
    )


def add_overlays(book: epub.EpubBook, overlays: Sequence[Overlay]) -> epub.EpubItem:
    """The audio, SMIL and package metadata of every overlay; returns the highlight style."""
    for overlay in overlays:
        book.add_item(overlay.audio)
        book.add_item(overlay.smil)
    add_durations(book, {overlay.smil.id: overlay.duration_ms for overlay in overlays})
    return read_along_style(book)


def add_durations(book: epub.EpubBook, durations: dict[str, int]) -> None:
    """Each overlay's `media:duration` (by its SMIL id), the book's total and the active class."""
    for smil_id, duration_ms in durations.items():
        book.add_metadata(
            None, "meta", clock(duration_ms), {"property": "media:duration", "refines": f"#{smil_id}"}
        )
    book.add_metadata(None, "meta", clock(sum(durations.values())), {"property": "media:duration"})
    book.add_metadata(None, "meta", ACTIVE_CLASS, {"property": "media:active-class"})


def read_along_style(book: epub.EpubBook) -> epub.EpubItem:
    """The stylesheet that highlights the word being read, added to the book once."""
    style = epub.EpubItem(
        uid="read-along-style",
        file_name="styles/read-along.css",
        media_type="text/css",
        content=render_to_string("exports/epub/read-along.css", {"active_class": ACTIVE_CLASS}).encode(),
    )
    book.add_item(style)
    return style
