"""The fake server's translations: a deterministic pseudo-translation of `scene_translation`
requests, read from the prompt `stories.translation_prompts` writes. Common words come from
`translation_words.yaml`; in Arabic every other word is written letter by letter in Arabic
script; the names the prompt says to keep are kept; paragraphs and lines keep their count.
Languages without a table get the English words marked with the language's tag (`[es] ...`)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml

WORDS_FILE = Path(__file__).with_name("translation_words.yaml")
_TARGET = re.compile(r"Translate into: [^\n]*\((\w+)\)$", re.MULTILINE)
_NAMES = re.compile(r"Names to keep as written: ([^\n]+)")
_TITLE = re.compile(r"^Title: (.*)$", re.MULTILINE)
_TOKEN = re.compile(r"([A-Za-z']+|[^A-Za-z']+)")


@cache
def _tables() -> dict[str, Any]:
    return yaml.safe_load(WORDS_FILE.read_text(encoding="utf-8"))


def is_translation_request(prompt: str) -> bool:
    return bool(_TARGET.search(prompt)) and "\nText:\n" in prompt


def _sections(prompt: str) -> tuple[str, str, list[str]]:
    title = _TITLE.search(prompt)
    body = prompt.split("\nText:\n", 1)[1]
    text, _, rest = body.partition("\n\nLines:\n")
    lines = [line[2:] for line in rest.splitlines() if line.startswith("- ")]
    return (title.group(1) if title else "Untitled"), text.strip(), lines


def translate_text(text: str, language: str, names: set[str]) -> str:
    tables = _tables()
    words = tables.get(language)
    if words is None:
        return f"[{language}] {text}"
    out = []
    for token in _TOKEN.findall(text):
        if not token[0].isalpha() and token[0] != "'":
            out.append(_punctuation(token, language))
            continue
        if token in names:
            out.append(token)
            continue
        lowered = token.lower()
        if lowered in words:
            word = words[lowered]
            out.append(word.capitalize() if token[0].isupper() and language != "ar" else word)
        elif language == "ar":
            out.append("".join(tables["letters"].get(letter, "") for letter in lowered))
        else:
            out.append(token)
    return re.sub(r"[ \t]{2,}", " ", "".join(out)).strip()


def _punctuation(token: str, language: str) -> str:
    if language != "ar":
        return token
    marks = _tables()["punctuation"]
    return "".join(marks.get(character, character) for character in token)


def translation_answer(prompt: str) -> dict[str, Any]:
    """The `scene_translation` answer to a prompt: title, text (paragraph by paragraph) and lines."""
    language = _TARGET.search(prompt).group(1)
    named = _NAMES.search(prompt)
    names = {name.strip() for name in named.group(1).split(",")} if named else set()
    title, text, lines = _sections(prompt)
    paragraphs = [translate_text(part, language, names) for part in re.split(r"\n\s*\n", text)]
    return {
        "title": translate_text(title, language, names)[:100] or title,
        "content": "\n\n".join(paragraphs),
        "lines": [translate_text(line, language, names) for line in lines],
    }
