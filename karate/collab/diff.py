"""What changed between two workflow documents (a version and the current graph): nodes added, removed and
changed (which parameters, moved or not, which other fields), and edges added and removed. A pure function of
two documents; node titles come from the caller (the node registry's spec titles).

The answer (`VersionDiff` in karate/api/version_schemas.py):
    {added: [{id, type, title}], removed: [{id, type, title}],
     changed: [{id, type, title, params: [{name, before, after}], moved: bool, other: [field name, ...]}],
     edges_added: [{id, source, sourceHandle, target, targetHandle}], edges_removed: [...]}
`before`/`after` of a parameter are null where it was not set; lists keep the documents' order (the newer
document's for changed nodes and added items, the older one's for removed ones).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from karate.collab.document import PARAMS, plain

#: A node's fields compared on their own: its parameters (by name) and its position (as `moved`).
_OWN = frozenset({"id", PARAMS, "position"})


def diff_documents(
    before: Mapping[str, Any], after: Mapping[str, Any], title_of: Callable[[str], str | None] = lambda _: None
) -> dict[str, Any]:
    """The changes that turn `before` into `after`. `title_of(node_type)` names a node type (its spec title);
    a node's own `title` wins, and a type without one is named by its id."""
    old_nodes, new_nodes = _by_id(before.get("nodes")), _by_id(after.get("nodes"))

    def summary(node: Mapping[str, Any]) -> dict[str, Any]:
        node_type = str(node.get("type", ""))
        own = node.get("title")
        title = own if isinstance(own, str) and own.strip() else title_of(node_type) or node_type
        return {"id": node["id"], "type": node_type, "title": title}

    changed = []
    for node_id, node in new_nodes.items():
        old = old_nodes.get(node_id)
        if old is None:
            continue
        params = _param_changes(old.get(PARAMS) or {}, node.get(PARAMS) or {})
        moved = plain(old.get("position")) != plain(node.get("position"))
        other = [key for key in _keys(old, node) if key not in _OWN and plain(old.get(key)) != plain(node.get(key))]
        if params or moved or other:
            changed.append({**summary(node), "params": params, "moved": moved, "other": other})

    old_edges, new_edges = _edges(before.get("edges")), _edges(after.get("edges"))
    return {
        "added": [summary(node) for node_id, node in new_nodes.items() if node_id not in old_nodes],
        "removed": [summary(node) for node_id, node in old_nodes.items() if node_id not in new_nodes],
        "changed": changed,
        "edges_added": [edge for key, edge in new_edges.items() if key not in old_edges],
        "edges_removed": [edge for key, edge in old_edges.items() if key not in new_edges],
    }


def is_empty(diff: Mapping[str, Any]) -> bool:
    """Whether a diff has no change at all."""
    return not any(diff.values())


def _by_id(nodes: Any) -> dict[str, dict[str, Any]]:
    return {n["id"]: n for n in nodes or [] if isinstance(n, dict) and isinstance(n.get("id"), str)}


def _keys(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    """The keys of both, the newer's order first (so `other` lists fields in a stable order)."""
    return list(dict.fromkeys([*new, *old]))


def _param_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [
        {"name": name, "before": plain(old.get(name)), "after": plain(new.get(name))}
        for name in _keys(old, new)
        if plain(old.get(name)) != plain(new.get(name))
    ]


def _edges(edges: Any) -> dict[tuple[Any, ...], dict[str, Any]]:
    """Edges by what they connect (an edge whose id changed but connects the same ports is the same edge)."""
    found: dict[tuple[Any, ...], dict[str, Any]] = {}
    for edge in edges or []:
        if not isinstance(edge, dict):
            continue
        ends = (edge.get("source"), edge.get("sourceHandle"), edge.get("target"), edge.get("targetHandle"))
        found[ends] = {
            "id": edge.get("id") or f"{ends[0]}.{ends[1] or ''}-{ends[2]}.{ends[3] or ''}",
            "source": ends[0],
            "sourceHandle": ends[1],
            "target": ends[2],
            "targetHandle": ends[3],
        }
    return found
