from __future__ import annotations

from ..models import Character
from .moderation import check_user_text, strictest_audience


def character_texts(
    *, name: str = "", traits: list[str] | None = None, appearance: str = "", description: str = ""
) -> list[str]:
    """A character's user-written text, for moderation."""
    return [name, description, appearance, *(traits or [])]


def create_character(
    *, owner, name: str, traits: list[str] | None = None, appearance: str = "", description: str = ""
) -> Character:
    """A new character is cast in no story yet: its text must pass the rule every story keeps, and
    then, when a story casts it, that story's audience's rule (see `stories.cast_texts`)."""
    check_user_text(
        texts=character_texts(name=name, traits=traits, appearance=appearance, description=description),
        audience_id=None,
    )
    return save_new_character(
        owner=owner, name=name, traits=traits, appearance=appearance, description=description
    )


def save_new_character(
    *, owner, name: str, traits: list[str] | None = None, appearance: str = "", description: str = ""
) -> Character:
    """Write a character whose text `check_user_text` accepted."""
    return Character.objects.create(
        owner=owner,
        name=name.strip()[:100],
        traits=traits or [],
        appearance=appearance.strip(),
        description=description,
    )


def update_character(*, character: Character, **changes) -> Character:
    """Change a character's fields; changed text must pass the strictest rule of the stories it is in."""
    changed = {field: value for field, value in changes.items() if getattr(character, field) != value}
    audiences = character.story_roles.values_list("story__target_audience", flat=True).distinct()
    check_user_text(texts=character_texts(**changed), audience_id=strictest_audience(audiences))
    for field, value in changed.items():
        setattr(character, field, value)
    if changed:
        character.save(update_fields=list(changed))
    return character


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
