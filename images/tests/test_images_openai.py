"""Scene pictures with the openai provider: the real SDK over HTTP against the local fake server."""

import time

import pytest
from django.core.files.storage import default_storage

from images.models import StoryImage
from jobs.models import Job
from tests.fake_openai import rate_limit, respond, server_error

from .factories import illustrated_story
from .test_images_api import finished_job, start

pytestmark = pytest.mark.django_db

BAD_PROMPT = respond(400, {"error": {"message": "Your prompt was rejected", "type": "invalid_request_error"}})


def test_pictures_come_from_the_image_model(api, user, fake_openai):
    story = illustrated_story(user, count=4, target_audience="toddlers_2_4")
    job = finished_job(api, start(api, story.pk))
    assert job["status"] == "succeeded", job["error"]
    assert job["provider"] == "openai" and job["result"]["model"] == "gpt-image-1"
    assert job["usage"]["images"] == 4
    assert float(job["usage"]["estimated_cost_usd"]) == pytest.approx(0.16)
    requests = fake_openai.requests_for("images")
    assert len(requests) == 4
    assert {request.body["size"] for request in requests} == {"64x64"}
    assert {request.body["prompt"] for request in requests} == set(
        StoryImage.objects.values_list("prompt", flat=True)
    )
    for image in StoryImage.objects.all():
        assert (image.width, image.height) == (8, 8)
        assert image.content_type == "image/png" and image.model == "gpt-image-1"
        assert default_storage.exists(image.file.name)


def test_one_rejected_picture_does_not_lose_the_others(api, user, fake_openai, settings):
    settings.IMAGE_CONCURRENCY = 1
    story = illustrated_story(user, count=3, target_audience="toddlers_2_4")
    fake_openai.enqueue("images", BAD_PROMPT)
    job = finished_job(api, start(api, story.pk))
    assert job["status"] == "succeeded", job["error"]
    result = job["result"]
    assert [entry["scene_id"] for entry in result["generated_images"]] == ["scene_2", "scene_3"]
    [failure] = result["failed"]
    assert failure["scene_id"] == "scene_1" and "400" in failure["error"] and "rejected" in failure["error"]
    assert fake_openai.count("images") == 3
    assert sorted(StoryImage.objects.values_list("scene__scene_id", flat=True)) == ["scene_2", "scene_3"]
    assert job["usage"]["images"] == 2
    assert len(default_storage.listdir(f"stories/{story.pk}/images")[1]) == 2


def test_a_picture_that_fails_every_attempt_is_listed_as_failed(api, user, fake_openai, settings):
    settings.IMAGE_MAX_ATTEMPTS = 3
    settings.IMAGE_CONCURRENCY = 1
    story = illustrated_story(user, count=4, target_audience="toddlers_2_4")
    fake_openai.enqueue("images", server_error(), server_error(), server_error())
    job = finished_job(api, start(api, story.pk))
    assert job["status"] == "succeeded", job["error"]
    [failure] = job["result"]["failed"]
    assert failure["scene_id"] == "scene_1" and "after 3 attempts" in failure["error"]
    assert len(job["result"]["generated_images"]) == 3
    assert fake_openai.count("images") == 6


def test_failures_while_drawing_concurrently_keep_the_rest(api, user, fake_openai):
    story = illustrated_story(user, count=6, target_audience="toddlers_2_4")
    fake_openai.enqueue("images", BAD_PROMPT)
    job = finished_job(api, start(api, story.pk))
    result = job["result"]
    assert len(result["failed"]) == 1 and len(result["generated_images"]) == 5
    failed_scene = result["failed"][0]["scene_id"]
    assert not StoryImage.objects.filter(scene__scene_id=failed_scene).exists()
    assert StoryImage.objects.count() == 5


def test_a_rate_limited_picture_is_retried_then_made(api, user, fake_openai):
    story = illustrated_story(user, count=2, target_audience="toddlers_2_4")
    fake_openai.enqueue("images", rate_limit(retry_after=0.01))
    job = finished_job(api, start(api, story.pk))
    assert job["status"] == "succeeded", job["error"]
    assert job["result"]["failed"] == [] and len(job["result"]["generated_images"]) == 2
    assert fake_openai.count("images") == 3
    assert job["attempts"] == 1


def test_the_server_retry_after_is_respected(api, user, fake_openai, settings):
    settings.IMAGE_CONCURRENCY = 1
    story = illustrated_story(user, count=1)
    fake_openai.enqueue("images", rate_limit(retry_after=0.3))
    started = time.monotonic()
    job = finished_job(api, start(api, story.pk))
    assert job["status"] == "succeeded"
    assert time.monotonic() - started >= 0.3


def test_when_every_picture_fails_the_job_fails_and_nothing_is_kept(api, user, fake_openai):
    story = illustrated_story(user, count=3, target_audience="toddlers_2_4")
    fake_openai.enqueue("images", BAD_PROMPT, BAD_PROMPT, BAD_PROMPT)
    job = finished_job(api, start(api, story.pk))
    assert job["status"] == "failed"
    assert "No picture could be made (3 failed)" in job["error"] and "rejected" in job["error"]
    assert not StoryImage.objects.exists()
    assert not default_storage.exists(f"stories/{story.pk}/images")
    assert Job.objects.get(pk=job["id"]).result is None


def test_pictures_are_drawn_concurrently(api, user, fake_openai, settings):
    settings.IMAGE_CONCURRENCY = 8
    fake_openai.set_latency("images", 0.25)
    story = illustrated_story(user, count=6, target_audience="toddlers_2_4")
    job = finished_job(api, start(api, story.pk))
    assert job["status"] == "succeeded"
    assert fake_openai.max_images_in_flight > 1
