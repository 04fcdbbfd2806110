"""Engine benchmarks against the numpy/OpenCV floor, measured in the same run.

    .venv/bin/python bench/engine/run.py [--quick]

(a) chain of N tool.invert on a 64×64 image; (b) 2048×2048 through 10 gaussian blurs (radius 8) and a PNG
save; (c) re-runs of (b): identical (in-process and from a new CLI process) and with the last blur changed;
(d) one source feeding 100 branches of crop → invert → save (301 nodes). Each case runs in a fresh data folder.
The floors save their images as a plain script does, with cv2.imwrite (zlib level 1, as output.save), so they
pay for writing the files the engine writes too.

The data folders are deleted only when every case has run: this machine's disk is mounted with online
discard, and deleting thousands of files stalls the file creations that follow for a few seconds, which
would charge one run's clean-up to the next run (a studio's data folder is not emptied between runs).
For the same reason every timed run starts after `sync`: no run pays for writing back an earlier one's files.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from karate.engine import Engine, RunStatus
from karate.engine.tuning import shorten_switch_interval
from karate.engine.values import decode_image_bytes, encode_image
from karate.storage.assets import LocalAssetStore
from karate.storage.sqlite_cache_index import SqliteCacheIndex

ROOT = Path(__file__).resolve().parents[2]
SCRATCH = Path(tempfile.gettempdir())  # replaced in main() by a folder removed at the end


def fresh_folder() -> Path:
    return Path(tempfile.mkdtemp(dir=SCRATCH))


def synthetic_photo(size: int, seed: int = 7) -> np.ndarray:
    """Smooth gradients, shapes and grain: compresses like a photograph, not like a flat test card."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:size, 0:size].astype(np.float32) / size
    image = np.dstack([200 * x + 40 * np.sin(9 * y), 120 + 100 * y * x, 220 - 180 * y]).astype(np.float32)
    for _ in range(12):
        cx, cy, r = rng.uniform(0, size, 2).tolist() + [rng.uniform(size / 20, size / 6)]
        cv2.circle(image, (int(cx), int(cy)), int(r), rng.uniform(0, 255, 3).tolist(), -1, cv2.LINE_AA)
    image += rng.normal(0, 3, image.shape).astype(np.float32)
    return np.clip(image, 0, 255).astype(np.uint8)


def open_engine(folder: Path) -> Engine:
    store = LocalAssetStore(folder / "assets")
    return Engine(store, SqliteCacheIndex(folder / "cache.sqlite3", store))


def put_png(engine: Engine, image: np.ndarray) -> tuple[str, bytes]:
    data = encode_image(image, "png")
    return engine.store.put_bytes(data, "image/png").sha256, data


def timed(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def best_of(repeat: int, fn: Callable[[], Any]) -> float:
    return min(timed(fn) for _ in range(repeat))


def edge(source: str, target: str) -> dict[str, str]:
    return {"source": source, "sourceHandle": "image", "target": target, "targetHandle": "image"}


def run(engine: Engine, doc: dict[str, Any]) -> tuple[float, Any]:
    # Earlier runs' files still waiting to be written back would be flushed by the kernel in the middle of
    # this one (it expires dirty pages after 30 s), charging (b)'s 400 MB to (d): start from a clean state.
    os.sync()
    start = time.perf_counter()
    result = asyncio.run(engine.run(doc))
    elapsed = time.perf_counter() - start
    assert result.status == RunStatus.COMPLETED, result.error
    return elapsed, result


# --- (a) ------------------------------------------------------------------------------------------------


def invert_chain(asset: str, n: int) -> dict[str, Any]:
    nodes = [{"id": "in", "type": "input.image", "params": {"asset_id": asset}}]
    nodes += [{"id": f"inv{i}", "type": "tool.invert", "params": {}} for i in range(n)]
    edges = [edge("in", "inv0")] + [edge(f"inv{i}", f"inv{i + 1}") for i in range(n - 1)]
    return {"nodes": nodes, "edges": edges}


def bench_chain(n: int, repeat: int) -> dict[str, Any]:
    image = synthetic_photo(64)
    timings = []
    for _ in range(repeat):
        engine = open_engine(fresh_folder())
        asset, _ = put_png(engine, image)
        elapsed, _ = run(engine, invert_chain(asset, n))
        engine.close()
        timings.append(elapsed)

    def floor() -> None:
        array = image
        for _ in range(n):
            array = 255 - array

    engine_s = statistics.median(timings)
    return {
        "case": f"(a) invert chain N={n}",
        "engine_ms": engine_s * 1000,
        "per_node_ms": engine_s * 1000 / (n + 1),
        "floor_ms": best_of(5, floor) * 1000,
    }


# --- (b) and (c) ----------------------------------------------------------------------------------------


def blur_chain(asset: str, last_radius: float = 8) -> dict[str, Any]:
    nodes = [{"id": "in", "type": "input.image", "params": {"asset_id": asset}}]
    nodes += [
        {"id": f"blur{i}", "type": "tool.blur", "params": {"kind": "gaussian", "radius": last_radius if i == 9 else 8}}
        for i in range(10)
    ]
    nodes.append({"id": "save", "type": "output.save", "params": {"format": "png"}})
    edges = [edge("in", "blur0")] + [edge(f"blur{i}", f"blur{i + 1}") for i in range(9)] + [edge("blur9", "save")]
    return {"nodes": nodes, "edges": edges}


def save_png(array: np.ndarray, folder: Path, name: str) -> None:
    """What a plain script does to save an image: cv2.imwrite at the zlib level output.save uses (1)."""
    cv2.imwrite(str(folder / f"{name}.png"), cv2.cvtColor(array, cv2.COLOR_RGB2BGR), [cv2.IMWRITE_PNG_COMPRESSION, 1])


def save_png_like_the_engine(array: np.ndarray, folder: Path, name: str) -> None:
    """The same save with the engine's PNG writer (which compresses large images on every core)."""
    (folder / f"{name}.png").write_bytes(encode_image(array, "png"))


def blur_floor(png: bytes, blurs: int, last_radius: float = 8, save: Callable[..., None] = save_png) -> float:
    """Decode (or, for one blur, start from the pixels in memory), blur, save: what (b) and (c) must do."""
    decoded = decode_image_bytes(np.frombuffer(png, np.uint8))
    folder = fresh_folder()

    def work() -> None:
        array = decode_image_bytes(np.frombuffer(png, np.uint8)) if blurs == 10 else decoded
        for i in range(blurs):
            sigma = last_radius if i == blurs - 1 else 8
            side = 2 * int(np.ceil(3 * sigma)) + 1  # ±3σ, like the tool
            array = cv2.GaussianBlur(array, (side, side), sigma, borderType=cv2.BORDER_REFLECT_101)
        save(array, folder, "out")

    os.sync()
    return timed(work)


def bench_blur(folder: Path, repeat: int) -> list[dict[str, Any]]:
    image = synthetic_photo(2048)
    firsts, floors, writer_floors = [], [], []
    for attempt in range(repeat):  # each first run in a fresh folder; the last folder serves (c)
        target = folder / f"try{attempt}"
        engine = open_engine(target)
        asset, png = put_png(engine, image)
        doc = blur_chain(asset)
        firsts.append(run(engine, doc)[0])
        floors.append(blur_floor(png, 10))
        writer_floors.append(blur_floor(png, 10, save=save_png_like_the_engine))
        if attempt < repeat - 1:
            engine.close()
    folder = target
    rows = [
        {
            "case": "(b) 2048² → 10 blurs → PNG",
            "engine_ms": statistics.median(firsts) * 1000,
            "floor_ms": statistics.median(floors) * 1000,
            "note": f"floor with the engine's PNG writer {statistics.median(writer_floors) * 1000:.0f} ms",
        }
    ]
    again = [run(engine, doc) for _ in range(5)]
    assert all(all(n.cached for n in r.nodes.values()) for _, r in again)
    rows.append({"case": "(c) identical re-run, engine API", "engine_ms": min(t for t, _ in again) * 1000})
    engine.close()
    workflow_file = folder / "blur.json"
    workflow_file.write_text(json.dumps(doc))
    cli = [
        sys.executable,
        "-m",
        "karate",
        "run",
        str(workflow_file),
        "--json",
        "--out",
        str(folder / "out"),
        "--data-dir",
        str(folder),
    ]
    start = time.perf_counter()
    record = json.loads(subprocess.run(cli, check=True, capture_output=True, text=True).stdout)
    process_s = time.perf_counter() - start
    assert all(n["cached"] for n in record["nodes"].values()), "a new process reuses every result"
    rows.append(
        {
            "case": "(c) identical re-run, new CLI process",
            "engine_ms": record["duration_ms"],
            "note": f"whole process {process_s * 1000:.0f} ms incl. Python start-up and imports; "
            f"all {len(record['nodes'])} nodes cached",
        }
    )
    engine = open_engine(folder)
    changed, floors, writer_floors = [], [], []
    for radius in (9, 10, 11):  # a new radius each time, so blur9 and save run again
        elapsed, result = run(engine, blur_chain(asset, last_radius=radius))
        executed = sorted(k for k, n in result.nodes.items() if not n.cached)
        changed.append(elapsed)
        floors.append(blur_floor(png, 1, radius))
        writer_floors.append(blur_floor(png, 1, radius, save=save_png_like_the_engine))
    engine.close()
    rows.append(
        {
            "case": "(c) last blur changed",
            "engine_ms": statistics.median(changed) * 1000,
            "floor_ms": statistics.median(floors) * 1000,
            "note": f"executed: {', '.join(executed)}; floor with the engine's PNG writer "
            f"{statistics.median(writer_floors) * 1000:.0f} ms",
        }
    )
    return rows


# --- (d) ------------------------------------------------------------------------------------------------

FAN_SOURCE, FAN_CROP = 512, 128  # sized so the floor is ~0.1 s, as in the ComfyUI measurement


def crop_origin(i: int) -> tuple[int, int]:
    span = FAN_SOURCE - FAN_CROP
    return (i * 37) % span, (i * 53) % span


def fan_out(asset: str, branches: int) -> dict[str, Any]:
    nodes: list[dict[str, Any]] = [{"id": "in", "type": "input.image", "params": {"asset_id": asset}}]
    edges = []
    for i in range(branches):
        x, y = crop_origin(i)
        nodes += [
            {"id": f"crop{i}", "type": "tool.crop", "params": {"x": x, "y": y, "width": FAN_CROP, "height": FAN_CROP}},
            {"id": f"inv{i}", "type": "tool.invert", "params": {}},
            {"id": f"save{i}", "type": "output.save", "params": {"format": "png"}},
        ]
        edges += [edge("in", f"crop{i}"), edge(f"crop{i}", f"inv{i}"), edge(f"inv{i}", f"save{i}")]
    return {"nodes": nodes, "edges": edges}


def bench_fan_out(repeat: int, branches: int = 100) -> dict[str, Any]:
    image = synthetic_photo(FAN_SOURCE)
    png = encode_image(image, "png")

    def branch(array: np.ndarray, i: int, folder: Path) -> None:
        x, y = crop_origin(i)
        save_png(255 - array[y : y + FAN_CROP, x : x + FAN_CROP], folder, f"save{i}")

    def floor() -> None:  # one core
        array, folder = decode_image_bytes(np.frombuffer(png, np.uint8)), fresh_folder()
        for i in range(branches):
            branch(array, i, folder)

    def floor_two_threads() -> None:  # the same work spread over two threads (OpenCV releases the GIL)
        array, folder = decode_image_bytes(np.frombuffer(png, np.uint8)), fresh_folder()
        with ThreadPoolExecutor(2) as pool:
            list(pool.map(lambda i: branch(array, i, folder), range(branches)))

    samples, floors, floors2 = [], [], []
    for _ in range(repeat):  # engine and floors interleaved, so they share the machine's moods
        engine = open_engine(fresh_folder())
        asset, _ = put_png(engine, image)
        cpu_before = resource.getrusage(resource.RUSAGE_SELF)
        elapsed, _ = run(engine, fan_out(asset, branches))
        cpu_after = resource.getrusage(resource.RUSAGE_SELF)
        engine.close()
        cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
        samples.append((elapsed, cpu))
        os.sync()
        floors.append(timed(floor))
        os.sync()
        floors2.append(timed(floor_two_threads))
    elapsed, cpu = sorted(samples)[len(samples) // 2]
    return {
        "case": f"(d) fan-out, {branches} branches ({3 * branches + 1} nodes)",
        "engine_ms": elapsed * 1000,
        "floor_ms": statistics.median(floors) * 1000,
        "note": f"CPU/wall = {cpu / elapsed:.2f} cores busy; floor on two threads "
        f"{statistics.median(floors2) * 1000:.0f} ms",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    args = parser.parse_args()
    repeat = 1 if args.quick else 5
    shorten_switch_interval()  # as `karate serve` and `karate run` do: the bench owns this process
    global SCRATCH
    with tempfile.TemporaryDirectory(prefix="karate-bench-") as scratch:
        SCRATCH = Path(scratch)
        rows = [bench_chain(n, repeat) for n in (50, 200, 400)]
        rows += bench_blur(fresh_folder(), min(repeat, 3))
        rows.append(bench_fan_out(repeat * 2 - 1))
    print(
        f"# {time.strftime('%Y-%m-%d')} · {platform.processor() or platform.machine()} · "
        f"{os.cpu_count()} cores · Python {platform.python_version()} · OpenCV {cv2.__version__}"
    )
    print("| case | engine (ms) | floor (ms) | engine/floor | note |")
    print("|---|---:|---:|---:|---|")
    for row in rows:
        floor = row.get("floor_ms")
        ratio = f"{row['engine_ms'] / floor:.2f}×" if floor else ""
        extra = row.get("note", "")
        if "per_node_ms" in row:
            extra = f"{row['per_node_ms']:.3f} ms/node"
        print(
            f"| {row['case']} | {row['engine_ms']:.1f} | {floor:.1f} | {ratio} | {extra} |"
            if floor
            else f"| {row['case']} | {row['engine_ms']:.2f} | | | {extra} |"
        )


if __name__ == "__main__":
    main()
