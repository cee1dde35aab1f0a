"""Bilingual editions through the API against the fake server: an illustrated English story
translated to French and to Arabic, each pair as one PDF, EPUB (read-along included) and
Markdown; each side in its own language and direction; epubcheck clean."""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from pathlib import Path

import pytest

from exports.models import ExportArtifact
from tests.translations import finished, illustrated_english_story, translate

from .conftest import epubcheck_reports, problems
from .pdf_reading import pdf_reader

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(api, user, fake_openai):
    original = illustrated_english_story(api, user)
    french = finished(api, translate(api, original, "fr"))["result"]["translation_id"]
    arabic = finished(api, translate(api, original, "ar"))["result"]["translation_id"]
    return original, french, arabic


def export(api, story_id: int, kind: str, query: str):
    return api.get(f"/api/stories/{story_id}/export/{kind}/?{query}")


def body(response) -> bytes:
    assert response.status_code == 200, getattr(response, "data", response)
    return b"".join(response.streaming_content)


def epub_documents(payload: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(payload)) as book:
        return {
            name: book.read(name).decode("utf-8")
            for name in book.namelist()
            if name.endswith((".xhtml", ".opf", ".smil"))
        }


def test_bilingual_pdfs_and_epubs_hold_both_languages(api, pair, tmp_path):
    original, french, arabic = pair
    books = {}
    for other, language in ((french, "fr"), (arabic, "ar")):
        pdf = body(export(api, original, "pdf", f"with={other}"))
        text = "\n".join(page.extract_text() for page in pdf_reader(pdf).pages)
        assert "bilingual edition in English and " + {"fr": "French", "ar": "Arabic"}[language] in text
        assert "Mia found an old lantern" in text
        if language == "fr":
            assert "Mia trouva un vieux lanterne" in text
        (tmp_path / f"en-{language}.pdf").write_bytes(pdf)

        epub = body(export(api, original, "epub", f"with={other}"))
        documents = epub_documents(epub)
        opf = next(text for name, text in documents.items() if name.endswith(".opf"))
        assert "<dc:language>en</dc:language>" in opf and f"<dc:language>{language}</dc:language>" in opf
        chapter = documents["EPUB/chapter-01.xhtml"]
        assert 'lang="en"' in chapter and f'lang="{language}"' in chapter
        if language == "ar":
            assert 'dir="rtl"' in chapter and re.search(r'lang="ar"[^>]*dir="rtl"', chapter)
        # Each picture once: the chapter's image appears in one chapter only.
        images = [name for name in zipfile.ZipFile(io.BytesIO(epub)).namelist() if "/images/" in name]
        assert len(images) == len(set(images)) and images
        books[tmp_path / f"en-{language}.epub"] = epub
        # The Arabic book, read from its own side: right to left.
        reverse = body(export(api, other, "epub", f"with={original}"))
        if language == "ar":
            assert 'page-progression-direction="rtl"' in epub_documents(reverse)["EPUB/content.opf"]
        books[tmp_path / f"{language}-en.epub"] = reverse

    for path, payload in books.items():
        path.write_bytes(payload)
    for path, report in epubcheck_reports(*books).items():
        assert problems(report) == [], (path.name, problems(report))


def test_bilingual_markdown_pairs_blocks_and_is_cached(api, pair):
    original, _french, arabic = pair
    markdown = body(export(api, original, "markdown", f"with={arabic}")).decode()
    assert '<div lang="en" dir="ltr">' in markdown and '<div lang="ar" dir="rtl">' in markdown
    assert "bilingual edition in English and Arabic" in markdown
    assert markdown.count("/api/images/") == len(set(re.findall(r"/api/images/\d+/", markdown)))
    artifacts = ExportArtifact.objects.count()
    again = body(export(api, original, "markdown", f"with={arabic}")).decode()
    assert again == markdown and ExportArtifact.objects.count() == artifacts
    plain = body(export(api, original, "markdown", ""))
    assert b'lang="ar"' not in plain
    assert body(export(api, original, "markdown", f"with={arabic}")).decode() == markdown
    assert ExportArtifact.objects.count() == artifacts + 1  # the plain file beside, the bilingual kept


def test_with_must_be_a_translation_and_the_callers(api, other_api, user, pair, fake_openai):
    original, french, arabic = pair
    assert export(api, original, "pdf", f"with={original}").status_code == 400
    assert export(api, french, "pdf", f"with={arabic}").status_code == 400  # siblings, not a pair
    assert export(api, original, "epub", "with=999999").status_code == 404
    assert export(other_api, original, "pdf", f"with={french}").status_code == 404
    assert export(api, original, "markdown", f"with={french}&bundle=true").status_code == 400
    assert export(api, original, "pdf", "with=abc").status_code == 400


def test_a_read_along_bilingual_epub_overlays_both_languages(api, pair, tmp_path):
    original, french, _arabic = pair
    assert export(api, original, "epub", f"with={french}&narration=true").status_code == 409
    for story_id in (original, french):
        job = finished(api, api.post(f"/api/stories/{story_id}/narrate/", {}, format="json"))
        assert job["status"] == "succeeded", job["error"]
    epub = body(export(api, original, "epub", f"with={french}&narration=true"))
    documents = epub_documents(epub)
    smil = documents["EPUB/chapter-01.smil"]
    assert "audio/a-chapter-01" in smil and "audio/b-chapter-01" in smil
    assert (
        'id="a-w1"' in documents["EPUB/chapter-01.xhtml"]
        and 'id="b-w1"' in documents["EPUB/chapter-01.xhtml"]
    )
    path = tmp_path / "read-along.epub"
    path.write_bytes(epub)
    assert problems(epubcheck_reports(path)[path]) == []


def test_two_bilingual_pdf_pages_render(api, pair, tmp_path):
    """Pages for a person to look at (see the report): pdftoppm at 60 dpi."""
    original, french, arabic = pair
    for other, name in ((french, "fr"), (arabic, "ar")):
        pdf = tmp_path / f"en-{name}.pdf"
        pdf.write_bytes(body(export(api, original, "pdf", f"with={other}")))
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", "-f", "2", "-l", "2", str(pdf), str(tmp_path / name)], check=True
        )
    pages = sorted(Path(tmp_path).glob("*.png"))
    assert len(pages) == 2 and all(page.stat().st_size > 1000 for page in pages)
