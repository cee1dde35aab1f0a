"""Illustration jobs: plan the pictures, draw them concurrently, keep each one that succeeds.

Provider calls run in a thread pool and touch no database: worker threads only draw (with
backoff on rate limits and server errors). The task's own thread stores each picture, file
first and then its row, as results arrive, so one failed scene never costs the others. The
unique constraints on `StoryImage` make a redelivered job unable to add a second picture for
a scene; the loser's file is deleted again.
"""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from django.conf import settings
from django.db import IntegrityError, transaction

from ai.base import ImageProvider
from ai.errors import ProviderError
from ai.fanout import results_as_they_finish
from ai.providers import image_provider
from ai.types import GeneratedImage, ImageRequest, Usage
from core.files import store_file_then_row
from jobs.committing import committing
from jobs.lifecycle import record_progress, retry_delay, start_job
from jobs.models import Job
from stories.models import Scene, Story
from stories.selectors import character_briefs

from .errors import NoImagesMade
from .events import publish_image
from .job_kinds import COVER_IMAGE, SCENE_IMAGES
from .models import ImageType, StoryImage
from .prompts import cover_prompt, scene_prompt
from .selection import ImagePlan, plan_images

logger = logging.getLogger("genstory.images")
T = TypeVar("T")

FILE_EXTENSIONS = {"image/png": "png", "image/webp": "webp", "image/jpeg": "jpg"}
INTERNAL_ERROR = "The picture could not be drawn because of an internal error."
STORAGE_ERROR = "The picture was drawn but could not be stored."


@dataclass(frozen=True)
class ImageOrder:
    """One picture to draw: for `scene`, or the story's cover when `scene` is None."""

    scene: Scene | None
    request: ImageRequest

    @property
    def scene_id(self) -> str | None:
        return self.scene.scene_id if self.scene else None


@dataclass(frozen=True)
class Drawing:
    """What a worker thread hands back: the picture, or why there is none."""

    order: ImageOrder
    image: GeneratedImage | None = None
    error: str = ""


@dataclass
class ImageJobOutcome:
    generated: list[tuple[ImageOrder, StoryImage]] = field(default_factory=list)
    skipped: list[str | None] = field(default_factory=list)
    failed: list[tuple[ImageOrder, str]] = field(default_factory=list)
    usage: Usage = field(default_factory=Usage)
    model: str = ""


def start_scene_images(*, story: Story, scene_id: str | None = None, cover: bool = False) -> Job:
    """Queue the pictures `plan_images` picks: 404 for an unknown scene, 409 without scenes or when busy."""

    plan = plan_images(story=story, scene_id=scene_id, cover=cover)
    return start_job(
        story=story,
        kind=COVER_IMAGE if cover else SCENE_IMAGES,
        params={"scene_id": scene_id, "cover": cover},
        total=plan.count,
    )


def run_scene_images(job: Job) -> None:
    """Draw and store the job's pictures; fail only when every picture failed."""
    story = job.story
    plan = plan_images(story=story, scene_id=job.params.get("scene_id"), cover=bool(job.params.get("cover")))
    orders = image_orders(story=story, plan=plan)
    provider = image_provider()
    outcome = ImageJobOutcome(skipped=list(plan.skipped))
    for done, drawing in enumerate(draw_concurrently(provider=provider, orders=orders), start=1):
        keep_drawing(job=job, story=story, drawing=drawing, outcome=outcome)
        record_progress(job=job, done=done)
    if outcome.failed and not outcome.generated:
        first, error = in_reading_order(outcome.failed, orders)[0]
        raise NoImagesMade(
            f"No picture could be made ({len(outcome.failed)} failed); the story was left unchanged. "
            f"First error ({first.scene_id or 'cover'}): {error}"
        )
    with committing(job) as commit:
        if commit is None:
            return
        result = image_job_result(orders=orders, outcome=outcome, provider=provider.name)
        commit.succeed(result=result, usage=outcome.usage, provider=provider.name, model=outcome.model)


def image_orders(*, story: Story, plan: ImagePlan) -> list[ImageOrder]:
    cast = character_briefs(story)
    limit = settings.IMAGE_PROMPT_MAX_CHARS
    orders = [
        ImageOrder(
            scene=scene,
            request=ImageRequest(
                prompt=scene_prompt(
                    scene=scene, cast=cast, audience_id=story.target_audience, max_chars=limit
                ),
                size=settings.IMAGE_SIZE,
                audience_id=story.target_audience,
                title=scene.title,
                seed_key=f"story-{story.pk}/{scene.scene_id}",
            ),
        )
        for scene in plan.scenes
    ]
    if plan.cover:
        request = ImageRequest(
            prompt=cover_prompt(story=story, cast=cast, max_chars=limit),
            size=settings.IMAGE_SIZE,
            audience_id=story.target_audience,
            title=str(story),
            seed_key=f"story-{story.pk}/cover",
        )
        orders.append(ImageOrder(scene=None, request=request))
    return orders


def draw_concurrently(*, provider: ImageProvider, orders: Sequence[ImageOrder]) -> Iterator[Drawing]:
    """Each order's drawing, in the order they finish, with at most IMAGE_CONCURRENCY in flight."""
    attempts = settings.IMAGE_MAX_ATTEMPTS
    drawn = results_as_they_finish(
        lambda order: draw(provider, order, attempts),
        orders,
        limit=settings.IMAGE_CONCURRENCY,
        name="illustrate",
    )
    return (drawing for _, drawing in drawn)


def draw(provider: ImageProvider, order: ImageOrder, max_attempts: int) -> Drawing:
    """Runs in a worker thread: provider calls and backoff only, never the database."""
    attempt = 1
    while True:
        try:
            return Drawing(order=order, image=provider.illustrate(order.request))
        except ProviderError as error:
            if not error.retryable or attempt >= max_attempts:
                tries = f" (after {attempt} attempts)" if attempt > 1 else ""
                return Drawing(order=order, error=f"{error}{tries}")
            time.sleep(retry_delay(attempt, error.retry_after))
            attempt += 1
        except Exception:
            logger.exception("drawing %s failed on an internal error", order.scene_id or "the cover")
            return Drawing(order=order, error=INTERNAL_ERROR)


def keep_drawing(*, job: Job, story: Story, drawing: Drawing, outcome: ImageJobOutcome) -> None:
    if drawing.image is None:
        outcome.failed.append((drawing.order, drawing.error))
        return
    outcome.usage.add(drawing.image.usage)
    outcome.model = outcome.model or drawing.image.model
    try:
        stored = store_image(job=job, story=story, order=drawing.order, image=drawing.image)
    except OSError:
        logger.exception("storing the picture of %s failed", drawing.order.scene_id or "the cover")
        outcome.failed.append((drawing.order, STORAGE_ERROR))
        return
    if stored is None:
        outcome.skipped.append(drawing.order.scene_id)
    else:
        outcome.generated.append((drawing.order, stored))
        publish_image(job=job, image=stored)


def store_image(*, job: Job, story: Story, order: ImageOrder, image: GeneratedImage) -> StoryImage | None:
    """The file, then its row; None, with no file left behind, when the picture already exists.

    A picture whose file was lost from storage keeps its row, and so its id and every link to
    it, and takes the new file (as a narration lost from storage is read again)."""
    image_type = ImageType.COVER if order.scene is None else ImageType.SCENE
    record = StoryImage(
        story=story,
        scene=order.scene,
        image_type=image_type,
        content_type=image.content_type,
        prompt=order.request.prompt,
        model=image.model,
        width=image.width,
        height=image.height,
        job=job,
    )
    extension = FILE_EXTENSIONS.get(image.content_type, "bin")
    name = f"{order.scene_id or 'cover'}-{secrets.token_hex(6)}.{extension}"

    def write_row() -> StoryImage | None:
        try:
            with transaction.atomic():
                lost = _lost_picture(story=story, order=order, image_type=image_type)
                if lost is not None:
                    record.pk, record.created_at = lost.pk, lost.created_at
                record.save()
        except IntegrityError:
            logger.info("%s of story %s already has a picture; dropped a duplicate", order.scene_id, story.pk)
            return None
        return record

    return store_file_then_row(record.file, name=name, content=image.data, write_row=write_row)


def _lost_picture(*, story: Story, order: ImageOrder, image_type: str) -> StoryImage | None:
    """The picture `order` redraws, locked, if its file is gone from storage."""
    pictures = StoryImage.objects.select_for_update().filter(story=story, image_type=image_type)
    if order.scene is not None:
        pictures = pictures.filter(scene=order.scene)
    picture = pictures.first()
    return picture if picture is not None and not picture.is_stored else None


def image_job_result(*, orders: Sequence[ImageOrder], outcome: ImageJobOutcome, provider: str) -> dict:
    """The contract's result, in reading order whatever order the pictures finished in."""
    return {
        "generated_images": [
            {"scene_id": order.scene_id, "image_id": image.pk, "prompt": image.prompt}
            for order, image in in_reading_order(outcome.generated, orders)
        ],
        "skipped": outcome.skipped,
        "failed": [
            {"scene_id": order.scene_id, "error": error}
            for order, error in in_reading_order(outcome.failed, orders)
        ],
        "provider": provider,
        "model": outcome.model,
    }


def in_reading_order(
    pairs: Sequence[tuple[ImageOrder, T]], orders: Sequence[ImageOrder]
) -> list[tuple[ImageOrder, T]]:
    position = {id(order): index for index, order in enumerate(orders)}
    return sorted(pairs, key=lambda pair: position[id(pair[0])])
