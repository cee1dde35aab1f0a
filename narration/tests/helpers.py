"""What every narration test checks of a story's narration, whoever the provider was."""

from __future__ import annotations

import io
import re
import zipfile
from xml.etree import ElementTree

from ai.speech import text_words

SMIL = "{http://www.w3.org/ns/SMIL}"
OPF = "{http://www.idpf.org/2007/opf}"
_CLOCK = re.compile(r"^(\d+(?:\.\d+)?)s$")


def narrate(api, story_id: int, **body) -> dict:
    response = api.post(f"/api/stories/{story_id}/narrate/", body, format="json")
    assert response.status_code == 202, response.data
    assert response.data["kind"] == "narration"
    job = api.get(response["Location"]).data
    assert job["status"] == "succeeded", job["error"]
    return job


def narration_list(api, story_id: int) -> list[dict]:
    response = api.get(f"/api/stories/{story_id}/narration/")
    assert response.status_code == 200, response.data
    return response.data


def mp3_duration_ms(data: bytes) -> float:
    """Frames x samples per frame / sample rate, read off the MPEG frame headers (CBR)."""
    rates = {0b00: 22050, 0b01: 24000, 0b10: 16000}
    position, samples, rate = 0, 0, 0
    while position + 4 <= len(data):
        header = int.from_bytes(data[position : position + 4], "big")
        if header >> 21 != 0x7FF:
            position += 1
            continue
        version_bits, layer_bits = (header >> 19) & 0b11, (header >> 17) & 0b11
        bitrate_index, rate_index, padding = (header >> 12) & 0xF, (header >> 10) & 0b11, (header >> 9) & 1
        assert layer_bits == 0b01, "layer III"
        mpeg1 = version_bits == 0b11
        rate = {0b00: 44100, 0b01: 48000, 0b10: 32000}[rate_index] if mpeg1 else rates[rate_index]
        kbps = (
            [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320]
            if mpeg1
            else [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160]
        )[bitrate_index]
        per_frame = 1152 if mpeg1 else 576
        length = (144 if mpeg1 else 72) * kbps * 1000 // rate + padding
        samples += per_frame
        position += length
    return samples * 1000 / rate


def assert_timings_index_the_text(
    timings: list[dict], content: str, duration_ms: int, language: str = "en"
) -> None:
    """In order, non-overlapping, within the audio, one per word, each indexing its word."""
    expected = text_words(content, language)
    assert [(word["word"], word["char_start"], word["char_end"]) for word in timings] == expected
    previous_end = 0
    for word in timings:
        assert content[word["char_start"] : word["char_end"]] == word["word"]
        assert previous_end <= word["start_ms"] <= word["end_ms"] <= duration_ms, word
        previous_end = word["end_ms"]
    assert timings[-1]["end_ms"] > duration_ms * 0.6, "the words fill the audio"
    assert duration_ms - timings[-1]["end_ms"] < 1500, "no long silence after the last word"


def assert_story_narrated(api, story_id: int) -> list[dict]:
    """Every scene has current audio whose duration matches its timings and its bytes."""
    story = api.get(f"/api/stories/{story_id}/").data
    scenes = story["scenes"]
    listed = narration_list(api, story_id)
    assert [item["scene_id"] for item in listed] == [scene["scene_id"] for scene in scenes]
    for item, scene in zip(listed, scenes, strict=True):
        assert item["stale"] is False
        audio = api.get(item["content_url"])
        assert audio.status_code == 200 and audio["Content-Type"] == "audio/mpeg"
        assert abs(mp3_duration_ms(b"".join(audio.streaming_content)) - item["duration_ms"]) < 200
        timings = api.get(item["timings_url"]).data["words"]
        assert_timings_index_the_text(timings, scene["content"], item["duration_ms"], story["language"])
    return listed


def seconds(clock: str) -> float:
    match = _CLOCK.match(clock)
    assert match, clock
    return float(match.group(1))


def check_overlays(epub_bytes: bytes, durations_ms: list[int]) -> int:
    """Check the read-along book's SMIL as a reading system would use it; returns the pars seen.

    Every `<text src>` resolves to an element id in its XHTML, every audio clip exists in the
    book, clips are ordered and non-overlapping, and end within the chapter's audio.
    """
    book = zipfile.ZipFile(io.BytesIO(epub_bytes))
    names = set(book.namelist())
    package = book.read("EPUB/content.opf").decode()
    assert 'property="media:active-class"' in package
    assert package.count('property="media:duration"') == len(durations_ms) + 1
    smils = sorted(name for name in names if name.endswith(".smil"))
    assert len(smils) == len(durations_ms)
    manifest = list(ElementTree.fromstring(package).iter(f"{OPF}item"))
    overlay_of = {
        item.get("href"): item.get("media-overlay") for item in manifest if item.get("media-overlay")
    }
    smil_ids = {
        item.get("href"): item.get("id")
        for item in manifest
        if item.get("media-type") == "application/smil+xml"
    }
    pars = 0
    for smil_name, duration_ms in zip(smils, durations_ms, strict=True):
        root = ElementTree.fromstring(book.read(smil_name))
        folder = smil_name.rsplit("/", 1)[0]
        textref = root.find(f"{SMIL}body/{SMIL}seq").get("{http://www.idpf.org/2007/ops}textref")
        assert overlay_of[textref] == smil_ids[smil_name.removeprefix(f"{folder}/")]
        previous_end = 0.0
        for par in root.iter(f"{SMIL}par"):
            text, audio = par.find(f"{SMIL}text"), par.find(f"{SMIL}audio")
            document, _, fragment = text.get("src").partition("#")
            xhtml = ElementTree.fromstring(book.read(f"{folder}/{document}"))
            assert any(element.get("id") == fragment for element in xhtml.iter()), text.get("src")
            assert f"{folder}/{audio.get('src')}" in names
            begin, end = seconds(audio.get("clipBegin")), seconds(audio.get("clipEnd"))
            assert previous_end <= begin < end <= duration_ms / 1000 + 0.001
            previous_end = end
            pars += 1
    return pars
