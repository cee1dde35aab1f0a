"""Names count as familiar words when a text's readability is measured (languages.names)."""

from languages.names import NAME_STAND_IN, as_familiar
from stories.metrics import reading_grade
from stories.quality import scene_misses

BOARD_BOOK = (
    "Look, here is Penelope! Penelope wanted to play with Valentina. Valentina and Penelope ran to the pond."
)
CAST = ["Penelope", "Valentina"]


def test_every_word_of_a_name_and_its_possessive_is_the_stand_in():
    told = as_familiar("Mrs Abernathy gave Penelope's cup back.", ["Penelope", "Mrs Abernathy"])
    assert told == f"{NAME_STAND_IN} {NAME_STAND_IN} gave {NAME_STAND_IN}'s cup back."
    assert as_familiar("Pen sat by the pencil.", ["Pen"]) == f"{NAME_STAND_IN} sat by the pencil."
    assert as_familiar("Pen sat by the pencil.", []) == "Pen sat by the pencil."


def test_a_board_book_about_penelope_reads_as_easy_as_one_about_pip():
    about_pip = BOARD_BOOK.replace("Penelope", "Pip").replace("Valentina", "Bo")
    assert reading_grade(BOARD_BOOK) > 1.5  # Flesch-Kincaid counts her four syllables
    assert reading_grade(BOARD_BOOK, names=CAST) <= reading_grade(about_pip) + 0.5
    assert [miss.check for miss in scene_misses(BOARD_BOOK, audience="toddlers_2_4")] == ["grade"]
    assert scene_misses(BOARD_BOOK, audience="toddlers_2_4", characters_present=CAST) == []
