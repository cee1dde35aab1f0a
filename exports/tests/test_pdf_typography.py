"""PDF and EPUB print every character with our own fonts; the PDF leaves no nearly empty pages."""

import io
import zipfile

import pytest
from fontTools.ttLib import TTFont

from exports.services import export_story, fonts
from exports.services.context import build_render_context
from exports.services.pdf import StoredImageFetcher, _lay_out, chapters_ending_nearly_empty, print_renditions
from exports.tests.conftest import epubcheck_reports, problems
from exports.tests.factories import illustrate
from exports.tests.pdf_reading import pdf_reader, pdf_text
from stories.tests.factories import StoryCharacterFactory, story_with_scenes

pytestmark = pytest.mark.django_db
TITLE = "Zoë und der Mond 月の夜 🌙"


def embedded_fonts(payload: bytes) -> set[str]:
    names = set()
    for page in pdf_reader(payload).pages:
        for font in (page.get("/Resources") or {}).get("/Font", {}).values():
            names.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    return names


def test_accents_cjk_and_emoji_print_with_real_glyphs_from_our_fonts(user):
    story = story_with_scenes(user, count=2, title=TITLE)
    StoryCharacterFactory(story=story, character__name="Zoë", role="Heldin")

    payload = export_story(story=story, format="pdf").file.read()

    assert TITLE in pdf_text(payload)
    used = embedded_fonts(payload)
    assert {"GenStory-Sans-Bold", "GenStory-CJK-Bold", "GenStory-Emoji-Bold", "GenStory-Serif"} <= used, used
    assert not [name for name in used if not name.startswith("GenStory-")], used


def test_a_latin_story_loads_no_cjk_or_emoji_face(user):
    assert [face.name for face in fonts.needed("Zoë und der Mond")] == ["serif", "sans"]
    assert {face.name for face in fonts.needed(TITLE)} == {"serif", "sans", "symbols", "emoji", "cjk"}


def test_the_fetcher_serves_our_fonts_and_no_other_file():
    fetcher = StoredImageFetcher({})
    assert fetcher.fetch("genstory-font:cjk").read(4) == b"OTTO"
    with pytest.raises(ValueError):
        fetcher.fetch("genstory-font:../../etc/passwd")


def test_a_chapter_that_would_end_on_a_nearly_empty_page_is_tightened(user):
    story = story_with_scenes(user, count=1, title="Probe")
    illustrate(story)
    scene = story.scenes.get()
    scene.content = "\n\n".join(["The fox ran up the hill and the moon was big and bright. " * 3] * 7)
    scene.save()
    context = build_render_context(story_id=story.pk)
    fetcher = StoredImageFetcher(print_renditions(context.illustrations))
    loose = _lay_out(context, fetcher=fetcher, include_images=True, compact=set())
    assert chapters_ending_nearly_empty(loose) == {1}

    payload = export_story(story=story, format="pdf").file.read()

    assert len(pdf_reader(payload).pages) == len(loose.pages) - 1
    assert "The fox ran up the hill" in pdf_text(payload)


def test_the_epub_carries_subsets_of_our_fonts_for_every_character(user, tmp_path):
    story = story_with_scenes(user, count=2, title=TITLE)
    path = tmp_path / "book.epub"
    path.write_bytes(export_story(story=story, format="epub").file.read())

    book = zipfile.ZipFile(path)
    names = set(book.namelist())
    assert {"EPUB/fonts/serif.ttf", "EPUB/fonts/cjk.otf", "EPUB/fonts/emoji.ttf"} <= names, names
    covered = set()
    for name in ("serif.ttf", "sans.ttf", "cjk.otf", "emoji.ttf"):
        face = TTFont(io.BytesIO(book.read(f"EPUB/fonts/{name}")))
        covered |= set(face.getBestCmap())
        assert len(book.read(f"EPUB/fonts/{name}")) < 300_000, name
    assert {ord(character) for character in TITLE if not character.isspace()} <= covered
    assert 'font-family: "GenStory CJK"' in book.read("EPUB/styles/story.css").decode()
    assert problems(epubcheck_reports(path)[path]) == []
