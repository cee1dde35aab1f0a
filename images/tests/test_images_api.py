"""Scene pictures through the API with the offline provider: jobs, listing, content, ownership."""

import base64
import io

import pytest
from django.core.files.storage import default_storage
from PIL import Image

from images.models import StoryImage
from jobs.models import Job, JobStatus
from stories.tests.factories import StoryFactory

from .factories import StoryImageFactory, illustrated_story

pytestmark = pytest.mark.django_db

PNG_MAGIC = b"\x89PNG"


def start(api, story_id, body=None, query=""):
    response = api.post(f"/api/stories/{story_id}/generate-scene-images/{query}", body or {}, format="json")
    return response


def finished_job(api, response):
    assert response.status_code == 202, response.data
    assert response["Location"] == f"/api/jobs/{response.data['id']}/"
    return api.get(response["Location"]).data


def assert_no_image_bytes_in_the_database():
    for row in StoryImage.objects.values():
        for value in row.values():
            text = str(value)
            assert "\\x89PNG" not in text and "iVBORw0KGgo" not in text and len(text) < 5000


def test_scene_pictures_are_drawn_stored_and_listed(media, api, user):
    story = illustrated_story(user, count=5, target_audience="toddlers_2_4")
    job = finished_job(api, start(api, story.pk))
    assert job["kind"] == "scene_images"
    assert job["status"] == "succeeded", job["error"]
    assert job["progress"] == {"done": 5, "total": 5}
    assert job["usage"]["images"] == 5
    result = job["result"]
    assert [entry["scene_id"] for entry in result["generated_images"]] == [f"scene_{n}" for n in range(1, 6)]
    assert result["skipped"] == [] and result["failed"] == []
    assert result["provider"] == "offline"

    listing = api.get(f"/api/stories/{story.pk}/images/")
    assert listing.status_code == 200
    assert [image["scene_id"] for image in listing.data] == [f"scene_{n}" for n in range(1, 6)]
    first = listing.data[0]
    assert set(first) == {
        "id",
        "scene_id",
        "image_type",
        "prompt",
        "width",
        "height",
        "content_url",
        "created_at",
    }
    assert first["image_type"] == "scene" and (first["width"], first["height"]) == (64, 64)
    assert first["content_url"] == f"/api/images/{first['id']}/content/"
    assert first["id"] == result["generated_images"][0]["image_id"]
    assert first["prompt"] == result["generated_images"][0]["prompt"]

    for image in StoryImage.objects.all():
        assert default_storage.exists(image.file.name)
        assert image.file.name.startswith(f"stories/{story.pk}/images/")
        with default_storage.open(image.file.name) as stored:
            assert stored.read(4) == PNG_MAGIC
    assert_no_image_bytes_in_the_database()
    assert media is None or media.keys() == {image.file.name for image in StoryImage.objects.all()}
    scenes = api.get(f"/api/stories/{story.pk}/").data["scenes"]
    assert [scene["image_id"] for scene in scenes] == [image["id"] for image in listing.data]


def test_each_scene_gets_its_own_picture(api, user):
    story = illustrated_story(user, count=3, target_audience="children_8_10")
    finished_job(api, start(api, story.pk))
    contents = {default_storage.open(image.file.name).read() for image in StoryImage.objects.all()}
    assert len(contents) == 3


def test_scenes_with_a_picture_are_skipped(api, user):
    story = illustrated_story(user, count=4, target_audience="toddlers_2_4")
    existing = StoryImageFactory(scene=story.scenes.get(scene_id="scene_3"))
    job = finished_job(api, start(api, story.pk))
    assert job["status"] == "succeeded"
    assert job["result"]["skipped"] == ["scene_3"]
    assert [entry["scene_id"] for entry in job["result"]["generated_images"]] == [
        "scene_1",
        "scene_2",
        "scene_4",
    ]
    assert StoryImage.objects.get(scene__scene_id="scene_3") == existing


def test_nothing_to_do_still_succeeds(api, user):
    story = illustrated_story(user, count=1)
    StoryImageFactory(scene=story.scenes.get())
    job = finished_job(api, start(api, story.pk))
    assert job["status"] == "succeeded"
    assert job["result"]["generated_images"] == [] and job["result"]["skipped"] == ["scene_1"]
    assert job["progress"] == {"done": 0, "total": 0}


@pytest.mark.parametrize("how", ["query", "body"])
def test_one_scene_can_be_illustrated(api, user, how):
    story = illustrated_story(user, count=8, target_audience="adults_18_plus")
    if how == "query":
        response = start(api, story.pk, query="?scene_id=scene_6")
    else:
        response = start(api, story.pk, body={"scene_id": "scene_6"})
    job = finished_job(api, response)
    assert job["status"] == "succeeded"
    assert [entry["scene_id"] for entry in job["result"]["generated_images"]] == ["scene_6"]
    assert list(StoryImage.objects.values_list("scene__scene_id", flat=True)) == ["scene_6"]


def test_the_route_answers_without_a_trailing_slash(api, user):
    story = illustrated_story(user, count=2)
    response = api.post(
        f"/api/stories/{story.pk}/generate-scene-images", {"scene_id": "scene_2"}, format="json"
    )
    assert response.status_code == 202
    assert api.get(f"/api/stories/{story.pk}/images").status_code == 200


def test_an_unknown_scene_is_404_and_starts_nothing(api, user):
    story = illustrated_story(user, count=3)
    response = start(api, story.pk, query="?scene_id=scene_42")
    assert response.status_code == 404
    assert "scene_42" in response.data["detail"]
    assert not Job.objects.filter(story=story).exists()


def test_a_story_without_scenes_is_409(api, user):
    story = StoryFactory(owner=user)
    response = start(api, story.pk)
    assert response.status_code == 409
    assert "no scenes" in response.data["detail"]


def test_a_busy_story_is_409(api, user):
    story = illustrated_story(user, count=2)
    Job.objects.create(owner=user, story=story, kind="generate", status=JobStatus.RUNNING)
    response = start(api, story.pk)
    assert response.status_code == 409
    assert "already queued or running" in response.data["detail"]


@pytest.mark.parametrize(
    "body", [{"cover": True, "scene_id": "scene_1"}, {"scene_id": ""}, {"cover": "perhaps"}, ["scene_1"]]
)
def test_bad_input_is_400(api, user, body):
    story = illustrated_story(user, count=2)
    response = api.post(f"/api/stories/{story.pk}/generate-scene-images/", body, format="json")
    assert response.status_code == 400


def test_the_cover_is_one_picture_for_the_whole_story(api, user):
    story = illustrated_story(user, count=4, cast={"Juniper": "red boots", "Pip": "a grey mouse"})
    job = finished_job(api, start(api, story.pk, body={"cover": True}))
    assert job["kind"] == "cover_image"
    assert job["status"] == "succeeded", job["error"]
    [entry] = job["result"]["generated_images"]
    assert entry["scene_id"] is None
    cover = StoryImage.objects.get(pk=entry["image_id"])
    assert cover.image_type == "cover" and cover.scene is None
    assert (
        story.title in cover.prompt
        and "Juniper: red boots." in cover.prompt
        and "Pip: a grey mouse." in cover.prompt
    )
    listing = api.get(f"/api/stories/{story.pk}/images/").data
    assert listing[0]["image_type"] == "cover" and listing[0]["scene_id"] is None

    again = finished_job(api, start(api, story.pk, body={"cover": True}))
    assert again["status"] == "succeeded" and again["result"]["skipped"] == [None]
    assert StoryImage.objects.filter(image_type="cover").count() == 1


def test_content_is_served_with_its_type_and_cache_headers(media, api, user):
    story = illustrated_story(user, count=1)
    finished_job(api, start(api, story.pk))
    image = StoryImage.objects.get()
    response = api.get(f"/api/images/{image.pk}/content/", HTTP_ACCEPT="image/png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    body = b"".join(response.streaming_content)
    assert body.startswith(PNG_MAGIC)
    assert Image.open(io.BytesIO(body)).size == (64, 64)
    assert response["Cache-Control"].startswith("private, max-age=")
    etag = response["ETag"]
    assert etag.startswith('"') and etag.endswith('"')

    cached = api.get(f"/api/images/{image.pk}/content/", HTTP_IF_NONE_MATCH=etag)
    assert cached.status_code == 304 and cached["ETag"] == etag and not cached.content
    weak = api.get(f"/api/images/{image.pk}/content/", HTTP_IF_NONE_MATCH=f'"other", W/{etag}')
    assert weak.status_code == 304
    stale = api.get(f"/api/images/{image.pk}/content/", HTTP_IF_NONE_MATCH='"something-else"')
    assert stale.status_code == 200


def test_webp_pictures_keep_their_content_type(api, user):
    story = illustrated_story(user, count=1)
    image = StoryImageFactory(scene=story.scenes.get(), content_type="image/webp")
    response = api.get(f"/api/images/{image.pk}/content/")
    assert response["Content-Type"] == "image/webp"


def test_images_of_another_user_are_not_found(api, other_api, user, anonymous_api):
    story = illustrated_story(user, count=1)
    image = StoryImageFactory(scene=story.scenes.get())
    assert other_api.get(f"/api/images/{image.pk}/content/").status_code == 404
    assert other_api.get(f"/api/stories/{story.pk}/images/").status_code == 404
    assert start(other_api, story.pk).status_code == 404
    assert anonymous_api.get(f"/api/images/{image.pk}/content/").status_code == 401
    assert anonymous_api.get(f"/api/stories/{story.pk}/images/").status_code == 401
    assert api.get("/api/images/999999/content/").status_code == 404
    assert not Job.objects.exists()


def test_staff_may_read_any_image(user, django_user_model):
    from conftest import client_for

    story = illustrated_story(user, count=1)
    image = StoryImageFactory(scene=story.scenes.get())
    editor = django_user_model.objects.create_user(
        username="editor", password="x-long-password-1", is_staff=True
    )
    assert client_for(editor).get(f"/api/images/{image.pk}/content/").status_code == 200


def test_a_missing_file_is_404_not_500(media, api, user):
    story = illustrated_story(user, count=1)
    image = StoryImageFactory(scene=story.scenes.get())
    default_storage.delete(image.file.name)
    response = api.get(f"/api/images/{image.pk}/content/")
    assert response.status_code == 404 and "missing" in response.json()["detail"]


def test_the_list_needs_a_fixed_number_of_queries(api, user, django_assert_max_num_queries):
    story = illustrated_story(user, count=6, target_audience="toddlers_2_4")
    finished_job(api, start(api, story.pk))
    with django_assert_max_num_queries(4):
        assert len(api.get(f"/api/stories/{story.pk}/images/").data) == 6


def test_a_redelivered_job_does_nothing_twice(api, user):
    from images.tasks import scene_images_task

    story = illustrated_story(user, count=3, target_audience="toddlers_2_4")
    job = finished_job(api, start(api, story.pk))
    scene_images_task.delay(job["id"])
    assert StoryImage.objects.count() == 3
    assert api.get(f"/api/jobs/{job['id']}/").data["result"] == job["result"]


def test_base64_of_the_picture_is_not_in_the_job_result(api, user):
    story = illustrated_story(user, count=1)
    job = finished_job(api, start(api, story.pk))
    image = StoryImage.objects.get()
    encoded = base64.b64encode(default_storage.open(image.file.name).read()).decode()
    assert encoded[:40] not in str(job)
