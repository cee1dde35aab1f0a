import pytest

from languages.catalogue import DEFAULT_LANGUAGE, UnknownLanguage, get_language, language_ids


def test_names_and_direction_come_from_cldr():
    arabic, hindi = get_language("ar"), get_language("hi")
    assert (arabic.name, arabic.native_name, arabic.direction) == ("Arabic", "العربية", "rtl")
    assert (hindi.name, hindi.native_name, hindi.direction) == ("Hindi", "हिन्दी", "ltr")
    assert {get_language(code).direction for code in ("he", "fa", "ur")} == {"rtl"}


def test_more_than_twenty_languages_with_english_the_default():
    assert len(language_ids()) >= 20
    assert DEFAULT_LANGUAGE == "en" and "en" in language_ids()


def test_scripts_written_without_spaces_are_marked():
    assert [code for code in language_ids() if not get_language(code).words_spaced] == ["th", "zh", "ja"]


def test_an_unknown_tag_names_where_the_list_is():
    with pytest.raises(UnknownLanguage, match="/api/meta/languages/"):
        get_language("xx")
