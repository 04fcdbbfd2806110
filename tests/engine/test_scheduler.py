"""The scheduler: concurrency, failure isolation, cancellation, timeouts, partial runs, events."""

from __future__ import annotations

import asyncio
import gc
import sys
import threading
import time
import weakref

import numpy as np
import pytest

from karate.engine import Engine, Event, Execution, NodeStatus, RunStatus, persistence
from karate.engine.tuning import SWITCH_INTERVAL_S, shorten_switch_interval
from karate.storage.assets import LocalAssetStore
from karate.storage.sqlite_cache_index import SqliteCacheIndex
from tests.engine import sample_nodes
from tests.engine.sample_nodes import executions
from tests.event_order import assert_causal_order
from tests.helpers import edge, node, store_image, workflow


def num(source: str, target: str, port: str = "a") -> dict[str, object]:
    return edge(source, target, "number", port)


async def test_a_chain_computes_values_in_order(test_engine: Engine) -> None:
    doc = workflow(
        [node("c", "test.const", value=2), node("a1", "test.add", offset=3), node("a2", "test.add", offset=10)],
        [num("c", "a1"), num("a1", "a2")],
    )
    result = await test_engine.run(doc)
    assert result.status == RunStatus.COMPLETED
    assert result.nodes["a2"].outputs["number"] == 15
    assert [result.nodes[n].status for n in ("c", "a1", "a2")] == [NodeStatus.COMPLETED] * 3


async def test_independent_branches_run_at_the_same_time(test_engine: Engine) -> None:
    sample_nodes.gate["event"] = gate = asyncio.Event()
    doc = workflow([node(f"w{i}", "test.wait") for i in range(4)], [])
    execution = test_engine.prepare(doc)
    task = asyncio.create_task(execution.execute())
    for _ in range(200):
        if sample_nodes.concurrency["now"] == 4:
            break
        await asyncio.sleep(0.005)
    assert sample_nodes.concurrency["now"] == 4, "all four waits should be in flight together"
    gate.set()
    result = await asyncio.wait_for(task, 5)
    assert result.status == RunStatus.COMPLETED


async def test_a_failed_node_fails_its_dependants_and_nothing_else(test_engine: Engine) -> None:
    doc = workflow(
        [
            node("c", "test.const"),
            {**node("bad", "test.fail"), "title": "Grade"},
            node("after", "test.add"),
            node("later", "test.add"),
            node("sibling", "test.add", offset=1),
        ],
        [num("c", "bad"), num("bad", "after"), num("after", "later"), num("c", "sibling")],
    )
    result = await test_engine.run(doc)
    assert result.status == RunStatus.FAILED
    assert result.nodes["bad"].status == NodeStatus.FAILED
    assert result.nodes["bad"].error is not None and result.nodes["bad"].error.code == "always_fails"
    assert result.nodes["after"].status == NodeStatus.SKIPPED
    assert result.nodes["later"].status == NodeStatus.SKIPPED
    # each skipped node names the one that failed, however far up, as the user sees it: the title they gave it
    for skipped in ("after", "later"):
        error = result.nodes[skipped].error
        assert error is not None and error.message == "not run because Grade failed; fix Grade and run again"
    assert result.nodes["sibling"].status == NodeStatus.COMPLETED
    assert result.nodes["sibling"].outputs["number"] == 2
    assert result.error == "Grade failed: this node always fails; remove it"  # named as the user sees it


async def test_a_titled_node_that_fails_is_named_by_its_title_in_its_error_and_every_skip_after_it(
    test_engine: Engine, store: LocalAssetStore
) -> None:
    asset = store_image(store, np.zeros((40, 60, 3), np.uint8))
    doc = workflow(
        [
            node("in", "input.image", asset_id=asset),
            {**node("crop", "tool.crop", x=5000), "title": "Hero crop"},
            {**node("inv", "tool.invert"), "title": "Negative"},
            node("save", "output.save"),
        ],
        [edge("in", "crop"), edge("crop", "inv"), edge("inv", "save")],
    )
    result = await test_engine.run(doc)
    crop = result.nodes["crop"].error
    assert crop is not None and crop.message.startswith("Hero crop: X is 5000 pixels, past the picture's right edge")
    for skipped in ("inv", "save"):
        assert result.nodes[skipped].status == NodeStatus.SKIPPED
        error = result.nodes[skipped].error
        assert error is not None and error.message == "not run because Hero crop failed; fix Hero crop and run again"


async def test_an_unexpected_exception_becomes_a_readable_node_error(
    test_engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level("ERROR", logger="karate.engine"):
        result = await test_engine.run(workflow([node("x", "test.crash")], []))
    error = result.nodes["x"].error
    assert result.status == RunStatus.FAILED
    assert error is not None and error.code == "error"
    assert "failed because of an error in the code that runs it" in error.message
    assert "tell the studio's team" in error.message
    assert "ZeroDivisionError" not in error.message  # the person reads words; the log has the traceback
    assert "ZeroDivisionError: division by zero" in caplog.text


async def test_cancel_stops_pending_and_running_nodes(test_engine: Engine) -> None:
    sample_nodes.gate["event"] = asyncio.Event()  # never set: the waits block until cancelled
    doc = workflow([node("w", "test.wait"), node("after", "test.add")], [num("w", "after")])
    execution = test_engine.prepare(doc)
    task = asyncio.create_task(execution.execute())
    for _ in range(200):
        if sample_nodes.concurrency["now"] == 1:
            break
        await asyncio.sleep(0.005)
    execution.cancel()
    result = await asyncio.wait_for(task, 5)
    assert result.status == RunStatus.CANCELLED
    assert result.nodes["w"].status == NodeStatus.CANCELLED
    assert result.nodes["after"].status == NodeStatus.CANCELLED
    assert executions["after"] == 0
    assert execution.events.history is not None and execution.events.history[-1].type == "run.cancelled"


async def test_a_node_past_its_timeout_fails_with_advice(test_engine: Engine) -> None:
    result = await test_engine.run(workflow([node("s", "test.spin", seconds=3)], []))
    error = result.nodes["s"].error
    assert result.nodes["s"].status == NodeStatus.FAILED
    assert error is not None and error.code == "timeout" and "KARATE_NODE_TIMEOUT" in error.message


async def test_from_node_runs_only_that_node_and_what_it_needs(test_engine: Engine) -> None:
    doc = workflow(
        [node("c", "test.const"), node("a", "test.add"), node("other", "test.const", value=7)], [num("c", "a")]
    )
    result = await test_engine.run(doc, targets=["a"])
    assert set(result.nodes) == {"c", "a"}
    assert executions["other"] == 0


async def test_list_inputs_collect_every_connection_in_order(test_engine: Engine) -> None:
    doc = workflow(
        [node("c1", "test.const", value=1), node("c2", "test.const", value=20), node("s", "test.sum")],
        [num("c1", "s", "numbers"), num("c2", "s", "numbers")],
    )
    result = await test_engine.run(doc)
    assert result.nodes["s"].outputs["number"] == 21


async def test_events_are_ordered_and_numbered(test_engine: Engine) -> None:
    doc = workflow(
        [node("c", "test.const"), node("bad", "test.fail"), node("after", "test.add")],
        [num("c", "bad"), num("bad", "after")],
    )
    execution = test_engine.prepare(doc)
    seen: list[str] = []
    subscriber_seqs: list[int] = []

    async def follow() -> None:
        async for event in execution.events.subscribe():
            subscriber_seqs.append(event.seq)

    follower = asyncio.create_task(follow())
    await asyncio.sleep(0)
    execution.events.add_listener(lambda e: seen.append(f"{e.type}:{e.node_id or ''}"))
    await execution.execute()
    await asyncio.wait_for(follower, 5)
    history = execution.events.history or []
    assert [e.seq for e in history] == list(range(1, len(history) + 1))
    assert subscriber_seqs == [e.seq for e in history]
    assert seen[0] == "run.started:" and seen[-1] == "run.failed:"
    assert seen.index("node.completed:c") < seen.index("node.started:bad") < seen.index("node.failed:bad")
    assert seen.index("node.failed:bad") < seen.index("node.skipped:after")


async def test_a_nodes_events_follow_its_parents_results_though_it_starts_before_they_are_stored(
    test_engine: Engine,
) -> None:
    doc = workflow(
        [
            node("c", "test.const", value=2),
            node("a1", "test.add", offset=3),
            node("a2", "test.add", offset=10),
            node("s", "test.sum"),
            node("bad", "test.fail"),
            node("after", "test.add"),
        ],
        [
            num("c", "a1"),
            num("a1", "a2"),
            num("c", "s", "numbers"),
            num("a2", "s", "numbers"),
            num("c", "bad"),
            num("bad", "after"),
        ],
    )
    first = test_engine.prepare(doc)
    await first.execute()
    events = [event.to_json() for event in first.events.history or []]
    assert_causal_order(events, doc)
    # Each child still started as soon as its parent's result was in memory, before that result was stored.
    announced = {event["node_id"]: event["ts"] for event in events if event["type"] == "node.completed"}
    assert first.nodes["a1"].started_at is not None and first.nodes["a1"].started_at < announced["c"]
    assert first.nodes["a2"].started_at is not None and first.nodes["a2"].started_at < announced["a1"]

    doc["nodes"][2]["params"]["offset"] = 20  # c and a1 from the cache, a2 and s executed again
    second = test_engine.prepare(doc)
    result = await second.execute()
    events = [event.to_json() for event in second.events.history or []]
    assert_causal_order(events, doc)
    assert {e["node_id"] for e in events if e["type"] == "node.cached"} == {"c", "a1"}
    assert result.nodes["s"].outputs["number"] == 2 + 25


async def test_a_late_subscriber_gets_the_history_after_a_sequence_number(test_engine: Engine) -> None:
    execution = test_engine.prepare(workflow([node("c", "test.const")], []))
    await execution.execute()
    replay = [e.seq async for e in execution.events.subscribe(after=2)]
    assert replay and replay[0] == 3 and execution.events.history is not None
    assert replay[-1] == execution.events.history[-1].seq


async def test_a_subscriber_wanting_some_events_gets_only_those_live_and_from_history(test_engine: Engine) -> None:
    """A client following one node of a run (`?node=`) is handed the run's own events and that node's, nothing
    else, whether it subscribed before the run or after part of it, and its stream ends with the run."""
    doc = workflow([node("c", "test.const"), node("a", "test.add")], [num("c", "a")])
    execution = test_engine.prepare(doc)

    def wanted(event: Event) -> bool:
        return event.node_id in (None, "a")

    live: list[Event] = []

    async def follow() -> None:
        async for event in execution.events.subscribe(wanted=wanted):
            live.append(event)

    follower = asyncio.create_task(follow())
    await asyncio.sleep(0)
    await execution.execute()
    await asyncio.wait_for(follower, 5)
    history = execution.events.history or []
    assert [e.seq for e in live] == [e.seq for e in history if wanted(e)]
    assert {e.node_id for e in live} == {None, "a"} and live[-1].type == "run.completed"
    replay = [e async for e in execution.events.subscribe(after=1, wanted=wanted)]
    assert [e.seq for e in replay] == [e.seq for e in history if e.seq > 1 and wanted(e)]


async def test_small_work_runs_on_the_loop_and_a_flat_picture_with_many_pixels_goes_to_the_pool(
    test_engine: Engine,
) -> None:
    """The size of an encoded file says little about its pixels: the engine decides after decoding."""
    small = store_image(test_engine.store, np.full((16, 16, 3), 30, np.uint8))
    flat = store_image(test_engine.store, np.full((1500, 1500, 3), 200, np.uint8))  # a tiny PNG, 6.75 MB of pixels
    assert test_engine.store.ref(flat).size * 4 <= test_engine.inline_bytes
    doc = workflow(
        [
            node("small", "input.image", asset_id=small),
            node("flat", "input.image", asset_id=flat),
            node("w_small", "test.where"),
            node("w_flat", "test.where"),
        ],
        [edge("small", "w_small"), edge("flat", "w_flat")],
    )
    result = await test_engine.run(doc)
    assert result.status == RunStatus.COMPLETED
    assert sample_nodes.ran_on["w_small"] == threading.main_thread().name
    assert sample_nodes.ran_on["w_flat"].startswith("karate-node")


async def _cancel_right_after_start(test_engine: Engine, doc: dict[str, object], node_id: str) -> Execution:
    """An execution cancelled after `node_id`'s task is created and before that task first runs: the
    cancel is queued on the loop when the node starts, ahead of the task's first step."""
    execution = test_engine.prepare(doc)
    loop = asyncio.get_running_loop()

    def on_event(event: Event) -> None:
        if event.type == "node.started" and event.node_id == node_id:
            loop.call_soon(execution.cancel)

    execution.events.add_listener(on_event)
    return execution


async def test_a_cancel_before_an_async_nodes_task_first_runs_ends_the_run(test_engine: Engine) -> None:
    sample_nodes.gate["event"] = asyncio.Event()
    doc = workflow([node("w", "test.wait"), node("after", "test.add")], [num("w", "after")])
    execution = await _cancel_right_after_start(test_engine, doc, "w")
    result = await asyncio.wait_for(execution.execute(), 5)
    assert result.status == RunStatus.CANCELLED
    assert {n.node_id: n.status for n in result.nodes.values()} == {
        "w": NodeStatus.CANCELLED,
        "after": NodeStatus.CANCELLED,
    }
    assert execution.events.history is not None and execution.events.history[-1].type == "run.cancelled"


async def test_a_cancel_before_a_pool_nodes_task_first_runs_ends_the_run(test_engine: Engine) -> None:
    doc = workflow([node("s", "test.spin", seconds=0.2), node("after", "test.add")], [num("s", "after")])
    execution = await _cancel_right_after_start(test_engine, doc, "s")
    result = await asyncio.wait_for(execution.execute(), 5)
    assert result.status == RunStatus.CANCELLED
    assert result.nodes["s"].status == NodeStatus.CANCELLED
    assert result.nodes["after"].status == NodeStatus.CANCELLED and executions["after"] == 0


async def test_a_cancel_before_a_decode_waits_first_run_ends_the_run(
    test_engine: Engine, store: LocalAssetStore
) -> None:
    asset_id = store_image(store, np.full((8, 8, 3), 100, np.uint8))
    first = [node("img", "input.image", asset_id=asset_id), node("inv", "tool.invert")]
    links = [edge("img", "inv", "image", "image")]
    assert (await test_engine.run(workflow(first, links))).status == RunStatus.COMPLETED
    # now inv's result comes from the cache, still in its file: `after` waits for it to be decoded
    doc = workflow(
        [*first, node("after", "tool.invert"), node("last", "tool.invert")],
        [*links, edge("inv", "after", "image", "image"), edge("after", "last", "image", "image")],
    )
    execution = await _cancel_right_after_start(test_engine, doc, "after")
    result = await asyncio.wait_for(execution.execute(), 5)
    assert result.status == RunStatus.CANCELLED
    assert result.nodes["inv"].cached and result.nodes["after"].status == NodeStatus.CANCELLED
    assert result.nodes["last"].status == NodeStatus.CANCELLED


async def test_a_run_cancelled_before_it_starts_ends_cancelled_without_running_anything(test_engine: Engine) -> None:
    doc = workflow([node("c", "test.const"), node("a", "test.add")], [num("c", "a")])
    execution = test_engine.prepare(doc)
    execution.cancel()
    result = await asyncio.wait_for(execution.execute(), 5)
    assert result.status == RunStatus.CANCELLED and result.finished_at is not None
    assert {n.status for n in result.nodes.values()} == {NodeStatus.CANCELLED}
    assert executions["c"] == executions["a"] == 0
    assert execution.events.history is not None
    assert [e.type for e in execution.events.history] == ["run.cancelled"]


async def test_the_watchdog_ends_a_run_whose_nodes_nothing_can_settle(
    test_engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    doc = workflow(
        [
            node("c", "test.const"),
            node("lost", "test.add"),
            node("after", "test.add"),
            node("other", "test.wait", seconds=0.01),
        ],
        [num("c", "lost"), num("lost", "after")],
    )
    execution = test_engine.prepare(doc)
    resolve = execution._resolve
    execution._resolve = lambda node_id: None if node_id == "lost" else resolve(node_id)  # type: ignore[method-assign]
    result = await asyncio.wait_for(execution.execute(), 5)
    assert result.status == RunStatus.FAILED
    assert result.nodes["other"].status == result.nodes["c"].status == NodeStatus.COMPLETED
    for node_id in ("lost", "after"):
        error = result.nodes[node_id].error
        assert result.nodes[node_id].status == NodeStatus.FAILED
        assert error is not None and error.code == "engine_error" and "run the workflow again" in error.message
    assert "2 node(s) were never settled" in caplog.text


async def test_a_node_task_that_ends_without_settling_its_node_fails_that_node(
    test_engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    doc = workflow([node("w", "test.wait", seconds=0.01), node("after", "test.add")], [num("w", "after")])
    execution = test_engine.prepare(doc)

    async def forgetful(*args: object) -> None:
        return None

    execution.runner._execute = forgetful  # type: ignore[method-assign,assignment]
    with caplog.at_level("ERROR", logger="karate.engine"):
        result = await asyncio.wait_for(execution.execute(), 5)
    assert result.status == RunStatus.FAILED
    error = result.nodes["w"].error
    assert error is not None and "failed because of an error in the code that runs it" in error.message
    assert "ended without a result" in caplog.text
    assert result.nodes["after"].status == NodeStatus.SKIPPED


async def test_a_store_that_raises_still_completes_the_node_with_a_warning(test_engine: Engine) -> None:
    doc = workflow([node("c", "test.const"), node("a", "test.add")], [num("c", "a")])
    execution = test_engine.prepare(doc)

    def broken_store(batch: object) -> list[str | None]:
        raise OSError("the persister is gone")

    execution.persistence._store_batch = broken_store  # type: ignore[method-assign,assignment]
    result = await asyncio.wait_for(execution.execute(), 5)
    assert result.status == RunStatus.COMPLETED
    assert execution.events.history is not None
    completed = {e.node_id: e.data for e in execution.events.history if e.type == "node.completed"}
    assert set(completed) == {"c", "a"}
    assert all(data["warning"].startswith("result not cached") for data in completed.values())


async def test_a_cancel_ends_the_run_soon_though_a_computed_result_is_still_being_stored(
    test_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A store that takes its time (a loaded S3) must not hold a cancelled run open: the run ends
    CANCELLED_WAIT_S after the cancel, the node whose result was still on its way ends cancelled with no
    outputs and no node.completed, and the write goes on, so the next run finds the result in the cache."""
    monkeypatch.setattr(persistence, "CANCELLED_WAIT_S", 0.2)
    doc = workflow([node("c", "test.const", value=41), node("a", "test.add", offset=1)], [num("c", "a")])
    execution = test_engine.prepare(doc)
    store = execution.persistence._store_batch
    storing, release, written = threading.Event(), threading.Event(), threading.Event()
    stored: set[str] = set()

    def slow_store(batch: persistence.Batch) -> list[str | None]:
        storing.set()
        release.wait(10)
        try:
            return store(batch)
        finally:
            stored.update(node.node_id for node, _, _ in batch)
            if stored == {"c", "a"}:
                written.set()

    execution.persistence._store_batch = slow_store  # type: ignore[method-assign]
    running = asyncio.create_task(execution.execute())
    assert await asyncio.to_thread(storing.wait, 5), "the results went to the store"
    execution.cancel()
    cancelled_at = time.monotonic()
    result = await asyncio.wait_for(running, 5)
    assert time.monotonic() - cancelled_at < 2, "the run ended soon after its cancel"
    assert result.status == RunStatus.CANCELLED
    assert {n.status for n in result.nodes.values()} == {NodeStatus.CANCELLED}
    assert all(n.outputs == {} for n in result.nodes.values())
    assert execution.events.history is not None
    types = [e.type for e in execution.events.history]
    assert "node.completed" not in types and types[-1] == "run.cancelled"

    release.set()
    assert await asyncio.to_thread(written.wait, 5)
    again = await asyncio.wait_for(test_engine.run(doc), 5)
    assert again.status == RunStatus.COMPLETED and again.nodes["a"].outputs["number"] == 42
    assert again.nodes["c"].cached and again.nodes["a"].cached, "the results written after the cancel are reused"


async def test_a_cancel_before_a_pool_nodes_first_step_drops_its_work_still_waiting_for_the_pool(
    test_engine: Engine,
) -> None:
    release = threading.Event()
    workers = test_engine.pool._max_workers
    blockers = [test_engine.pool.submit(release.wait, 5) for _ in range(workers)]  # the pool is busy
    doc = workflow([node("s", "test.spin", seconds=0.05)], [])
    execution = await _cancel_right_after_start(test_engine, doc, "s")
    result = await asyncio.wait_for(execution.execute(), 5)
    assert result.status == RunStatus.CANCELLED
    release.set()
    await asyncio.wait_for(asyncio.gather(*(asyncio.wrap_future(blocker) for blocker in blockers)), 5)
    # the pool takes work in order: once these ran, the spin had run too if it was still queued
    await asyncio.wait_for(
        asyncio.gather(*(asyncio.wrap_future(test_engine.pool.submit(time.sleep, 0)) for _ in range(workers))), 5
    )
    assert executions["s"] == 0


async def test_a_listener_that_raises_does_not_stop_the_run_or_its_events(
    test_engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    doc = workflow(
        [node("c", "test.const"), node("w", "test.wait", seconds=0.01), node("bad", "test.fail")],
        [num("c", "w"), num("c", "bad")],
    )
    execution = test_engine.prepare(doc)

    def broken(event: Event) -> None:
        raise ValueError(f"listener bug on {event.type}")

    execution.events.add_listener(broken)
    result = await asyncio.wait_for(execution.execute(), 5)
    assert result.status == RunStatus.FAILED and result.nodes["w"].status == NodeStatus.COMPLETED
    assert execution.events.history is not None
    types = [event.type for event in execution.events.history]
    assert types[0] == "run.started" and types[-1] == "run.failed" and types.count("node.completed") == 2
    assert "listener bug on node.failed" in caplog.text


def test_building_an_engine_leaves_the_process_switch_interval_alone(
    store: LocalAssetStore, cache: SqliteCacheIndex
) -> None:
    before = sys.getswitchinterval()
    try:
        sys.setswitchinterval(0.005)  # CPython's default, longer than the engine's preference
        engine = Engine(store, cache, registry=sample_nodes.registry)
        engine.close()
        assert sys.getswitchinterval() == 0.005
        shorten_switch_interval()  # what the entry points that own the process call
        assert sys.getswitchinterval() == SWITCH_INTERVAL_S
    finally:
        sys.setswitchinterval(before)


async def test_a_cancel_that_comes_as_the_last_node_ends_leaves_the_run_completed(test_engine: Engine) -> None:
    """Every node had computed when the cancel came (their results still being stored, and stored in time): the
    cancel stopped nothing, so the run ends completed, with run.completed, not as a cancelled run of done nodes."""
    doc = workflow([node("c", "test.const", value=41), node("a", "test.add", offset=1)], [num("c", "a")])
    execution = test_engine.prepare(doc)
    store = execution.persistence._store_batch
    storing, release = threading.Event(), threading.Event()

    def slow_store(batch: persistence.Batch) -> list[str | None]:
        if any(node.node_id == "a" for node, _, _ in batch):  # the last node has computed
            storing.set()
            release.wait(10)
        return store(batch)

    execution.persistence._store_batch = slow_store  # type: ignore[method-assign]
    running = asyncio.create_task(execution.execute())
    assert await asyncio.to_thread(storing.wait, 5), "the last result went to the store"
    execution.cancel()
    release.set()
    result = await asyncio.wait_for(running, 5)
    assert {n.status for n in result.nodes.values()} == {NodeStatus.COMPLETED}
    assert result.status == RunStatus.COMPLETED and result.nodes["a"].outputs["number"] == 42
    assert execution.events.history is not None and execution.events.history[-1].type == "run.completed"


@pytest.mark.parametrize("ending", ["completed", "failed", "cancelled before it started"])
async def test_a_finished_run_is_freed_as_soon_as_it_is_let_go_of(test_engine: Engine, ending: str) -> None:
    """A studio runs one run after another: once one has ended and is let go of, its objects (nodes, results,
    events) are freed at once. Left in a reference cycle, they waited for Python's cyclic garbage collector, whose
    full pass over them paused the studio's event loop for 40-55 ms every few runs of 401 nodes."""
    nodes = [
        node("c", "test.const"),
        node("a", "test.add"),
        node("b", "test.fail" if ending == "failed" else "test.add"),
    ]
    doc = workflow(nodes, [num("c", "a"), num("a", "b")])
    gc.disable()  # only reference counting frees anything in this test
    try:
        execution = test_engine.prepare(doc)
        seen: list[str] = []
        # a listener holding its run, as the studio's recorder does (karate.services.run_recording)
        execution.events.add_listener(lambda event, run=execution: seen.append(f"{run.run_id}:{event.type}"))
        if ending.startswith("cancelled"):
            execution.cancel()
        result = await asyncio.wait_for(execution.execute(), 5)
        assert str(result.status) == ending.split()[0]
        freed = weakref.ref(execution)
        del execution
        assert freed() is None, f"a {ending} run is kept alive by a reference cycle"
        assert seen[-1].endswith(f"run.{ending.split()[0]}")
    finally:
        gc.enable()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux sets a niceness per thread")
def test_nodes_compute_below_the_persons_own_programs_and_storing_below_the_nodes(test_engine: Engine) -> None:
    # so that the studio's page (the browser), and the studio's own serving, answer while a run computes
    import os

    def niceness() -> int:
        return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    here = niceness()
    node_thread = test_engine.pool.submit(niceness).result()
    store_thread = test_engine.persister.submit(niceness).result()
    assert here < node_thread < store_thread
