import pytest
from django.core.files.base import ContentFile

from exports.models import ExportArtifact
from exports.services import export_story
from exports.services.cache import _store
from exports.services.context import build_render_context
from exports.tests.factories import StoryImageFactory, illustrate
from images.models import ImageType
from stories.tests.factories import story_with_scenes

pytestmark = pytest.mark.django_db


def test_a_cache_hit_reads_no_story_content(illustrated_story, django_assert_max_num_queries):
    first = export_story(story=illustrated_story, format="markdown")

    # The key's parts (art, cast and byline) and the artifact: no scene is read.
    with django_assert_max_num_queries(3):
        second = export_story(story=illustrated_story, format="markdown")

    assert second == first


def test_the_render_context_is_one_read_whatever_the_scene_count(user, django_assert_num_queries):
    story = story_with_scenes(user, count=8)
    illustrate(story)

    with django_assert_num_queries(6):  # story, cast, scenes, their pictures, covers, shared pictures
        context = build_render_context(story_id=story.pk)

    assert len(context.chapters) == 8
    assert all(chapter.image for chapter in context.chapters) and context.cover


def test_new_art_misses_the_cache_without_a_new_version(illustrated_story):
    before = export_story(story=illustrated_story, format="markdown")
    without_images = export_story(story=illustrated_story, format="markdown", include_images=False)
    old_cover = illustrated_story.images.get(image_type=ImageType.COVER)
    old_cover.delete()
    new_cover = StoryImageFactory(story=illustrated_story, image_type=ImageType.COVER)

    after = export_story(story=illustrated_story, format="markdown")

    assert after.pk != before.pk and after.version == before.version
    assert f"/api/images/{new_cover.pk}/content/" in after.file.read().decode()
    assert set(ExportArtifact.objects.values_list("pk", flat=True)) == {after.pk, without_images.pk}


def test_two_first_renders_at_once_keep_one_artifact(illustrated_story):
    """The loser of the unique-row race serves the winner's file and removes its own."""
    context = build_render_context(story_id=illustrated_story.pk)
    winner = _store(context=context, format="markdown", options="images=0", payload=b"# first")

    loser = _store(context=context, format="markdown", options="images=0", payload=b"# second")

    assert loser == winner
    assert ExportArtifact.objects.count() == 1
    assert loser.file.read() == b"# first"
    stored = winner.file.storage.listdir(f"stories/{illustrated_story.pk}/exports")[1]
    assert stored == [winner.file.name.rsplit("/", 1)[1]]


def test_a_lost_file_is_rendered_again(illustrated_story):
    first = export_story(story=illustrated_story, format="markdown")
    first.file.storage.delete(first.file.name)

    again = export_story(story=illustrated_story, format="markdown")

    assert again.pk != first.pk
    assert again.file.read().startswith(b"# The Fox and the Moon")


def test_a_late_render_of_an_old_version_keeps_the_newer_artifact(illustrated_story):
    context = build_render_context(story_id=illustrated_story.pk)
    newer = ExportArtifact(
        story=illustrated_story,
        version=context.version + 1,
        format="markdown",
        options="images=0",
        size=3,
        content_type="text/markdown; charset=utf-8",
    )
    newer.file.save("newer.md", ContentFile(b"new"), save=True)

    late = export_story(story=illustrated_story, format="markdown", include_images=False)

    assert late.version == context.version
    assert set(ExportArtifact.objects.values_list("pk", flat=True)) == {late.pk, newer.pk}


def test_admin_lists_artifacts_read_only(admin_client, illustrated_story):
    artifact = export_story(story=illustrated_story, format="markdown")

    listing = admin_client.get("/admin/exports/exportartifact/")

    assert listing.status_code == 200 and str(illustrated_story).encode() in listing.content
    assert admin_client.get("/admin/exports/exportartifact/add/").status_code == 403
    assert admin_client.get(f"/admin/exports/exportartifact/{artifact.pk}/delete/").status_code == 403


def test_a_renamed_character_misses_the_cache_without_a_new_version(illustrated_story):
    member = illustrated_story.story_characters.select_related("character").first()
    old_name = member.character.name
    before = export_story(story=illustrated_story, format="markdown")
    assert old_name in before.file.read().decode()

    member.character.name = "Zoë Moonwhisker"
    member.character.save()
    after = export_story(story=illustrated_story, format="markdown")

    assert after.version == before.version and after.pk != before.pk
    shown = after.file.read().decode()
    assert "Zoë Moonwhisker" in shown and old_name not in shown
    assert not ExportArtifact.objects.filter(pk=before.pk).exists()


def test_a_new_appearance_misses_the_cache_too(illustrated_story):
    member = illustrated_story.story_characters.select_related("character").first()
    before = export_story(story=illustrated_story, format="pdf", include_images=False)
    member.character.appearance = "a tall heron in a blue coat"
    member.character.save()
    assert export_story(story=illustrated_story, format="pdf", include_images=False).pk != before.pk
