"""What happens on a workflow besides its graph, told live to everyone who has it open: comments posted,
edited or deleted, runs started, versions saved, the project renamed. An in-process publish/subscribe per workflow,
served at /api/v1/workflows/{id}/activity as a WebSocket and as Server-Sent Events (karate/api/activity.py).

With several servers on one PostgreSQL database and Redis (KARATE_REDIS_URL), each event also goes to the
workflow's followers on the other servers (karate.collab.relay); without Redis each server tells the events its own
requests made (a client that reconnects re-reads the lists, so nothing is missed for long). A subscriber that falls
more than `backlog` events behind is dropped (its stream ends; the editor reconnects and re-reads).
"""

from __future__ import annotations

import asyncio
import time
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from karate.collab.relay import CollabRelay


class ActivityEvent(StrEnum):
    """The type of an activity event (the SSE `event:` line; also `type` in its data)."""

    COMMENT_CREATED = "comment.created"  # {comment_id, thread_id, thread}: a thread or a reply posted
    COMMENT_UPDATED = "comment.updated"  # {comment_id, thread_id, thread}: edited, resolved or reopened
    COMMENT_DELETED = "comment.deleted"  # {comment_id, thread_id, thread | null}: null when the thread went
    RUN_STARTED = "run.started"  # {run_id, user: {id, name}}
    VERSION_CREATED = "version.created"  # {version: VersionSummary}
    WORKFLOW_RENAMED = "workflow.renamed"  # {title, user}: its title changed (the graph itself is co-edited live)


_CLOSED: dict[str, Any] = {}  # put in a dropped subscriber's queue: its stream ends


class WorkflowActivity:
    """Subscribers per workflow; `publish` hands each an event without waiting (called on the server's loop), and
    to the other servers' subscribers through `relay` when there is one."""

    def __init__(self, *, backlog: int = 256, relay: CollabRelay | None = None) -> None:
        self.backlog = backlog
        self._subscribers: dict[str, set[asyncio.Queue[dict[str, Any]]]] = {}
        self.relay = relay
        if relay is not None:
            relay.on_activity = self.deliver

    def listening(self, workflow_id: str) -> bool:
        """Whether anyone follows the workflow now (work done only for listeners can be skipped)."""
        return bool(self._subscribers.get(workflow_id))

    def publish(self, workflow_id: str, event: ActivityEvent, payload: dict[str, Any]) -> None:
        """Tell the workflow's subscribers `{type, workflow_id, ts (Unix seconds), **payload}`, on every server."""
        if self.relay is None and not self._subscribers.get(workflow_id):
            return
        message = {"type": str(event), "workflow_id": workflow_id, "ts": time.time(), **payload}
        if self.relay is not None:
            self.relay.publish_activity(workflow_id, message)
        self.deliver(workflow_id, message)

    def deliver(self, workflow_id: str, message: dict[str, Any]) -> None:
        """Hand an event (as `publish` builds it) to this server's subscribers of the workflow."""
        queues = self._subscribers.get(workflow_id)
        if not queues:
            return
        for queue in list(queues):
            if queue.qsize() >= self.backlog:
                queues.discard(queue)  # too far behind: its stream ends, and a reconnect re-reads the lists
                queue.put_nowait(_CLOSED)
            else:
                queue.put_nowait(message)

    def subscribe(self, workflow_id: str) -> Subscription:
        """Follow the workflow's events from now on (subscribed before this returns); close it when done,
        or use it as a context manager."""
        return Subscription(self, workflow_id)

    def _add(self, workflow_id: str, queue: asyncio.Queue[dict[str, Any]]) -> None:
        self._subscribers.setdefault(workflow_id, set()).add(queue)

    def _remove(self, workflow_id: str, queue: asyncio.Queue[dict[str, Any]]) -> None:
        queues = self._subscribers.get(workflow_id)
        if queues is not None:
            queues.discard(queue)
            if not queues:
                del self._subscribers[workflow_id]


class Subscription:
    """One follower of a workflow's activity: `await next(timeout)` gives the next event, None when none came
    within `timeout` seconds, and raises StopAsyncIteration once the subscription was dropped or closed."""

    def __init__(self, activity: WorkflowActivity, workflow_id: str) -> None:
        self._activity = activity
        self._workflow_id = workflow_id
        self._queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self._closed = False
        activity._add(workflow_id, self._queue)

    async def next(self, timeout: float) -> dict[str, Any] | None:
        if self._closed:
            raise StopAsyncIteration
        try:
            message = await asyncio.wait_for(self._queue.get(), timeout)
        except TimeoutError:
            return None
        if message is _CLOSED:
            self.close()
            raise StopAsyncIteration
        return message

    def __aiter__(self) -> Subscription:
        return self

    async def __anext__(self) -> dict[str, Any]:
        while True:
            message = await self.next(3600.0)
            if message is not None:
                return message

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._activity._remove(self._workflow_id, self._queue)

    def __enter__(self) -> Subscription:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
