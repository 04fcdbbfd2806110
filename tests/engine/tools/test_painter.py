"""Painter: pixels along and away from strokes, opacity mixing, erasing, and the blank-canvas mask."""

from __future__ import annotations

import numpy as np
import pytest

from karate.engine import GraphValidationError, RunStatus
from tests.engine.tools.support import outputs_of
from tests.helpers import node, run_tool, workflow

GREY = (100, 100, 100)


def _stroke(points, color="#ff0000", size=6.0, opacity=1.0, erase=False):
    return {"points": points, "color": color, "size": size, "opacity": opacity, "erase": erase}


async def test_stroke_paints_along_its_path_only(engine, store):
    image = np.full((40, 60, 3), GREY, np.uint8)
    result, outputs = await run_tool(
        engine, store, "tool.painter", image=image, strokes=[_stroke([[10, 20], [50, 20]])]
    )
    assert result.status == RunStatus.COMPLETED
    out, mask = outputs["image"], outputs["mask"]
    for x in (10, 20, 30, 50):
        assert tuple(out[20, x]) == (255, 0, 0) and mask[20, x] == 255
        assert tuple(out[18, x]) == (255, 0, 0)  # within the 6 px brush
    assert tuple(out[30, 30]) == GREY and mask[30, 30] == 0
    assert tuple(out[20, 57]) == GREY  # past the round cap


async def test_half_opacity_mixes_paint_and_image(engine, store):
    image = np.full((20, 20, 3), GREY, np.uint8)
    _, outputs = await run_tool(
        engine, store, "tool.painter", image=image, strokes=[_stroke([[2, 10], [18, 10]], color="#ffffff", opacity=0.5)]
    )
    assert np.abs(outputs["image"][10, 10].astype(int) - 178).max() <= 1  # 100 + 0.5 × 155 ≈ 177.5
    assert abs(int(outputs["mask"][10, 10]) - 128) <= 1


async def test_erase_removes_paint_and_restores_the_image(engine, store):
    image = np.full((20, 40, 3), GREY, np.uint8)
    strokes = [_stroke([[2, 10], [38, 10]], size=8), _stroke([[20, 10], [38, 10]], size=14, erase=True)]
    _, outputs = await run_tool(engine, store, "tool.painter", image=image, strokes=strokes)
    assert tuple(outputs["image"][10, 8]) == (255, 0, 0)
    assert tuple(outputs["image"][10, 30]) == GREY and outputs["mask"][10, 30] == 0


async def test_single_point_paints_a_round_dab(engine, store):
    image = np.full((30, 30, 3), GREY, np.uint8)
    _, outputs = await run_tool(
        engine, store, "tool.painter", image=image, strokes=[_stroke([[15.5, 15.5]], color="#0000ff", size=10)]
    )
    mask = outputs["mask"] >= 128
    ys, xs = np.nonzero(mask)
    assert abs(mask.sum() - np.pi * 25) < 4  # area of a 10 px disc
    assert abs(outputs["mask"].sum() / 255 - np.pi * 25) < 1  # anti-aliased edge: coverage is the area
    assert abs(xs.mean() - 15) < 0.5 and abs(ys.mean() - 15) < 0.5
    assert tuple(outputs["image"][15, 15]) == (0, 0, 255)


async def test_painting_on_transparency_makes_paint_opaque(engine, store):
    image = np.zeros((20, 20, 4), np.uint8)
    _, outputs = await run_tool(
        engine, store, "tool.painter", image=image, strokes=[_stroke([[2, 10], [18, 10]], color="#00ff00")]
    )
    assert tuple(outputs["image"][10, 10]) == (0, 255, 0, 255)
    assert outputs["image"][2, 2, 3] == 0


async def test_without_an_image_it_paints_a_mask_on_a_black_canvas(engine, store):
    params = {"width": 64, "height": 32, "strokes": [_stroke([[0, 16], [64, 16]], color="#ffffff", size=4)]}
    result = await engine.run(workflow([node("tool", "tool.painter", **params)], []))
    assert result.status == RunStatus.COMPLETED, result.error
    outputs = outputs_of(result, store, "tool")
    assert outputs["mask"].shape == (32, 64) and outputs["image"].shape == (32, 64, 3)
    mask = outputs["mask"]
    # A 4 px brush along y = 16 covers exactly the rows whose centres (14.5 … 17.5) lie within 2 px.
    assert np.all(mask[14:18] == 255) and np.all(mask[:14] == 0) and np.all(mask[18:] == 0)
    assert np.all(outputs["image"][16] == 255) and np.all(outputs["image"][25] == 0)


async def test_a_stroke_with_a_bad_colour_is_refused_before_running(engine, store):
    image = np.full((5, 5, 3), GREY, np.uint8)
    with pytest.raises(GraphValidationError) as refused:
        await run_tool(engine, store, "tool.painter", image=image, strokes=[_stroke([[1, 1]], color="red")])
    assert any("color" in str(problem) for problem in refused.value.problems)


async def test_a_soft_brush_fades_from_its_centre_to_its_edge(engine, store):
    image = np.full((40, 40, 3), GREY, np.uint8)
    soft = {**_stroke([[20.5, 20.5]], color="#ffffff", size=20), "hardness": 0.0}
    _, outputs = await run_tool(engine, store, "tool.painter", image=image, strokes=[soft])
    mask = outputs["mask"].astype(int)
    assert mask[20, 20] >= 240  # full paint at the centre
    assert 60 < mask[20, 25] < 200  # half-way out: partly painted
    assert mask[20, 30] < 30 and mask[20, 35] == 0  # the edge fades out, nothing beyond it
