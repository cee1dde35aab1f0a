"""Who the cast are as the story names them: pronouns, what they are, and how that is said."""

from __future__ import annotations

import pytest

from ai.offline.cast import cast_of
from ai.offline.slots import _in_the_past, article
from ai.types import CharacterBrief


@pytest.mark.parametrize(
    "name, description, pronoun",
    [
        ("Nadia", "the youngest engineer on the ship", "they"),  # a person on a ship, not a ship
        ("Whiskers", "the family's grumpy old cat", "it"),
        ("Aunt Edith", "a widow whose only son is at the Somme", "she"),  # her son does not make her "he"
        ("Grandpa Joe", "lives next door", "he"),
        ("Mia", "a five-year-old girl who has just become a big sister to a baby brother", "she"),
        ("Bolt", "Zara's little tin robot", "it"),
    ],
)
def test_a_pronoun_comes_from_what_the_person_is_and_their_name_not_from_whom_they_know(
    name, description, pronoun
):
    assert cast_of((CharacterBrief(name=name, description=description),), "")[0].pronoun == pronoun


@pytest.mark.parametrize(
    "kind, told",
    [
        ("Mia's patient grandfather", "Mia's patient grandfather"),
        ("one of the first settlers", "one of the first settlers"),
        ("patient grandfather", "a patient grandfather"),
        ("old otter", "an old otter"),
        ("Her best friend", "her best friend"),
    ],
)
def test_what_someone_is_gets_an_article_only_where_it_needs_one(kind, told):
    assert article(kind) == told


@pytest.mark.parametrize(
    "looks, told",
    [
        ("a girl in yellow rubber boots", "a girl in yellow rubber boots"),
        ("a girl with round glasses", "a girl with round glasses"),
        ("a boy who plays the violin", "a boy who played the violin"),
    ],
)
def test_a_description_is_told_in_the_past_only_where_it_has_a_verb(looks, told):
    assert _in_the_past(looks) == told
