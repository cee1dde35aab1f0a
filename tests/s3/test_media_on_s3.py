"""The whole life of a story's media on S3, on real services: PostgreSQL, Redis, a Celery
worker process and the local S3 server, with nothing on the local disk.

The worker writes the story, draws its pictures and reads it aloud into the bucket; the web
side (this process) serves them, renders every export from the bucket and caches it there;
deleting the story empties its part of the bucket. Objects are listed through the S3 API.
"""

from __future__ import annotations

import io
import zipfile

import pytest

from conftest import client_for
from exports.models import ExportArtifact
from exports.tests.pdf_reading import count_images
from images.models import StoryImage
from jobs.models import JobStatus
from narration.models import SceneNarration
from tests.waiting import wait_for_jobs

pytestmark = [pytest.mark.services]


def run_job(api, worker, path: str, body: dict | None = None) -> dict:
    accepted = api.post(path, body or {}, format="json")
    assert accepted.status_code == 202, accepted.content[:500]
    (job,) = wait_for_jobs([accepted.data["id"]], timeout=180, poll=0.2)
    assert job.status == JobStatus.SUCCEEDED, job.error + worker.log()[-3000:]
    return api.get(f"/api/jobs/{job.pk}/").data


def download(api, path: str) -> bytes:
    response = api.get(path)
    assert response.status_code == 200, response.content[:500]
    return b"".join(response.streaming_content)


def test_a_story_lives_and_dies_in_the_bucket(worker_on_s3, media_on_s3, django_user_model, settings):
    owner = django_user_model.objects.create_user(username="s3-owner", password="x-strong-pass-9")
    api = client_for(owner)
    story_id = api.post(
        "/api/stories/",
        {
            "title": "Pip and the Moon",
            "description": "A mouse wants to touch the moon.",
            "target_audience": "toddlers_2_4",
        },
    ).data["id"]
    base = f"/api/stories/{story_id}"
    run_job(api, worker_on_s3, f"{base}/content/")
    run_job(api, worker_on_s3, f"{base}/generate-scene-images/")
    run_job(api, worker_on_s3, f"{base}/generate-scene-images/", {"cover": True})
    run_job(api, worker_on_s3, f"{base}/narrate/")

    # The worker stored every picture and reading in the bucket, under the story's prefix.
    prefix = f"stories/{story_id}/"
    pictures = list(StoryImage.objects.filter(story_id=story_id))
    readings = list(SceneNarration.objects.filter(story_id=story_id))
    scene_count = len(api.get(base + "/").data["scenes"])
    assert len(pictures) == scene_count + 1 and len(readings) == scene_count
    stored = media_on_s3.keys(prefix)
    assert {row.file.name for row in [*pictures, *readings]} == stored
    assert not (settings.MEDIA_ROOT / "stories").exists()

    # The web side serves them from the bucket: whole, and audio by Range.
    cover = next(picture for picture in pictures if picture.image_type == "cover")
    assert download(api, f"/api/images/{cover.pk}/content/") == media_on_s3.read(cover.file.name)
    audio = media_on_s3.read(readings[0].file.name)
    part = api.get(f"/api/narration/{readings[0].pk}/content/", HTTP_RANGE="bytes=10-99")
    assert part.status_code == 206 and part.content == audio[10:100]
    assert part["Content-Range"] == f"bytes 10-99/{len(audio)}"

    # Every export reads the pictures (and audio) from the bucket and embeds them.
    pdf = download(api, f"{base}/export/pdf/")
    assert count_images(pdf) == len(pictures)
    assert count_images(download(api, f"{base}/export/pdf/?include_images=false")) == 0
    with zipfile.ZipFile(io.BytesIO(download(api, f"{base}/export/epub/"))) as book:
        embedded = {book.read(name) for name in book.namelist() if name.startswith("EPUB/images/")}
    assert embedded == {media_on_s3.read(picture.file.name) for picture in pictures}
    with zipfile.ZipFile(io.BytesIO(download(api, f"{base}/export/epub/?narration=true"))) as book:
        voiced = {book.read(name) for name in book.namelist() if name.startswith("EPUB/audio/")}
    assert voiced == {media_on_s3.read(reading.file.name) for reading in readings}
    with zipfile.ZipFile(io.BytesIO(download(api, f"{base}/export/markdown/?bundle=true"))) as bundle:
        bundled = {bundle.read(name) for name in bundle.namelist() if not name.endswith(".md")}
    assert bundled == {media_on_s3.read(picture.file.name) for picture in pictures}
    assert b"![" in download(api, f"{base}/export/markdown/")

    # The export cache lives in the bucket too, and a second download is served from it.
    artifacts = list(ExportArtifact.objects.filter(story_id=story_id))
    assert len(artifacts) == 6
    assert {artifact.file.name for artifact in artifacts} == media_on_s3.keys(f"{prefix}exports/")
    assert download(api, f"{base}/export/pdf/") == pdf
    assert ExportArtifact.objects.filter(story_id=story_id).count() == 6

    # Deleting the story removes every object it had, once the delete has committed.
    assert api.delete(base + "/").status_code == 204
    assert media_on_s3.keys(prefix) == set()
    assert len(stored) == 2 * scene_count + 1
