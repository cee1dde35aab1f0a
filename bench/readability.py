"""What measuring readability in the story's language costs per scene, for each language.

Every scene written is measured (`stories.metrics.measure`: words, reading time and the
language's formula). For each language with a formula, and for one without (Japanese: words
counted as letters), the time to measure a ~250-word scene, each scene a new text (textstat
caches its answers per text; pyphen its syllables per word, as it does in production).
Compared with the offline pipeline's time per scene (writing one children's story with the
offline writer, which measures as it writes): the measure must cost at most 5% of it, so that
measuring in the reader's language never makes generation slower.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from statistics import median

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import emit, setup_django

TITLE = "Readability per language: measure cost per ~250-word scene vs the offline pipeline"
TARGET_SHARE = 0.05
SCENES = 40
SAMPLES = {
    "en": "The little fox looked at the river and felt afraid of the cold water. ",
    "es": "La pequeña zorra miró el río y tuvo miedo del agua fría. ",
    "de": "Der kleine Fuchs sah den Fluss an und hatte Angst vor dem kalten Wasser. ",
    "fr": "Le petit renard regarda la rivière et eut peur de l'eau froide. ",
    "it": "La piccola volpe guardò il fiume e ebbe paura dell'acqua fredda. ",
    "nl": "De kleine vos keek naar de rivier en was bang voor het koude water. ",
    "pt": "A pequena raposa olhou para o rio e teve medo da água fria. ",
    "ru": "Маленькая лиса посмотрела на реку и испугалась холодной воды. ",
    "ja": "小さなキツネは川を見て、つめたい水がこわくなりました。",
}


def scene_text(language: str, number: int) -> str:
    """About 250 words: the fake model's varied prose where it writes the language (en, es, ja),
    else the language's sample sentence repeated, made unique (textstat caches per text)."""
    from stories.metrics import count_words, grade_band
    from tests.fake_openai.languages_prose import BANKS, LanguageProseWriter
    from tests.fake_openai.prose import ProseWriter

    if language == "en":
        return ProseWriter(seed=number).scene(words=250, names=["Mia"], band=(2.0, 5.5))
    if language in BANKS:
        writer = LanguageProseWriter(language, seed=number)
        return writer.scene(words=250, names=["Lucía"], band=grade_band(language, "children_8_10"))
    sentence = SAMPLES[language]
    text = ""
    while count_words(text, language) < 250:
        text += sentence
    return f"{text}{number}."


def seconds_per_scene(language: str) -> float:
    from stories.metrics import measure

    texts = [scene_text(language, number) for number in range(SCENES)]
    timings = []
    for text in texts:
        started = time.perf_counter()
        measure(text, language)
        timings.append(time.perf_counter() - started)
    return median(timings)


def pipeline_seconds_per_scene() -> float:
    from stories.services.generation import write_story
    from tests.briefs import story_brief, twelve_briefs

    brief = story_brief(twelve_briefs()[0], "children_8_10")
    started = time.perf_counter()
    written = write_story(brief=brief)
    return (time.perf_counter() - started) / len(written.outline.scenes)


def main() -> int:
    setup_django(AI_PROVIDER="offline", CELERY_BROKER_URL="")
    per_scene = pipeline_seconds_per_scene()
    rows = [("offline pipeline: time per scene (children_8_10)", f"{per_scene * 1000:.1f} ms", "-", "-")]
    from stories.metrics import readability

    for language in SAMPLES:
        cost = seconds_per_scene(language)
        found = readability(language)
        name = found.measure if found else "not measured (words only)"
        share = cost / per_scene
        rows.append(
            (
                f"{language} {name}: measure / pipeline per scene ({cost * 1000:.2f} ms)",
                f"{share:.2%}",
                f"<= {TARGET_SHARE:.0%}",
                "yes" if share <= TARGET_SHARE else "NO",
            )
        )
    emit(TITLE, rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
