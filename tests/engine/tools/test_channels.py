"""Channels: split into masks, reorder, and merge back (a round trip gives the original pixels)."""

from __future__ import annotations

import numpy as np

from karate.engine import RunStatus
from tests.engine.tools.support import outputs_of
from tests.helpers import edge, node, run_tool, store_image, workflow

RNG = np.random.default_rng(5)


async def test_split_gives_each_channel_as_a_mask(engine, store):
    image = RNG.integers(0, 256, (9, 11, 4), dtype=np.uint8)
    result, outputs = await run_tool(engine, store, "tool.channels", image=image)
    assert result.status == RunStatus.COMPLETED
    for index, name in enumerate(["red", "green", "blue", "alpha"]):
        assert outputs[name].shape == (9, 11)
        np.testing.assert_array_equal(outputs[name], image[:, :, index])
    np.testing.assert_array_equal(outputs["image"], image)  # order "rgb" changes nothing


async def test_alpha_of_an_opaque_image_is_white(engine, store):
    image = RNG.integers(0, 256, (4, 4, 3), dtype=np.uint8)
    _, outputs = await run_tool(engine, store, "tool.channels", image=image)
    assert np.all(outputs["alpha"] == 255)
    assert outputs["image"].shape == (4, 4, 3)


async def test_reorder_to_bgr_swaps_red_and_blue_and_keeps_alpha(engine, store):
    image = RNG.integers(0, 256, (6, 5, 4), dtype=np.uint8)
    _, outputs = await run_tool(engine, store, "tool.channels", image=image, order="bgr")
    out = outputs["image"]
    np.testing.assert_array_equal(out[:, :, 0], image[:, :, 2])
    np.testing.assert_array_equal(out[:, :, 1], image[:, :, 1])
    np.testing.assert_array_equal(out[:, :, 2], image[:, :, 0])
    np.testing.assert_array_equal(out[:, :, 3], image[:, :, 3])


async def test_split_then_merge_round_trips_and_can_rewire_channels(engine, store):
    image = RNG.integers(0, 256, (10, 8, 4), dtype=np.uint8)
    nodes = [
        node("img", "input.image", asset_id=store_image(store, image)),
        node("split", "tool.channels"),
        node("merge", "tool.channels_merge"),
        node("swapped", "tool.channels_merge"),
    ]
    edges = [edge("img", "split")]
    edges += [edge("split", "merge", name, name) for name in ("red", "green", "blue", "alpha")]
    edges += [
        edge("split", "swapped", "green", "red"),
        edge("split", "swapped", "red", "green"),
        edge("split", "swapped", "blue", "blue"),
    ]
    result = await engine.run(workflow(nodes, edges))
    assert result.status == RunStatus.COMPLETED, result.error
    np.testing.assert_array_equal(outputs_of(result, store, "merge")["image"], image)
    swapped = outputs_of(result, store, "swapped")["image"]
    assert swapped.shape == (10, 8, 3)  # no alpha connected: opaque
    np.testing.assert_array_equal(swapped, image[:, :, [1, 0, 2]])
