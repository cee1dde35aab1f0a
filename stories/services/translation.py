"""Translation: a NEW story in another language, scene by scene, pictures shared with the original.

The job runs on the original (one active job per story: a second start, or any other job on
it, is a 409, and the original cannot change under it). The front matter (title, brief,
lessons) is one call; every scene is one call, at most `AI_MAX_CONCURRENCY` in flight, given
its neighbours' gist and the cast's names, which every language keeps as written
(`ai.translation.NAME_RULE`). A scene whose translation dropped a name present in it, or
merged or split its paragraphs, is asked once more with the miss stated. Nothing is stored
until the one commit that creates the translation with its version 1: a failure anywhere
leaves no story. Pictures are shared by reference (`on_translated` hooks: the images app).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import replace

from django.conf import settings
from django.db import transaction

from ai.errors import ProviderError
from ai.fanout import answer_all
from ai.forecast import translation_forecast as most_translation_usage
from ai.providers import story_provider
from ai.translation import SceneTranslation, TranslatedScene, TranslationRequest
from ai.types import Usage
from jobs.committing import committing
from jobs.lifecycle import record_progress, start_job
from jobs.models import Job

from ..errors import StoryHasNoScenes
from ..job_kinds import TRANSLATE
from ..models import ChangeType, Scene, Story, StoryCharacter, StoryStatus
from ..translation_errors import SameLanguage
from ..translation_prompts import gist, user_prompt, with_prompts
from .events import publish_scene
from .languages import require_written
from .moderation import check_generated_text, moderation_note
from .scenes import new_scene, refresh_totals
from .versions import present_story, record_version

logger = logging.getLogger("genstory.translation")

TranslatedHook = Callable[[Story, Story], None]
"""Called in the commit that creates a translation, with the original and the translation (both
locked, the translation's scenes stored, before its version 1 is frozen): how the images app
shares the original's pictures without `stories` importing it."""

_translated_hooks: list[TranslatedHook] = []


def on_translated(hook: TranslatedHook) -> None:
    if hook not in _translated_hooks:
        _translated_hooks.append(hook)


def require_translator(*, source: str, target: str) -> None:
    """409 unless the configured provider writes both languages (reading one to translate it
    is writing it too); the offline writer writes English only, so it translates nothing."""
    for language, doing in ((target, "translate into"), (source, "translate from")):
        require_written(language, doing=doing)


def start_translation(*, story: Story, language: str) -> Job:
    """Queue a translate job on `story` into `language`: 400 for its own language, 409 without
    scenes, for a language the provider cannot write, or with a job on the story."""
    if language == story.language:
        raise SameLanguage(language)
    if not story.scenes.exists():
        raise StoryHasNoScenes("The story has no scenes yet: generate its content before translating it.")
    require_translator(source=story.language, target=language)
    total = 1 + story.scenes.count()
    with transaction.atomic():
        return start_job(story=story, kind=TRANSLATE, params={"language": language}, total=total)


def _source_texts(story: Story) -> list[str]:
    front = "\n".join([story.title, story.description, *story.lessons])
    return [front, *(f"{scene.title}\n{scene.content}" for scene in story.scenes.all())]


def translation_forecast(job: Job) -> Usage:
    """The most a translate job can use, held against the budget (the TRANSLATE kind's forecast)."""
    return most_translation_usage(
        _source_texts(job.story), max_output_tokens=settings.OPENAI_MAX_OUTPUT_TOKENS
    )


def _names(story: Story) -> tuple[str, ...]:
    return tuple(story.story_characters.order_by("position", "id").values_list("character__name", flat=True))


_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def paragraphs(text: str) -> list[str]:
    return [part.strip() for part in _PARAGRAPH_BREAK.split(text.strip()) if part.strip()]


def translation_misses(
    request: TranslationRequest, answer: SceneTranslation, present: tuple[str, ...]
) -> str:
    """What a translation dropped that it can be asked again for; empty when nothing."""
    misses = [
        f"it never names {name}, keep the name as written"
        for name in present
        if name in request.content and name not in answer.content
    ]
    source, translated = len(paragraphs(request.content)), len(paragraphs(answer.content))
    if source != translated:
        misses.append(f"it has {translated} paragraphs where the source has {source}; keep every paragraph")
    if len(answer.lines) != len(request.lines):
        misses.append(f"it translated {len(answer.lines)} lines of {len(request.lines)}")
    return "; ".join(misses)


def _translate_one(
    provider, request: TranslationRequest, present: tuple[str, ...]
) -> tuple[TranslatedScene, list[str]]:
    first = provider.translate_scene(request)
    miss = translation_misses(request, first.translation, present)
    if not miss:
        return first, list(first.notes)
    retry = _again(request, miss)
    try:
        second = provider.translate_scene(retry)
    except ProviderError as error:
        error.usage.add(first.usage)
        raise
    second.usage.add(first.usage)
    still = translation_misses(request, second.translation, present)
    kept = second if len(still) <= len(miss) else first
    kept.usage = second.usage
    note = f"{miss}; translated once more" + (f", still {still}" if still else "")
    return kept, [*first.notes, *second.notes, note]


def _again(request: TranslationRequest, miss: str) -> TranslationRequest:
    revised = replace(request, revision_note=miss)
    return replace(revised, user_prompt=user_prompt(revised))


def run_translation(job: Job) -> None:
    """Translate outside any transaction, then create the translation in one commit."""
    original = job.story
    target = job.params["language"]
    scenes = list(original.scenes.order_by("scene_number"))
    if not scenes:
        raise StoryHasNoScenes()
    names = _names(original)
    total = 1 + len(scenes)
    record_progress(job=job, done=0, total=total)
    draft = Story(
        owner=original.owner,
        target_audience=original.target_audience,
        genre=original.genre,
        language=target,
    )
    prompt_context = {"audience_label": original.audience.label, "genre": original.genre}

    def request_for(title: str, content: str, **more) -> TranslationRequest:
        request = TranslationRequest(
            source_language=original.language,
            target_language=target,
            title=title,
            content=content,
            names=names,
            **more,
        )
        return with_prompts(request, **prompt_context)

    provider = story_provider()
    spent = Usage()
    notes: list[str] = []
    front_request = request_for(
        original.title or "Untitled", original.description, lines=tuple(original.lessons)
    )
    front, front_notes = _translate_one(provider, front_request, ())
    spent.add(front.usage)
    notes += front_notes
    record_progress(job=job, done=1, total=total)

    requests = {
        scene.scene_number: request_for(
            scene.title,
            scene.content,
            previous_gist=gist(scenes[index - 1].content) if index else "",
            next_gist=gist(scenes[index + 1].content) if index + 1 < len(scenes) else "",
        )
        for index, scene in enumerate(scenes)
    }
    by_number = {scene.scene_number: scene for scene in scenes}
    translated: dict[int, TranslatedScene] = {}

    def keep(number: int, scene_translation: TranslatedScene, scene_notes: list[str]) -> None:
        notes.extend(f"{by_number[number].scene_id}: {note}" for note in scene_notes)
        translated[number] = scene_translation
        publish_scene(job=job, scene=_scene_of(draft, by_number[number], scene_translation))
        record_progress(job=job, done=1 + len(translated), total=total)

    answer_all(
        lambda number: _translate_one(
            provider, requests[number], tuple(by_number[number].characters_present)
        ),
        list(requests),
        limit=settings.AI_MAX_CONCURRENCY,
        name="translation",
        spent=spent,
        on_answer=keep,
    )

    answer = front.translation
    texts = [answer.title, answer.content, *answer.lines]
    for scene_translation in translated.values():
        texts += [scene_translation.translation.title, scene_translation.translation.content]
    check_generated_text(texts=texts, audience_id=original.target_audience, usage=spent, model=front.model)

    with committing(job) as commit:
        if commit is None:
            return
        original = commit.story
        translation = Story.objects.create(
            owner=original.owner,
            title=answer.title[:100],
            description=answer.content,
            target_audience=original.target_audience,
            genre=original.genre,
            language=target,
            lessons=list(answer.lines) if answer.lines else [],
            status=StoryStatus.FINALIZED,
            translated_from=original,
            translated_from_version=original.version,
        )
        StoryCharacter.objects.bulk_create(
            StoryCharacter(
                story=translation, character_id=cast.character_id, role=cast.role, position=cast.position
            )
            for cast in original.story_characters.all()
        )
        Scene.objects.bulk_create(
            [_scene_of(translation, by_number[number], translated[number]) for number in sorted(translated)]
        )
        refresh_totals(story=translation)
        translation.save()
        for hook in _translated_hooks:
            hook(original, translation)
        version = record_version(story=translation, change_type=ChangeType.TRANSLATION, by=job.owner)
        result = {
            **present_story(story=translation, version=version),
            "translation_id": translation.pk,
            "provider": front.provider,
            "model": front.model,
            "notes": [*notes, *moderation_note()],
        }
        commit.succeed(result=result, usage=spent, provider=front.provider, model=front.model)
    logger.info("story %s translated into %s as story %s", original.pk, target, result["translation_id"])


def _scene_of(story: Story, source: Scene, translated: TranslatedScene) -> Scene:
    """The translation's scene: the source's id, number, type, cast and picture prompt (visual
    descriptions stay in English for the illustrator), the translated title and text."""
    scene = new_scene(
        story=story,
        number=source.scene_number,
        type=source.type,
        title=translated.translation.title,
        content=translated.translation.content,
        image_prompt=source.image_prompt,
        characters_present=source.characters_present,
    )
    scene.scene_id = source.scene_id
    return scene
