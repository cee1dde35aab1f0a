"""The fake's prose in each language it writes passes what the quality report asks of a scene in
that language, for the audiences up to 10 (its banks are sized for their short scenes: an older
audience's long scenes repeat its 4-word runs more than the report allows); in Spanish, inside
the band on Fernández-Huerta."""

import pytest

from ai.outline import scene_types, word_targets
from stories.audiences import AUDIENCES
from stories.metrics import count_words, grade_band, reading_grade
from stories.quality import scene_misses

from .languages_prose import LanguageProseWriter, key_words, language_asked

BRIEFS = {
    "es": (
        "Una zorra que teme el agua aprende a nadar para visitar a su amiga en la isla.",
        ["Lucía", "Tomás"],
    ),
    "ja": ("水がこわいキツネが、島にいる友だちに会うために泳ぎを学びます。", ["ハナ", "ソラ"]),
    "de": (
        "Eine Füchsin, die Angst vor Wasser hat, lernt schwimmen, um ihre Freundin auf der Insel zu "
        "besuchen.",
        ["Lena", "Jonas"],
    ),
    "ru": ("Лиса, которая боится воды, учится плавать, чтобы навестить подругу на острове.", ["Аня", "Миша"]),
    "ar": ("ثعلبة تخاف من الماء تتعلم السباحة لتزور صديقتها في الجزيرة.", ["ليلى", "يوسف"]),
    "hi": ("पानी से डरने वाली एक लोमड़ी द्वीप पर अपनी सहेली से मिलने के लिए तैरना सीखती है।", ["अनाया", "रोहन"]),
    "zh": ("一只怕水的小狐狸学会了游泳，去岛上看望她的朋友。", ["小梅", "阿明"]),
}


@pytest.mark.parametrize("language", sorted(BRIEFS))
@pytest.mark.parametrize("audience_id", ["toddlers_2_4", "children_5_7", "children_8_10"])
def test_each_scene_passes_the_reports_scene_checks_in_its_language(language, audience_id):
    audience = AUDIENCES[audience_id]
    brief, names = BRIEFS[language]
    band = grade_band(language, audience_id)
    writer = LanguageProseWriter(language, seed=5)
    for target in word_targets(scene_types(audience.scene_count[1]), audience):
        content = writer.scene(words=target, names=names, key_words=key_words(brief, language), band=band)
        misses = scene_misses(
            content, audience=audience_id, description=brief, characters_present=names, language=language
        )
        assert misses == [], (target, [miss.sentence for miss in misses], content[:200])
        assert target <= count_words(content, language) <= target * 1.6
        if band:
            assert band[0] <= reading_grade(content, language) <= band[1]


def test_the_language_is_read_from_the_prompts_language_line():
    assert language_asked("Language: write in Spanish (español). Everything") == "es"
    assert language_asked("Language: write in Japanese (日本語).") == "ja"
    assert language_asked("Language: write in Arabic (العربية).") == "ar"
    assert language_asked("Language: write in Chinese (中文).") == "zh"
    assert language_asked("Write scene 1 of 5") is None
