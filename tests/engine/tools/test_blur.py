"""Blur: gaussian and box against numpy convolutions, motion streak direction, alpha without halos."""

from __future__ import annotations

import math

import numpy as np

from karate.engine import RunStatus
from tests.engine.tools.support import run_with_mask
from tests.helpers import run_tool

RNG = np.random.default_rng(11)


def _convolve_separable(image: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    """Convolve rows then columns with a 1-D kernel, mirroring the border without repeating the edge."""
    half = len(kernel) // 2
    padded = np.pad(image.astype(np.float64), ((half, half), (half, half), (0, 0)), mode="reflect")
    height, width = image.shape[:2]
    rows = sum(kernel[i] * padded[:, i : i + width] for i in range(len(kernel)))
    return sum(kernel[i] * rows[i : i + height] for i in range(len(kernel)))


def _gaussian_kernel(sigma: float) -> np.ndarray:
    half = math.ceil(3 * sigma)
    x = np.arange(-half, half + 1)
    kernel = np.exp(-(x**2) / (2 * sigma**2))
    return kernel / kernel.sum()


async def test_gaussian_blur_matches_a_separable_numpy_convolution(engine, store):
    image = RNG.integers(0, 256, (24, 30, 3), dtype=np.uint8)
    result, outputs = await run_tool(engine, store, "tool.blur", image=image, kind="gaussian", radius=2.5)
    assert result.status == RunStatus.COMPLETED
    expected = _convolve_separable(image, _gaussian_kernel(2.5))
    # OpenCV filters 8-bit images in fixed point: within a level and a half of the exact result
    assert np.abs(outputs["image"].astype(float) - expected).max() <= 1.5


async def test_box_blur_is_the_mean_of_the_square(engine, store):
    image = RNG.integers(0, 256, (16, 16, 3), dtype=np.uint8)
    _, outputs = await run_tool(engine, store, "tool.blur", image=image, kind="box", radius=2)
    expected = _convolve_separable(image, np.full(5, 1 / 5))
    assert np.abs(outputs["image"].astype(float) - expected).max() <= 1.0


async def test_motion_blur_streaks_along_its_angle(engine, store):
    image = np.zeros((31, 31, 3), np.uint8)
    image[15, 15] = 255
    _, horizontal = await run_tool(engine, store, "tool.blur", image=image, kind="motion", radius=6, angle=0)
    _, vertical = await run_tool(engine, store, "tool.blur", image=image, kind="motion", radius=6, angle=90)
    lit_h = np.argwhere(horizontal["image"][:, :, 0] > 0)
    lit_v = np.argwhere(vertical["image"][:, :, 0] > 0)
    assert set(lit_h[:, 0]) == {15} and lit_h[:, 1].min() == 9 and lit_h[:, 1].max() == 21
    assert set(lit_v[:, 1]) == {15} and lit_v[:, 0].min() == 9 and lit_v[:, 0].max() == 21
    # 13 taps share the light equally: 255 / 13 each
    assert np.all(np.abs(horizontal["image"][15, 9:22, 0].astype(int) - 255 / 13) <= 1)


async def test_motion_blur_keeps_a_flat_colour_flat_at_any_angle(engine, store):
    image = np.full((20, 20, 3), (40, 120, 220), np.uint8)
    _, outputs = await run_tool(engine, store, "tool.blur", image=image, kind="motion", radius=5, angle=33)
    assert np.abs(outputs["image"].astype(int) - image).max() <= 1


async def test_blur_of_rgba_has_no_dark_fringe_and_blurs_alpha(engine, store):
    image = np.zeros((20, 20, 4), np.uint8)
    image[:, :10] = (200, 60, 30, 255)  # right half: fully transparent black
    _, outputs = await run_tool(engine, store, "tool.blur", image=image, kind="gaussian", radius=2)
    out = outputs["image"]
    alpha_expected = _convolve_separable(image[:, :, 3:], _gaussian_kernel(2))[:, :, 0]
    assert np.abs(out[:, :, 3].astype(float) - alpha_expected).max() <= 1.0
    visible = out[:, :, 3] > 20
    assert visible[:, 10:].any()  # the soft edge reaches into the transparent half
    assert np.abs(out[visible][:, :3].astype(int) - (200, 60, 30)).max() <= 2


async def test_blur_only_inside_the_mask(engine, store):
    image = RNG.integers(0, 256, (16, 16, 3), dtype=np.uint8)
    mask = np.zeros((16, 16), np.uint8)
    mask[8:] = 255
    result, outputs = await run_with_mask(engine, store, "tool.blur", image, mask, radius=2.0)
    assert result.status == RunStatus.COMPLETED, result.error
    np.testing.assert_array_equal(outputs["image"][:8], image[:8])
    expected = _convolve_separable(image, _gaussian_kernel(2.0))
    assert np.abs(outputs["image"][8:].astype(float) - expected[8:]).max() <= 1.5


async def test_radius_zero_returns_the_image_as_it_was(engine, store):
    image = RNG.integers(0, 256, (5, 5, 4), dtype=np.uint8)
    _, outputs = await run_tool(engine, store, "tool.blur", image=image, radius=0)
    np.testing.assert_array_equal(outputs["image"], image)
