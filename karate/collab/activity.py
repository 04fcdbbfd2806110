"""What happens on a workflow besides its graph, told live to everyone who has it open: comments posted,
edited or deleted, runs started, versions saved, the project renamed. An in-process publish/subscribe per workflow,
served at /api/v1/workflows/{id}/activity as a WebSocket and as Server-Sent Events (karate/api/activity.py).

With several servers on one PostgreSQL database and Redis (KARATE_REDIS_URL), each event also goes to the
workflow's followers on the other servers (karate.collab.relay); without Redis each server tells the events its own
requests made (a client that reconnects re-reads the lists, so nothing is missed for long). A subscriber that falls
more than `backlog` events behind is dropped (its stream ends; the editor reconnects and re-reads). A follower whose
sign-in ends (signed out, expired, its password changed, its API key revoked) is dropped too, on every server, and told
so (`SignedOutFollower`): nobody goes on reading a project's activity on a sign-in that is over.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Collection
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from karate.services.errors import Unauthorized

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
_SIGNED_OUT: dict[str, Any] = {}  # put in the queue of a subscriber whose sign-in ended: it is told so

#: Why a follower's stream ended when its sign-in did (the WebSocket's 4401 reason).
SIGNED_OUT_REASON = "you were signed out; sign in again to follow this project"


class SignedOutFollower(Unauthorized):
    """The sign-in a subscription was made with ended (signed out, expired, its password changed, revoked)."""

    def __init__(self) -> None:
        super().__init__(SIGNED_OUT_REASON)


class WorkflowActivity:
    """Subscribers per workflow; `publish` hands each an event without waiting (called on the server's loop), and
    to the other servers' subscribers through `relay` when there is one."""

    def __init__(self, *, backlog: int = 256, relay: CollabRelay | None = None) -> None:
        self.backlog = backlog
        self._subscribers: dict[str, set[Subscription]] = {}
        self.relay = relay
        if relay is not None:
            relay.on_activity = self.deliver
            relay.signed_out_handlers.append(self.signed_out_here)  # a sign-out on another server

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
        subscribers = self._subscribers.get(workflow_id)
        if not subscribers:
            return
        for subscriber in list(subscribers):
            if subscriber.queue.qsize() >= self.backlog:
                subscribers.discard(subscriber)  # too far behind: its stream ends, and a reconnect re-reads the lists
                subscriber.queue.put_nowait(_CLOSED)
            else:
                subscriber.queue.put_nowait(message)

    def signed_out_here(self, user_id: str, credentials: Collection[str] | None) -> None:
        """End this server's subscriptions of the user made with one of `credentials` (stored hashes of session
        tokens or API keys; None: every one of theirs, the account deleted): each is told `SignedOutFollower`.
        Other servers hear of the sign-out through the relay (CollabHub.signed_out publishes it)."""
        ended = None if credentials is None else set(credentials)
        for workflow_id, subscribers in list(self._subscribers.items()):
            for subscriber in list(subscribers):
                if subscriber.user_id == user_id and (ended is None or subscriber.credential in ended):
                    self._remove(workflow_id, subscriber)
                    subscriber.queue.put_nowait(_SIGNED_OUT)

    def subscribe(self, workflow_id: str, user_id: str | None = None, credential: str | None = None) -> Subscription:
        """Follow the workflow's events from now on (subscribed before this returns); close it when done,
        or use it as a context manager. `user_id` and `credential` (the stored hash of the session token or API key
        it was asked with): whose it is, ended when that sign-in ends (`signed_out_here`)."""
        return Subscription(self, workflow_id, user_id, credential)

    def _add(self, workflow_id: str, subscriber: Subscription) -> None:
        self._subscribers.setdefault(workflow_id, set()).add(subscriber)

    def _remove(self, workflow_id: str, subscriber: Subscription) -> None:
        subscribers = self._subscribers.get(workflow_id)
        if subscribers is not None:
            subscribers.discard(subscriber)
            if not subscribers:
                del self._subscribers[workflow_id]


class Subscription:
    """One follower of a workflow's activity: `await next(timeout)` gives the next event, None when none came
    within `timeout` seconds, and raises StopAsyncIteration once the subscription was dropped or closed, and
    SignedOutFollower once the sign-in it was made with ended."""

    def __init__(
        self, activity: WorkflowActivity, workflow_id: str, user_id: str | None, credential: str | None
    ) -> None:
        self._activity = activity
        self._workflow_id = workflow_id
        self.user_id = user_id
        self.credential = credential
        self.queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self._closed = False
        activity._add(workflow_id, self)

    async def next(self, timeout: float) -> dict[str, Any] | None:
        if self._closed:
            raise StopAsyncIteration
        try:
            message = await asyncio.wait_for(self.queue.get(), timeout)
        except TimeoutError:
            return None
        if message is _CLOSED or message is _SIGNED_OUT:
            self.close()
            if message is _SIGNED_OUT:
                raise SignedOutFollower
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
            self._activity._remove(self._workflow_id, self)

    def __enter__(self) -> Subscription:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
