"""A real browser for the admin and the docs: Debian's Chromium driven by Playwright.

Never `playwright install` (it downloads a browser build): the browser is the system's
(`.ci/run` installs the `chromium` package when it is missing). Under CI a browser that cannot
start fails the tests; elsewhere they skip with the reason.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings

from conftest import unavailable

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
LAUNCH_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(os.environ.get("BROWSER_SCREENSHOTS", settings.BASE_DIR / "browser-screenshots"))
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


def _unavailable(reason: str):
    unavailable(f"No browser could start: {reason}")


@pytest.fixture(scope="module")
def browser():
    """One Chromium per test module, with a fresh empty profile (Playwright's own temporary one).

    Playwright's sync API runs an event loop in this thread while it is open; Django refuses
    ORM calls from a thread with a running loop unless told it is safe, which it is here: the
    loop only drives the browser, and each test's ORM work is ordinary blocking code.
    """
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError as error:
        _unavailable(f"playwright is not installed ({error})")
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    manager = sync_playwright().start()
    try:
        try:
            launched = manager.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_FLAGS)
        except Error as error:
            _unavailable(f"{CHROMIUM}: {error.message.splitlines()[0]}")
        yield launched
        launched.close()
    finally:
        manager.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def screenshot():
    """Save a full-page screenshot under SCREENSHOTS (browser-screenshots/ by default)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def offline_page(browser, live_server):
    """A page factory whose requests may reach only the live server: anything else is refused
    and recorded, as it would fail on a machine with no network."""
    contexts, refused = [], []

    def open_page(viewport=DESKTOP):
        context = browser.new_context(viewport=viewport)
        contexts.append(context)

        def guard(route):
            if route.request.url.startswith(live_server.url):
                return route.continue_()
            refused.append(route.request.url)
            return route.abort()

        context.route("**/*", guard)
        return context.new_page()

    open_page.refused = refused
    yield open_page
    for context in contexts:
        context.close()
