"""Helpers for API tests: PNG bytes, workflow documents, following a run's events over WebSocket."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, get_args

import cv2
import numpy as np
import sqlalchemy
import websockets
from pydantic_core.core_schema import ErrorType


@contextmanager
def statements_run(studio: Any) -> Iterator[list[str]]:
    """The SQL statements a studio (tests.api.conftest.RunningStudio) sends its database while the block runs."""
    statements: list[str] = []

    def count(_connection: Any, _cursor: Any, statement: str, *_: Any) -> None:
        statements.append(statement)

    engine = studio.app.state.studio.database.engine.sync_engine
    sqlalchemy.event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        sqlalchemy.event.remove(engine, "before_cursor_execute", count)


def png_bytes(width: int = 32, height: int = 24, seed: int = 0) -> bytes:
    rng = np.random.default_rng(seed)
    pixels = rng.integers(0, 256, (height, width, 3), dtype=np.uint8)
    ok, data = cv2.imencode(".png", pixels)
    assert ok
    return data.tobytes()


def decode_png(data: bytes) -> np.ndarray:
    image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_UNCHANGED)
    assert image is not None, "not an image"
    return image


def chain_document(asset_id: str, blurs: int = 1, radius: float = 2.0) -> dict[str, Any]:
    """input.image -> tool.blur x blurs -> tool.invert -> output.save."""
    nodes = [{"id": "img", "type": "input.image", "params": {"asset_id": asset_id}, "position": {"x": 0, "y": 0}}]
    edges = []
    previous = "img"
    for index in range(blurs):
        node_id = f"blur{index}"
        nodes.append({"id": node_id, "type": "tool.blur", "params": {"radius": radius}})
        edges.append(image_edge(previous, node_id))
        previous = node_id
    nodes += [
        {"id": "invert", "type": "tool.invert", "params": {}},
        {"id": "save", "type": "output.save", "params": {"format": "png"}},
    ]
    edges += [image_edge(previous, "invert"), image_edge("invert", "save")]
    return {"schema_version": 1, "nodes": nodes, "edges": edges}


def image_edge(source: str, target: str) -> dict[str, Any]:
    """A connection from `source`'s image output to `target`'s image input."""
    return {
        "id": f"{source}-{target}",
        "source": source,
        "sourceHandle": "image",
        "target": target,
        "targetHandle": "image",
    }


_PYDANTIC_CODES = sorted(
    (code for code in get_args(ErrorType) if "_" in code and code != "model_type"), key=len, reverse=True
)  # `model_type` is also a model parameter's name
PATTERN_TEXT = re.compile(
    r"String should|Input should|Field required|Value error,|should match pattern|errors\.pydantic\.dev"
    r"|\^\[|\]\{\d+(,\d*)?\}|\[\^|\(\?[:=!<P]|\\\\[wdsWDSb]|\]\*\$|\]\+\$"  # ^[  ]{64}  [^  (?:  \\w  ]*$
    r'|"type":\s*"model_type"|\b(' + "|".join(_PYDANTIC_CODES) + r")\b"
)
# Answers that describe the API itself (schemas carry patterns on purpose), not messages to a user.
SCHEMA_PATHS = ("/openapi.json", "/api/docs", "/api/v1/nodes")


def assert_no_pattern_text(text: str, where: str) -> None:
    """A body or event a user can see quotes no regular expression, pydantic message or error code."""
    found = PATTERN_TEXT.search(text)
    assert found is None, f"{where} shows pattern or pydantic text {found.group(0)!r}: {text[:600]}"


async def follow_run(ws_url: str, run_id: str, after: int = 0, stop_after: str | None = None) -> list[dict[str, Any]]:
    """Every event of a run over WebSocket until the server closes the stream (or `stop_after` arrives)."""
    events = []
    async with websockets.connect(f"{ws_url}/api/v1/runs/{run_id}/events?after={after}", open_timeout=10) as ws:
        async for message in ws:
            assert_no_pattern_text(str(message), f"event of run {run_id}")
            event = json.loads(message)
            events.append(event)
            if stop_after is not None and event["type"] == stop_after:
                break
    return events


async def follow_run_until(ws_url: str, run_id: str, node_id: str) -> list[dict[str, Any]]:
    """A run's events until `node_id` completes (or the stream ends first)."""
    events = []
    async with websockets.connect(f"{ws_url}/api/v1/runs/{run_id}/events", open_timeout=10) as ws:
        async for message in ws:
            assert_no_pattern_text(str(message), f"event of run {run_id}")
            events.append(json.loads(message))
            if events[-1]["type"] == "node.completed" and events[-1].get("node_id") == node_id:
                break
    return events


def gradient_png(width: int, height: int) -> bytes:
    """A smooth picture: large in pixels, small as a PNG."""
    x = np.linspace(0, 255, width, dtype=np.float32)[None, :]
    y = np.linspace(0, 255, height, dtype=np.float32)[:, None]
    pixels = np.dstack(
        [
            np.broadcast_to(x, (height, width)),
            np.broadcast_to(y, (height, width)),
            np.full((height, width), 128, np.float32),
        ]
    ).astype(np.uint8)
    ok, data = cv2.imencode(".png", pixels)
    assert ok
    return data.tobytes()
