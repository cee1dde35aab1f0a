"""Exports in the story's language: lang and direction on every document, fonts for every script,
hyphenation, epubcheck-clean EPUBs (plain and read-along) and a cache keyed on the language."""

from __future__ import annotations

import io
import zipfile

import pytest
from lxml import etree

from exports.services import export_story, fonts
from exports.services.read_along import export_read_along
from exports.tests.conftest import epubcheck_reports, problems
from exports.tests.factories import story_in
from exports.tests.pdf_reading import pdf_reader, pdf_text
from languages.catalogue import get_language
from languages.tests.samples import SAMPLES
from narration.tests.factories import SceneNarrationFactory
from stories.models import Story

pytestmark = pytest.mark.django_db

REPRESENTATIVE = ["en", "es", "ru", "el", "ar", "he", "hi", "th", "zh", "ja", "ko"]
RTL = {"ar", "he", "fa", "ur"}
XHTML = "{http://www.w3.org/1999/xhtml}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
OPF = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/"}
FACE_OF_SCRIPT = {
    "Latn": "GenStory-Serif",
    "Cyrl": "GenStory-Serif",
    "Grek": "GenStory-Serif",
    "Arab": "GenStory-Arabic",
    "Hebr": "GenStory-Hebrew",
    "Deva": "GenStory-Devanagari",
    "Thai": "GenStory-Thai",
    "Hans": "GenStory-CJK",
    "Jpan": "GenStory-CJK",
    "Kore": "GenStory-CJK",
}


def embedded_fonts(payload: bytes) -> set[str]:
    names = set()
    for page in pdf_reader(payload).pages:
        for font in (page.get("/Resources") or {}).get("/Font", {}).values():
            names.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    return names


def check_documents(book: zipfile.ZipFile, language: str) -> int:
    """Every XHTML document has `lang`/`xml:lang` (and `dir` for right-to-left); every chapter
    section too. Returns the chapters seen."""
    chapters = 0
    for name in book.namelist():
        if not name.endswith(".xhtml"):
            continue
        root = etree.fromstring(book.read(name))
        assert (root.get("lang"), root.get(XML_LANG)) == (language, language), name
        body = root.find(f"{XHTML}body")
        expected = "rtl" if language in RTL else None
        assert body.get("dir") == expected, name
        if not name.endswith("nav.xhtml"):  # ebooklib sets the nav's direction on its body only
            assert root.get("dir") == expected, name
        for section in root.iter(f"{XHTML}section"):
            if "chapter" in (section.get("class") or "").split():
                assert section.get("lang") == language and section.get(XML_LANG) == language, name
                chapters += 1
    return chapters


@pytest.mark.parametrize("language", REPRESENTATIVE)
def test_both_epubs_are_in_the_story_language_and_pass_epubcheck(user, language, tmp_path):
    story = story_in(user, language, count=2)
    for scene in story.scenes.all():
        SceneNarrationFactory(scene=scene)
    plain, read_along = tmp_path / "plain.epub", tmp_path / "read-along.epub"
    plain.write_bytes(export_story(story=story, format="epub").file.read())
    read_along.write_bytes(export_read_along(story=story).file.read())

    reports = epubcheck_reports(plain, read_along)

    for path in (plain, read_along):
        assert problems(reports[path]) == [], (language, path.name)
        book = zipfile.ZipFile(path)
        assert check_documents(book, language) == 2
        opf = etree.fromstring(book.read("EPUB/content.opf"))
        assert opf.xpath("//dc:language/text()", namespaces=OPF) == [language]
        spine = opf.xpath("//opf:spine", namespaces=OPF)[0]
        assert spine.get("page-progression-direction") == ("rtl" if language in RTL else None)
    chapter = zipfile.ZipFile(read_along).read("EPUB/chapter-01.xhtml").decode()
    assert chapter.count('<span id="w') >= 5, "the read-along chapter highlights its words"


@pytest.mark.parametrize("language", ["fa", "ur"])
def test_persian_and_urdu_books_are_right_to_left(user, language, tmp_path):
    story = story_in(user, language, count=1)
    path = tmp_path / "book.epub"
    path.write_bytes(export_story(story=story, format="epub").file.read())
    assert problems(epubcheck_reports(path)[path]) == []
    assert check_documents(zipfile.ZipFile(path), language) == 1
    pdf = export_story(story=story, format="pdf").file.read()
    assert "GenStory-Arabic" in embedded_fonts(pdf)


@pytest.mark.parametrize("language", REPRESENTATIVE)
def test_the_pdf_prints_each_script_from_its_own_face(user, language):
    story = story_in(user, language, count=1)
    payload = export_story(story=story, format="pdf").file.read()

    used = embedded_fonts(payload)
    assert FACE_OF_SCRIPT[get_language(language).script] in used, used
    assert not [name for name in used if not name.startswith("GenStory-")], used
    text = "".join(pdf_text(payload).split())
    if language not in ("ar", "he", "th", "hi"):
        # Text extraction gives back logical order for these scripts; RTL and shaped scripts come
        # back in visual order or as presentation forms, which the pictures in the report show.
        assert "".join(SAMPLES[language]["title"].split()) in text


def test_the_pdf_html_carries_lang_and_dir_on_the_document_and_every_chapter(user):
    from django.template.loader import render_to_string

    from exports.services.context import build_render_context

    story = story_in(user, "ar", count=2)
    context = build_render_context(story_id=story.pk)
    html = render_to_string(
        "exports/story.html", {"story": context, "chapters": [(c, None, False) for c in context.chapters]}
    )
    assert '<html lang="ar" dir="rtl">' in html
    assert html.count('lang="ar" dir="rtl"') == 1 + 2 + 1, "document, two chapters, lessons"


def test_the_pdf_hyphenates_by_the_story_language(user):
    """German compounds break at German syllables (pyphen's de dictionary), not anywhere."""
    story = story_in(user, "es", count=1, target_audience="adults_18_plus")
    long_words = "Donaudampfschifffahrtsgesellschaftskapitän " * 12
    Story.objects.filter(pk=story.pk).update(language="de")
    scene = story.scenes.get()
    scene.content = long_words
    scene.save()

    payload = export_story(story=Story.objects.get(pk=story.pk), format="pdf").file.read()

    lines = [line for page in pdf_reader(payload).pages for line in (page.extract_text() or "").splitlines()]
    broken = [line for line in lines if line.endswith(("\u2010", "-"))]
    assert broken, lines
    import pyphen

    german = pyphen.Pyphen(lang="de")
    allowed = {
        "Donaudampfschifffahrtsgesellschaftskapitän"[:position]
        for position in german.positions("Donaudampfschifffahrtsgesellschaftskapitän")
    }
    assert {line.split()[-1].rstrip("-\u2010") for line in broken} <= allowed


def test_a_language_change_misses_every_export_cache(user):
    story = story_in(user, "es", count=1)
    before = {
        name: export_story(story=story, format=name).file.read() for name in ("pdf", "epub", "markdown")
    }
    Story.objects.filter(pk=story.pk).update(language="pt")  # same version, same text
    story = Story.objects.get(pk=story.pk)

    after = {name: export_story(story=story, format=name).file.read() for name in ("pdf", "epub", "markdown")}

    assert b"lang: pt" in after["markdown"] and b"lang: es" in before["markdown"]
    book = zipfile.ZipFile(io.BytesIO(after["epub"]))
    assert b'lang="pt"' in book.read("EPUB/chapter-01.xhtml")
    assert before["pdf"] != after["pdf"]


def test_markdown_names_the_language_and_direction_and_english_stays_as_it_was(user):
    arabic = export_story(story=story_in(user, "ar", count=1), format="markdown").file.read().decode()
    assert arabic.startswith("---\nlang: ar\ndir: rtl\n---\n\n# الثعلبة والقمر\n")
    hindi = export_story(story=story_in(user, "hi", count=1), format="markdown").file.read().decode()
    assert hindi.startswith("---\nlang: hi\n---\n\n# लोमड़ी और चाँद\n")
    english = export_story(story=story_in(user, "en", count=1), format="markdown").file.read().decode()
    assert english.startswith("# The Fox and the Moon\n")


def test_fonts_load_only_for_the_scripts_a_story_uses():
    assert [face.name for face in fonts.needed(SAMPLES["es"]["content"])] == ["serif", "sans"]
    assert [face.name for face in fonts.needed(SAMPLES["ru"]["content"] + SAMPLES["el"]["content"])] == [
        "serif",
        "sans",
    ]
    for language, face in [("ar", "arabic"), ("he", "hebrew"), ("hi", "devanagari"), ("th", "thai")]:
        assert [typeface.name for typeface in fonts.needed(SAMPLES[language]["content"])] == [
            "serif",
            "sans",
            face,
        ], language
    assert "cjk" in [face.name for face in fonts.needed(SAMPLES["ko"]["content"])]
    assert fonts.family("GenStory Serif", "serif", script="Jpan").startswith(
        '"GenStory CJK", "GenStory Serif"'
    )
    assert fonts.family("GenStory Serif", "serif", script="Arab").startswith(
        '"GenStory Serif", "GenStory Arabic"'
    )


def test_every_script_face_covers_its_sample_text():
    """The installed faces hold a glyph for every letter of each sample (no tofu)."""
    from fontTools.ttLib import TTFont

    cmaps = {
        face.name: set(TTFont(io.BytesIO(fonts.font_bytes(face.name))).getBestCmap())
        for face in fonts.TYPEFACES
    }
    covered = set().union(*cmaps.values())
    for language, sample in SAMPLES.items():
        text = "".join(sample.values())
        missing = {
            character for character in text if not character.isspace() and ord(character) not in covered
        }
        assert not missing, (language, missing)
