"""The order clients rely on in a run's events (as the API sends them, `RunEvent` JSON): numbered 1, 2, 3 ...
without a gap, and causal: within each attempt (from a `run.started` to the next), every event of a node comes
after an end of each of its parents (`node.completed` or `node.cached`; `node.failed` or `node.skipped` for the
`node.skipped` they cause)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

_ENDS = frozenset({"node.completed", "node.cached", "node.failed", "node.skipped"})


def assert_causal_order(events: Sequence[dict[str, Any]], document: dict[str, Any]) -> None:
    """Fail, naming the events, unless `events` (every event of one run, in the order received) are numbered from
    1 without a gap and each node's events follow its parents' ends in their attempt."""
    seqs = [event["seq"] for event in events]
    assert seqs == list(range(1, len(events) + 1)), f"not numbered 1, 2, 3 ... without a gap: {seqs}"
    parents: dict[str, set[str]] = {}
    for link in document.get("edges", []):
        parents.setdefault(link["target"], set()).add(link["source"])
    ended: set[str] = set()
    for event in events:
        if event["type"] == "run.started":  # an attempt starts over from the document
            ended = set()
        node_id = event.get("node_id")
        if node_id is None or event["type"] == "node.blocked":
            continue
        waiting = parents.get(node_id, set()) - ended
        assert not waiting, (
            f"{event['type']} of {node_id} (seq {event['seq']}) came before the end of its parent(s) "
            f"{sorted(waiting)}: {[(e['seq'], e['type'], e.get('node_id')) for e in events]}"
        )
        if event["type"] in _ENDS:
            ended.add(node_id)
