"""Narration jobs: read each scene aloud with word timings, keep each reading that succeeds.

Like illustration jobs, provider calls run in a thread pool that touches no database but to
record each answer's spend (the job's meter), and the task's own thread stores each reading
as it arrives: the audio file first, then its row under a lock on the scene. A scene is read
again only when its narration is missing, stale (its text changed since) or in another voice
or speed than the one asked. One failed scene never costs the others; the job fails only when
every reading failed.
"""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ai.errors import ProviderError
from ai.fanout import results_as_they_finish
from ai.forecast import narration_forecast as most_narration_usage
from ai.providers import narration_provider
from ai.speech import Narration, SpeechProvider, SpeechRequest, Voice
from ai.types import Usage
from core.files import delete_after_commit, store_file_then_row
from jobs.committing import committing
from jobs.lifecycle import record_progress, retry_delay, start_job
from jobs.models import Job
from languages.catalogue import DEFAULT_LANGUAGE
from stories.errors import StoryHasNoScenes, UnknownScene
from stories.models import Scene, Story

from .audio import EXTENSIONS, encode_for_storage
from .errors import NoNarrationMade, NoVoiceForLanguage, VoiceNotForLanguage
from .events import publish_narration
from .job_kinds import NARRATION
from .models import SceneNarration, text_hash

logger = logging.getLogger("genstory.narration")

INTERNAL_ERROR = "The scene could not be read aloud because of an internal error."
STORAGE_ERROR = "The scene was read aloud but its audio could not be stored."
DEFAULT_SPEED = 1.0


def voices() -> tuple[Voice, ...]:
    """The voices of the provider that narrates now; the first is the default."""
    return narration_provider().voices()


def voices_for(language_id: str) -> list[str]:
    """The ids of the voices that read `language_id` (an OpenAI voice reads every language,
    an offline one its own), the language's default first."""
    return [voice.id for voice in voices() if voice.reads(language_id)]


def default_voice(language_id: str = DEFAULT_LANGUAGE) -> str:
    """NARRATION_VOICE when it reads the language, else the first voice that does."""
    offered = voices_for(language_id)
    if not offered:
        raise NoVoiceForLanguage(language_id)
    return settings.NARRATION_VOICE if settings.NARRATION_VOICE in offered else offered[0]


def check_voice(*, voice: str, language_id: str) -> None:
    """400 naming the voices that read the story's language when `voice` is not one of them."""
    offered = voices_for(language_id)
    if voice not in offered:
        raise VoiceNotForLanguage(voice=voice, language_id=language_id, offered=offered)


@dataclass(frozen=True)
class Reading:
    """One scene to read: its text as it was when the job planned it."""

    scene: Scene
    request: SpeechRequest


@dataclass(frozen=True)
class NarrationPlan:
    readings: tuple[Reading, ...]
    skipped: tuple[str, ...]


@dataclass
class NarrationOutcome:
    made: list[tuple[Reading, SceneNarration]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[tuple[Reading, str]] = field(default_factory=list)
    usage: Usage = field(default_factory=Usage)
    model: str = ""


def plan_narration(*, story: Story, voice: str, speed: float, scene_id: str | None) -> NarrationPlan:
    """The scenes to read now: 409 without scenes, 404 for an unknown `scene_id`."""
    scenes = list(story.scenes.select_related("narration").order_by("scene_number"))
    if not scenes:
        raise StoryHasNoScenes()
    if scene_id is not None:
        scenes = [scene for scene in scenes if scene.scene_id == scene_id]
        if not scenes:
            raise UnknownScene(scene_id)
    readings, skipped = [], []
    for scene in scenes:
        existing = getattr(scene, "narration", None)
        if existing is not None and existing.is_current_for(content=scene.content, voice=voice, speed=speed):
            skipped.append(scene.scene_id)
        else:
            request = SpeechRequest(text=scene.content, voice=voice, speed=speed, language=story.language)
            readings.append(Reading(scene=scene, request=request))
    return NarrationPlan(readings=tuple(readings), skipped=tuple(skipped))


def start_narration(
    *, story: Story, voice: str | None = None, speed: float = DEFAULT_SPEED, scene_id: str | None = None
) -> Job:
    """Queue the readings `plan_narration` picks (the daily budget and one-job-per-story apply).

    The voice must read the story's language; none named: that language's default voice."""
    voice = voice or default_voice(story.language)
    check_voice(voice=voice, language_id=story.language)
    plan = plan_narration(story=story, voice=voice, speed=speed, scene_id=scene_id)
    return start_job(
        story=story,
        kind=NARRATION,
        params={"voice": voice, "speed": speed, "scene_id": scene_id},
        total=max(1, len(plan.readings)),
    )


def narration_forecast(job: Job) -> Usage:
    """The most `job`'s readings can cost, held against the budget (the NARRATION kind's forecast)."""
    plan = plan_narration(
        story=job.story,
        voice=job.params.get("voice") or default_voice(job.story.language),
        speed=float(job.params.get("speed") or DEFAULT_SPEED),
        scene_id=job.params.get("scene_id"),
    )
    return most_narration_usage(
        [reading.request.text for reading in plan.readings],
        speed=float(job.params.get("speed") or DEFAULT_SPEED),
        words_per_minute=settings.NARRATION_HOLD_WORDS_PER_MINUTE,
    )


def run_narration(job: Job) -> None:
    """Read and store the job's scenes; fail (recording the spend) only when every reading failed."""
    story = job.story
    params = job.params
    plan = plan_narration(
        story=story,
        voice=params.get("voice") or default_voice(story.language),
        speed=float(params.get("speed") or DEFAULT_SPEED),
        scene_id=params.get("scene_id"),
    )
    provider = narration_provider()
    outcome = NarrationOutcome(skipped=list(plan.skipped))
    for done, (reading, result) in enumerate(
        read_concurrently(provider=provider, readings=plan.readings), start=1
    ):
        keep_reading(job=job, provider=provider.name, reading=reading, result=result, outcome=outcome)
        record_progress(job=job, done=done)
    if outcome.failed and not outcome.made:
        first, error = in_reading_order(outcome.failed, plan.readings)[0]
        raise NoNarrationMade(
            f"No scene could be read aloud ({len(outcome.failed)} failed); nothing was stored. "
            f"First error ({first.scene.scene_id}): {error}",
            usage=outcome.usage,
            model=outcome.model,
        )
    with committing(job) as commit:
        if commit is None:
            return
        commit.succeed(
            result=narration_result(plan=plan, outcome=outcome, provider=provider.name),
            usage=outcome.usage,
            provider=provider.name,
            model=outcome.model,
        )


ReadResult = Narration | ProviderError | str


def read_concurrently(
    *, provider: SpeechProvider, readings: Sequence[Reading]
) -> Iterator[tuple[Reading, ReadResult]]:
    """Each reading's result, in the order they finish, at most NARRATION_CONCURRENCY in flight."""
    return results_as_they_finish(
        lambda reading: read(provider, reading),
        readings,
        limit=settings.NARRATION_CONCURRENCY,
        name="narrate",
    )


def read(provider: SpeechProvider, reading: Reading) -> ReadResult:
    """Runs in a worker thread: provider calls, backoff and encoding only, never the database."""
    spent = Usage()
    attempt = 1
    while True:
        try:
            narration = provider.narrate(reading.request)
            narration.usage.add(spent)
            narration.audio, narration.content_type = encode_for_storage(
                audio=narration.audio, content_type=narration.content_type
            )
            return narration
        except ProviderError as error:
            spent.add(error.usage)
            if not error.retryable or attempt >= settings.NARRATION_MAX_ATTEMPTS:
                tries = f" (after {attempt} attempts)" if attempt > 1 else ""
                return ProviderError(f"{error}{tries}", retryable=False, usage=spent, model=error.model)
            time.sleep(retry_delay(attempt, error.retry_after))
            attempt += 1
        except Exception:
            logger.exception("reading %s aloud failed on an internal error", reading.scene.scene_id)
            return INTERNAL_ERROR


def keep_reading(
    *, job: Job, provider: str, reading: Reading, result: ReadResult, outcome: NarrationOutcome
) -> None:
    if isinstance(result, str):
        outcome.failed.append((reading, result))
        return
    outcome.usage.add(result.usage)
    outcome.model = outcome.model or result.model
    if isinstance(result, ProviderError):
        outcome.failed.append((reading, str(result)))
        return
    try:
        stored = store_narration(job=job, provider=provider, reading=reading, narration=result)
    except OSError:
        logger.exception("storing the narration of %s failed", reading.scene.scene_id)
        outcome.failed.append((reading, STORAGE_ERROR))
        return
    if stored is None:
        outcome.skipped.append(reading.scene.scene_id)
    else:
        outcome.made.append((reading, stored))
        publish_narration(job=job, narration=stored)


def store_narration(
    *, job: Job, provider: str, reading: Reading, narration: Narration
) -> SceneNarration | None:
    """The (encoded) file, then its row (replacing an older reading); None, with no file left, when a
    reading of this text in this voice already exists (a redelivered job) or the scene is gone."""
    audio, content_type = narration.audio, narration.content_type
    request = reading.request
    name = f"{reading.scene.scene_id}-{secrets.token_hex(6)}.{EXTENSIONS.get(content_type, 'bin')}"
    record = SceneNarration(story_id=reading.scene.story_id)

    def write_row() -> SceneNarration | None:
        with transaction.atomic():
            scene = Scene.objects.select_for_update().filter(pk=reading.scene.pk).first()
            existing = SceneNarration.objects.select_for_update().filter(scene_id=reading.scene.pk).first()
            if scene is None or (
                existing is not None
                and existing.is_current_for(content=request.text, voice=request.voice, speed=request.speed)
            ):
                return None
            target = record
            if existing is not None:
                delete_after_commit(existing.file)
                target, existing.file = existing, record.file.name
            target.scene = scene
            target.content_type = content_type
            target.voice = request.voice
            target.speed = request.speed
            target.provider = provider
            target.model = narration.model
            target.duration_ms = narration.duration_ms
            target.words = [timing.as_dict() for timing in narration.words]
            target.text_hash = text_hash(request.text)
            target.job = job
            target.created_at = timezone.now()
            target.save()
        return target

    return store_file_then_row(record.file, name=name, content=audio, write_row=write_row)


def narration_result(*, plan: NarrationPlan, outcome: NarrationOutcome, provider: str) -> dict:
    return {
        "narrated": [
            {"scene_id": reading.scene.scene_id, "narration_id": stored.pk, "duration_ms": stored.duration_ms}
            for reading, stored in in_reading_order(outcome.made, plan.readings)
        ],
        "skipped": outcome.skipped,
        "failed": [
            {"scene_id": reading.scene.scene_id, "error": error}
            for reading, error in in_reading_order(outcome.failed, plan.readings)
        ],
        "speech_characters": outcome.usage.speech_characters,
        "audio_seconds": round(outcome.usage.audio_seconds, 3),
        "provider": provider,
        "model": outcome.model,
    }


def in_reading_order(pairs: Sequence[tuple[Reading, object]], readings: Sequence[Reading]) -> list:
    position = {reading.scene.pk: index for index, reading in enumerate(readings)}
    return sorted(pairs, key=lambda pair: position[pair[0].scene.pk])
