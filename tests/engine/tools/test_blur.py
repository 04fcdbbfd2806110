"""Blur: gaussian and box against numpy convolutions, motion streak direction, alpha without halos."""

from __future__ import annotations

import math

import cv2
import numpy as np
import pytest

from karate.engine import RunStatus
from karate.nodes.tools import blur
from karate.nodes.tools.imaging import gaussian_kernel_size
from tests.engine.test_progress import Recorder
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


def _shapes(height: int, width: int, channels: int) -> np.ndarray:
    """A photo-like picture: discs of flat colour over fine noise, in a size that is no multiple of anything."""
    rng = np.random.default_rng(5)
    picture = np.zeros((height, width, channels), np.uint8)
    for _ in range(120):
        x, y, r = int(rng.integers(0, width)), int(rng.integers(0, height)), int(rng.integers(5, 90))
        cv2.circle(picture, (x, y), r, [int(c) for c in rng.integers(0, 256, channels)], -1)
    return cv2.add(picture, (rng.random((height, width, channels)) * 40).astype(np.uint8))


@pytest.mark.parametrize("radius", [blur.REDUCED_FROM, 60.0, 200.0])
def test_a_wide_gaussian_is_the_exact_one_within_two_levels(radius: float) -> None:
    """A wide blur is computed on a smaller picture (minutes become a tenth of a second on a big photo): no pixel is
    more than two levels from the exact blur, nearly all within one, edges included."""
    picture = _shapes(601, 853, 3)
    exact = cv2.GaussianBlur(picture, gaussian_kernel_size(radius), radius, borderType=cv2.BORDER_REFLECT_101)
    recorder = Recorder()
    fast = blur.blur_image(picture, "gaussian", radius, steps=recorder)
    difference = np.abs(fast.astype(int) - exact.astype(int))
    assert fast.shape == picture.shape and fast.dtype == np.uint8
    assert difference.max() <= 2 and np.percentile(difference, 99.9) <= 1
    assert recorder.reports == [(1.0, "")]  # one pass, its end told


def test_a_wide_gaussian_of_a_transparent_picture_keeps_its_colours_clean() -> None:
    picture = _shapes(300, 410, 4)
    picture[:, :200, 3] = 0  # the left half transparent: its colour must not bleed in
    picture[:, :200, :3] = 0
    fast = blur.blur_image(picture, "gaussian", 40.0)
    seen = fast[:, 260:, :3].astype(int)  # well inside the visible half: no dark fringe from the black
    exact = blur._blur_rows(picture, "gaussian", 23.9, 0.0)[:, 260:, :3].astype(int)  # the exact path, a hair less wide
    assert abs(seen.mean() - exact.mean()) < 6
