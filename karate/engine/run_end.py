"""The end of a run: its status from its nodes' (cancelled, failed or completed), its error line, and the
last event."""

from __future__ import annotations

import time
from collections.abc import Callable

from karate.engine.events import EventBus
from karate.engine.run_state import FINISHED_NODE, NodeRun, NodeStatus, RunResult, RunStatus

_NAMED = 3  # a failed run's error names this many failed nodes, then says how many more


def cancel_queued(result: RunResult) -> None:
    """A run cancelled before it started: every node that could have run is cancelled, none started."""
    for node in result.nodes.values():
        if node.status != NodeStatus.BLOCKED:
            node.status, node.finished_at = NodeStatus.CANCELLED, time.time()


def finish_run(result: RunResult, events: EventBus, *, cancelled: bool, title: Callable[[str], str]) -> RunResult:
    """Give a run whose nodes are all settled its final status and send `run.cancelled`, `run.failed`
    (its error names the failed nodes by `title`, the name a user sees on each: `failed_line`) or
    `run.completed` (with the counts of cached, executed and blocked nodes). Returns `result`."""
    result.finished_at = time.time()
    failed = result.failed_nodes
    if cancelled:
        result.status = RunStatus.CANCELLED
        events.emit("run.cancelled")
    elif failed:
        result.status = RunStatus.FAILED
        result.error = failed_line(failed, title)
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


def failed_line(failed: list[NodeRun], title: Callable[[str], str]) -> str:
    """A failed run's error, for people: "Crop failed: <its message>" for one node; "3 nodes failed: Blur,
    Crop and Invert; see each node" for several (each node's own error says what to do)."""
    if len(failed) == 1:
        name, message = title(failed[0].node_id), failed[0].error.message if failed[0].error else ""
        if message.startswith(f"{name}: "):  # "Crop: X is 5000 pixels, ..."
            return f"{name} failed: {message.removeprefix(f'{name}: ')}"
        if message.startswith(f"{name} ") or f" {name}:" in message or f" {name} " in f"{message} ":
            return message  # already names the node: "Crop took longer than ...", "Write a prompt for Flux ...: ..."
        return f"{name} failed: {message}" if message else f"{name} failed"
    names = [title(n.node_id) for n in failed[:_NAMED]]
    if len(failed) > _NAMED:
        listed = f"{', '.join(names)} and {len(failed) - _NAMED} more"
    else:
        listed = f"{', '.join(names[:-1])} and {names[-1]}"
    return f"{len(failed)} nodes failed: {listed}; see each node"
