"""Words with their positions in every script: marks stay in their word, unspaced scripts are segmented."""

import pytest

from languages.tests.samples import SAMPLES
from languages.words import words


@pytest.mark.parametrize("language", sorted(SAMPLES))
def test_every_word_indexes_the_text(language):
    text = SAMPLES[language]["content"]
    found = words(text, language)
    assert len(found) >= 8
    previous_end = 0
    for word, start, end in found:
        assert text[start:end] == word and previous_end <= start < end
        previous_end = end


def test_combining_marks_stay_in_their_word():
    assert [word for word, _, _ in words("नमस्ते दोस्त, मुस्कुराई", "hi")] == ["नमस्ते", "दोस्त", "मुस्कुराई"]
    assert [word for word, _, _ in words("مَرْحَبًا يا صديقي", "ar")] == ["مَرْحَبًا", "يا", "صديقي"]
    assert [word for word, _, _ in words("שָׁלוֹם לְךָ", "he")] == ["שָׁלוֹם", "לְךָ"]
    assert [word for word, _, _ in words("می\u200cخواهم بروم", "fa")] == ["می\u200cخواهم", "بروم"]
    assert [word for word, _, _ in words("It's a well-known fox.", "en")] == [
        "It's",
        "a",
        "well-known",
        "fox",
    ]


def test_unspaced_scripts_are_split_into_dictionary_words():
    assert [word for word, _, _ in words("กาลครั้งหนึ่งนานมาแล้ว", "th")] == [
        "กาล",
        "ครั้ง",
        "หนึ่ง",
        "นาน",
        "มา",
        "แล้ว",
    ]
    assert [word for word, _, _ in words("从前有一只小兔子。", "zh")] == ["从前", "有", "一只", "小", "兔子"]
    assert [word for word, _, _ in words("むかしむかし、小さな村に猫が住んでいました。", "ja")] == [
        "むかしむかし",
        "小さな",
        "村に",
        "猫が",
        "住んでいました",
    ]


def test_positions_count_code_points_past_the_basic_plane():
    """ICU counts UTF-16 units; an emoji or a rare Han character before a word must not shift it."""
    text = "🌙月亮很亮。𠀋小兔子"
    for word, start, end in words(text, "zh"):
        assert text[start:end] == word
    assert [word for word, _, _ in words("🌙 กาลครั้งหนึ่ง", "th")] == ["กาล", "ครั้ง", "หนึ่ง"]
