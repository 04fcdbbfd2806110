"""A small workflow for the version and comment tests, and comparing graphs as a user sees them."""

from __future__ import annotations

from typing import Any

GRAPH: dict[str, Any] = {
    "schema_version": 1,
    "nodes": [
        {"id": "p", "type": "input.prompt", "params": {"text": "a cat", "seed": 42}, "position": {"x": 0, "y": 0}},
        {"id": "q", "type": "input.prompt", "params": {"text": "a dog"}, "position": {"x": 0, "y": 200}},
        {"id": "r", "type": "input.prompt", "params": {"text": "a bird"}, "position": {"x": 0, "y": 400}},
    ],
    "edges": [],
}


def graph(document: dict[str, Any]) -> dict[str, Any]:
    """What a graph is, for comparing: its nodes and edges (ids, types, parameters, positions, flags) by id."""
    return {
        "nodes": {n["id"]: {k: v for k, v in n.items() if k != "id"} for n in document["nodes"]},
        "edges": {e["id"]: {k: v for k, v in e.items() if k != "id"} for e in document["edges"]},
        "groups": {g["id"]: g for g in document.get("groups") or []},
    }
