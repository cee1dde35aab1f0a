"""In a real browser (Debian's Chromium through playwright): the admin's players and the read-along book.

Chromium's media stack is a real peer of the content route: it reads MP3 through HTTP Range
requests and seeks with them. The read-along check does in the browser what a Media Overlays
reading system does with the book: it opens a chapter's XHTML, finds each `<par>`'s span,
puts the active class on it (the book's own CSS must then highlight it) and plays its clip of
the book's own audio.
"""

from __future__ import annotations

import io
import os
import shutil
import zipfile
from xml.etree import ElementTree

import pytest
from playwright.sync_api import sync_playwright

from conftest import client_for, unavailable
from stories.tests.factories import story_with_scenes

from .helpers import SMIL, narrate, narration_list, seconds

pytestmark = pytest.mark.django_db(transaction=True)
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


@pytest.fixture
def browser(monkeypatch):
    """Request it last: the sync playwright API runs an event loop in this thread, so ORM
    calls made while it runs would open connections of their own (asgiref's context-local
    storage) that outlive the test. Tests read everything they need from the database first."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    if not shutil.which(CHROMIUM):
        unavailable(f"Chromium not found at {CHROMIUM} (apt-get install -y chromium)")
    with sync_playwright() as driver:
        launched = driver.chromium.launch(
            executable_path=CHROMIUM, args=["--autoplay-policy=no-user-gesture-required", "--no-sandbox"]
        )
        yield launched
        launched.close()


@pytest.fixture
def narrated(django_user_model, settings):
    settings.AI_PROVIDER = "offline"
    editor = django_user_model.objects.create_superuser(username="editor", password="editor-pass-42")
    story = story_with_scenes(editor, count=5)
    api = client_for(editor)
    narrate(api, story.pk)
    durations = [item["duration_ms"] / 1000 for item in narration_list(api, story.pk)]
    book = b"".join(api.get(f"/api/stories/{story.pk}/export/epub/?narration=true").streaming_content)
    return story.pk, durations, book


def test_the_admin_plays_and_seeks_each_scenes_narration(live_server, narrated, browser):
    story_id, expected, _ = narrated
    page = browser.new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "editor-pass-42")
    page.click("input[type=submit]")
    ranges = []
    page.on(
        "request",
        lambda request: ranges.append(request.headers.get("range")) if "/narration/" in request.url else None,
    )
    page.goto(f"{live_server.url}/admin/stories/story/{story_id}/change/")
    players = page.locator("audio")
    assert players.count() == 5
    for index, duration in enumerate(expected):
        measured = players.nth(index).evaluate(
            """audio => new Promise((done, fail) => {
                audio.muted = true;
                audio.addEventListener('error', () => fail(String(audio.error && audio.error.code)));
                audio.addEventListener('loadedmetadata', () => {
                    audio.addEventListener('seeked', () => done(audio.duration), {once: true});
                    audio.currentTime = audio.duration * 0.9;
                }, {once: true});
                audio.preload = 'auto'; audio.load();
            })"""
        )
        assert measured == pytest.approx(duration, abs=0.25)
    played = players.nth(0).evaluate(
        """audio => new Promise(done => { audio.currentTime = 0; audio.play();
            setTimeout(() => { audio.pause(); done(audio.currentTime); }, 700); })"""
    )
    assert played > 0.2, "the browser played the narration"
    assert any(value and value.startswith("bytes=") for value in ranges), ranges


def test_a_browser_finds_plays_and_highlights_every_overlay_word(narrated, browser, tmp_path):
    book = zipfile.ZipFile(io.BytesIO(narrated[2]))
    book.extractall(tmp_path)
    page = browser.new_page()
    smil = ElementTree.fromstring(book.read("EPUB/chapter-01.smil"))
    pars = list(smil.iter(f"{SMIL}par"))
    page.goto((tmp_path / "EPUB" / "chapter-01.xhtml").as_uri())
    found = page.evaluate(
        "ids => ids.filter(id => document.getElementById(id) !== null).length",
        [par.find(f"{SMIL}text").get("src").split("#")[1] for par in pars],
    )
    assert found == len(pars)
    active = book.read("EPUB/content.opf").decode().split('property="media:active-class">')[1].split("<")[0]
    highlighted = page.evaluate(
        """([id, active]) => { const word = document.getElementById(id); const before =
            getComputedStyle(word).backgroundColor; word.classList.add(active);
            return [before, getComputedStyle(word).backgroundColor]; }""",
        [pars[3].find(f"{SMIL}text").get("src").split("#")[1], active],
    )
    assert highlighted[0] != highlighted[1] == "rgb(255, 230, 128)"
    clip = pars[3].find(f"{SMIL}audio")
    played = page.evaluate(
        """([src, begin, end]) => new Promise((done, fail) => {
            const audio = new Audio(src); audio.muted = true;
            audio.addEventListener('error', () => fail('cannot play ' + src));
            audio.addEventListener('loadedmetadata', () => { audio.currentTime = begin; audio.play();
                audio.addEventListener('timeupdate', () => { if (audio.currentTime >= end) {
                    audio.pause(); done([audio.duration, audio.currentTime]); } }); }, {once: true});
        })""",
        [
            (tmp_path / "EPUB" / clip.get("src")).as_uri(),
            seconds(clip.get("clipBegin")),
            seconds(clip.get("clipEnd")),
        ],
    )
    assert played[1] >= seconds(clip.get("clipEnd"))
    assert seconds(pars[-1].find(f"{SMIL}audio").get("clipEnd")) <= played[0]
