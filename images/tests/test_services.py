"""Image job services: redelivery, duplicates, storage hygiene and the thread boundary."""

import threading

import pytest
from django.core.files.storage import default_storage
from django.db.backends.signals import connection_created

from ai.types import GeneratedImage, ImageRequest
from images.models import StoryImage
from images.services import ImageOrder, run_scene_images, start_scene_images, store_image
from jobs.lifecycle import claim_job
from jobs.models import Job, JobStatus
from tests.fake_openai import tiny_png

from .factories import StoryImageFactory, illustrated_story

pytestmark = pytest.mark.django_db


def picture() -> GeneratedImage:
    return GeneratedImage(data=tiny_png(), content_type="image/png", width=8, height=8, model="test")


def test_a_second_picture_for_a_scene_is_dropped_with_its_file(user):
    story = illustrated_story(user, count=1)
    scene = story.scenes.get()
    job = Job.objects.create(owner=user, story=story, kind="scene_images")
    order = ImageOrder(scene=scene, request=ImageRequest(prompt="a fox"))
    first = store_image(job=job, story=story, order=order, image=picture())
    second = store_image(job=job, story=story, order=order, image=picture())
    assert first is not None and second is None
    assert StoryImage.objects.get() == first
    assert default_storage.listdir(f"stories/{story.pk}/images")[1] == [first.file.name.rsplit("/", 1)[-1]]


def test_a_job_redelivered_after_a_crash_finishes_without_duplicates(
    user, django_capture_on_commit_callbacks
):
    story = illustrated_story(user, count=3, target_audience="toddlers_2_4")
    with django_capture_on_commit_callbacks():
        job = start_scene_images(story=story)
    StoryImageFactory(scene=story.scenes.get(scene_id="scene_2"), job=job)
    running = claim_job(job.pk)
    run_scene_images(running)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert job.result["skipped"] == ["scene_2"]
    assert StoryImage.objects.count() == 3


def test_worker_threads_never_open_a_database_connection(api, user, settings):
    settings.IMAGE_CONCURRENCY = 4
    opened_by: list[str] = []

    def note(sender, connection, **kwargs):
        opened_by.append(threading.current_thread().name)

    connection_created.connect(note)
    try:
        story = illustrated_story(user, count=5, target_audience="toddlers_2_4")
        response = api.post(f"/api/stories/{story.pk}/generate-scene-images/")
    finally:
        connection_created.disconnect(note)
    assert api.get(response["Location"]).data["status"] == "succeeded"
    assert not [name for name in opened_by if name.startswith("illustrate")]


def test_deleting_a_picture_deletes_its_file_once_committed(user, django_capture_on_commit_callbacks):
    story = illustrated_story(user, count=2)
    image = StoryImageFactory(scene=story.scenes.first())
    name = image.file.name
    assert default_storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        story.delete()
    assert not default_storage.exists(name)
