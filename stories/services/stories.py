"""Creating and changing story briefs."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction

from core.errors import DomainError, NotFound
from jobs.errors import JobAlreadyActive
from jobs.models import ACTIVE_JOB_STATUSES
from languages.catalogue import DEFAULT_LANGUAGE, UnknownLanguage, get_language

from ..errors import (
    AudienceChangeNeedsAdjustment,
    ChangedWhileChecked,
    CharacterInStories,
    LanguageChangeNeedsTranslation,
    StoryBusy,
)
from ..models import ChangeType, Character, Story, StoryCharacter
from .characters import character_texts
from .locking import lock_story, require_characters
from .moderation import check_user_text, holds_to_child_rule, is_stricter
from .versions import record_version

Cast = list[tuple[int, str]]
"""(character id, role) pairs in the order the client gave them."""


def _check_cast(*, owner, cast: Cast, lock: bool = False) -> None:
    require_characters(owner=owner, ids=[character_id for character_id, _ in cast], lock=lock)


def _set_cast(*, story: Story, cast: Cast) -> None:
    story.story_characters.all().delete()
    StoryCharacter.objects.bulk_create(
        StoryCharacter(story=story, character_id=character_id, role=role, position=position)
        for position, (character_id, role) in enumerate(cast)
    )


def cast_texts(*, cast: Cast, audience_id: str) -> list[str]:
    """The user-written text a cast brings to a story for `audience_id`: its roles and, for readers
    under 18, its characters' own text too (written, it passed only the rule every story keeps)."""
    texts = [role for _, role in cast]
    if holds_to_child_rule(audience_id):
        ids = [character_id for character_id, _ in cast]
        for character in Character.objects.filter(pk__in=ids):
            texts += character_texts(
                name=character.name,
                traits=character.traits,
                appearance=character.appearance,
                description=character.description,
            )
    return texts


def brief_texts(*, title: str, description: str, cast: Cast, audience_id: str) -> list[str]:
    return [title, description, *cast_texts(cast=cast, audience_id=audience_id)]


def check_brief(*, owner, title: str, description: str, cast: Cast, audience_id: str) -> list[str]:
    """What a new brief must pass: only the owner's characters, and text that moderation accepts
    for `audience_id`. Returns the texts it passed, which `save_new_story` holds the brief to.

    Moderation is a network call, so this runs before any transaction is opened.
    """
    _check_cast(owner=owner, cast=cast)
    texts = brief_texts(title=title, description=description, cast=cast, audience_id=audience_id)
    check_user_text(texts=texts, audience_id=audience_id)
    return texts


def check_story_for_audience(*, story: Story, audience_id: str) -> None:
    """Before a story moves to a stricter audience, its brief and cast must pass that audience's rule."""
    if not is_stricter(audience_id, than=story.target_audience):
        return
    cast = list(story.story_characters.values_list("character_id", "role"))
    check_user_text(
        texts=[story.title, story.description, *cast_texts(cast=cast, audience_id=audience_id)],
        audience_id=audience_id,
    )


def save_new_story(
    *,
    owner,
    description: str,
    title: str = "",
    target_audience: str,
    genre: str,
    cast: Cast,
    language: str = DEFAULT_LANGUAGE,
    batch_key: str = "",
    checked: list[str] | None = None,
) -> Story:
    """Write a brief that `check_brief` passed (inside the caller's transaction).

    The cast's characters are locked first: one deleted since is refused (400), and one edited
    since would bring text the check never saw (`checked`), so the brief is refused (409)."""
    try:
        get_language(language)
    except UnknownLanguage as error:
        raise DomainError(str(error)) from None
    _check_cast(owner=owner, cast=cast, lock=True)
    if checked is not None and checked != brief_texts(
        title=title, description=description, cast=cast, audience_id=target_audience
    ):
        raise ChangedWhileChecked()
    story = Story.objects.create(
        owner=owner,
        title=title.strip(),
        description=description,
        target_audience=target_audience,
        genre=genre,
        language=language,
        batch_key=batch_key,
    )
    _set_cast(story=story, cast=cast)
    return story


def create_story(
    *,
    owner,
    description: str,
    title: str = "",
    target_audience: str,
    genre: str,
    cast: Cast | None = None,
    language: str = DEFAULT_LANGUAGE,
    batch_key: str = "",
) -> Story:
    """Store a new draft brief. Its text is moderated first; a refusal writes nothing."""
    cast = cast or []
    checked = check_brief(
        owner=owner, title=title, description=description, cast=cast, audience_id=target_audience
    )
    with transaction.atomic():
        return save_new_story(
            checked=checked,
            owner=owner,
            description=description,
            title=title,
            target_audience=target_audience,
            genre=genre,
            cast=cast,
            language=language,
            batch_key=batch_key,
        )


def update_story(*, story: Story, by, cast: Cast | None = None, **changes) -> Story:
    """Change the brief. On a story with content, a real change is committed as a version.

    The audience of a story that has content is changed by the audience adjustment, which
    rewrites the text; setting the field alone would leave text and audience disagreeing.
    """
    if cast is not None:
        _check_cast(owner=story.owner, cast=cast)
    audience_id = changes.get("target_audience", story.target_audience)
    checked = _texts_to_check(story, changes, cast, audience_id)
    check_user_text(texts=checked, audience_id=audience_id)
    with transaction.atomic():
        if cast is not None:
            _check_cast(owner=story.owner, cast=cast, lock=True)
        story = lock_story(story.pk)
        now_audience = changes.get("target_audience", story.target_audience)
        if now_audience != audience_id or _texts_to_check(story, changes, cast, audience_id) != checked:
            raise ChangedWhileChecked()
        if story.jobs.filter(status__in=ACTIVE_JOB_STATUSES).exists():
            raise JobAlreadyActive("A job is running on this story; change it once the job has finished.")
        if story.version and changes.get("target_audience", story.target_audience) != story.target_audience:
            raise AudienceChangeNeedsAdjustment(story.pk)
        if story.version and changes.get("language", story.language) != story.language:
            raise LanguageChangeNeedsTranslation(story.pk)
        changed = [field for field, value in changes.items() if getattr(story, field) != value]
        for field in changed:
            setattr(story, field, changes[field])
        old_cast = list(story.story_characters.values_list("character_id", "role"))
        cast_changed = cast is not None and [tuple(pair) for pair in cast] != old_cast
        if cast_changed:
            _set_cast(story=story, cast=cast)
        if changed or cast_changed:
            story.save()
            if story.version:
                record_version(story=story, change_type=ChangeType.MANUAL_EDIT, by=by)
    return story


def _texts_to_check(story: Story, changes: dict, cast: Cast | None, audience_id: str) -> list[str]:
    """What changed; everything, changed or not, when the story moves to a stricter audience."""
    if is_stricter(audience_id, than=story.target_audience):
        if cast is None:
            cast = list(story.story_characters.values_list("character_id", "role"))
        texts = [changes.get("title", story.title), changes.get("description", story.description)]
    else:
        texts = [
            text
            for field in ("title", "description")
            if (text := changes.get(field)) is not None and text != getattr(story, field)
        ]
    return texts + cast_texts(cast=cast or [], audience_id=audience_id)


DeleteHook = Callable[[Story], None]
"""Called inside `delete_story`, the story locked, just before it is deleted: how a feature app
hands over what other stories still use (a translation's shared pictures) without `stories`
importing it."""

_delete_hooks: list[DeleteHook] = []


def on_delete(hook: DeleteHook) -> None:
    """Register `hook` (from the owning app's `ready()`); registering it twice keeps one."""
    if hook not in _delete_hooks:
        _delete_hooks.append(hook)


def delete_story(*, story: Story) -> None:
    """Delete a story, unless a job is queued or running on it (409): the job would write
    versions of a story that is gone. The row lock makes the check and the delete one step
    against the job's own commit, which locks the story too. Its translations stay, no longer
    translations of anything, with the pictures they share (`on_delete` hooks)."""
    with transaction.atomic():
        try:
            locked = lock_story(story.pk)
        except NotFound:
            return
        if locked.jobs.filter(status__in=ACTIVE_JOB_STATUSES).exists():
            raise StoryBusy()
        for hook in _delete_hooks:
            hook(locked)
        Story.objects.filter(translated_from=locked).update(translated_from=None)
        locked.delete()


def delete_character(*, character: Character) -> None:
    """Delete a character that no story casts; one that any story casts is refused (409) naming
    them, and nothing changes. The row lock orders the check against a story casting it at the
    same moment (whose insert waits on the lock, then finds the character gone: a 400)."""
    with transaction.atomic():
        if Character.objects.select_for_update().filter(pk=character.pk).values_list("pk").first() is None:
            return
        casting = Story.objects.filter(story_characters__character=character).distinct().order_by("pk")
        stories = list(casting.values_list("pk", "title"))
        if stories:
            raise CharacterInStories(name=character.name, stories=stories)
        character.delete()
