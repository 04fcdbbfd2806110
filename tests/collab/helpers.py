"""What the collaboration tests share: a workflow to edit, and reading nodes out of a Yjs document."""

from __future__ import annotations

from typing import Any

import httpx
from pycrdt import Doc, Map

from karate.collab.document import NODES, document_of

DOCUMENT: dict[str, Any] = {
    "schema_version": 1,
    "nodes": [{"id": "p", "type": "input.prompt", "params": {"text": "hi"}, "position": {"x": 0, "y": 0}}],
    "edges": [],
}


async def new_workflow(client: httpx.AsyncClient, document: dict[str, Any] | None = None) -> dict[str, Any]:
    answer = await client.post("/api/v1/workflows", json={"title": "Shared", "document": document or DOCUMENT})
    assert answer.status_code == 201, answer.text
    return answer.json()  # type: ignore[no-any-return]


def add_prompt(node_id: str, text: str, x: float = 0) -> Any:
    """An edit adding a prompt node."""

    def change(doc: Doc) -> None:
        doc.get(NODES, type=Map)[node_id] = Map(
            {"type": "input.prompt", "params": Map({"text": text}), "position": {"x": x, "y": 0}}
        )

    return change


def set_text(node_id: str, text: str) -> Any:
    def change(doc: Doc) -> None:
        doc.get(NODES, type=Map)[node_id]["params"]["text"] = text

    return change


def node_ids(doc: Doc) -> set[str]:
    return set(doc.get(NODES, type=Map).keys())


def text_of(doc: Doc, node_id: str) -> Any:
    nodes = doc.get(NODES, type=Map)
    return nodes[node_id]["params"].get("text") if node_id in nodes else None


def document(doc: Doc) -> dict[str, Any]:
    return document_of(doc)


def on_server(hub: Any, work: Any) -> Any:
    """Await `work` (a coroutine of the hub's) on the server's own event loop, from the test's."""
    import asyncio

    return asyncio.wrap_future(asyncio.run_coroutine_threadsafe(work, hub.loop))
