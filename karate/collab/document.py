"""A workflow as a Yjs document, and back: the shape the editor (yjs), the server (pycrdt) and any y-websocket
client share.

The document's root types (the web app's mirror is web/src/editor/collab/ydoc.ts; docs/collaboration.md):

- ``nodes``: Y.Map, node id -> Y.Map with ``type`` (str), ``params`` (Y.Map, parameter name -> JSON value),
  and, as JSON values when set, ``position`` ({x, y}), ``parentId``, ``title``, ``collapsed``, ``bypass`` and any
  other key a node carries. Two people changing two parameters of one node both keep their change.
- ``edges``: Y.Map, edge id -> JSON {source, sourceHandle, target, targetHandle}.
- ``groups``: Y.Map, frame id -> Y.Map with ``title``, ``position``, ``width``, ``height`` as JSON values.
- ``meta``: Y.Map, the document's other top-level keys (``schema_version``, ``thumbnail``) as JSON values.

Yjs keeps every number as a double: `document_of` gives whole numbers back as ints, so a seed reads 42, not 42.0.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pycrdt import Doc, Map

NODES, EDGES, GROUPS, META = "nodes", "edges", "groups", "meta"
SCHEMA_VERSION = 1
# A node's keys kept as their own Y.Map (merged key by key); the rest are JSON values (last writer wins).
PARAMS = "params"


def roots(doc: Doc[Any]) -> tuple[Map[Any], Map[Any], Map[Any], Map[Any]]:
    """The four root maps (created empty on first use)."""
    return doc.get(NODES, type=Map), doc.get(EDGES, type=Map), doc.get(GROUPS, type=Map), doc.get(META, type=Map)


def plain(value: Any) -> Any:
    """A value read from Yjs as JSON: whole floats as ints (Yjs has one number type), containers in kind."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def _edge_id(edge: dict[str, Any]) -> str:
    """An edge's id: its own, or the one the editor derives (source.handle-target.handle)."""
    given = edge.get("id")
    if isinstance(given, str) and given:
        return given
    return f"{edge['source']}.{edge.get('sourceHandle') or ''}-{edge['target']}.{edge.get('targetHandle') or ''}"


def _edge_value(edge: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in edge.items() if k != "id" and v is not None}


def _set_json(target: Map[Any], key: str, value: Any) -> None:
    """Write a JSON value unless it is already there (an unchanged write would still be an update)."""
    if value is None:
        if key in target:
            del target[key]
        return
    if key not in target or plain(target[key]) != plain(value):
        target[key] = value


def _sync_map(target: Map[Any], wanted: dict[str, Any], *, nested: Iterable[str] = ()) -> None:
    """Make `target` hold `wanted`'s keys and values; keys in `nested` are Y.Maps synced key by key."""
    nested = set(nested)
    for key in set(target.keys()) - set(wanted):
        del target[key]
    for key, value in wanted.items():
        if key in nested and isinstance(value, dict):
            current = target.get(key) if key in target else None
            if not isinstance(current, Map):
                target[key] = current = Map()
            _sync_map(current, value)
        else:
            _set_json(target, key, value)


def _node_fields(node: dict[str, Any]) -> dict[str, Any]:
    fields = {k: v for k, v in node.items() if k != "id" and v is not None}
    fields[PARAMS] = dict(node.get(PARAMS) or {})
    return fields


def apply_document(doc: Doc[Any], document: dict[str, Any], origin: Any = None) -> None:
    """Change `doc` into `document` (a normalised workflow document) in one transaction, touching only what
    differs: a node whose one parameter changed gets that one key written, so concurrent edits of its other
    parameters survive. Used for REST saves, version restores and a room's first load."""
    nodes, edges, groups, meta = roots(doc)
    with doc.transaction(origin=origin):
        wanted_nodes = {n["id"]: n for n in document.get("nodes", [])}
        for node_id in set(nodes.keys()) - set(wanted_nodes):
            del nodes[node_id]
        for node_id, node in wanted_nodes.items():
            current = nodes.get(node_id) if node_id in nodes else None
            if not isinstance(current, Map):
                nodes[node_id] = current = Map()
            _sync_map(current, _node_fields(node), nested=(PARAMS,))

        wanted_edges = {_edge_id(e): _edge_value(e) for e in document.get("edges", [])}
        for edge_id in set(edges.keys()) - set(wanted_edges):
            del edges[edge_id]
        for edge_id, value in wanted_edges.items():
            _set_json(edges, edge_id, value)

        wanted_groups = {g["id"]: {k: v for k, v in g.items() if k != "id"} for g in document.get("groups") or []}
        for group_id in set(groups.keys()) - set(wanted_groups):
            del groups[group_id]
        for group_id, group in wanted_groups.items():
            current = groups.get(group_id) if group_id in groups else None
            if not isinstance(current, Map):
                groups[group_id] = current = Map()
            _sync_map(current, group)

        wanted_meta = {k: v for k, v in document.items() if k not in (NODES, EDGES, GROUPS)}
        wanted_meta.setdefault("schema_version", SCHEMA_VERSION)
        _sync_map(meta, wanted_meta)


def doc_from_document(document: dict[str, Any]) -> Doc[Any]:
    """A new Yjs document holding `document`."""
    doc: Doc[Any] = Doc()
    apply_document(doc, document)
    return doc


def _ordered(items: dict[str, dict[str, Any]], order: tuple[str, ...]) -> list[dict[str, Any]]:
    """`items` in `order` (the ids as the stored document had them), new ones after, by id."""
    known = [i for i in order if i in items]
    seen = set(known)
    return [items[i] for i in known + sorted(i for i in items if i not in seen)]


#: The order of a workflow document's nodes, edges and groups: their ids by root (NODES, EDGES, GROUPS).
Order = dict[str, tuple[str, ...]]


def order_of(document: dict[str, Any]) -> Order:
    """The ids of a workflow document's nodes, edges and groups in its order, what `document_of` keeps: a room holds
    this, not the document it last projected (about 1 KiB against 12 for a 10-node graph)."""

    def ids(key: str, id_of: Any = None) -> tuple[str, ...]:
        entries = document.get(key) or []
        return tuple(str(id_of(e) if id_of else e.get("id")) for e in entries if isinstance(e, dict))

    return {NODES: ids(NODES), EDGES: ids(EDGES, _edge_id), GROUPS: ids(GROUPS)}


def document_of(doc: Doc[Any], previous: Order | None = None) -> dict[str, Any]:
    """The workflow document `doc` holds (the JSON the workflows table, the REST API and the engine read).
    Nodes, edges and groups keep the order `previous` (`order_of` the stored document) gives them; new ones
    follow, by id."""
    nodes, edges, groups, meta = roots(doc)
    order = (previous or {}).get

    node_items: dict[str, dict[str, Any]] = {}
    for node_id, value in nodes.items():
        fields = plain(value.to_py()) if isinstance(value, Map) else {}
        fields.setdefault(PARAMS, {})
        node_items[node_id] = {"id": node_id, **fields}
    edge_items = {edge_id: {"id": edge_id, **plain(value)} for edge_id, value in edges.items()}
    group_items = {
        group_id: {"id": group_id, **(plain(value.to_py()) if isinstance(value, Map) else {})}
        for group_id, value in groups.items()
    }
    for edge in edge_items.values():
        edge.setdefault("sourceHandle", None)
        edge.setdefault("targetHandle", None)

    document: dict[str, Any] = {"schema_version": SCHEMA_VERSION}
    document.update(plain(meta.to_py()))
    document["nodes"] = _ordered(node_items, order(NODES, ()))
    document["edges"] = _ordered(edge_items, order(EDGES, ()))
    if group_items:
        document["groups"] = _ordered(group_items, order(GROUPS, ()))
    return document
