"""`/` points the way; the API docs load only our own static files (no CDN, so they work offline)."""

import io
import re

import pytest
from django.contrib.staticfiles import finders
from PIL import Image


def test_the_root_answers_json_with_the_ways_in(client):
    response = client.get("/")
    assert response.status_code == 200
    assert response.json() == {
        "name": "GenStory API",
        "docs": "/api/docs/",
        "redoc": "/api/redoc/",
        "schema": "/api/schema/",
        "admin": "/admin/",
        "health": "/healthz",
    }


def test_a_browser_gets_the_index_as_html(client):
    response = client.get("/", HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8")
    assert response["Content-Type"].startswith("text/html")
    assert 'href="/api/docs/"' in response.content.decode()


@pytest.mark.parametrize("url", ["/api/docs/", "/api/redoc/"])
def test_the_docs_pages_load_scripts_from_our_own_static_files(client, url):
    page = client.get(url).content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources, page
    assert not [source for source in sources if "//" in source], sources
    assets = [source for source in sources if source.startswith("/static/")]
    assert any(asset.endswith(".js") for asset in assets), sources
    for asset in assets:
        assert finders.find(asset.removeprefix("/static/")), asset
    assert not re.findall(r"https?://[^\s\"']+", page)


def test_swagger_ui_asks_no_outside_validator(client):
    """Swagger UI's default badge calls validator.swagger.io; ours is switched off."""
    page = client.get("/api/docs/").content.decode()
    assert '"validatorUrl": null' in page


def test_the_favicon_is_an_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    icon = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    assert icon.format == "ICO" and icon.size[0] >= 16
