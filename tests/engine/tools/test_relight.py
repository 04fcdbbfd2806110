"""Relight: flat areas follow Lambert's law exactly; a bump is brighter on the side facing the light."""

from __future__ import annotations

import numpy as np

from karate.engine import RunStatus
from tests.helpers import run_tool


def _bump(size: int = 64, sigma: float = 9.0) -> np.ndarray:
    """A grey image with a smooth bright dome in the middle (read by Relight as a raised bump)."""
    yy, xx = np.mgrid[0:size, 0:size] - (size - 1) / 2
    value = 90 + 110 * np.exp(-(xx**2 + yy**2) / (2 * sigma**2))
    return np.repeat(np.rint(value)[:, :, None], 3, axis=2).astype(np.uint8)


async def test_flat_image_is_lit_by_ambient_plus_light_colour_times_sin_elevation(engine, store):
    image = np.full((16, 16, 4), (120, 120, 120, 77), np.uint8)
    result, outputs = await run_tool(
        engine,
        store,
        "tool.relight",
        image=image,
        azimuth=10.0,
        elevation=30.0,
        color="#ff8000",
        intensity=1.2,
        ambient=0.2,
    )
    assert result.status == RunStatus.COMPLETED
    expected = [round(120 * (0.2 + 1.2 * 0.5 * channel / 255)) for channel in (255, 128, 0)]  # 96, 60, 24
    assert np.all(np.abs(outputs["image"][:, :, :3].astype(int) - expected) <= 1)
    assert np.all(outputs["image"][:, :, 3] == 77)


async def test_bump_is_brighter_on_the_side_facing_the_light(engine, store):
    image = _bump()
    _, from_left = await run_tool(
        engine, store, "tool.relight", image=image, azimuth=180.0, elevation=30.0, smoothness=0.0
    )
    gain = from_left["image"][:, :, 0].astype(float) / image[:, :, 0]
    row = 32
    assert gain[row, 22] > gain[row, 41] + 0.3  # left slope (lit) against its mirror on the right
    _, from_top = await run_tool(
        engine, store, "tool.relight", image=image, azimuth=90.0, elevation=30.0, smoothness=0.0
    )
    gain = from_top["image"][:, :, 0].astype(float) / image[:, :, 0]
    assert gain[22, 32] > gain[41, 32] + 0.3


async def test_shading_matches_lambert_on_normals_from_the_luminance_slope(engine, store):
    image = _bump()
    depth, azimuth, elevation, ambient = 6.0, 200.0, 40.0, 0.25
    _, outputs = await run_tool(
        engine,
        store,
        "tool.relight",
        image=image,
        azimuth=azimuth,
        elevation=elevation,
        ambient=ambient,
        depth=depth,
        smoothness=0.0,
    )
    height = image[:, :, 0].astype(float) / 255  # grey, so luma = the channel value
    slope_y, slope_x = np.gradient(height)
    normal = np.dstack([-slope_x * depth, -slope_y * depth, np.ones_like(height)])
    normal /= np.linalg.norm(normal, axis=2, keepdims=True)
    az, el = np.radians(azimuth), np.radians(elevation)
    light = np.array([np.cos(el) * np.cos(az), -np.cos(el) * np.sin(az), np.sin(el)])
    expected = image[:, :, 0] * (ambient + np.clip(normal @ light, 0, None))
    inner = (slice(2, -2), slice(2, -2))  # away from the border, where the gradients' edge rules differ
    assert np.abs(outputs["image"][:, :, 0][inner] - expected[inner]).max() <= 4
