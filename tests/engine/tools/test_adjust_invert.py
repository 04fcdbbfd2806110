"""Adjust and Invert: pixels against the formulas, computed independently per pixel."""

from __future__ import annotations

import numpy as np

from karate.engine import RunStatus
from tests.engine.tools.support import run_with_mask
from tests.helpers import run_tool

RNG = np.random.default_rng(7)


def _reference(pixel: np.ndarray, *, exposure=0.0, brightness=0.0, contrast=0.0, saturation=0.0, gamma=1.0):
    """One pixel through the adjustments, written out scalar by scalar."""
    out = []
    values = [channel / 255 for channel in pixel]
    if exposure:
        linear = [v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4 for v in values]
        linear = [v * 2**exposure for v in linear]
        values = [v * 12.92 if v <= 0.0031308 else 1.055 * v ** (1 / 2.4) - 0.055 for v in linear]
    values = [v + brightness / 100 for v in values]
    values = [(v - 0.5) * (1 + contrast / 100) + 0.5 for v in values]
    grey = 0.2126 * values[0] + 0.7152 * values[1] + 0.0722 * values[2]
    values = [grey + (v - grey) * (1 + saturation / 100) for v in values]
    for v in values:
        v = min(max(v, 0.0), 1.0) ** (1 / gamma)
        out.append(round(v * 255))
    return np.array(out)


async def test_adjust_defaults_leave_the_image_unchanged(engine, store):
    image = RNG.integers(0, 256, (12, 10, 4), dtype=np.uint8)
    result, outputs = await run_tool(engine, store, "tool.adjust", image=image)
    assert result.status == RunStatus.COMPLETED
    np.testing.assert_array_equal(outputs["image"], image)


async def test_adjust_matches_the_formulas_and_keeps_alpha(engine, store):
    image = RNG.integers(0, 256, (8, 9, 4), dtype=np.uint8)
    settings = {"exposure": 0.7, "brightness": -10.0, "contrast": 35.0, "saturation": 50.0, "gamma": 1.4}
    _, outputs = await run_tool(engine, store, "tool.adjust", image=image, **settings)
    out = outputs["image"]
    np.testing.assert_array_equal(out[:, :, 3], image[:, :, 3])
    for y, x in [(0, 0), (3, 4), (7, 8), (5, 1)]:
        expected = _reference(image[y, x, :3], **settings)
        assert np.abs(out[y, x, :3].astype(int) - expected).max() <= 1, (y, x)


async def test_adjust_saturation_minus_100_gives_grey(engine, store):
    image = RNG.integers(0, 256, (6, 6, 3), dtype=np.uint8)
    _, outputs = await run_tool(engine, store, "tool.adjust", image=image, saturation=-100.0)
    luma = image.astype(np.float64) @ [0.2126, 0.7152, 0.0722]
    for channel in range(3):
        assert np.abs(outputs["image"][:, :, channel] - luma).max() <= 1


async def test_one_stop_of_exposure_doubles_linear_light(engine, store):
    image = np.full((4, 4, 3), 100, np.uint8)
    _, outputs = await run_tool(engine, store, "tool.adjust", image=image, exposure=1.0)
    linear = ((100 / 255 + 0.055) / 1.055) ** 2.4 * 2
    expected = round((1.055 * linear ** (1 / 2.4) - 0.055) * 255)  # 137: not 200, light is not sRGB values
    assert np.all(outputs["image"] == expected)


async def test_invert_is_255_minus_rgb_with_alpha_untouched(engine, store):
    image = RNG.integers(0, 256, (9, 7, 4), dtype=np.uint8)
    _, outputs = await run_tool(engine, store, "tool.invert", image=image)
    np.testing.assert_array_equal(outputs["image"][:, :, :3], 255 - image[:, :, :3])
    np.testing.assert_array_equal(outputs["image"][:, :, 3], image[:, :, 3])


async def test_invert_inside_a_mask_only(engine, store):
    image = RNG.integers(0, 256, (10, 10, 3), dtype=np.uint8)
    mask = np.zeros((10, 10), np.uint8)
    mask[:, 5:] = 255
    result, outputs = await run_with_mask(engine, store, "tool.invert", image, mask)
    assert result.status == RunStatus.COMPLETED, result.error
    np.testing.assert_array_equal(outputs["image"][:, 5:], 255 - image[:, 5:])
    np.testing.assert_array_equal(outputs["image"][:, :5], image[:, :5])


async def test_adjust_with_a_half_resolution_mask_is_resized(engine, store):
    image = np.full((20, 20, 3), 100, np.uint8)
    mask = np.zeros((10, 10), np.uint8)
    mask[:5] = 255  # top half of the picture
    _, outputs = await run_with_mask(engine, store, "tool.adjust", image, mask, brightness=20.0)
    assert np.all(outputs["image"][:8] == 151)  # 100 + 0.2 × 255
    assert np.all(outputs["image"][12:] == 100)


async def test_mask_of_another_shape_is_refused_with_a_clear_message(engine, store):
    image = np.full((20, 20, 3), 100, np.uint8)
    result, _ = await run_with_mask(engine, store, "tool.invert", image, np.zeros((10, 30), np.uint8))
    error = result.nodes["tool"].error
    assert error is not None and error.code == "invalid_input"
    assert "mask is 30×10 but the image is 20×20" in error.message
