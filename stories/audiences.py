"""Audience and genre configuration: the contract's tables, in one place.

Every rule that depends on the reader's age (prompt wording, word budget, reading-grade band,
illustration ratio, image style) reads it from here.
"""

from __future__ import annotations

from django.db import models

from ai.types import AudienceProfile


class Audience(models.TextChoices):
    TODDLERS_2_4 = "toddlers_2_4", "Toddlers (2-4)"
    CHILDREN_5_7 = "children_5_7", "Young children (5-7)"
    CHILDREN_8_10 = "children_8_10", "Children (8-10)"
    PRETEENS_11_13 = "preteens_11_13", "Preteens (11-13)"
    YA_14_17 = "ya_14_17", "Young adults (14-17)"
    ADULTS_18_PLUS = "adults_18_plus", "Adults (18+)"


class Genre(models.TextChoices):
    ADVENTURE = "adventure", "Adventure"
    FANTASY = "fantasy", "Fantasy"
    MYSTERY = "mystery", "Mystery"
    EDUCATIONAL = "educational", "Educational"
    COMEDY = "comedy", "Comedy"
    DRAMA = "drama", "Drama"
    SCIFI = "scifi", "Science fiction"
    HISTORICAL = "historical", "Historical"


DEFAULT_AUDIENCE = Audience.CHILDREN_8_10
DEFAULT_GENRE = Genre.ADVENTURE


def _profile(audience: Audience, **settings) -> AudienceProfile:
    return AudienceProfile(id=audience.value, label=audience.label, **settings)


AUDIENCES: dict[str, AudienceProfile] = {
    profile.id: profile
    for profile in (
        _profile(
            Audience.TODDLERS_2_4,
            reader_group="young",
            max_word_count=500,
            vocabulary_level="very_simple",
            sentence_length="very_short",
            themes=("friendship", "family", "colors", "animals", "basic emotions"),
            complexity="minimal",
            illustrations_per_scene=1.0,
            grade_band=(-5.0, 1.5),
            scene_count=(5, 5),
        ),
        _profile(
            Audience.CHILDREN_5_7,
            reader_group="young",
            max_word_count=1500,
            vocabulary_level="simple",
            sentence_length="short",
            themes=("friendship", "kindness", "sharing", "curiosity", "simple problem solving"),
            complexity="low",
            illustrations_per_scene=1.0,
            grade_band=(0.0, 3.0),
            scene_count=(5, 6),
        ),
        _profile(
            Audience.CHILDREN_8_10,
            reader_group="middle",
            max_word_count=3000,
            vocabulary_level="moderate",
            sentence_length="medium",
            themes=("teamwork", "courage", "responsibility", "discovery", "perseverance"),
            complexity="moderate",
            illustrations_per_scene=1.0,
            grade_band=(2.0, 5.5),
            scene_count=(5, 7),
        ),
        _profile(
            Audience.PRETEENS_11_13,
            reader_group="middle",
            max_word_count=5000,
            vocabulary_level="advanced",
            sentence_length="varied",
            themes=("identity", "loyalty", "fairness", "growing independence", "consequences"),
            complexity="moderate_high",
            illustrations_per_scene=0.5,
            grade_band=(4.5, 8.5),
            scene_count=(6, 8),
        ),
        _profile(
            Audience.YA_14_17,
            reader_group="mature",
            max_word_count=8000,
            vocabulary_level="advanced",
            sentence_length="varied",
            themes=("self-discovery", "belonging", "ethical choices", "relationships", "resilience"),
            complexity="high",
            illustrations_per_scene=0.3,
            grade_band=(6.0, 12.0),
            scene_count=(7, 10),
        ),
        _profile(
            Audience.ADULTS_18_PLUS,
            reader_group="mature",
            max_word_count=10000,
            vocabulary_level="sophisticated",
            sentence_length="varied",
            themes=("complex relationships", "moral ambiguity", "social commentary"),
            complexity="high",
            illustrations_per_scene=0.2,
            grade_band=(7.0, 18.0),
            scene_count=(8, 12),
        ),
    )
}


def audience_profile(audience_id: str) -> AudienceProfile:
    return AUDIENCES[audience_id]
