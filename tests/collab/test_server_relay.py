"""The relay between servers on its own, over a fake Redis: messages go out in order on the workflow's channel,
tagged with the server's id; a batch Redis refused is followed by a catch-up request for its workflows once Redis
answers again; a server ignores its own messages and kinds it does not know."""

from __future__ import annotations

import asyncio
from typing import Any

import orjson
import pytest

from karate.collab import relay as relay_module
from karate.collab.relay import CollabRelay, RelayKind


class FakePubSub:
    async def psubscribe(self, pattern: str) -> None:
        self.pattern = pattern

    async def get_message(self, timeout: float | None = None) -> dict[str, Any] | None:
        if not hasattr(self, "confirmed"):
            self.confirmed = True
            return {"type": "psubscribe"}
        await asyncio.Event().wait()  # nothing more comes
        return None

    async def aclose(self) -> None:
        pass


class FakeRedis:
    """Takes PUBLISH pipelines; `refuse` pipelines are refused first, as when the connection dropped."""

    def __init__(self) -> None:
        self.published: list[tuple[str, bytes]] = []
        self.refuse = 0
        self.closed = False

    def pipeline(self, transaction: bool = True) -> FakeRedis.Pipeline:
        return FakeRedis.Pipeline(self)

    def pubsub(self) -> FakePubSub:
        return FakePubSub()

    async def aclose(self) -> None:
        self.closed = True

    class Pipeline:
        def __init__(self, redis: FakeRedis) -> None:
            self.redis = redis
            self.queued: list[tuple[str, bytes]] = []

        def publish(self, channel: str, data: bytes) -> None:
            self.queued.append((channel, data))

        async def execute(self) -> None:
            if self.redis.refuse:
                self.redis.refuse -= 1
                raise ConnectionError("Redis went away")
            self.redis.published.extend(self.queued)


def kinds(relay: CollabRelay, published: list[tuple[str, bytes]]) -> list[tuple[str, RelayKind, bytes]]:
    out = []
    for channel, data in published:
        assert data[:16] == relay.server_id
        out.append((channel.rsplit(":", 1)[1], RelayKind(data[16]), data[17:]))
    return out


async def test_messages_go_out_in_order_and_a_refused_batch_asks_for_a_catch_up(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(relay_module, "RETRY_S", (0.001, 0.001))
    redis = FakeRedis()
    relay = CollabRelay(redis, "team")  # type: ignore[arg-type]
    await relay.start()
    assert relay.subscribed
    relay.publish("w1", RelayKind.UPDATE, b"u1")
    relay.publish("w1", RelayKind.AWARENESS, b"a1")
    await relay.flushed()
    assert redis.published[0][0] == "team:collab:w1"
    assert kinds(relay, redis.published) == [("w1", RelayKind.UPDATE, b"u1"), ("w1", RelayKind.AWARENESS, b"a1")]

    redis.published.clear()
    redis.refuse = 1
    relay.publish("w2", RelayKind.UPDATE, b"lost")
    await relay.flushed()
    relay.publish("w3", RelayKind.UPDATE, b"u3")
    await relay.flushed()
    assert kinds(relay, redis.published) == [("w2", RelayKind.CATCH_UP, b""), ("w3", RelayKind.UPDATE, b"u3")]
    await relay.stop()
    assert redis.closed


async def test_a_server_reads_only_the_others_messages() -> None:
    relay = CollabRelay(FakeRedis(), "team")  # type: ignore[arg-type]
    other = CollabRelay(FakeRedis(), "team")  # type: ignore[arg-type]
    rooms: list[tuple[str, RelayKind, bytes]] = []
    activity: list[tuple[str, dict[str, Any]]] = []
    relay.on_room = lambda workflow_id, kind, payload: rooms.append((workflow_id, kind, payload))
    relay.on_activity = lambda workflow_id, event: activity.append((workflow_id, event))
    channel = b"team:collab:w1"
    relay._dispatch(channel, relay.server_id + bytes((RelayKind.UPDATE,)) + b"mine")
    relay._dispatch(channel, other.server_id + bytes((99,)) + b"a newer kind")
    relay._dispatch(channel, other.server_id + bytes((RelayKind.UPDATE,)) + b"theirs")
    relay._dispatch(channel, other.server_id + bytes((RelayKind.ACTIVITY,)) + orjson.dumps({"type": "run.started"}))
    assert rooms == [("w1", RelayKind.UPDATE, b"theirs")]
    assert activity == [("w1", {"type": "run.started"})]


def test_the_pattern_matches_only_the_prefix() -> None:
    assert CollabRelay(FakeRedis(), "a*b").pattern == "a\\*b:collab:*"  # type: ignore[arg-type]
