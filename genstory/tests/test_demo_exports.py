"""`make demo`'s exports: the Markdown links its pictures absolutely, and the bundle opens as it is."""

import io
import re
import zipfile

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db(transaction=True)
IMAGE_LINK = re.compile(r"!\[[^\]]*\]\(([^)]+)\)")


def test_demo_writes_a_markdown_bundle_whose_pictures_are_beside_it(tmp_path):
    call_command("demo", out=tmp_path, stdout=io.StringIO())

    slug = "the-lighthouse-keepers-apprentice"
    assert {path.name for path in tmp_path.iterdir()} >= {f"{slug}.md", f"{slug}.zip", f"{slug}.pdf", slug}
    links = IMAGE_LINK.findall((tmp_path / f"{slug}.md").read_text())
    assert links and all(link.startswith("http://localhost:8000/api/images/") for link in links)
    unpacked = tmp_path / slug
    bundled_links = IMAGE_LINK.findall((unpacked / f"{slug}.md").read_text())
    assert len(bundled_links) == len(links)
    for link in bundled_links:
        assert (unpacked / link).read_bytes()[:4] in (b"\x89PNG", b"\xff\xd8\xff\xe0", b"\xff\xd8\xff\xdb"), (
            link
        )


def test_a_second_demo_leaves_none_of_the_first_runs_pictures(tmp_path):
    slug = "the-lighthouse-keepers-apprentice"
    call_command("demo", out=tmp_path, stdout=io.StringIO())
    assert list((tmp_path / slug / "images").iterdir())

    call_command("demo", out=tmp_path, stdout=io.StringIO())

    with zipfile.ZipFile(tmp_path / f"{slug}.zip") as bundle:
        bundled = {name for name in bundle.namelist() if not name.endswith("/")}
    unpacked = {
        str(path.relative_to(tmp_path / slug)) for path in (tmp_path / slug).rglob("*") if path.is_file()
    }
    assert unpacked == bundled
