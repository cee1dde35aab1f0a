"""The offline illustrator: real PNGs of the asked size, one look per audience, one layout per scene."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from ai.errors import ProviderError
from ai.offline.images import PALETTES, OfflineImageProvider
from ai.types import ImageRequest

AUDIENCE_IDS = (
    "toddlers_2_4",
    "children_5_7",
    "children_8_10",
    "preteens_11_13",
    "ya_14_17",
    "adults_18_plus",
)


def draw(**fields) -> Image.Image:
    request = ImageRequest(
        **{"prompt": "a fox", "size": "96x64", "title": "The Fox", "seed_key": "s/1", **fields}
    )
    image = OfflineImageProvider().illustrate(request)
    picture = Image.open(io.BytesIO(image.data))
    picture.load()
    return picture


def test_it_draws_a_real_png_of_the_requested_size() -> None:
    image = OfflineImageProvider().illustrate(ImageRequest(prompt="a fox", size="320x200", title="Fox"))
    assert image.data.startswith(b"\x89PNG\r\n\x1a\n")
    assert image.content_type == "image/png"
    assert (image.width, image.height) == (320, 200)
    assert Image.open(io.BytesIO(image.data)).size == (320, 200)
    assert image.usage.images == 1 and image.model == "offline-illustrator-1"


def test_every_audience_has_a_palette_of_its_own() -> None:
    assert set(PALETTES) == set(AUDIENCE_IDS)
    skies = {draw(audience_id=audience_id).getpixel((0, 0)) for audience_id in AUDIENCE_IDS}
    assert len(skies) == len(AUDIENCE_IDS)


def test_the_same_scene_is_drawn_the_same_and_other_scenes_differently() -> None:
    first = draw(seed_key="story-1/scene_1").tobytes()
    assert draw(seed_key="story-1/scene_1").tobytes() == first
    others = {draw(seed_key=f"story-1/scene_{n}").tobytes() for n in range(2, 7)}
    assert first not in others and len(others) == 5


def test_pictures_carry_no_text_the_title_changes_nothing() -> None:
    """Lettering would differ with the title; the same scene with another title is the same picture."""
    titled = draw(title="The Fox and the Moon", size="256x256")
    assert draw(title="", size="256x256").tobytes() == titled.tobytes()
    assert draw(title="Zoë und der Mond 月の夜 🌙", size="256x256").tobytes() == titled.tobytes()


@pytest.mark.parametrize("size", ["big", "0x10", "10x", "x10", "5000x5000"])
def test_a_bad_size_is_a_permanent_provider_error(size: str) -> None:
    with pytest.raises(ProviderError) as caught:
        OfflineImageProvider().illustrate(ImageRequest(prompt="a fox", size=size))
    assert caught.value.retryable is False
