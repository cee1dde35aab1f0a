from __future__ import annotations

from ..models import Character


def create_character(
    *, owner, name: str, traits: list[str] | None = None, appearance: str = "", description: str = ""
) -> Character:
    return Character.objects.create(
        owner=owner,
        name=name.strip()[:100],
        traits=traits or [],
        appearance=appearance.strip(),
        description=description,
    )


def parse_character_spec(spec: str) -> dict:
    """Read the command line's "Name: trait, trait; appearance" into character fields."""
    name, _, rest = spec.partition(":")
    traits_text, _, appearance = rest.partition(";")
    if not name.strip():
        raise ValueError(f'character "{spec}" has no name; write it as "Name: traits; appearance"')
    return {
        "name": name.strip(),
        "traits": [trait.strip() for trait in traits_text.split(",") if trait.strip()],
        "appearance": appearance.strip(),
    }
