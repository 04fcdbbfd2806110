"""The state of a run and of each node in it, as the engine reports them (services/runs.py records a node
run and gives it its JSON form)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class NodeStatus(StrEnum):
    PENDING = "pending"
    RUNNING = "running"
    COMPLETED = "completed"
    FAILED = "failed"
    SKIPPED = "skipped"  # an input node failed, so this one could not run
    CANCELLED = "cancelled"
    BLOCKED = "blocked"  # it, or a node it needs, has a problem (its error says which): it was not run


class RunStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    COMPLETED = "completed"
    FAILED = "failed"
    CANCELLED = "cancelled"


FINISHED_NODE = frozenset(
    {NodeStatus.COMPLETED, NodeStatus.FAILED, NodeStatus.SKIPPED, NodeStatus.CANCELLED, NodeStatus.BLOCKED}
)


@dataclass(slots=True)
class NodeError:
    code: str
    message: str

    def to_json(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


@dataclass(slots=True)
class NodeRun:
    node_id: str
    node_type: str
    status: NodeStatus = NodeStatus.PENDING
    cached: bool = False
    key: str | None = None
    outputs: dict[str, Any] = field(default_factory=dict)
    error: NodeError | None = None
    started_at: float | None = None
    finished_at: float | None = None

    @property
    def duration_ms(self) -> float | None:
        if self.started_at is None or self.finished_at is None:
            return None
        return (self.finished_at - self.started_at) * 1000


@dataclass(slots=True, repr=False)
class RunResult:
    run_id: str
    status: RunStatus
    nodes: dict[str, NodeRun]
    started_at: float = field(default_factory=time.time)
    finished_at: float | None = None
    error: str | None = None

    def __repr__(self) -> str:  # short: asyncio formats finished tasks' results in some code paths
        return f"<RunResult {self.run_id} {self.status} nodes={len(self.nodes)}>"

    @property
    def failed_nodes(self) -> list[NodeRun]:
        return [n for n in self.nodes.values() if n.status == NodeStatus.FAILED]

    @property
    def blocked_nodes(self) -> list[NodeRun]:
        """The nodes that were not run because they, or a node they need, have a problem."""
        return [n for n in self.nodes.values() if n.status == NodeStatus.BLOCKED]
