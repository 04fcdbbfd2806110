"""Who deleted a node, recorded in the document itself (root `deletions`: node id -> {by: {id, name}, at: ms}) in the
transaction that deletes it, as the web app records a page's deletions (web/src/editor/collab/deletions.ts): the
server's own deletions (a version restore) name who made them, so whoever had changed such a node is told who.
Nothing of this root is projected into the workflow (karate.collab.document reads the four graph roots only)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TypedDict

from pycrdt import Doc, Map

from karate.collab.document import NODES

DELETIONS = "deletions"
#: How long a record is kept: long enough for a page away (offline, or closed) to come back and read it.
KEEP_RECORD_MS = 7 * 24 * 3600 * 1000


class Person(TypedDict):
    """Someone as a record names them: their account id and the name others see."""

    id: str
    name: str


def deletions_of(doc: Doc[Any]) -> Map[Any]:
    records: Map[Any] = doc.get(DELETIONS, type=Map)
    return records


@contextmanager
def deleting_as(doc: Doc[Any], person: Person | None, origin: Any = None) -> Iterator[None]:
    """Run the block in one transaction whose node deletions are recorded as `person`'s (None: nothing recorded). A
    node added back under the id of a deleted one is a new node: its old record goes, as a page's write does."""
    nodes = doc.get(NODES, type=Map)
    with doc.transaction(origin=origin):
        before = set(nodes.keys())
        yield
        if person is not None:
            after = set(nodes.keys())
            record_node_changes(doc, before - after, after - before, person)


def record_node_changes(doc: Doc[Any], deleted: set[str], added: set[str], person: Person) -> None:
    """Inside a transaction: record the nodes `deleted` as deleted by `person` now, forget the records of the nodes
    `added`, and drop records older than KEEP_RECORD_MS."""
    records = deletions_of(doc)
    now = round(time.time() * 1000)
    for node_id in sorted(deleted):
        records[node_id] = {"by": {"id": person["id"], "name": person["name"]}, "at": now}
    for node_id in added & set(records.keys()):
        del records[node_id]
    for node_id, record in list(records.items()):
        at = record.get("at") if isinstance(record, dict) else None
        if isinstance(at, int | float) and now - at > KEEP_RECORD_MS:
            del records[node_id]
