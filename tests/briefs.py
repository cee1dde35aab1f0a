"""The twelve briefs (tests/data/twelve_briefs.yaml) as a model gets them, for the quality tests
and `make bench`'s quality rows."""

from __future__ import annotations

from pathlib import Path

import yaml

TWELVE_BRIEFS = Path(__file__).resolve().parent / "data" / "twelve_briefs.yaml"


def twelve_briefs() -> list[dict]:
    return yaml.safe_load(TWELVE_BRIEFS.read_text())


def story_brief(entry: dict, audience_id: str):
    """The `StoryBrief` a generation of `entry` for `audience_id` would send its provider."""
    from ai.types import CharacterBrief
    from stories.audiences import audience_profile
    from stories.prompts import build_brief

    return build_brief(
        title=entry["title"],
        description=entry["description"],
        genre=entry["genre"],
        audience=audience_profile(audience_id),
        characters=tuple(
            CharacterBrief(
                name=character["name"],
                description=character.get("description", ""),
                traits=tuple(character.get("traits", ())),
                appearance=character.get("appearance", ""),
                role=character.get("role", ""),
            )
            for character in entry["characters"]
        ),
    )
