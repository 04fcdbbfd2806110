"""Collaboration across API servers: each server's rooms relay what they stored (Yjs updates), their awareness and
their workflows' activity events to the same workflow on every other server, through Redis publish/subscribe; and
each server tells the others of sign-outs, whose connections may be open anywhere.

Every message goes to the channel `{prefix}:collab:{workflow_id}` (a sign-out: `{prefix}:collab:signed-out`) as
bytes: the origin server's id (16 bytes), the kind (1 byte, `RelayKind`), then the payload. Each server subscribes
once, at start, to the pattern `{prefix}:collab:*`, and drops its own messages and those of workflows it has no room
(or activity follower) for.

The database stays the record: an update is stored by the server that received it before it goes to other
servers, and a server receiving it only applies it to its open room and passes it to its own connections. Pub/sub
keeps no backlog, so a server whose subscription broke re-reads its open rooms from the database once it is
subscribed again (`on_resubscribed`); Yjs updates are idempotent, so reading one twice is harmless.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import Callable
from enum import IntEnum
from typing import TYPE_CHECKING, Any

import orjson

from karate import json_bytes

if TYPE_CHECKING:
    from redis.asyncio import Redis

log = logging.getLogger("karate.collab.relay")

#: Messages published per round trip at most.
_BATCH = 256
#: Seconds `start` waits for the subscription before the studio starts without it (it keeps trying).
SUBSCRIBE_WAIT_S = 2.0
#: Seconds between attempts to subscribe again after Redis went away (doubling up to the second value).
RETRY_S = (0.1, 5.0)
_ORIGIN = 16  # bytes of a server id


class RelayKind(IntEnum):
    """What a relayed message carries."""

    UPDATE = 0  # a Yjs update the origin stored
    AWARENESS = 1  # a y-websocket awareness message (type 1) the origin's connections announced
    QUERY_AWARENESS = 2  # no payload: a room just opened at the origin; answer with your connections' awareness
    ACTIVITY = 3  # an activity event (karate.collab.activity) as JSON
    ACCESS_CHANGED = 4  # no payload: check every connection's access again
    DELETED = 5  # no payload: the workflow was deleted; disconnect everyone
    CATCH_UP = 6  # no payload: the origin could not relay some messages; read the workflow from the database
    SIGNED_OUT = 7  # {"user_id", "credentials"} as JSON: close the connections they opened (karate.collab.hub)


RoomHandler = Callable[[str, RelayKind, bytes], None]
ActivityHandler = Callable[[str, dict[str, Any]], None]
#: Called (user_id, credentials) for a sign-out on another server: the stored hashes of the session tokens or API keys
#: that ended, or None for every credential of the user.
SignedOutHandler = Callable[[str, list[str] | None], None]

#: The channel name (in place of a workflow id, which is 32 hex characters) that sign-outs go to.
SIGNED_OUT_CHANNEL = "signed-out"


class CollabRelay:
    """This server's side of the relay: `publish` queues a message (never waits); messages from other servers are
    handed to `on_room(workflow_id, kind, payload)`, `on_activity(workflow_id, event)` or
    each of `signed_out_handlers(user_id, credentials)` (co-editing's, the activity feeds') on the server's loop, in the
    order each origin published them."""

    def __init__(self, redis: Redis, prefix: str) -> None:
        self.redis = redis
        self.prefix = prefix
        self.server_id = uuid.uuid4().bytes
        self.on_room: RoomHandler | None = None
        self.on_activity: ActivityHandler | None = None
        self.signed_out_handlers: list[SignedOutHandler] = []
        #: Called each time the subscription is (re)established: what was published meanwhile was missed.
        self.on_resubscribed: Callable[[], None] | None = None
        self._channel_head = f"{prefix}:collab:".encode()
        self._pending: list[tuple[str, bytes]] = []  # (workflow id, message)
        self._missed: set[str] = set()  # workflows some of whose messages could not be published
        self._wake = asyncio.Event()
        self._idle = asyncio.Event()
        self._idle.set()
        self._subscribed = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []

    @property
    def subscribed(self) -> bool:
        """Whether messages from other servers reach this one now."""
        return self._subscribed.is_set()

    def channel(self, workflow_id: str) -> str:
        return f"{self.prefix}:collab:{workflow_id}"

    @property
    def pattern(self) -> str:
        escaped = "".join("\\" + c if c in "*?[]\\" else c for c in self.prefix)
        return f"{escaped}:collab:*"

    # --- lifecycle ------------------------------------------------------------------------------------------

    async def start(self, wait_s: float = SUBSCRIBE_WAIT_S) -> None:
        """Start publishing and subscribe; returns once subscribed, or after `wait_s` seconds with a warning (it
        keeps trying: the studio works without Redis, each server's rooms then only its own)."""
        loop = asyncio.get_running_loop()
        self._tasks = [
            loop.create_task(self._publish_forever(), name="collab relay publisher"),
            loop.create_task(self._listen_forever(), name="collab relay subscriber"),
        ]
        try:
            await asyncio.wait_for(self._subscribed.wait(), wait_s)
        except TimeoutError:
            log.warning("Redis did not answer within %.0f s: co-editing stays on each server until it does", wait_s)

    async def stop(self, wait_s: float = 2.0) -> None:
        """Send what is queued (for up to `wait_s` seconds), stop, and close the Redis client."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.flushed(), wait_s)
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks = []
        await self.redis.aclose()

    # --- publishing -----------------------------------------------------------------------------------------

    def publish(self, workflow_id: str, kind: RelayKind, payload: bytes = b"") -> None:
        """Queue a message to the workflow's rooms on the other servers (called on the loop; never waits)."""
        self._pending.append((workflow_id, self.server_id + bytes((kind,)) + payload))
        self._idle.clear()
        self._wake.set()

    def publish_activity(self, workflow_id: str, event: dict[str, Any]) -> None:
        """Queue an activity event (JSON-able) to the workflow's followers on the other servers."""
        self.publish(workflow_id, RelayKind.ACTIVITY, json_bytes.dumps(event))

    def publish_signed_out(self, user_id: str, credentials: list[str] | None) -> None:
        """Queue a sign-out to the other servers: they close the connections `credentials` opened (every one of the
        user's when None)."""
        payload = json_bytes.dumps({"user_id": user_id, "credentials": credentials})
        self.publish(SIGNED_OUT_CHANNEL, RelayKind.SIGNED_OUT, payload)

    async def flushed(self) -> None:
        """Return once everything queued so far went to Redis (or could not)."""
        if self._tasks:
            await self._idle.wait()

    async def _publish_forever(self) -> None:
        """Publish what is queued, in order. A batch Redis did not take is not sent again: each workflow it
        named gets a CATCH_UP once Redis answers again, and the other servers read those from the database."""
        delay = RETRY_S[0]
        while True:
            await self._wake.wait()
            self._wake.clear()
            while self._pending or self._missed:
                missed = list(self._missed)
                catch_up = [(workflow_id, self.server_id + bytes((RelayKind.CATCH_UP,))) for workflow_id in missed]
                take = max(_BATCH - len(catch_up), 0)
                batch, self._pending = self._pending[:take], self._pending[take:]
                try:
                    pipe = self.redis.pipeline(transaction=False)
                    for workflow_id, data in catch_up + batch:
                        pipe.publish(self.channel(workflow_id), data)
                    await pipe.execute()
                except Exception as error:
                    log.warning("could not relay %d collaboration message(s) through Redis (%s)", len(batch), error)
                    self._missed.update(workflow_id for workflow_id, _ in batch)
                    await asyncio.sleep(delay)
                    delay = min(delay * 2, RETRY_S[1])
                else:
                    self._missed.difference_update(missed)
                    delay = RETRY_S[0]
            self._idle.set()

    # --- subscribing ----------------------------------------------------------------------------------------

    async def _listen_forever(self) -> None:
        delay = RETRY_S[0]
        while True:
            pubsub = self.redis.pubsub()
            try:
                await pubsub.psubscribe(self.pattern)
                while True:  # the subscription counts once Redis confirmed it
                    message = await pubsub.get_message(timeout=None)
                    if message is not None and message["type"] == "psubscribe":
                        break
                delay = RETRY_S[0]
                self._subscribed.set()
                if self.on_resubscribed is not None:
                    self.on_resubscribed()
                while True:
                    message = await pubsub.get_message(timeout=None)
                    if message is not None and message["type"] == "pmessage":
                        self._dispatch(message["channel"], message["data"])
            except asyncio.CancelledError:
                raise
            except Exception as error:
                if self._subscribed.is_set():
                    log.warning("lost the collaboration relay's Redis subscription (%s); subscribing again", error)
                self._subscribed.clear()
                await asyncio.sleep(delay)
                delay = min(delay * 2, RETRY_S[1])
            finally:
                with contextlib.suppress(Exception):
                    await pubsub.aclose()  # type: ignore[no-untyped-call, unused-ignore]  # typed from redis 8.2

    def _dispatch(self, channel: bytes, data: bytes) -> None:
        if len(data) <= _ORIGIN or data[:_ORIGIN] == self.server_id or not channel.startswith(self._channel_head):
            return
        workflow_id = channel[len(self._channel_head) :].decode(errors="replace")
        try:
            kind = RelayKind(data[_ORIGIN])
        except ValueError:
            return  # a newer server's kind: not ours to read
        payload = data[_ORIGIN + 1 :]
        try:
            if kind == RelayKind.ACTIVITY:
                if self.on_activity is not None:
                    self.on_activity(workflow_id, orjson.loads(payload))
            elif kind == RelayKind.SIGNED_OUT:
                ended = orjson.loads(payload)
                for handler in self.signed_out_handlers:
                    handler(str(ended["user_id"]), ended["credentials"])
            elif self.on_room is not None:
                self.on_room(workflow_id, kind, payload)
        except Exception:
            log.exception("could not apply a relayed collaboration message (workflow %s)", workflow_id)


def collab_relay_for(redis_url: str | None, prefix: str) -> CollabRelay | None:
    """The relay when the studio has Redis (KARATE_REDIS_URL), else None (rooms are this server's only)."""
    if not redis_url:
        return None
    from redis.asyncio import Redis

    return CollabRelay(Redis.from_url(redis_url), prefix)
