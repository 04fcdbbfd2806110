"""Crop: rectangles against numpy slicing, aspect presets against hand-computed boxes, refusals that say which
field to change and to what, in pixels of the picture's size."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from karate.engine import GraphValidationError, NodeStatus, RunStatus
from karate.engine.graph_check import check_params
from karate.engine.registry import load_builtin_nodes
from karate.nodes.tools.crop import Crop, centred_crop_box
from karate.sdk import InvalidInput
from tests.engine.tools.support import failure_of
from tests.helpers import edge, node, run_tool, store_image, workflow

WHOLE_PICTURE = (
    "Crop would keep the whole picture: X, Y, Width and Height are all 0; set Width and Height to the size of the "
    "part to keep (and X and Y to its top-left corner), or choose an aspect ratio"
)

IMAGE = np.random.default_rng(3).integers(0, 256, (60, 80, 4), dtype=np.uint8)


async def test_rectangle_crop_equals_slicing(engine, store):
    result, outputs = await run_tool(engine, store, "tool.crop", image=IMAGE, x=10, y=5, width=30, height=20)
    assert result.status == RunStatus.COMPLETED
    np.testing.assert_array_equal(outputs["image"], IMAGE[5:25, 10:40])


async def test_zero_width_and_height_reach_to_the_edges(engine, store):
    _, outputs = await run_tool(engine, store, "tool.crop", image=IMAGE, x=70, y=50)
    np.testing.assert_array_equal(outputs["image"], IMAGE[50:, 70:])


async def test_a_crop_of_the_whole_picture_is_refused_before_the_run_naming_what_to_set(engine, store):
    with pytest.raises(GraphValidationError) as refused:  # a run of the Crop itself: nothing runs
        await run_tool(engine, store, "tool.crop", image=IMAGE)
    assert [(p.code, p.field, p.message) for p in refused.value.problems] == [("invalid_param", "width", WHOLE_PICTURE)]
    graph = workflow(
        [node("img", "input.image", asset_id=store_image(store, IMAGE)), node("crop", "tool.crop", x=0, width=0)],
        [edge("img", "crop")],
    )
    result = await engine.run(graph)  # the whole workflow: the rest runs, the Crop does not, and says why
    assert result.nodes["crop"].status == NodeStatus.BLOCKED
    assert result.nodes["crop"].error is not None and result.nodes["crop"].error.message == WHOLE_PICTURE
    assert result.nodes["crop"].outputs == {}


@pytest.mark.parametrize("settings", [{"x": 1}, {"y": 1}, {"width": 80}, {"height": 5}, {"aspect": "1:1"}])
def test_any_rectangle_field_set_or_a_ratio_makes_a_crop_that_may_run(settings):
    assert check_params("crop", Crop, settings) == []
    assert [p.field for p in check_params("crop", Crop, {})] == ["width"]


def test_the_rectangle_is_shown_only_for_a_free_crop_the_one_that_uses_it():
    [spec] = [s for s in load_builtin_nodes().specs_json() if s["type"] == "tool.crop"]
    fields = spec["params_schema"]["properties"]
    assert all(fields[name]["visible_when"] == {"aspect": ["free"]} for name in ("x", "y", "width", "height"))
    assert "visible_when" not in fields["aspect"]


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


@pytest.mark.parametrize(
    ("rectangle", "says"),
    [
        (  # 60 + 30 > 80
            {"x": 60, "width": 30, "height": 10},
            "Crop: X 60 + Width 30 reaches 90 pixels, past the picture's right edge (the picture is 80×60 pixels); "
            "set Width to at most 20 (0 reaches to the edge), or X to at most 50",
        ),
        (
            {"y": 50, "height": 20},
            "Crop: Y 50 + Height 20 reaches 70 pixels, past the picture's bottom edge (the picture is 80×60 pixels); "
            "set Height to at most 10 (0 reaches to the edge), or Y to at most 40",
        ),
        (
            {"x": 80},
            "Crop: X is 80 pixels, past the picture's right edge (the picture is 80×60 pixels); set X to at most 79 "
            "so the rectangle starts inside the picture",
        ),
        (
            {"y": 75},
            "Crop: Y is 75 pixels, past the picture's bottom edge (the picture is 80×60 pixels); set Y to at most 59 "
            "so the rectangle starts inside the picture",
        ),
        (
            {"x": 5, "width": 100},
            "Crop: Width is 100 pixels, more than the picture has (the picture is 80×60 pixels); set Width to at "
            "most 75, or to 0 to reach the right edge",
        ),
        # wrong in several ways: every field to change, in one message
        (  # both corners' fields
            {"x": 5000, "y": 5000},
            "Crop: X is 5000 pixels, past the picture's right edge, and Y is 5000 pixels, past the picture's bottom "
            "edge (the picture is 80×60 pixels); set X to at most 79 so the rectangle starts inside the picture, and "
            "set Y to at most 59 so the rectangle starts inside the picture",
        ),
        (  # both sizes: one too large, one reaching past the edge
            {"x": 10, "y": 50, "width": 100, "height": 20},
            "Crop: Width is 100 pixels, more than the picture has, and Y 50 + Height 20 reaches 70 pixels, past the "
            "picture's bottom edge (the picture is 80×60 pixels); set Width to at most 70, or to 0 to reach the "
            "right edge, and set Height to at most 10 (0 reaches to the edge), or Y to at most 40",
        ),
        (  # two problems of one side: where it starts, and how long it is
            {"x": 90, "width": 200},
            "Crop: X is 90 pixels, past the picture's right edge, and Width is 200 pixels, more than the picture "
            "has (the picture is 80×60 pixels); set X to at most 79 so the rectangle starts inside the picture, and "
            "set Width to at most 80 less X, or to 0 to reach the right edge",
        ),
    ],
)
async def test_a_rectangle_outside_the_picture_is_refused_naming_every_field_to_change_and_to_what(
    engine, store, rectangle, says
):
    result, _ = await run_tool(engine, store, "tool.crop", image=IMAGE, **rectangle)
    assert failure_of(result) == ("invalid_input", says)


@pytest.mark.parametrize("aspect", ["5x4", "16:0", "a:b", "1:2:3", ""])
def test_a_ratio_that_is_not_width_colon_height_is_refused_in_words(aspect):
    with pytest.raises(InvalidInput) as refused:
        centred_crop_box(80, 60, aspect)
    assert str(refused.value) == (
        f"Crop: the aspect ratio {aspect!r} is not two whole numbers above 0 written width:height; choose one of "
        "the listed ratios (such as 16:9), or free to crop to the rectangle"
    )


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
