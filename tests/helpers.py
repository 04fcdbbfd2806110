"""Small builders shared by the test suites: workflows, stored images, one-node runs."""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np

from karate.engine import Engine, RunResult
from karate.storage.assets import LocalAssetStore


def store_image(store: LocalAssetStore, array: np.ndarray) -> str:
    """Store an RGB/RGBA/grey array as a PNG asset and return its id."""
    if array.ndim == 3 and array.shape[2] == 4:
        bgr = cv2.cvtColor(array, cv2.COLOR_RGBA2BGRA)
    elif array.ndim == 3:
        bgr = cv2.cvtColor(array, cv2.COLOR_RGB2BGR)
    else:
        bgr = array
    ok, png = cv2.imencode(".png", bgr)
    assert ok
    return store.put_bytes(png.tobytes(), "image/png").sha256


def node(node_id: str, type_: str, **params: Any) -> dict[str, Any]:
    return {"id": node_id, "type": type_, "params": params}


def edge(source: str, target: str, source_port: str = "image", target_port: str = "image") -> dict[str, Any]:
    return {
        "id": f"{source}.{source_port}->{target}.{target_port}",
        "source": source,
        "sourceHandle": source_port,
        "target": target,
        "targetHandle": target_port,
    }


def workflow(nodes: list[dict[str, Any]], edges: list[dict[str, Any]]) -> dict[str, Any]:
    return {"schema_version": 1, "nodes": nodes, "edges": edges}


async def run_tool(
    engine: Engine,
    store: LocalAssetStore,
    tool: str,
    image: np.ndarray | None = None,
    mask: np.ndarray | None = None,
    **params: Any,
) -> tuple[RunResult, dict[str, Any]]:
    """Run one tool on an image (and optional mask); return the run and the tool's outputs as arrays."""
    nodes = [node("tool", tool, **params)]
    edges = []
    if image is not None:
        nodes.append(node("img", "input.image", asset_id=store_image(store, image)))
        edges.append(edge("img", "tool"))
    if mask is not None:
        nodes.append(node("mask", "input.image", asset_id=store_image(store, mask)))
        edges.append(edge("mask", "tool", "image", "mask"))
    result = await engine.run(workflow(nodes, edges), targets=["tool"])  # refused if the tool cannot run
    outputs = {}
    for name, value in result.nodes["tool"].outputs.items():
        outputs[name] = value.pixels(store) if hasattr(value, "pixels") else value
    return result, outputs
