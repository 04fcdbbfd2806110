"""The result cache: nothing re-runs unless it changed, across processes, within a bounded size."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest

from karate.engine import Engine, RunStatus
from karate.engine.cache import CLUSTER_HEX, node_key
from karate.storage.assets import LocalAssetStore
from karate.storage.sqlite_cache_index import SqliteCacheIndex
from tests.engine import sample_nodes
from tests.engine.sample_nodes import executions
from tests.helpers import edge, node, store_image, workflow


def chain(offset_last: float = 0) -> dict[str, object]:
    return workflow(
        [
            node("c", "test.const", value=1),
            node("a1", "test.add", offset=1),
            node("a2", "test.add", offset=2),
            node("side", "test.add", offset=5),
            node("last", "test.add", offset=offset_last),
        ],
        [
            edge("c", "a1", "number", "a"),
            edge("a1", "a2", "number", "a"),
            edge("c", "side", "number", "a"),
            edge("a2", "last", "number", "a"),
        ],
    )


async def test_an_unchanged_graph_executes_no_node_the_second_time(test_engine: Engine) -> None:
    first = await test_engine.run(chain())
    executions.clear()
    second = await test_engine.run(chain())
    assert not executions
    assert all(n.cached for n in second.nodes.values())
    assert second.nodes["last"].outputs == first.nodes["last"].outputs


async def test_changed_param_reruns_only_that_node_and_its_dependants(test_engine: Engine) -> None:
    await test_engine.run(chain())
    executions.clear()
    doc = chain()
    doc["nodes"][2]["params"]["offset"] = 100  # a2
    result = await test_engine.run(doc)
    assert set(executions) == {"a2", "last"}
    assert result.nodes["last"].outputs["number"] == 102
    assert result.nodes["side"].cached and result.nodes["a1"].cached


async def test_the_cache_survives_a_new_engine_on_the_same_folder(tmp_path: Path) -> None:
    for attempt in range(2):
        store = LocalAssetStore(tmp_path / "assets")
        engine = Engine(store, SqliteCacheIndex(tmp_path / "cache.sqlite3", store), registry=sample_nodes.registry)
        executions.clear()
        result = await engine.run(chain())
        engine.close()
        assert result.status == RunStatus.COMPLETED
        assert all(n.cached for n in result.nodes.values()) == (attempt == 1)
        assert (not executions) == (attempt == 1)


async def test_node_ids_do_not_matter_only_content_does(test_engine: Engine) -> None:
    await test_engine.run(workflow([node("x", "test.const", value=3)], []))
    result = await test_engine.run(workflow([node("renamed", "test.const", value=3)], []))
    assert result.nodes["renamed"].cached


async def test_image_results_are_stored_once_and_reloaded_lazily(engine: Engine, store: LocalAssetStore) -> None:
    image = np.random.default_rng(1).integers(0, 255, (300, 400, 3), dtype=np.uint8)
    asset = store_image(store, image)
    doc = workflow(
        [node("in", "input.image", asset_id=asset), node("save", "output.save", format="png")], [edge("in", "save")]
    )
    await engine.run(doc)
    result = await engine.run(doc)
    saved = result.nodes["save"].outputs["image"]
    assert result.nodes["save"].cached and not saved.has_pixels  # nothing decoded for a fully cached run
    assert np.array_equal(saved.pixels(store), image)


async def test_one_picture_under_two_file_names_is_one_cache_entry(engine: Engine, store: LocalAssetStore) -> None:
    asset = store_image(store, np.full((16, 16, 3), 40, dtype=np.uint8))

    def named(filename: str) -> dict[str, Any]:  # an upload node keeps the name its file was dropped under
        return workflow(
            [node("in", "input.image", asset_id=asset, filename=filename), node("inv", "tool.invert")],
            [edge("in", "inv")],
        )

    first = await engine.run(named("board.jpg"))
    again = await engine.run(named("a.png"))
    assert again.nodes["inv"].cached, "a new name is no new picture: nothing runs again"
    assert [again.nodes[n].key for n in ("in", "inv")] == [first.nodes[n].key for n in ("in", "inv")]
    assert again.nodes["in"].key == (await engine.run(named(""))).nodes["in"].key  # nor does a workflow without one


async def test_after_a_volatile_node_keys_follow_its_content(test_engine: Engine) -> None:
    doc = workflow([node("t", "test.tick"), node("a", "test.add", offset=1)], [edge("t", "a", "number", "a")])
    results = []
    for _ in range(3):
        executions.clear()
        results.append((await test_engine.run(doc), dict(executions)))
    (first, _), (second, ran2), (third, ran3) = results
    assert first.nodes["t"].outputs["number"] == 0 and second.nodes["t"].outputs["number"] == 1
    assert "a" in ran2, "the tick changed, so its dependant re-ran"
    assert third.nodes["t"].outputs["number"] == 1 and "a" not in ran3 and third.nodes["a"].cached


def test_keys_are_built_from_parent_keys_so_they_differ_by_input() -> None:
    base = node_key("tool.x", 1, "{}", [("image", "k1", "image")])
    assert base != node_key("tool.x", 1, "{}", [("image", "k2", "image")])
    assert base != node_key("tool.x", 2, "{}", [("image", "k1", "image")])
    assert base != node_key("tool.x", 1, '{"r":1}', [("image", "k1", "image")])
    assert base == node_key("tool.x", 1, "{}", [("image", "k1", "image")])


def test_keys_downstream_of_one_input_share_its_cluster_so_a_run_reads_few_index_pages() -> None:
    picture = node_key("input.image", 1, '{"asset_id":"ab"}', [])
    other = node_key("input.image", 1, '{"asset_id":"cd"}', [])
    blurred = node_key("tool.blur", 1, '{"radius":2}', [("image", picture, "image")])
    inverted = node_key("tool.invert", 1, "{}", [("image", blurred, "image")])
    both = node_key("tool.composite", 1, "{}", [("a", inverted, "image"), ("b", other, "image")])
    for key in (picture, other, blurred, inverted, both):
        assert len(key) == 64 and int(key, 16) >= 0, key  # still 32 bytes of hex (the indexes store them so)
    assert blurred[:CLUSTER_HEX] == inverted[:CLUSTER_HEX] == picture[:CLUSTER_HEX]
    assert both[:CLUSTER_HEX] == min(picture[:CLUSTER_HEX], other[:CLUSTER_HEX])
    assert len({picture, other, blurred, inverted, both}) == 5
    # after a volatile node the input is a content identity, not a key: the node has a cluster of its own
    after_volatile = node_key("tool.invert", 1, "{}", [("image", "json:" + "1" * 59, "image")])
    assert len(after_volatile) == 64 and int(after_volatile, 16) >= 0


async def test_the_cache_is_bounded_and_evicts_least_recently_used(tmp_path: Path) -> None:
    store = LocalAssetStore(tmp_path / "assets")
    index = SqliteCacheIndex(tmp_path / "cache.sqlite3", store, max_bytes=3_000_000)
    engine = Engine(store, index)
    rng = np.random.default_rng(2)
    images = [rng.integers(0, 255, (500, 500, 3), dtype=np.uint8) for _ in range(5)]  # 750 kB each as pixels
    docs = []
    for image in images:
        asset = store_image(store, image)
        docs.append(
            workflow([node("in", "input.image", asset_id=asset), node("inv", "output.save")], [edge("in", "inv")])
        )
    first = await engine.run(docs[0])
    first_key = first.nodes["inv"].key
    for doc in docs[1:]:
        await engine.run(doc)
    index.flush()
    assert index.total_bytes <= 3_000_000
    assert first_key is not None and not index.get_many([first_key]), "the oldest result was evicted"
    rerun = await engine.run(docs[-1])
    assert rerun.nodes["inv"].cached, "the newest result is still cached"
    engine.close()


async def test_an_image_read_by_many_nodes_is_decoded_once(
    engine: Engine, store: LocalAssetStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    image = np.random.default_rng(2).integers(0, 255, (96, 128, 3), dtype=np.uint8)
    asset = store_image(store, image)
    reads: list[str] = []
    read_bytes = store.read_bytes
    monkeypatch.setattr(store, "read_bytes", lambda sha: reads.append(sha) or read_bytes(sha))
    crops = [node(f"crop{i}", "tool.crop", x=i * 8, y=4, width=16, height=16) for i in range(8)]
    doc = workflow([node("in", "input.image", asset_id=asset), *crops], [edge("in", f"crop{i}") for i in range(8)])
    result = await engine.run(doc)
    assert result.status == RunStatus.COMPLETED
    assert reads.count(asset) == 1
    for i in range(8):
        assert np.array_equal(result.nodes[f"crop{i}"].outputs["image"].pixels(store), image[4:20, i * 8 : i * 8 + 16])


async def test_a_result_that_cannot_be_stored_is_reported_and_the_run_still_succeeds(
    engine: Engine, store: LocalAssetStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    asset = store_image(store, np.full((16, 16, 3), 9, dtype=np.uint8))

    def disk_full(array: np.ndarray) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store, "put_array", disk_full)
    execution = engine.prepare(
        workflow([node("in", "input.image", asset_id=asset), node("inv", "tool.invert")], [edge("in", "inv")])
    )
    result = await execution.execute()
    assert result.status == RunStatus.COMPLETED
    assert int(result.nodes["inv"].outputs["image"].pixels(store)[0, 0, 0]) == 246
    completed = [e for e in execution.events.history or [] if e.type == "node.completed" and e.node_id == "inv"]
    assert "No space left on device" in completed[0].data["warning"]
    again = await engine.run(
        workflow([node("in", "input.image", asset_id=asset), node("inv", "tool.invert")], [edge("in", "inv")])
    )
    assert not again.nodes["inv"].cached  # nothing half-cached: it simply runs again


async def test_stored_results_give_their_pixels_back_once_every_reader_is_done(
    engine: Engine, store: LocalAssetStore
) -> None:
    image = np.random.default_rng(6).integers(0, 255, (240, 320, 3), dtype=np.uint8)
    asset = store_image(store, image)

    def doc(radius: float) -> dict[str, object]:
        return workflow(
            [
                node("in", "input.image", asset_id=asset),
                node("crop", "tool.crop", x=20, y=10, width=200, height=150),
                node("inv", "tool.invert"),
                node("blur", "tool.blur", radius=radius),
            ],
            [edge("in", "crop"), edge("crop", "inv"), edge("inv", "blur")],
        )

    execution = engine.prepare(doc(2))
    result = await execution.execute()
    inverted = 255 - image[10:160, 20:220]
    held = result.nodes["inv"].outputs["image"]
    assert not held.has_pixels, "a long chain of large images must not keep every one in memory"
    completed = {e.node_id: e.data for e in execution.events.history or [] if e.type == "node.completed"}
    assert (completed["inv"]["outputs"]["image"]["width"], completed["inv"]["outputs"]["image"]["height"]) == (200, 150)
    assert np.array_equal(held.pixels(store), inverted)  # read back from its file when asked for
    changed = await engine.run(doc(3))  # the blur re-runs on the inverted crop read back from the store
    assert changed.nodes["inv"].cached and not changed.nodes["blur"].cached
    expected = cv2.GaussianBlur(inverted, (19, 19), 3, borderType=cv2.BORDER_REFLECT_101)
    assert np.array_equal(changed.nodes["blur"].outputs["image"].pixels(store), expected)
