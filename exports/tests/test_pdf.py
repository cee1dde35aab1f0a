import pytest
from django.core.files.base import ContentFile
from weasyprint import HTML

from exports.services import export_story
from exports.services.context import build_render_context
from exports.services.pdf import (
    BASE_FONT_SIZE_PT,
    StoredImageFetcher,
    print_rendition,
    print_renditions,
    print_stylesheet,
    render_pdf,
)
from exports.services.typography import typographic
from exports.tests.conftest import hostile_text
from exports.tests.pdf_reading import count_images, pdf_reader, pdf_text
from stories.audiences import Audience
from stories.tests.factories import story_with_scenes

pytestmark = pytest.mark.django_db


def test_pdf_has_a_title_page_a_chapter_per_scene_and_the_lessons(media, illustrated_story):
    payload = export_story(story=illustrated_story, format="pdf").file.read()

    reader = pdf_reader(payload)
    text = pdf_text(payload)
    assert len(reader.pages) >= 1 + 3 + 1
    facts = ["The Fox and the Moon", "Fantasy", "Young children (5-7)", "1 minute", "Fern", "Lessons learned"]
    for expected in facts:
        assert expected in text, expected
    for scene in illustrated_story.scenes.all():
        assert scene.title in text
    chapter_pages = [number for number, page in enumerate(reader.pages) if "CHAPTER" in page.extract_text()]
    assert len(chapter_pages) == 3
    assert [page.extract_text().split()[-1] for page in reader.pages[1:]] == [
        str(number) for number in range(2, len(reader.pages) + 1)
    ]
    assert count_images(payload) == 4


def test_pdf_without_images_embeds_none_not_even_the_cover(illustrated_story):
    payload = export_story(story=illustrated_story, format="pdf", include_images=False).file.read()

    assert count_images(payload) == 0
    assert "The Fox and the Moon" in pdf_text(payload)


def test_pdf_shows_hostile_story_text_as_text_and_fetches_nothing(user, tripwire_server):
    story = story_with_scenes(user, count=2, title='<b>Bold</b> & "quoted"')
    scene = story.scenes.first()
    scene.title = f'<img src="{tripwire_server.url}title.png">'
    scene.content = hostile_text(tripwire_server.url)
    scene.save()

    payload = render_pdf(build_render_context(story_id=story.pk), include_images=True)

    text = pdf_text(payload)
    unwrapped = "".join(text.split())
    assert typographic('<img src="file:///etc/passwd">') in text
    assert typographic(f'<imgsrc="{tripwire_server.url}pixel.png">') in unwrapped
    assert f"[this]({tripwire_server.url})" in unwrapped
    assert typographic('<b>Bold</b> & "quoted"') in text
    assert count_images(payload) == 0
    assert tripwire_server.hits == []


def test_fetcher_refuses_everything_but_the_storys_own_images(illustrated_story, tripwire_server):
    """The second wall: even markup that escaped the template could not load anything else."""
    context = build_render_context(story_id=illustrated_story.pk)
    own, other = context.cover, context.chapters[0].image
    fetcher = StoredImageFetcher({own.id: print_rendition(own)})
    markup = (
        f'<img src="genstory-image:{own.id}"><img src="genstory-image:{other.id}">'
        f'<img src="file:///etc/passwd"><img src="{tripwire_server.url}a.png">'
        '<img src="data:image/png;base64,iVBORw0KGgo="><img src="relative.png">'
        f'<link rel="stylesheet" href="{tripwire_server.url}s.css">'
        f"<style>@import url({tripwire_server.url}i.css);"
        " body { background: url(file:///etc/hosts) }</style>"
    )

    payload = HTML(string=markup, base_url=None, url_fetcher=fetcher).write_pdf()

    assert count_images(payload) == 1
    assert tripwire_server.hits == []
    refused_urls = ["file:///etc/passwd", tripwire_server.url, "data:image/png;base64,", "genstory-image:abc"]
    for refused in refused_urls:
        with pytest.raises(ValueError):
            fetcher.fetch(refused)


def test_younger_audiences_read_larger_print():
    sizes = [BASE_FONT_SIZE_PT[audience] for audience in Audience]
    assert sizes == sorted(sizes, reverse=True)
    assert "font-size: 20pt;" in print_stylesheet(Audience.TODDLERS_2_4)
    assert "font-size: 11pt;" in print_stylesheet(Audience.ADULTS_18_PLUS)


def test_print_renditions_are_jpeg_and_unreadable_images_are_left_out(illustrated_story):
    context = build_render_context(story_id=illustrated_story.pk)
    broken = context.chapters[0].image
    storage = illustrated_story.images.get(pk=broken.id).file.storage
    storage.delete(broken.storage_name)
    storage.save(broken.storage_name, ContentFile(b"not a picture"))

    renditions = print_renditions(context.illustrations)

    assert set(renditions) == {image.id for image in context.illustrations} - {broken.id}
    assert all(rendition.startswith(b"\xff\xd8\xff") for rendition in renditions.values())


def test_unicode_line_separators_and_unbroken_words_print_whole(user):
    """A space before U+2029 failed WeasyPrint's layout (500), and a long unbroken word ran off
    the page: every character of both must be on a page, inside its width."""
    story = story_with_scenes(user, count=2)
    word = "Supercalifragilistic" * 15
    scene = story.scenes.first()
    scene.content = f"The fox ran home \u2029 and slept.\u2028Then {word} was said."
    scene.save()

    payload = export_story(story=story, format="pdf").file.read()

    lines = [line for page in pdf_reader(payload).pages for line in (page.extract_text() or "").splitlines()]
    unhyphenated = "".join(line.rstrip("-\u2010") for line in lines)  # `hyphens: auto` may break it
    assert "".join(unhyphenated.split()).count(word) == 1
    assert max(len(line) for line in lines) < 100
    assert "The fox ran home" in pdf_text(payload) and "and slept." in pdf_text(payload)
