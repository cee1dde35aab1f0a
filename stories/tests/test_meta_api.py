import pytest

pytestmark = pytest.mark.django_db

CONTRACT = {
    "toddlers_2_4": (500, "very_simple", "very_short", "minimal", 1, [-5, 1.5]),
    "children_5_7": (1500, "simple", "short", "low", 1, [0, 3]),
    "children_8_10": (3000, "moderate", "medium", "moderate", 1, [2, 5.5]),
    "preteens_11_13": (5000, "advanced", "varied", "moderate_high", 0.5, [4.5, 8.5]),
    "ya_14_17": (8000, "advanced", "varied", "high", 0.3, [6, 12]),
    "adults_18_plus": (10000, "sophisticated", "varied", "high", 0.2, [7, 18]),
}


def test_audiences_match_the_contract_table(anonymous_api):
    response = anonymous_api.get("/api/meta/audiences/")
    assert response.status_code == 200
    assert [entry["id"] for entry in response.data] == list(CONTRACT)
    for entry in response.data:
        words, vocabulary, sentences, complexity, ratio, band = CONTRACT[entry["id"]]
        assert entry["max_word_count"] == words
        assert entry["vocabulary_level"] == vocabulary
        assert entry["sentence_length"] == sentences
        assert entry["complexity"] == complexity
        assert entry["illustrations_per_scene"] == ratio
        assert entry["grade_band"] == band
        assert entry["themes"] and entry["label"]


def test_toddler_and_adult_themes_are_the_seeds(anonymous_api):
    themes = {entry["id"]: entry["themes"] for entry in anonymous_api.get("/api/meta/audiences/").data}
    assert themes["toddlers_2_4"] == ["friendship", "family", "colors", "animals", "basic emotions"]
    assert themes["adults_18_plus"] == ["complex relationships", "moral ambiguity", "social commentary"]


def test_genres_list_all_eight(anonymous_api):
    response = anonymous_api.get("/api/meta/genres/")
    assert [genre["id"] for genre in response.data] == [
        "adventure",
        "fantasy",
        "mystery",
        "educational",
        "comedy",
        "drama",
        "scifi",
        "historical",
    ]
