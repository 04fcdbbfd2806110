"""The event bus: listeners hear each event as it is emitted; followers and subscribers get it once any hold on
it is done, and every later event behind it, in order."""

from __future__ import annotations

import asyncio

from karate.engine.events import Event, EventBus


async def test_a_held_event_and_those_after_it_reach_followers_and_subscribers_once_the_hold_is_done() -> None:
    bus = EventBus("r1")
    committed: asyncio.Future[None] = asyncio.get_running_loop().create_future()
    heard: list[str] = []
    followed: list[str] = []

    def journal(event: Event) -> None:
        heard.append(event.type)
        if event.type == "node.completed":
            bus.hold(committed)

    bus.add_listener(journal)
    bus.add_follower(lambda event: followed.append(event.type))
    bus.emit("run.started")
    early = bus.subscribe()
    assert (await anext(early)).type == "run.started"  # a subscriber from before the hold
    for type_ in ("node.started", "node.completed", "node.started", "run.completed"):
        bus.emit(type_, node_id=None if type_.startswith("run.") else "n")
    assert heard == ["run.started", "node.started", "node.completed", "node.started", "run.completed"]
    assert followed == ["run.started", "node.started"], "the held end and everything after it wait"
    assert bus.delivered == 2 and not bus.closed
    late = [event.type async for event in _first(bus.subscribe(), 2)]
    assert late == ["run.started", "node.started"], "a late subscriber's backlog stops where delivery is"

    committed.set_result(None)
    received = [event.type async for event in early]
    assert received == ["node.started", "node.completed", "node.started", "run.completed"]
    assert followed == ["run.started", "node.started", "node.completed", "node.started", "run.completed"]
    assert bus.closed


async def test_a_hold_that_fails_still_lets_the_event_out() -> None:
    bus = EventBus("r2")
    failed: asyncio.Future[None] = asyncio.get_running_loop().create_future()
    bus.add_listener(lambda event: bus.hold(failed))
    followed: list[int] = []
    bus.add_follower(lambda event: followed.append(event.seq))
    bus.emit("run.started")
    failed.set_exception(RuntimeError("the database is gone"))
    done = asyncio.Event()
    bus.add_follower(lambda event: done.set())
    bus.emit("run.failed", error="x")
    await asyncio.wait_for(done.wait(), 5)
    assert followed == [1, 2]


async def _first(events, count: int):  # type: ignore[no-untyped-def]
    seen = 0
    async for event in events:
        yield event
        seen += 1
        if seen == count:
            return
