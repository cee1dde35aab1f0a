"""Readability per language: the formula made for each, its bands and their source, and honest
nulls where a language has none (stories/data/readability.yaml)."""

import itertools

import pytest
import yaml

from stories.audiences import AUDIENCES
from stories.metrics import (
    DATA_FILE,
    count_words,
    measure,
    readability,
    reading_grade,
    scene_readability,
)
from stories.quality.text import content_lemmas

EASY_AND_HARD = {
    "es": (
        "El perro corre. La niña ríe. El sol sale.",
        "La administración municipal desarrolló extraordinariamente complicadas negociaciones "
        "institucionales internacionales.",
    ),
    "fr": (
        "Le chat dort. Le chien joue. Il fait beau.",
        "L'administration municipale développa extraordinairement des négociations institutionnelles "
        "internationales compliquées.",
    ),
    "nl": (
        "De kat slaapt. De hond speelt. Het is mooi.",
        "De gemeentelijke administratie ontwikkelde buitengewoon ingewikkelde institutionele "
        "internationale onderhandelingen.",
    ),
    "ru": (
        "Кот спит. Пёс бежит. День был тёплый.",
        "Муниципальная администрация разработала чрезвычайно сложные институциональные "
        "международные переговоры.",
    ),
    "pt": (
        "O gato dorme. O cão corre. O sol brilha.",
        "A administração municipal desenvolveu extraordinariamente complicadas negociações "
        "institucionais internacionais.",
    ),
    "it": (
        "Il gatto dorme. Il cane corre. Il sole brilla.",
        "L'amministrazione municipale sviluppò straordinariamente complicate negoziazioni "
        "istituzionali internazionali.",
    ),
    "de": (
        "Der Hund läuft. Die Katze schläft. Die Sonne scheint.",
        "Die Stadtverwaltung entwickelte außerordentlich komplizierte institutionelle "
        "Verhandlungsstrategien.",
    ),
}


def flesch_table_ease(grade: float) -> float:
    """Flesch's (1949) table as readability.yaml states the rule: grade -> reading ease."""
    points = [(1, 100), (5, 90), (6, 80), (7, 70), (9, 60), (12, 50), (16, 30), (18, 10)]
    if grade <= 1:
        return 100 + 2.5 * (1 - grade)
    for (g0, e0), (g1, e1) in itertools.pairwise(points):
        if grade <= g1:
            return e0 + (e1 - e0) * (grade - g0) / (g1 - g0)
    return 10.0


def test_the_flesch_scale_bands_are_the_audiences_grades_carried_over_flesch_table():
    table = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    for audience_id, (low, high) in table["flesch_scale"].items():
        grade_low, grade_high = AUDIENCES[audience_id].grade_band
        assert low == pytest.approx(flesch_table_ease(grade_high))
        assert high == pytest.approx(flesch_table_ease(grade_low) + 10)


@pytest.mark.parametrize(
    ("language", "measure_id"),
    [
        ("en", "flesch_kincaid_grade"),
        ("es", "fernandez_huerta"),
        ("de", "wiener_sachtextformel"),
        ("fr", "kandel_moles"),
        ("it", "gulpease"),
        ("nl", "flesch_douma"),
        ("pt", "flesch_martins"),
        ("ru", "oborneva"),
    ],
)
def test_each_language_is_measured_by_the_formula_made_for_it(language, measure_id):
    found = readability(language)
    assert found.measure == measure_id
    assert set(found.bands) == set(AUDIENCES)
    assert all(low < high for low, high in found.bands.values())


@pytest.mark.parametrize("language", sorted(EASY_AND_HARD))
def test_easy_text_reads_easier_than_dense_text_on_each_scale(language):
    easy, hard = (reading_grade(text, language) for text in EASY_AND_HARD[language])
    if readability(language).higher_is_easier:
        assert easy > hard + 20
    else:
        assert easy < hard - 5


def test_spanish_is_fernandez_huerta_on_pyphens_syllables():
    # 9 words, 3 sentences; syllables: el(1) pe-rro(2) co-rre(2) la(1) ni-ña(2) rí-e(2, pyphen: 1)
    # el(1) sol(1) sa-le(2). Fernandez-Huerta: 206.84 - 0.60 P - 1.02 F, P syllables per 100 words.
    from stories.metrics import _textstat

    stats = _textstat("es")
    text = EASY_AND_HARD["es"][0]
    syllables, words, sentences = (
        stats.syllable_count(text),
        stats.lexicon_count(text),
        stats.sentence_count(text),
    )
    assert (words, sentences) == (9, 3)
    expected = 206.84 - 0.60 * (100 * syllables / words) - 1.02 * words / sentences
    assert reading_grade(text, "es") == round(expected, 1)


def test_portuguese_is_martins_flesch_by_hand():
    """Martins et al. (1996): 248.835 - 1.015 x words per sentence - 84.6 x syllables per word.
    "O gato bebe leite. A menina corre no parque.": 9 words, 2 sentences, 16 syllables counted by
    hand (o, ga-to, be-be, lei-te, a, me-ni-na, cor-re, no, par-que), as pyphen counts them."""
    text = "O gato bebe leite. A menina corre no parque."
    assert reading_grade(text, "pt") == round(248.835 - 1.015 * 9 / 2 - 84.6 * 16 / 9, 1) == 93.9


def test_italian_gulpease_follows_its_definition():
    # 89 + (300 x sentences - 10 x characters) / words; textstat counts punctuation as characters.
    text = "Il gatto dorme sul letto. Il cane corre nel prato verde."
    words, sentences, characters = 11, 2, len(text.replace(" ", ""))
    assert reading_grade(text, "it") == round(89 + (300 * sentences - 10 * characters) / words, 1)


@pytest.mark.parametrize("language", ["zh", "ja", "ar", "hi", "th", "ko", "pl"])
def test_a_language_without_a_formula_is_not_measured(language):
    assert readability(language) is None
    assert reading_grade("Some text in any script. 日本語の文章です。", language) is None
    shown = scene_readability(None, language=language, audience_id="children_8_10")
    assert shown == {"grade": None, "band": None, "fits_audience": None, "measure": None}


def test_a_measured_scene_shows_its_measure_band_and_fit():
    shown = scene_readability(90.0, language="es", audience_id="children_8_10")
    assert shown == {
        "grade": 90.0,
        "band": [85.0, 107.5],
        "fits_audience": True,
        "measure": "fernandez_huerta",
    }
    hard = scene_readability(60.0, language="es", audience_id="children_8_10")
    assert hard["fits_audience"] is False


def test_english_is_measured_as_it_always_was():
    assert measure("See the cat. The cat is red.").reading_grade < 1.5
    assert scene_readability(3.0, language="en", audience_id="children_8_10")["band"] == [2.0, 5.5]


def test_words_of_scripts_without_spaces_are_letters_over_letters_per_word():
    japanese = "ハナは森で赤い石を見つけました。"  # 15 letters / 1.85 -> 8
    chinese = "小花在森林里找到了一块红色的石头。"  # 16 letters / 1.6 -> 10
    assert count_words(japanese, "ja") == 8
    assert count_words(chinese, "zh") == 10
    assert count_words(japanese, "en") == 1  # what splitting on spaces would say
    assert measure(japanese * 50, "ja").reading_time == 121  # 750 / 1.85 = 405 words at 200 a minute


def test_spanish_brief_words_are_lemmas_in_spanish():
    assert content_lemmas("Los zorros corrían hacia el río", "es") == ["zorro", "correr", "río"]


def test_japanese_key_units_are_kanji_and_katakana_runs():
    assert content_lemmas("ハナは森で赤い石を見つけました。", "ja") == ["ハナ", "森", "赤", "石", "見"]
