"""Share of older readers' sentences that a story of ANOTHER brief also tells, once names and
the brief's own words are placeholders (and, second row, pronouns are made the same): the stock
lines a teacher recognises from one story to the next. The twelve briefs and bench/portable_briefs.yaml.

    DEBUG=true .venv/bin/python -m bench.portable_sentences [--top AUDIENCE]
"""

import os
import re
import sys
from collections import defaultdict
from pathlib import Path

import django
import yaml

AUDIENCES = ("preteens_11_13", "ya_14_17", "adults_18_plus")
SAME = {"he": "they", "she": "they", "it": "they", "him": "them", "her": "them", "his": "their"}
SAME |= {"its": "their", "himself": "themself", "herself": "themself", "itself": "themself"}
COMMON = set(re.findall(r"\w+", "the a an and of to in on at her his she he who for with is before must"))
COMMON |= set(re.findall(r"\w+", "from their its it by so that as but has been when while only"))


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r'(?<=[.!?"])\s+', text) if len(s.split()) > 3]


def shape(sentence: str, own: set[str], same_pronouns: bool) -> str:
    from ai.offline.nouns import lemma

    words = ["X" if w in own or lemma(w) in own else w for w in re.findall(r"[a-z']+", sentence.lower())]
    return " ".join(SAME.get(w, w) if same_pronouns else w for w in words)


def own_words(entry: dict) -> set[str]:
    from ai.offline.nouns import lemma

    cast = [
        " ".join([c["name"], c.get("description", ""), c.get("appearance", "")]) for c in entry["characters"]
    ]
    words = [
        w for w in re.findall(r"[a-z']+", " ".join([entry["title"], entry["description"], *cast]).lower())
    ]
    return {w for w in words if w not in COMMON} | {lemma(w) for w in words if w not in COMMON}


def stories(audience: str) -> dict[str, tuple[list[str], set[str]]]:
    from ai.tests.offline_story import tell
    from tests.briefs import story_brief, twelve_briefs

    entries = twelve_briefs() + yaml.safe_load((Path(__file__).parent / "portable_briefs.yaml").read_text())
    told = {}
    for entry in entries:
        draft = tell(story_brief(entry, audience)).draft
        told[entry["title"]] = (sentences(" ".join(s.content for s in draft.scenes)), own_words(entry))
    return told


def where_told(told: dict, same_pronouns: bool) -> dict[str, set[str]]:
    where = defaultdict(set)
    for title, (said, own) in told.items():
        for sentence in said:
            where[shape(sentence, own, same_pronouns)].add(title)
    return where


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "genstory.settings")
    sys.path.insert(0, os.getcwd())
    django.setup()
    if sys.argv[1:2] == ["--top"]:
        where = where_told(stories(sys.argv[2]), True)
        for said, titles in sorted(where.items(), key=lambda kv: -len(kv[1]))[:40]:
            print(len(titles), said)
        return
    for audience in AUDIENCES:
        told = stories(audience)
        words = sum(len(" ".join(said).split()) for said, _ in told.values()) // len(told)
        for same in (False, True):
            where = where_told(told, same)
            total = sum(len(said) for said, _ in told.values())
            shared = sum(len(where[shape(s, own, same)]) > 1 for said, own in told.values() for s in said)
            label = "pronouns same" if same else "as told"
            print(f"{audience:16} {label:14} {shared / total:6.1%} of {total} sentences, {words} words")


if __name__ == "__main__":
    main()
