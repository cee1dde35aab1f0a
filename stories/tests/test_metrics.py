import pytest

from stories.metrics import count_words, fits_band, measure, reading_time_seconds
from stories.models import Story


def test_ten_words_read_in_three_seconds():
    assert reading_time_seconds(10) == 3
    assert measure("One two three four five six seven eight nine ten.").reading_time == 3


def test_words_keep_contractions_and_hyphens_whole():
    assert count_words("Don't stop the well-known fox — now!") == 6


def test_simple_text_grades_lower_than_dense_text():
    simple = measure("See the cat. The cat is red.").reading_grade
    dense = measure(
        "The epistemological ramifications of institutional heterogeneity necessitate comprehensive "
        "interdisciplinary reconsideration of established methodological presuppositions."
    ).reading_grade
    assert simple < 1.5 < 7 < dense


@pytest.mark.parametrize(("grade", "fits"), [(-5, True), (1.5, True), (1.6, False), (-5.1, False)])
def test_band_edges_are_inclusive(grade, fits):
    assert fits_band(grade, (-5, 1.5)) is fits


@pytest.mark.parametrize(("seconds", "minutes"), [(0, 1), (59, 1), (60, 1), (61, 2), (729, 13)])
def test_a_story_reads_in_whole_minutes_rounded_up(seconds, minutes):
    """One rule for every place that says it (exports, the command's summary): 729 s is 13 minutes."""
    assert Story(total_reading_time=seconds).reading_minutes == minutes
