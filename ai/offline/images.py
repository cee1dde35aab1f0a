"""Illustrations drawn locally with Pillow, so the whole pipeline works without an image model.

Each picture is a simple scene (sky, ground, a sun or moon, a few shapes) in the audience's
palette, and carries no text: the prompt asks image models to draw no words, and the page
around a picture already prints its title (lettering it again doubled the title on covers).
The layout is seeded from the request's `seed_key`, so every scene gets its own picture and
the same scene always gets the same one.
"""

from __future__ import annotations

import hashlib
import io
import random
from dataclasses import dataclass

from PIL import Image, ImageDraw

from ..errors import ProviderError
from ..types import GeneratedImage, ImageRequest, Usage, parse_size

MODEL = "offline-illustrator-1"
MAX_SIDE = 4096

RGB = tuple[int, int, int]


@dataclass(frozen=True)
class Palette:
    sky: RGB
    ground: RGB
    light: RGB
    shapes: tuple[RGB, ...]
    ink: RGB
    shape_count: tuple[int, int]
    """How many shapes: few and big for the youngest readers, more and finer for older ones."""
    outlined: bool
    """Cartoon outlines, for picture books."""


PALETTES: dict[str, Palette] = {
    "toddlers_2_4": Palette(
        sky=(150, 215, 255),
        ground=(70, 200, 90),
        light=(255, 215, 0),
        shapes=((230, 40, 50), (255, 200, 0), (30, 110, 240), (255, 120, 0)),
        ink=(30, 30, 30),
        shape_count=(3, 4),
        outlined=True,
    ),
    "children_5_7": Palette(
        sky=(200, 225, 255),
        ground=(120, 210, 150),
        light=(255, 230, 120),
        shapes=((240, 110, 170), (160, 110, 230), (40, 190, 190), (255, 150, 60)),
        ink=(60, 40, 90),
        shape_count=(4, 6),
        outlined=True,
    ),
    "children_8_10": Palette(
        sky=(90, 170, 230),
        ground=(40, 140, 80),
        light=(255, 200, 60),
        shapes=((235, 90, 40), (250, 180, 20), (20, 120, 140), (150, 60, 150)),
        ink=(25, 35, 60),
        shape_count=(5, 8),
        outlined=False,
    ),
    "preteens_11_13": Palette(
        sky=(120, 150, 185),
        ground=(95, 110, 70),
        light=(235, 205, 140),
        shapes=((170, 85, 50), (200, 150, 60), (70, 90, 120), (120, 120, 110)),
        ink=(30, 30, 35),
        shape_count=(6, 9),
        outlined=False,
    ),
    "ya_14_17": Palette(
        sky=(55, 50, 95),
        ground=(35, 35, 60),
        light=(230, 200, 230),
        shapes=((150, 70, 130), (80, 100, 170), (200, 120, 110), (110, 80, 150)),
        ink=(240, 235, 245),
        shape_count=(6, 10),
        outlined=False,
    ),
    "adults_18_plus": Palette(
        sky=(215, 205, 185),
        ground=(140, 150, 125),
        light=(245, 238, 220),
        shapes=((120, 100, 80), (90, 105, 95), (160, 130, 100), (70, 70, 75)),
        ink=(45, 40, 35),
        shape_count=(7, 11),
        outlined=False,
    ),
}
DEFAULT_PALETTE = PALETTES["children_8_10"]


class OfflineImageProvider:
    """Deterministic pictures with no network; what `image_provider()` gives without an API key."""

    name = "offline"

    def illustrate(self, request: ImageRequest) -> GeneratedImage:
        try:
            width, height = parse_size(request.size)
        except ValueError as error:
            raise ProviderError(str(error), retryable=False) from error
        if max(width, height) > MAX_SIDE:
            raise ProviderError(
                f"image size {request.size} is over {MAX_SIDE} pixels a side", retryable=False
            )
        palette = PALETTES.get(request.audience_id, DEFAULT_PALETTE)
        seed = request.seed_key or request.title or request.prompt
        rng = random.Random(hashlib.sha256(seed.encode("utf-8")).digest())
        picture = draw_picture(width=width, height=height, palette=palette, rng=rng)
        buffer = io.BytesIO()
        picture.save(buffer, format="PNG", compress_level=1)
        return GeneratedImage(
            data=buffer.getvalue(),
            content_type="image/png",
            width=width,
            height=height,
            model=MODEL,
            usage=Usage(images=1),
        )


def draw_picture(*, width: int, height: int, palette: Palette, rng: random.Random) -> Image.Image:
    picture = Image.new("RGB", (width, height), palette.sky)
    canvas = ImageDraw.Draw(picture)
    horizon = int(height * rng.uniform(0.55, 0.7))
    hill = rng.uniform(0.05, 0.15) * height
    canvas.ellipse((-width * 0.3, horizon - hill, width * 1.3, height * 2), fill=palette.ground)
    radius = min(width, height) * rng.uniform(0.07, 0.11)
    sun_x, sun_y = rng.uniform(0.15, 0.85) * width, rng.uniform(0.1, 0.3) * height
    canvas.ellipse((sun_x - radius, sun_y - radius, sun_x + radius, sun_y + radius), fill=palette.light)
    outline = palette.ink if palette.outlined else None
    stroke = max(1, min(width, height) // 160) if palette.outlined else 0
    low, high = palette.shape_count
    scale = 0.22 if low <= 4 else 0.14
    for _ in range(rng.randint(low, high)):
        size = min(width, height) * scale * rng.uniform(0.6, 1.2)
        x = rng.uniform(0.05, 0.95) * width
        y = rng.uniform(horizon - size * 0.5, max(horizon, height - size * 0.6))
        colour = rng.choice(palette.shapes)
        box = (x - size / 2, y - size, x + size / 2, y)
        kind = rng.choice(("ellipse", "rectangle", "triangle"))
        if kind == "ellipse":
            canvas.ellipse(box, fill=colour, outline=outline, width=stroke)
        elif kind == "rectangle":
            canvas.rounded_rectangle(box, radius=size * 0.12, fill=colour, outline=outline, width=stroke)
        else:
            canvas.polygon(
                [(box[0], box[3]), (x, box[1]), (box[2], box[3])],
                fill=colour,
                outline=outline,
                width=stroke or 1,
            )
    return picture
