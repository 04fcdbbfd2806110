"""Upscale: sizes and plain Lanczos against Pillow; sharpening steepens edges and spares flat areas; a scale past the
pixel limit is refused before any work, naming the largest scale that fits."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image as PILImage

from karate.config import Settings
from karate.engine import Engine, RunStatus
from karate.engine.context import NodeServices
from karate.nodes.tools.pixel_limit import largest_fitting_scale, scale_past_limit
from karate.nodes.tools.upscale import UPSCALING
from karate.storage.media_errors import DEFAULT_MAX_PIXELS
from tests.engine.tools.support import failure_of
from tests.helpers import run_tool

RNG = np.random.default_rng(9)


def _pillow_lanczos(image: np.ndarray, scale: int) -> np.ndarray:
    height, width = image.shape[:2]
    return np.asarray(PILImage.fromarray(image).resize((width * scale, height * scale), PILImage.LANCZOS))


@pytest.mark.parametrize(("scale", "channels"), [(2, 3), (3, 4), (4, 3)])
async def test_without_sharpening_it_is_pillow_lanczos(engine, store, scale, channels):
    image = RNG.integers(0, 256, (10, 13, channels), dtype=np.uint8)
    if channels == 4:
        image[:, :, 3] = np.where(np.arange(13) < 6, 255, 40)
    result, outputs = await run_tool(engine, store, "tool.upscale", image=image, scale=scale, sharpen=0.0)
    assert result.status == RunStatus.COMPLETED
    assert outputs["image"].shape == (10 * scale, 13 * scale, channels)
    np.testing.assert_array_equal(outputs["image"], _pillow_lanczos(image, scale))


def _soft_edge_with_faint_noise() -> np.ndarray:
    """Left half dark, right half light, the step softened over a few pixels; faint noise everywhere."""
    x = np.arange(40)
    row = 60 + 140 / (1 + np.exp(-(x - 20) / 1.2))
    image = np.repeat(np.tile(row, (30, 1))[:, :, None], 3, axis=2) + RNG.normal(0, 0.8, (30, 40, 3))
    return np.clip(np.rint(image), 0, 255).astype(np.uint8)


async def test_sharpening_steepens_edges_and_leaves_flat_areas_alone(engine, store):
    image = _soft_edge_with_faint_noise()
    _, plain = await run_tool(engine, store, "tool.upscale", image=image, scale=2, sharpen=0.0)
    _, sharp = await run_tool(engine, store, "tool.upscale", image=image, scale=2, sharpen=1.5)
    plain_px, sharp_px = plain["image"].astype(float), sharp["image"].astype(float)
    rows = slice(10, 50)
    steepest_plain = np.abs(np.diff(plain_px[rows, :, 1], axis=1)).max(axis=1).mean()
    steepest_sharp = np.abs(np.diff(sharp_px[rows, :, 1], axis=1)).max(axis=1).mean()
    assert steepest_sharp > steepest_plain * 1.2
    # The edge's contrast (dark side darker, light side lighter) grows right beside it...
    assert sharp_px[rows, 34:38].mean() < plain_px[rows, 34:38].mean() - 3
    assert sharp_px[rows, 42:46].mean() > plain_px[rows, 42:46].mean() + 3
    # ...while the flat, faintly noisy areas far from it are left as Lanczos made them.
    flat = (rows, slice(0, 20))
    assert np.abs(sharp_px[flat] - plain_px[flat]).max() <= 2


async def test_sharpening_keeps_alpha_as_lanczos_made_it(engine, store):
    image = np.dstack([_soft_edge_with_faint_noise(), np.full((30, 40), 180, np.uint8)])
    image[:, :5, 3] = 0
    _, outputs = await run_tool(engine, store, "tool.upscale", image=image, scale=2, sharpen=1.0)
    np.testing.assert_array_equal(outputs["image"][:, :, 3], _pillow_lanczos(image, 2)[:, :, 3])


async def _refusal(store, cache, image: np.ndarray, scale: int, max_pixels: int) -> tuple[str, str]:
    """The failure of Upscale on `image` in a studio whose pixel limit is `max_pixels`: (code, message)."""
    limited = Engine(store, cache, services=NodeServices(Settings(max_image_pixels=max_pixels)))
    try:
        result, _ = await run_tool(limited, store, "tool.upscale", image=image, scale=scale)
    finally:
        limited.close()
    return failure_of(result)


@pytest.mark.parametrize(
    ("shape", "scale", "max_pixels", "message"),
    [
        pytest.param(
            (300, 400, 3),
            4,
            1_000_000,
            "a 400×300 image upscaled 4× would be 1600×1200 (1.92 megapixels), over this studio's 1-megapixel limit; "
            "choose a scale of 2, or crop the image first",
            id="the largest scale that fits named",
        ),
        pytest.param(
            (150, 200, 3),
            2,
            100_000,
            "a 200×150 image upscaled 2× would be 400×300 (0.12 megapixels), over this studio's 0.1-megapixel limit, "
            "and no scale fits; crop or shrink the image to 0.025 megapixels or less (for example 182×136) and upscale "
            "that",
            id="no scale fits: the size to shrink to named",
        ),
    ],
)
async def test_a_result_over_the_pixel_limit_is_refused_saying_what_would_fit(
    store, cache, shape: tuple[int, int, int], scale: int, max_pixels: int, message: str
):
    code, refusal = await _refusal(store, cache, np.zeros(shape, np.uint8), scale=scale, max_pixels=max_pixels)
    assert code == "invalid_input"
    assert refusal == message


def test_a_12_megapixel_photo_upscaled_4_times_is_refused_in_words_under_the_default_limit():
    assert scale_past_limit(4000, 3000, 4, DEFAULT_MAX_PIXELS, UPSCALING.scales) == (
        "a 4000×3000 image upscaled 4× would be 16000×12000 (192 megapixels), over this studio's 100-megapixel "
        "limit; choose a scale of 2, or crop the image first"
    )
    assert scale_past_limit(3000, 2500, 4, DEFAULT_MAX_PIXELS, UPSCALING.scales) == (
        "a 3000×2500 image upscaled 4× would be 12000×10000 (120 megapixels), over this studio's 100-megapixel "
        "limit; choose a scale of 3 or less, or crop the image first"
    )
    assert scale_past_limit(4000, 3000, 2, DEFAULT_MAX_PIXELS, UPSCALING.scales) is None
    assert largest_fitting_scale(4000, 3000, UPSCALING.scales, DEFAULT_MAX_PIXELS) == 2
    assert largest_fitting_scale(9000, 8000, UPSCALING.scales, DEFAULT_MAX_PIXELS) is None


@pytest.mark.parametrize(
    ("width", "article"),
    [(8000, "an"), (800, "an"), (11000, "an"), (18, "an"), (1800, "a"), (4000, "a"), (110, "a"), (1100, "a")],
)
def test_the_refusal_reads_as_spoken_an_8000_wide_image(width: int, article: str):
    refusal = scale_past_limit(width, 6000, 4, 1000, UPSCALING.scales)
    assert refusal is not None and refusal.startswith(f"{article} {width}×6000 image upscaled 4×")
