"""Outpaint: canvas size, the mask of the new area, and each fill mode's values."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from karate.engine import GraphValidationError, RunStatus
from tests.helpers import run_tool


def _two_by_two() -> np.ndarray:
    return np.array([[[10, 0, 0], [20, 0, 0]], [[30, 0, 0], [40, 0, 0]]], np.uint8)


async def test_edge_mode_repeats_outer_pixels_and_masks_the_new_area(engine, store):
    result, outputs = await run_tool(
        engine, store, "tool.outpaint", image=_two_by_two(), mode="edge", top=1, left=2, right=1
    )
    assert result.status == RunStatus.COMPLETED
    red = outputs["image"][:, :, 0]
    assert red.tolist() == [[10, 10, 10, 20, 20], [10, 10, 10, 20, 20], [30, 30, 30, 40, 40]]
    assert outputs["mask"].tolist() == [[255] * 5, [255, 255, 0, 0, 255], [255, 255, 0, 0, 255]]


async def test_mirror_mode_reflects_the_image(engine, store):
    _, outputs = await run_tool(engine, store, "tool.outpaint", image=_two_by_two(), mode="mirror", left=2, bottom=1)
    assert outputs["image"][:, :, 0].tolist() == [[20, 10, 10, 20], [40, 30, 30, 40], [40, 30, 30, 40]]


async def test_color_mode_fills_with_the_colour_and_keeps_the_image(engine, store):
    image = np.full((10, 12, 4), (1, 2, 3, 128), np.uint8)
    _, outputs = await run_tool(
        engine, store, "tool.outpaint", image=image, mode="color", color="#ff8800", right=5, bottom=3
    )
    out = outputs["image"]
    assert out.shape == (13, 17, 4)
    np.testing.assert_array_equal(out[:10, :12], image)
    assert np.all(out[10:, :] == (255, 136, 0, 255)) and np.all(out[:, 12:] == (255, 136, 0, 255))


async def test_transparent_mode_adds_alpha_zero_around_an_opaque_image(engine, store):
    image = np.full((6, 6, 3), 90, np.uint8)
    _, outputs = await run_tool(engine, store, "tool.outpaint", image=image, mode="transparent", top=4)
    out = outputs["image"]
    assert out.shape == (10, 6, 4)
    assert np.all(out[:4, :, 3] == 0) and np.all(out[4:, :, 3] == 255)
    assert np.all(out[:, :, :3] == 90)  # hidden colour continues the edge: no dark fringe later


async def test_blend_mode_continues_the_surrounding_colours(engine, store):
    image = np.zeros((30, 30, 3), np.uint8)
    image[:, :15] = (200, 40, 40)
    image[:, 15:] = (40, 40, 200)
    _, outputs = await run_tool(engine, store, "tool.outpaint", image=image, mode="blend", top=8, bottom=8)
    out = outputs["image"].astype(int)
    assert out.shape == (46, 30, 3)
    # Just above and below the image, each side keeps its own colour.
    assert np.abs(out[5, :10] - (200, 40, 40)).max() <= 12
    assert np.abs(out[40, 20:] - (40, 40, 200)).max() <= 12


async def test_blend_on_a_large_canvas_is_seamless(engine, store):
    # 300 px on top makes the canvas 600 px tall: filled coarse-to-fine, so the seam needs checking.
    image = np.zeros((300, 200, 3), np.uint8)
    image[:, :100] = (220, 120, 30)
    image[:, 100:] = (30, 90, 210)
    _, outputs = await run_tool(engine, store, "tool.outpaint", image=image, mode="blend", top=300)
    out = outputs["image"].astype(int)
    np.testing.assert_array_equal(out[300:], image)
    assert np.abs(out[299, 5:85] - (220, 120, 30)).max() <= 4  # touching the image, away from the boundary
    assert np.abs(out[299, 115:195] - (30, 90, 210)).max() <= 4
    # Everywhere it is close to inpainting the whole canvas at full resolution, only faster.
    padded = np.pad(image, ((300, 0), (0, 0), (0, 0)), mode="edge")
    hole = np.zeros((600, 200), np.uint8)
    hole[:300] = 255
    direct = cv2.inpaint(padded, hole, 8, cv2.INPAINT_TELEA).astype(int)
    assert np.abs(out - direct).mean() < 1.5 and np.abs(out - direct).max() <= 25
    assert np.all(outputs["mask"][:300] == 255) and np.all(outputs["mask"][300:] == 0)


async def test_no_extension_is_refused_before_the_run_with_what_to_set(engine, store):
    with pytest.raises(GraphValidationError) as refused:
        await run_tool(engine, store, "tool.outpaint", image=_two_by_two())
    assert [(p.code, p.node_id, p.field, p.message) for p in refused.value.problems] == [
        (
            "invalid_param",
            "tool",
            "top",
            "Outpaint would add nothing: Top, Bottom, Left and Right are all 0; set how many pixels to add on at least "
            "one side",
        )
    ]
