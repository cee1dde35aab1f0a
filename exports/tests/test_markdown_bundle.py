"""Markdown a reader can open as it is: absolute picture links, or a zip with the pictures inside."""

import io
import re
import zipfile

import pytest
from django.urls import reverse

from exports.services import export_story
from stories.tests.factories import story_with_scenes

pytestmark = pytest.mark.django_db
IMAGE_LINK = re.compile(r"!\[[^\]]*\]\(([^)]+)\)")


def test_the_api_markdown_links_pictures_absolutely(api, illustrated_story):
    response = api.get(reverse("story-export-markdown", args=[illustrated_story.pk]))
    text = b"".join(response.streaming_content).decode()
    links = IMAGE_LINK.findall(text)
    assert len(links) == 4
    assert all(link.startswith("http://testserver/api/images/") for link in links), links
    picture = api.get(links[0].removeprefix("http://testserver"))
    assert picture.status_code == 200 and picture["Content-Type"] == "image/png"


def test_the_bundle_is_a_zip_of_the_markdown_and_every_picture_it_links(media, api, illustrated_story):
    response = api.get(reverse("story-export-markdown", args=[illustrated_story.pk]), {"bundle": "true"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert 'filename="the-fox-and-the-moon.zip"' in response["Content-Disposition"]
    bundle = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    text = bundle.read("the-fox-and-the-moon.md").decode()
    links = IMAGE_LINK.findall(text)
    assert len(links) == 4 and links[0].startswith("images/cover-")
    for link in links:
        assert bundle.read(link).startswith(b"\x89PNG"), link
    assert sorted(bundle.namelist()) == sorted(["the-fox-and-the-moon.md", *links])
    assert "/api/" not in text and "http" not in text


def test_a_bundle_without_pictures_is_just_the_markdown(user):
    story = story_with_scenes(user, count=2, title="Plain")
    bundle = zipfile.ZipFile(export_story(story=story, format="md_bundle").file)
    assert bundle.namelist() == ["plain.md"]
    assert "## Chapter 2: Scene 2" in bundle.read("plain.md").decode()


def test_a_bundle_flag_that_is_not_a_boolean_is_a_clear_400(api, illustrated_story):
    response = api.get(reverse("story-export-markdown", args=[illustrated_story.pk]), {"bundle": "maybe"})
    assert response.status_code == 400
    assert response.json()["bundle"] == ['bundle must be "true" or "false".']


def test_another_host_gets_its_own_links(illustrated_story):
    first = export_story(story=illustrated_story, format="markdown", base_url="http://a.example/")
    second = export_story(story=illustrated_story, format="markdown", base_url="http://b.example/")
    assert "http://b.example/api/images/" in second.file.read().decode()
    assert first.pk != second.pk
