import pytest

from exports.models import ExportArtifact
from exports.tests.pdf_reading import count_images, pdf_text
from stories.tests.factories import StoryFactory, story_with_scenes

pytestmark = pytest.mark.django_db


def export_url(story, kind: str) -> str:
    return f"/api/stories/{story.pk}/export/{kind}/"


def body(response) -> bytes:
    return response.getvalue()


@pytest.mark.parametrize(
    ("kind", "content_type", "filename"),
    [
        ("markdown", "text/markdown; charset=utf-8", "the-fox-and-the-moon.md"),
        ("epub", "application/epub+zip", "the-fox-and-the-moon.epub"),
    ],
)
def test_exports_download_as_attachments_named_after_the_title(
    api, illustrated_story, kind, content_type, filename
):
    response = api.get(export_url(illustrated_story, kind))

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert int(response["Content-Length"]) == len(body(response)) > 0


def test_pdf_export_answers_a_pdf_and_honours_include_images(api, illustrated_story):
    with_images = api.get(export_url(illustrated_story, "pdf"), HTTP_ACCEPT="application/pdf")
    without_images = api.get(export_url(illustrated_story, "pdf"), {"include_images": "false"})

    assert with_images.status_code == without_images.status_code == 200
    assert with_images["Content-Type"] == "application/pdf"
    assert with_images["Content-Disposition"] == 'attachment; filename="the-fox-and-the-moon.pdf"'
    assert count_images(body(with_images)) == 4
    assert count_images(body(without_images)) == 0
    assert ExportArtifact.objects.filter(story=illustrated_story, format="pdf").count() == 2


def test_a_bad_include_images_value_is_a_400_that_says_what_is_allowed(api, illustrated_story):
    response = api.get(export_url(illustrated_story, "pdf"), {"include_images": "maybe"})

    assert response.status_code == 400
    assert response.json() == {"include_images": ['include_images must be "true" or "false".']}


def test_second_download_is_served_from_the_cache(api, illustrated_story, django_assert_max_num_queries):
    first = api.get(export_url(illustrated_story, "markdown"))
    artifact = ExportArtifact.objects.get()

    with django_assert_max_num_queries(5):
        second = api.get(export_url(illustrated_story, "markdown"))

    assert body(second) == body(first)
    assert ExportArtifact.objects.get() == artifact
    assert ExportArtifact.objects.get().file.name == artifact.file.name


def test_a_new_version_renders_anew_and_drops_the_old_file(media, api, illustrated_story):
    first = api.get(export_url(illustrated_story, "pdf"))
    old = ExportArtifact.objects.get()

    edit = api.patch(f"/api/stories/{illustrated_story.pk}/scenes/scene_2/", {"title": "The Owl Wakes"})
    second = api.get(export_url(illustrated_story, "pdf"))

    assert edit.status_code == 200
    new = ExportArtifact.objects.get()
    assert (old.version, new.version) == (1, 2)
    assert "The Owl Wakes" in pdf_text(body(second)) and "The Owl Wakes" not in pdf_text(body(first))
    assert not old.file.storage.exists(old.file.name)


def test_a_story_without_scenes_cannot_be_exported(api, user):
    story = StoryFactory(owner=user)

    for kind in ("pdf", "epub", "markdown"):
        response = api.get(export_url(story, kind), HTTP_ACCEPT="application/pdf")
        assert response.status_code == 409, kind
        assert "no scenes" in response.json()["detail"]
    assert not ExportArtifact.objects.exists()


def test_another_users_story_is_not_found_and_the_anonymous_must_sign_in(other_api, anonymous_api, user):
    story = story_with_scenes(user, count=1)

    for kind in ("pdf", "epub", "markdown"):
        assert other_api.get(export_url(story, kind)).status_code == 404
        assert anonymous_api.get(export_url(story, kind)).status_code == 401
    assert other_api.get(export_url(story, "pdf"), {"include_images": "maybe"}).status_code == 404
    assert not ExportArtifact.objects.exists()


@pytest.mark.parametrize(
    ("title", "filename"),
    [("Ünïcode & Friends!", "unicode-friends.md"), ("", "story.md"), ("???", "story.md")],
)
def test_download_name_is_the_slug_of_the_title_or_story(api, user, title, filename):
    story = story_with_scenes(user, count=1, title=title)

    response = api.get(export_url(story, "markdown").rstrip("/"))

    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'


@pytest.mark.parametrize("kind", ["pdf", "epub", "markdown"])
def test_text_stored_with_control_characters_still_exports(api, user, kind):
    """The API refuses control characters now; text stored before it did must not break exports."""
    story = story_with_scenes(user, title="The Fox\x01 and the Moon")
    scene = story.scenes.get(scene_number=1)
    scene.content = "The fox\x0b looked up.\x1f The moon smiled\x08 back."
    scene.save()
    response = api.get(export_url(story, kind))
    assert response.status_code == 200
    printed = body(response)
    if kind == "markdown":
        assert "The fox looked up. The moon smiled back." in printed.decode()
        assert not any(chr(code) in printed.decode() for code in (1, 8, 11, 31))
