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
