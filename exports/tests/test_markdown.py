import pytest

from exports.services import export_story
from exports.services.context import build_render_context
from exports.services.markdown import escape_markdown, render_markdown
from exports.tests.conftest import hostile_text
from stories.tests.factories import story_with_scenes

pytestmark = pytest.mark.django_db


def test_markdown_has_title_metadata_chapters_images_and_lessons(illustrated_story):
    text = export_story(
        story=illustrated_story, format="markdown", base_url="https://stories.example/"
    ).file.read()
    lines = text.decode().splitlines()
    assert lines[0] == "# The Fox and the Moon"
    assert "*Genre: Fantasy · Audience: Young children (5-7) · Reading time: 1 minute*" in lines
    assert "**Characters:** Fern (protagonist)" in lines
    cover = illustrated_story.images.get(image_type="cover")
    assert (
        f"![Cover of The Fox and the Moon](https://stories.example/api/images/{cover.pk}/content/)" in lines
    )
    for number, scene in enumerate(illustrated_story.scenes.all(), start=1):
        heading = f"## Chapter {number}: {scene.title}"
        image_link = f"![Illustration: {scene.title}](https://stories.example/api/images/{scene.images.get().pk}/content/)"
        assert lines[lines.index(heading) + 2] == image_link
        assert scene.content in lines
    assert lines[lines.index("## Lessons Learned") + 2] == "- Be kind."


def test_markdown_without_images_has_no_image_links(user):
    story = story_with_scenes(user, count=2, title="Plain")

    text = export_story(story=story, format="markdown").file.read().decode()

    assert "![" not in text and "/api/images/" not in text
    assert "## Chapter 2: Scene 2" in text


def test_markdown_shows_hostile_story_text_as_text(user, tripwire_server):
    story = story_with_scenes(user, count=1, title="# <b>Loud</b> [title](http://example.com)")
    scene = story.scenes.get()
    scene.content = hostile_text(tripwire_server.url) + "\n\n1. not a list\n- nor this\n=== nor a heading"
    scene.save()

    text = render_markdown(build_render_context(story_id=story.pk), include_images=True).decode()

    assert text.startswith("# \\# &lt;b&gt;Loud&lt;/b&gt; \\[title\\](http://example.com)\n")
    assert 'A fox found &lt;img src="file:///etc/passwd"&gt; under a stone.' in text
    assert f"\\[this\\]({tripwire_server.url})" in text
    assert f"!\\[that\\]({tripwire_server.url}img.png)" in text
    assert "<" not in text
    assert "\n1\\. not a list\n\\- nor this\n\\=== nor a heading\n" in text
    assert tripwire_server.hits == []


@pytest.mark.parametrize(
    ("story_text", "escaped"),
    [
        ("Hello! (yes)", "Hello! (yes)"),
        ("*bold* _it_ `code` ~~gone~~ a|b", "\\*bold\\* \\_it\\_ \\`code\\` \\~\\~gone\\~\\~ a\\|b"),
        ("back\\slash & <tag>", "back\\\\slash &amp; &lt;tag&gt;"),
        ("+ item", "\\+ item"),
        ("2) item", "2\\) item"),
        ("10.5 apples", "10.5 apples"),
    ],
)
def test_escape_markdown(story_text, escaped):
    assert escape_markdown(story_text) == escaped
