"""Graph builders for the tool tests: a tool fed an image and a mask, and checks on a finished run."""

from __future__ import annotations

from typing import Any

import numpy as np

from karate.engine import Engine, RunResult
from karate.storage.assets import LocalAssetStore
from tests.helpers import edge, node, store_image, workflow


async def run_with_mask(
    engine: Engine, store: LocalAssetStore, tool: str, image: np.ndarray | None, mask: np.ndarray, **params: Any
) -> tuple[RunResult, dict[str, Any]]:
    """Run a tool whose `mask` input comes from an uploaded picture, as a user builds it: the mask is
    uploaded as the transparency of an image and taken out by the Mask Extractor (alpha mode)."""
    carrier = np.dstack([np.zeros(mask.shape + (3,), np.uint8), mask])
    nodes = [
        node("tool", tool, **params),
        node("mask_image", "input.image", asset_id=store_image(store, carrier)),
        node("mask", "tool.mask_extractor", mode="alpha"),
    ]
    edges = [edge("mask_image", "mask"), edge("mask", "tool", "mask", "mask")]
    if image is not None:
        nodes.append(node("img", "input.image", asset_id=store_image(store, image)))
        edges.append(edge("img", "tool"))
    result = await engine.run(workflow(nodes, edges))
    return result, outputs_of(result, store, "tool")


def outputs_of(result: RunResult, store: LocalAssetStore, node_id: str) -> dict[str, Any]:
    """A node's outputs, images and masks as numpy arrays."""
    return {
        name: value.pixels(store) if hasattr(value, "pixels") else value
        for name, value in result.nodes[node_id].outputs.items()
    }


def failure_of(result: RunResult, node_id: str = "tool") -> tuple[str, str]:
    """The (code, message) a failed node reported."""
    error = result.nodes[node_id].error
    assert error is not None, f"{node_id} did not fail: {result.nodes[node_id].status}"
    return error.code, error.message
