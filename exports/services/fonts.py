"""The typefaces exports set text in, installed as Python packages by the project's own set-up.

The machine's fonts are not relied on: Noto Serif (text: Latin, Greek, Cyrillic), Noto Sans
(headings), Noto Sans Arabic, Hebrew, Devanagari and Thai, Noto Sans CJK (Chinese, Japanese,
Korean) and Noto Emoji (monochrome outlines, which print) come from pip packages, so a title
like "Zoë und der Mond 月の夜 🌙" or "الثعلبة والقمر" prints with real glyphs wherever
`make install` ran. The PDF fetcher serves these files by name and nothing else from disk.

A face with `covers` is loaded only for a story that uses one of its characters: an English
book loads the two Latin faces, as it did before there were more.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache
from importlib import resources

from fontTools import subset as font_subset


@dataclass(frozen=True)
class Typeface:
    name: str
    family: str
    """The CSS family name exports use; ours, so no system font of the same name can stand in."""
    package: str
    filename: str
    covers: tuple[tuple[int, int], ...] = ()
    """Code point ranges a story must use for this face to be loaded; empty: always loaded."""

    @property
    def url(self) -> str:
        return f"{FONT_SCHEME}{self.name}"

    @property
    def extension(self) -> str:
        return self.filename.rsplit(".", 1)[-1]

    @property
    def media_type(self) -> str:
        return f"font/{self.extension}"


FONT_SCHEME = "genstory-font:"
CJK_RANGES = (
    (0x1100, 0x11FF),
    (0x2E80, 0x2FDF),
    (0x3000, 0x30FF),
    (0x3130, 0x318F),
    (0x31F0, 0x9FFF),
    (0xAC00, 0xD7AF),
    (0xF900, 0xFAFF),
    (0xFF00, 0xFFEF),
    (0x20000, 0x3FFFF),
)
EMOJI_RANGES = ((0x2190, 0x21FF), (0x2300, 0x23FF), (0x2460, 0x27BF), (0x2B00, 0x2BFF), (0x1F000, 0x1FAFF))
ARABIC_RANGES = ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF))
HEBREW_RANGES = ((0x0590, 0x05FF), (0xFB1D, 0xFB4F))
DEVANAGARI_RANGES = ((0x0900, 0x097F), (0x1CD0, 0x1CFF), (0xA8E0, 0xA8FF))
THAI_RANGES = ((0x0E00, 0x0E7F),)
TYPEFACES = (
    Typeface("serif", "GenStory Serif", "fontpkg_noto_serif", "files/NotoSerif[wdth,wght].ttf"),
    Typeface("sans", "GenStory Sans", "manimgx_fonts", "NotoSans[wght].ttf"),
    Typeface("arabic", "GenStory Arabic", "manimgx_fonts", "NotoSansArabic[wght].ttf", ARABIC_RANGES),
    Typeface("hebrew", "GenStory Hebrew", "manimgx_fonts", "NotoSansHebrew[wght].ttf", HEBREW_RANGES),
    Typeface(
        "devanagari",
        "GenStory Devanagari",
        "manimgx_fonts",
        "NotoSansDevanagari[wght].ttf",
        DEVANAGARI_RANGES,
    ),
    Typeface("thai", "GenStory Thai", "manimgx_fonts", "NotoSansThai[wght].ttf", THAI_RANGES),
    Typeface("symbols", "GenStory Symbols", "manimgx_fonts", "NotoSansSymbols[wght].ttf", EMOJI_RANGES),
    Typeface("emoji", "GenStory Emoji", "manimgx_fonts", "NotoEmoji[wght].ttf", EMOJI_RANGES),
    Typeface("cjk", "GenStory CJK", "cvttf_NotoSansCJK_Regular", "NotoSansCJKtc-Regular.otf", CJK_RANGES),
)
BY_NAME = {typeface.name: typeface for typeface in TYPEFACES}
FALLBACKS = (
    "GenStory Arabic",
    "GenStory Hebrew",
    "GenStory Devanagari",
    "GenStory Thai",
    "GenStory Symbols",
    "GenStory Emoji",
    "GenStory CJK",
)
SCRIPT_FIRST = {"Hans": "GenStory CJK", "Jpan": "GenStory CJK", "Kore": "GenStory CJK"}
"""Scripts (ISO 15924) whose face comes before our Latin one: a CJK face carries its own Latin
letters and the full-width punctuation (“，”「」) East Asian type sets, which the Latin face
would otherwise set in its narrow European forms."""
LATIN_AND_MARKS_END = 0x036F


@cache
def font_bytes(name: str) -> bytes:
    """The font file, read once per process (the CJK face is 16 MB)."""
    typeface = BY_NAME[name]
    return resources.files(typeface.package).joinpath(typeface.filename).read_bytes()


def needed(text: str) -> tuple[Typeface, ...]:
    """The faces a document whose text is `text` needs: the CJK face only for CJK text, etc."""
    points = {ord(character) for character in text if ord(character) > LATIN_AND_MARKS_END}
    return tuple(
        typeface
        for typeface in TYPEFACES
        if not typeface.covers
        or any(low <= point <= high for point in points for low, high in typeface.covers)
    )


def font_face_css(typefaces: tuple[Typeface, ...]) -> str:
    return "\n".join(
        f'@font-face {{ font-family: "{face.family}"; src: url("{face.url}"); }}' for face in typefaces
    )


def family(primary: str, generic: str, *, script: str = "Latn") -> str:
    """A CSS font-family list: our face, then the faces that fill in what it lacks; for a
    CJK story its CJK face first (see `SCRIPT_FIRST`)."""
    first = SCRIPT_FIRST.get(script)
    names = dict.fromkeys((first, primary, *FALLBACKS) if first else (primary, *FALLBACKS))
    return ", ".join(f'"{name}"' for name in names) + f", {generic}"


VARIATION_TABLES = ["fvar", "gvar", "avar", "cvar", "HVAR", "VVAR", "MVAR", "STAT"]
PRINTABLE_LATIN = "".join(chr(point) for point in range(0x20, 0x180))
"""Kept in every subset: the labels around the story ("Chapter 3", "minutes to read", ...)."""


def subset(typeface: Typeface, text: str) -> bytes:
    """The face cut down to the characters of `text` (plus Latin), for embedding in a book:
    a whole CJK face is 16 MB, a chapter's worth of it a few kilobytes."""
    options = font_subset.Options()
    options.layout_features = ["kern", "liga", "ccmp", "locl", "mark", "mkmk", "vert"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    # Reading systems handle variable fonts unevenly. A variable face's outlines are its default
    # (regular) instance; without the variation tables it is a plain regular face, and making
    # it so costs nothing, where instancing it properly takes seconds.
    options.drop_tables += VARIATION_TABLES
    font = font_subset.load_font(io.BytesIO(font_bytes(typeface.name)), options)
    subsetter = font_subset.Subsetter(options)
    subsetter.populate(text=PRINTABLE_LATIN + text)
    subsetter.subset(font)
    output = io.BytesIO()
    font_subset.save_font(font, output, options)
    return output.getvalue()
