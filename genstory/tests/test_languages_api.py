import pytest

pytestmark = pytest.mark.django_db


def test_every_language_says_its_names_direction_measure_voices_and_writers(anonymous_api):
    response = anonymous_api.get("/api/meta/languages/")
    assert response.status_code == 200
    languages = {entry["id"]: entry for entry in response.data}
    assert len(languages) >= 20
    assert languages["ar"]["native_name"] == "العربية" and languages["ar"]["direction"] == "rtl"
    assert languages["en"]["readability"]["measure"] == "flesch_kincaid_grade"
    assert languages["en"]["voices"]
    assert languages["en"]["writers"] == ["offline"]
    assert languages["ja"]["writers"] == []  # the offline writer writes English only


def test_each_language_names_its_readability_measure_or_null(anonymous_api):
    languages = {entry["id"]: entry for entry in anonymous_api.get("/api/meta/languages/").data}
    measures = {
        language: (entry["readability"] or {}).get("measure") for language, entry in languages.items()
    }
    assert {language: measures[language] for language in ("es", "de", "fr", "it", "nl", "pt", "ru")} == {
        "es": "fernandez_huerta",
        "de": "wiener_sachtextformel",
        "fr": "kandel_moles",
        "it": "gulpease",
        "nl": "flesch_douma",
        "pt": "flesch_martins",
        "ru": "oborneva",
    }
    assert "Flesch's scale" in languages["es"]["readability"]["scale"]
    assert all(languages[language]["readability"] is None for language in ("zh", "ja", "ar", "hi", "th"))
