"""Crop: rectangles against numpy slicing, aspect presets against hand-computed boxes, clear refusals."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from karate.engine import RunStatus
from karate.nodes.tools.crop import centred_crop_box
from tests.engine.tools.support import failure_of
from tests.helpers import run_tool

IMAGE = np.random.default_rng(3).integers(0, 256, (60, 80, 4), dtype=np.uint8)


async def test_rectangle_crop_equals_slicing(engine, store):
    result, outputs = await run_tool(engine, store, "tool.crop", image=IMAGE, x=10, y=5, width=30, height=20)
    assert result.status == RunStatus.COMPLETED
    np.testing.assert_array_equal(outputs["image"], IMAGE[5:25, 10:40])


async def test_zero_width_and_height_reach_to_the_edges(engine, store):
    _, outputs = await run_tool(engine, store, "tool.crop", image=IMAGE, x=70, y=50)
    np.testing.assert_array_equal(outputs["image"], IMAGE[50:, 70:])


@pytest.mark.parametrize(
    ("aspect", "box"),
    [
        ("1:1", (10, 0, 60, 60)),  # 80×60 → 60×60, centred horizontally
        ("16:9", (0, 7, 80, 45)),  # full width, 80·9/16 = 45 tall
        ("9:16", (23, 0, 34, 60)),  # full height, 60·9/16 = 33.75 → 34 wide
        ("4:3", (0, 0, 80, 60)),  # already 4:3
        ("2:3", (20, 0, 40, 60)),
    ],
)
async def test_aspect_preset_takes_the_largest_centred_crop(engine, store, aspect, box):
    x, y, w, h = box
    _, outputs = await run_tool(engine, store, "tool.crop", image=IMAGE, aspect=aspect, x=3, y=3)
    np.testing.assert_array_equal(outputs["image"], IMAGE[y : y + h, x : x + w])


async def test_rectangle_past_the_edge_is_refused_with_the_limit(engine, store):
    result, _ = await run_tool(engine, store, "tool.crop", image=IMAGE, x=60, y=0, width=30, height=10)
    code, message = failure_of(result)
    assert code == "invalid_input"
    assert "reaches past the 80×60 image" in message and "at most 20×60" in message


async def test_corner_outside_the_image_is_refused(engine, store):
    result, _ = await run_tool(engine, store, "tool.crop", image=IMAGE, x=80, y=0)
    assert "outside the 80×60 image" in failure_of(result)[1]


@given(
    width=st.integers(1, 5000),
    height=st.integers(1, 5000),
    aspect=st.sampled_from(["1:1", "4:3", "3:4", "16:9", "9:16", "3:2", "2:3"]),
)
def test_centred_crop_box_is_inside_centred_and_of_the_ratio(width, height, aspect):
    x, y, w, h = centred_crop_box(width, height, aspect)
    assert x >= 0 and y >= 0 and x + w <= width and y + h <= height
    assert w == width or h == height  # the largest such crop touches two opposite sides
    assert abs((width - w) - 2 * x) <= 1 and abs((height - h) - 2 * y) <= 1
    ratio_w, ratio_h = (int(part) for part in aspect.split(":"))
    # Rounding to whole pixels moves the shorter side by at most half a pixel (or it is 1 px at least).
    if w == width:
        assert abs(h - width * ratio_h / ratio_w) <= 0.5 or h in (1, height)
    else:
        assert abs(w - height * ratio_w / ratio_h) <= 0.5 or w in (1, width)
