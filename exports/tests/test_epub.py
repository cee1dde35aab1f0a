import io
import zipfile

import pytest
from lxml import etree

from exports.services import export_story
from exports.services.context import build_render_context
from exports.services.epub import book_identifier, render_epub
from exports.tests.conftest import epubcheck_reports, hostile_text, problems
from exports.tests.factories import illustrate
from stories.tests.factories import story_with_scenes

pytestmark = pytest.mark.django_db

XHTML = {"x": "http://www.w3.org/1999/xhtml"}
OPF = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/"}


def read_book(payload: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(payload)) as book:
        return {name: book.read(name) for name in book.namelist()}


def test_epubs_pass_epubcheck_without_errors_or_warnings(illustrated_story, django_user_model, tmp_path):
    """With a cover, with scene images only (the first becomes the cover), and without any image."""
    owner = django_user_model.objects.create_user(username="plain", first_name="Ada", last_name="Lovelace")
    scenes_only = story_with_scenes(owner, count=2, title="Scenes only")
    illustrate(scenes_only, cover=False)
    no_images = story_with_scenes(owner, count=2, title="No pictures")
    books = {
        "cover": export_story(story=illustrated_story, format="epub"),
        "scenes-only": export_story(story=scenes_only, format="epub"),
        "no-images": export_story(story=no_images, format="epub"),
    }
    paths = {}
    for name, artifact in books.items():
        paths[name] = tmp_path / f"{name}.epub"
        paths[name].write_bytes(artifact.file.read())

    reports = epubcheck_reports(*paths.values())

    for name, path in paths.items():
        assert problems(reports[path]) == [], name
        assert reports[path]["checker"]["nFatal"] + reports[path]["checker"]["nError"] == 0
    assert reports[paths["cover"]]["publication"]["nSpines"] == 1 + 1 + 3 + 1
    opf = etree.fromstring(read_book(paths["scenes-only"].read_bytes())["EPUB/content.opf"])
    assert opf.xpath("//dc:creator/text()", namespaces=OPF) == ["Ada Lovelace"]
    cover = opf.xpath("//opf:item[@properties='cover-image']", namespaces=OPF)
    assert len(cover) == 1 and cover[0].get("href").startswith("images/")
    no_images_book = read_book(paths["no-images"].read_bytes())
    assert not [name for name in no_images_book if name.startswith("EPUB/images/")]


def test_epub_has_metadata_a_chapter_per_scene_and_images(media, illustrated_story):
    book = read_book(export_story(story=illustrated_story, format="epub").file.read())

    opf = etree.fromstring(book["EPUB/content.opf"])
    assert opf.xpath("//dc:title/text()", namespaces=OPF) == ["The Fox and the Moon"]
    assert opf.xpath("//dc:language/text()", namespaces=OPF) == ["en"]
    assert (
        opf.xpath("//dc:creator/text()", namespaces=OPF) == []
    )  # no full name: no creator, never the login name
    assert opf.xpath("//dc:identifier/text()", namespaces=OPF) == [
        book_identifier(story_id=illustrated_story.pk, version=illustrated_story.version)
    ]
    chapters = sorted(name for name in book if name.startswith("EPUB/chapter-"))
    assert len(chapters) == 3
    for chapter, scene in zip(chapters, illustrated_story.scenes.all(), strict=True):
        page = etree.fromstring(book[chapter])
        assert page.xpath("string(//x:h2)", namespaces=XHTML) == scene.title
        [image] = page.xpath("//x:img", namespaces=XHTML)
        assert f"EPUB/{image.get('src')}" in book
    assert {"EPUB/nav.xhtml", "EPUB/toc.ncx", "EPUB/styles/story.css", "EPUB/lessons.xhtml"} <= set(book)


def test_epub_identifier_is_stable_per_version():
    assert book_identifier(story_id=7, version=2) == book_identifier(story_id=7, version=2)
    assert book_identifier(story_id=7, version=2) != book_identifier(story_id=7, version=3)
    assert book_identifier(story_id=7, version=2).startswith("urn:uuid:")


def test_epub_escapes_hostile_story_text(user, tripwire_server):
    story = story_with_scenes(user, count=1, title="<script>alert(1)</script>")
    scene = story.scenes.get()
    scene.content = hostile_text(tripwire_server.url)
    scene.save()

    book = read_book(render_epub(build_render_context(story_id=story.pk), include_images=True))

    chapter = book["EPUB/chapter-01.xhtml"]
    assert b'&lt;img src="file:///etc/passwd"&gt;' in chapter
    page = etree.fromstring(chapter)
    injected = "//x:img | //x:a | //x:link[not(@rel='stylesheet')] | //x:style | //x:script"
    assert page.xpath(injected, namespaces=XHTML) == []
    assert '<img src="file:///etc/passwd">' in page.xpath("string(//x:body)", namespaces=XHTML)
    assert b"<script>" not in book["EPUB/title.xhtml"] and b"&lt;script&gt;" in book["EPUB/title.xhtml"]
    assert tripwire_server.hits == []


def test_an_image_whose_file_is_gone_is_left_out_not_fatal(illustrated_story):
    lost = illustrated_story.scenes.get(scene_number=2).images.get()
    lost.file.storage.delete(lost.file.name)

    book = read_book(export_story(story=illustrated_story, format="epub").file.read())

    images = {name for name in book if name.startswith("EPUB/images/")}
    assert len(images) == 3 and f"EPUB/images/illustration-{lost.pk}.png" not in images
    assert b"<img" not in book["EPUB/chapter-02.xhtml"]
