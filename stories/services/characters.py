from __future__ import annotations

from django.db import transaction

from core.errors import NotFound

from ..errors import ChangedWhileChecked
from ..models import Character, Story
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
    """Change a character's fields; changed text must pass the strictest rule of the stories it is in.

    The check is a network call, made before the row is locked; a story cast with the character
    for a stricter audience in the meantime would hold text its rule never saw, so that is
    refused (409), as is a character deleted meanwhile (404)."""
    changed = {field: value for field, value in changes.items() if getattr(character, field) != value}
    audience = _strictest_casting(character.pk)
    check_user_text(texts=character_texts(**changed), audience_id=audience)
    if not changed:
        return character
    with transaction.atomic():
        locked = Character.objects.select_for_update().filter(pk=character.pk).first()
        if locked is None:
            raise NotFound()
        if _strictest_casting(character.pk) != audience:
            raise ChangedWhileChecked()
        for field, value in changed.items():
            setattr(locked, field, value)
        locked.save(update_fields=list(changed))
    return locked


def _strictest_casting(character_id: int) -> str | None:
    audiences = Story.objects.filter(story_characters__character_id=character_id).values_list(
        "target_audience", flat=True
    )
    return strictest_audience(audiences.distinct())


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
