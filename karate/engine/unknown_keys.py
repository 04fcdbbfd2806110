"""Names typed by hand that the studio does not know: a key of a workflow file's node or connection (`source_handle`
for `sourceHandle`), or a misspelt top-level key (`edge` for `edges`), refused by name and place with the closest
right name, and the "did you mean" of `--set`.

A workflow file is read by `karate run` from disk, where nobody sees a misspelt key until it changes nothing: an
edge's `source_handle` leaves `sourceHandle` unset, a node's `parms` leaves every setting at its default. The
studio itself writes only the keys `NodeDoc` and `EdgeDoc` declare (web/src/editor/graph/document.ts). A key of an
API request's body in another spelling (`fromNode` for `from_node`) is named with the one it spells (`unknown_field`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from karate.engine.graph import EdgeDoc, NodeDoc, WorkflowDocument
from karate.engine.problems import Problem

NODE_KEYS = tuple(NodeDoc.model_fields)
EDGE_KEYS = tuple(EdgeDoc.model_fields)
# The top-level keys of a workflow file: the document's, and the `title` the examples and templates carry.
DOCUMENT_KEYS = (*WorkflowDocument.model_fields, "title")

# Names listed in a message when there are few enough to read; beyond that only the closest is suggested.
_LISTED = 12


def unknown_key_problems(document: dict[str, Any]) -> list[Problem]:
    """A "malformed" problem for each key of a node or connection that the workflow format does not have, naming
    the key, the node or connection it is on, and the key it may have meant; and for each top-level key that is a
    misspelling of one the workflow lacks (`edge` with no `edges`)."""
    problems = [
        Problem("malformed", misspelt_key_message(key, DOCUMENT_KEYS) + "; rename or remove it", field=key)
        for key in misspelt_top_keys(document, DOCUMENT_KEYS)
    ]
    for node in document.get("nodes") or ():
        if isinstance(node, dict):
            problems += [_on_node(node, key) for key in node if key not in NODE_KEYS]
    for index, edge in enumerate(document.get("edges") or ()):
        if isinstance(edge, dict):
            problems += [_on_edge(index, edge, key) for key in edge if key not in EDGE_KEYS]
    return problems


def unknown_keys_of(document: WorkflowDocument | dict[str, Any]) -> list[Problem]:
    """`unknown_key_problems` of a document as sent, or as read into the model (which keeps the keys it does not
    declare): only a document holding such a key is dumped to be told about."""
    if isinstance(document, dict):
        return unknown_key_problems(document)
    parts = (document, *document.nodes, *document.edges)
    if not any(part.model_extra for part in parts):
        return []
    return unknown_key_problems(document.model_dump())


def misspelt_top_keys(data: dict[str, Any], known: tuple[str, ...]) -> list[str]:
    """The keys of `data` that look like a misspelling of one of `known` that `data` lacks (`node` for `nodes`).
    Other keys are kept and ignored, as the studio keeps them; one beside the key it looks like (`notes` beside
    `nodes`) is taken as meant."""
    found = []
    for key in data:
        meant = closest(key, list(known), None).removeprefix("; did you mean ").removesuffix("?")
        if key not in known and meant and meant not in data:
            found.append(key)
    return found


def misspelt_key_message(key: str, known: tuple[str, ...], where: str = "the workflow", *, listed: bool = True) -> str:
    """ "the workflow has the key 'edge', which it does not read; did you mean edges? (its keys: …)"."""
    return f"{where} has the key {key!r}, which it does not read" + closest(
        key, list(known), "its keys" if listed else None
    )


def _on_node(node: dict[str, Any], key: str) -> Problem:
    node_id = str(node.get("id", ""))
    where = f"node {node_id!r}" if node_id else "a node with no id"
    message = f"{where} has the key {key!r}, which a node does not have" + closest(
        key, list(NODE_KEYS), "a node's keys"
    )
    return Problem("malformed", message + "; rename or remove it", node_id or None, key)


def _on_edge(index: int, edge: dict[str, Any], key: str) -> Problem:
    ends = f"from {edge.get('source')!r} to {edge.get('target')!r}"
    message = (
        f"connection {index + 1} ({ends}) has the key {key!r}, which a connection does not have"
        + closest(key, list(EDGE_KEYS), "a connection's keys")
        + "; rename or remove it"
    )
    edge_id = edge.get("id")
    return Problem("malformed", message, field=key, edge_id=edge_id if isinstance(edge_id, str) and edge_id else None)


def closest(typed: str, names: list[str], listed_as: str | None, *, cutoff: float = 0.6) -> str:
    """ "; did you mean radius? (its settings: radius, kind)": the closest name, and every name while few (none
    when `listed_as` is None). A name written in another case or with `_` or `-` between its words (`source_handle`)
    is the one it spells."""
    near = meant(typed, names, cutoff=cutoff)
    words = f"; did you mean {near}?" if near else ""
    if not names or listed_as is None:
        return words
    if len(names) <= _LISTED:
        return f"{words} ({listed_as}: {', '.join(names)})"
    return words or f" ({listed_as}: {', '.join(names[:_LISTED])}, and {len(names) - _LISTED} more)"


def meant(typed: str, names: Sequence[str], *, cutoff: float = 0.6) -> str | None:
    """The one of `names` that `typed` spells in another case or with `_` or `-` between its words (`fromNode`,
    `source_handle`), else the closest one, if any is close."""
    import difflib  # for a mistake only: `karate run` starts without it

    spelt = {_letters(name): name for name in names}
    if _letters(typed) in spelt:
        return spelt[_letters(typed)]
    folded = {name.lower(): name for name in names}
    close = difflib.get_close_matches(typed.lower(), list(folded), n=1, cutoff=cutoff)
    return folded[close[0]] if close else None


def unknown_field(typed: str, fields: Sequence[str]) -> str:
    """'Unknown field "fromNode". Did you mean "from_node"?' for a key of a request's JSON body that the API does
    not read, else the fields there are."""
    near = meant(typed, fields)
    if near is not None:
        return f'Unknown field "{typed}". Did you mean "{near}"?'
    return f'Unknown field "{typed}"; the fields are: {", ".join(fields)}.'


def _letters(name: str) -> str:
    return name.lower().replace("_", "").replace("-", "")
