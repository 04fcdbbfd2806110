"""The end of a run: its status from its nodes' (cancelled, failed or completed), its error line, and the
last event."""

from __future__ import annotations

import time

from karate.engine.events import EventBus
from karate.engine.run_state import FINISHED_NODE, NodeStatus, RunResult, RunStatus


def cancel_queued(result: RunResult) -> None:
    """A run cancelled before it started: every node that could have run is cancelled, none started."""
    for node in result.nodes.values():
        if node.status != NodeStatus.BLOCKED:
            node.status, node.finished_at = NodeStatus.CANCELLED, time.time()


def finish_run(result: RunResult, events: EventBus, *, cancelled: bool) -> RunResult:
    """Give a run whose nodes are all settled its final status and send `run.cancelled`, `run.failed`
    (naming the first three failures) or `run.completed` (with the counts of cached, executed and blocked
    nodes). Returns `result`."""
    result.finished_at = time.time()
    failed = result.failed_nodes
    if cancelled:
        result.status = RunStatus.CANCELLED
        events.emit("run.cancelled")
    elif failed:
        result.status = RunStatus.FAILED
        result.error = f"{len(failed)} node(s) failed: " + "; ".join(
            f"{n.node_id}: {n.error.message if n.error else 'failed'}" for n in failed[:3]
        )
        events.emit("run.failed", error=result.error, failed_nodes=[n.node_id for n in failed])
    else:
        result.status = RunStatus.COMPLETED
        events.emit(
            "run.completed",
            cached=sum(n.cached for n in result.nodes.values()),
            executed=sum(n.status == NodeStatus.COMPLETED and not n.cached for n in result.nodes.values()),
            blocked=len(result.blocked_nodes),
        )
    assert all(n.status in FINISHED_NODE for n in result.nodes.values())
    return result
