"""Inpaint: a hole is filled with values close to its surroundings, by both methods."""

from __future__ import annotations

import numpy as np
import pytest

from karate.engine import RunStatus
from tests.engine.tools.support import run_with_mask


def _gradient(height: int = 48, width: int = 48) -> np.ndarray:
    x = np.linspace(40, 200, width)
    y = np.linspace(0, 60, height)[:, None]
    red = np.broadcast_to(x, (height, width))
    return np.dstack([red, red * 0 + 90 + y, 255 - red]).astype(np.uint8)


@pytest.mark.parametrize("method", ["telea", "navier_stokes"])
async def test_hole_is_filled_from_the_surroundings(engine, store, method):
    clean = _gradient()
    damaged = clean.copy()
    damaged[18:30, 18:30] = (255, 255, 255)  # a white blotch to remove
    mask = np.zeros(clean.shape[:2], np.uint8)
    mask[18:30, 18:30] = 255
    result, outputs = await run_with_mask(engine, store, "tool.inpaint", damaged, mask, method=method)
    assert result.status == RunStatus.COMPLETED, result.error
    out = outputs["image"].astype(int)
    assert np.abs(out[18:30, 18:30] - clean[18:30, 18:30]).mean() < 8
    assert np.abs(out[18:30, 18:30] - clean[18:30, 18:30]).max() < 30
    np.testing.assert_array_equal(out[mask == 0], clean[mask == 0])


async def test_grow_covers_a_halo_around_the_mask(engine, store):
    clean = np.full((40, 40, 3), 120, np.uint8)
    damaged = clean.copy()
    damaged[14:26, 14:26] = 250  # the blotch is two pixels larger than the mask
    mask = np.zeros((40, 40), np.uint8)
    mask[16:24, 16:24] = 255
    _, plain = await run_with_mask(engine, store, "tool.inpaint", damaged, mask)
    _, grown = await run_with_mask(engine, store, "tool.inpaint", damaged, mask, grow=3)
    assert plain["image"][15, 20, 0] == 250  # outside the mask: untouched
    assert np.abs(grown["image"][12:28, 12:28].astype(int) - 120).max() <= 3


async def test_transparency_is_inpainted_too(engine, store):
    image = np.zeros((30, 30, 4), np.uint8)
    image[:, :, :3] = 80
    image[:, :, 3] = 200
    image[10:20, 10:20] = (0, 0, 0, 0)
    mask = np.zeros((30, 30), np.uint8)
    mask[10:20, 10:20] = 255
    _, outputs = await run_with_mask(engine, store, "tool.inpaint", image, mask)
    assert np.abs(outputs["image"][10:20, 10:20].astype(int) - (80, 80, 80, 200)).max() <= 2
