"""Scale benchmarks of the studio: one function per case (`CASES`), each returning its figures as JSON.

Case `follow`: a run submitted over REST and followed until it ends, against the headless engine (what
`karate run` executes) on the same graphs, side by side in one script: a 4-node chain (image -> blur ->
invert -> save) and a 401-node chain (image -> 400 x invert), local tools only. Each repetition draws a new
picture, so nothing is ever a cache hit, and runs every way once, interleaved (engine, `karate run`, REST
over SSE, REST polling the lean read, REST polling the full read), so all see the same machine; and the floor:
the same engine behind the least HTTP a client can follow a run with (`floor_server.py`, no database), followed
the way `rest_sse_result` follows the studio.

    .venv/bin/python bench/scale/run.py                  # every case, 7 repetitions
    .venv/bin/python bench/scale/run.py follow --repeat 3
    .venv/bin/python bench/scale/run.py follow --baseline DIR   # also on the studio of DIR's code (before:WAY)
    .venv/bin/python bench/scale/run.py reads --baseline DIR    # reading finished runs: history, one run, events

The studio runs as `karate serve` does (one process, the default SQLite database and local folder) in a
fresh data folder; the client is httpx over loopback keep-alive connections, in this process.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import json
import math
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import AsyncExitStack, asynccontextmanager, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple

import cv2
import httpx
import numpy as np
from cache_index import case_cache  # bench/scale/cache_index.py, beside this file

from karate.config import Settings
from karate.engine import Execution, RunStatus, compile_graph
from karate.engine.registry import load_builtin_nodes
from karate.engine.tuning import shorten_switch_interval
from karate.headless import open_engine
from karate.storage.assets import LocalAssetStore
from karate.workflow_reading import read_document

ROOT = Path(__file__).resolve().parents[2]
KARATE = Path(sys.executable).with_name("karate")
FLOOR_SERVER = Path(__file__).with_name("floor_server.py")
TERMINAL = {"completed", "failed", "cancelled"}
TERMINAL_EVENTS = {f"run.{status}" for status in TERMINAL}


# --- graphs ---------------------------------------------------------------------------------------------


def picture(seed: int, size: int = 64) -> bytes:
    """A small noisy PNG, different for every seed (so no run is a cache hit)."""
    pixels = np.random.default_rng(seed).integers(0, 256, (size, size, 3), dtype=np.uint8)
    ok, data = cv2.imencode(".png", pixels)
    assert ok
    return data.tobytes()


def _edge(source: str, target: str) -> dict[str, str]:
    return {
        "id": f"{source}-{target}",
        "source": source,
        "sourceHandle": "image",
        "target": target,
        "targetHandle": "image",
    }


def small_graph(image: dict[str, str]) -> dict[str, Any]:
    """image -> blur -> invert -> save (PNG): 4 nodes, one saved file."""
    nodes = [
        {"id": "img", "type": "input.image", "params": image},
        {"id": "blur", "type": "tool.blur", "params": {"radius": 2}},
        {"id": "invert", "type": "tool.invert", "params": {}},
        {"id": "save", "type": "output.save", "params": {"format": "png"}},
    ]
    edges = [_edge("img", "blur"), _edge("blur", "invert"), _edge("invert", "save")]
    return {"schema_version": 1, "nodes": nodes, "edges": edges}


def invert_chain(image: dict[str, str], length: int = 400) -> dict[str, Any]:
    """image -> `length` x invert: 401 nodes by default."""
    nodes = [{"id": "img", "type": "input.image", "params": image}]
    nodes += [{"id": f"inv{i}", "type": "tool.invert", "params": {}} for i in range(length)]
    edges = [_edge("img", "inv0")] + [_edge(f"inv{i}", f"inv{i + 1}") for i in range(length - 1)]
    return {"schema_version": 1, "nodes": nodes, "edges": edges}


GRAPHS: dict[str, tuple[Callable[[dict[str, str]], dict[str, Any]], str]] = {
    # name: (document from an image's params, the node whose result a client fetches at the end)
    "small (4 nodes)": (small_graph, "save"),
    "chain (401 nodes)": (invert_chain, "inv399"),
}


# --- the studio, as `karate serve` runs it --------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Studio(NamedTuple):
    """A studio started for the bench: a keep-alive client to it, and its process's id (for its CPU time)."""

    client: httpx.AsyncClient
    pid: int


@asynccontextmanager
async def studio(data_dir: Path, code: Path | None = None, *, floor: bool = False) -> AsyncIterator[Studio]:
    """`karate serve` on a free loopback port with a fresh data folder, and a keep-alive client to it; `code`: a
    source tree whose `karate` package it runs instead of this one's (PYTHONPATH); `floor`: the floor server
    (`floor_server.py`) instead of the studio."""
    port = free_port()
    env = {**os.environ, "KARATE_EXAMPLES_DIR": str(data_dir / "no-examples")}
    if code is not None:
        env["PYTHONPATH"] = str(code.resolve())
    server = [sys.executable, str(FLOOR_SERVER)] if floor else [str(KARATE), "serve"]
    process = subprocess.Popen(
        [*server, "--port", str(port), "--data-dir", str(data_dir)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
            await wait_ready(client, process)
            yield Studio(client, process.pid)
    finally:
        process.terminate()
        process.wait(30)


async def settled(pid: int, *, quiet_s: float = 0.06, at_most_s: float = 5.0) -> float:
    """Wait until a process has used (almost) no CPU for `quiet_s` (at most `at_most_s`); returns its CPU time
    then (`cpu_seconds`)."""
    deadline = time.monotonic() + at_most_s
    last, quiet_since = cpu_seconds(pid), time.monotonic()
    while time.monotonic() < deadline:
        await asyncio.sleep(0.02)  # a tool watching another process, not a test
        now = cpu_seconds(pid)
        if now - last > 0.001:
            quiet_since = time.monotonic()
        elif time.monotonic() - quiet_since >= quiet_s:
            return now
        last = now
    return cpu_seconds(pid)


def cpu_seconds(pid: int) -> float:
    """The CPU time a process has used so far, all its threads together (Linux: /proc/PID/task/*/schedstat, in
    nanoseconds), in seconds; NaN where that cannot be read. On a shared machine it varies far less than wall
    time: it counts only what the process itself ran."""
    total = 0
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            with contextlib.suppress(OSError):  # a thread that ended meanwhile
                total += int((task / "schedstat").read_text().split()[0])
    except OSError:
        return math.nan
    return total / 1e9


async def wait_ready(client: httpx.AsyncClient, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the studio exited: {process.stderr.read().decode() if process.stderr else ''}")
        try:
            if (await client.get("/health")).status_code == 200:
                return
        except httpx.TransportError:
            await asyncio.sleep(0.05)  # a start-up poll in a tool, not in a test
    raise RuntimeError("the studio did not start in 60 s")


# --- following a run over REST --------------------------------------------------------------------------


async def submit(client: httpx.AsyncClient, document: dict[str, Any]) -> str:
    response = await client.post("/api/v1/runs", json={"workflow": document})
    assert response.status_code == 202, response.text
    return str(response.json()["id"])


async def fetch_result(client: httpx.AsyncClient, run_id: str, node_id: str) -> float:
    """What a client does once the run ended: the summary and the download URL of the result it wants.
    Returns how long the run took in the studio, from its start to its end (`progress.elapsed_ms`), seconds."""
    response = await client.get(f"/api/v1/runs/{run_id}", params={"view": "summary", "node": node_id})
    body = response.json()
    assert body["status"] == "completed", body
    assert body["nodes"][node_id]["outputs"]["image"]["url"], body
    return float(body["progress"]["elapsed_ms"]) / 1000


class Followed(NamedTuple):
    """One run followed over REST, in seconds: all of it, its POST, and its run in the studio (start to end)."""

    total: float
    post: float
    in_studio: float


async def timed_submit(client: httpx.AsyncClient, document: dict[str, Any]) -> tuple[str, float, float]:
    """POST /runs: (run id, when it was sent, how long the answer took)."""
    started = time.perf_counter()
    run_id = await submit(client, document)
    return run_id, started, time.perf_counter() - started


async def follow_sse(client: httpx.AsyncClient, document: dict[str, Any], result_node: str) -> Followed:
    """POST /runs, then its event stream until the run ends, then the result's URL."""
    run_id, started, post = await timed_submit(client, document)
    async with client.stream("GET", f"/api/v1/runs/{run_id}/events") as stream:
        async for line in stream.aiter_lines():
            if line.startswith("event: ") and line[7:] in TERMINAL_EVENTS:
                if line[7:] != "run.completed":
                    raise RuntimeError(f"run {run_id} ended with {line[7:]}")
                break
    in_studio = await fetch_result(client, run_id, result_node)
    return Followed(time.perf_counter() - started, post, in_studio)


async def follow_sse_result(client: httpx.AsyncClient, document: dict[str, Any], result_node: str) -> Followed:
    """POST /runs, then its event stream naming the result's node (`?node=`: the run's own events and that node's)
    until the run ends: the result's asset id comes in its `node.completed` (its file at /assets/{id}/content), so
    no read follows."""
    run_id, started, post = await timed_submit(client, document)
    result, times = None, {}
    url = f"/api/v1/runs/{run_id}/events"
    async with client.stream("GET", url, params={"node": result_node}) as stream:
        async for line in stream.aiter_lines():
            if not line.startswith("data: "):
                continue
            event = json.loads(line[6:])
            if event["type"] == "node.completed" and event.get("node_id") == result_node:
                result = event["outputs"]["image"]["asset_id"]
            times[event["type"]] = event["ts"]
            if event["type"] in TERMINAL_EVENTS:
                if event["type"] != "run.completed":
                    raise RuntimeError(f"run {run_id} ended with {event['type']}")
                break
    assert result, f"run {run_id} ended without its result's event"
    return Followed(time.perf_counter() - started, post, times["run.completed"] - times["run.started"])


async def follow_polling(
    client: httpx.AsyncClient, document: dict[str, Any], result_node: str, *, view: str, every_s: float
) -> Followed:
    """POST /runs, then GET /runs/{id}?view=... every `every_s` until it ends, then the result's URL."""
    run_id, started, post = await timed_submit(client, document)
    while True:
        body = (await client.get(f"/api/v1/runs/{run_id}", params={"view": view})).json()
        if body["status"] in TERMINAL:
            assert body["status"] == "completed", body
            break
        await asyncio.sleep(every_s)  # the client's polling interval
    in_studio = await fetch_result(client, run_id, result_node)
    return Followed(time.perf_counter() - started, post, in_studio)


async def read_cost(client: httpx.AsyncClient, run_id: str, view: str, reads: int = 50) -> dict[str, float]:
    """The time (median and least) and the size of one GET /runs/{id}?view= of a finished run."""
    timings, size = [], 0
    for _ in range(reads):
        start = time.perf_counter()
        response = await client.get(f"/api/v1/runs/{run_id}", params={"view": view})
        timings.append(time.perf_counter() - start)
        size = len(response.content)
    return {"median_ms": _median_ms(timings), "least_ms": round(min(timings) * 1000, 2), "bytes": size}


# --- the headless engine, as `karate run` runs it --------------------------------------------------------


@contextmanager
def workflow_file(folder: Path, document: dict[str, Any], png: bytes) -> Iterator[Path]:
    """The graph as a workflow file whose image node reads `picture.png` beside it (as `karate run` takes it)."""
    (folder / "picture.png").write_bytes(png)
    path = folder / "workflow.json"
    path.write_text(json.dumps(document))
    yield path


async def engine_run(path: Path, data_dir: Path) -> tuple[float, float, float]:
    """What `karate run` does after its imports, in this process: (execute only, whole, the CPU time of the
    execution in all threads) in seconds. Reading, checking and compiling the file, opening the store and cache,
    importing the picture, executing, closing."""
    gc.collect()  # what earlier rounds left in this process is not this run's to collect (a new process has none)
    whole_start = time.perf_counter()
    settings = Settings(data_dir=data_dir)
    document, files, problems = read_document(path, [], max_pixels=settings.max_image_pixels)
    graph = compile_graph(document, load_builtin_nodes(), node_problems=problems)
    engine = open_engine(settings)
    assert isinstance(engine.store, LocalAssetStore)
    try:
        for file in files.values():
            engine.store.import_file(file)
        start, cpu_start = time.perf_counter(), cpu_seconds(os.getpid())
        result = await Execution(engine, graph).execute()
        execute_s, execute_cpu_s = time.perf_counter() - start, cpu_seconds(os.getpid()) - cpu_start
    finally:
        engine.close()
    assert result.status == RunStatus.COMPLETED, result.error
    return execute_s, time.perf_counter() - whole_start, execute_cpu_s


def cli_run(path: Path, data_dir: Path, out_dir: Path) -> tuple[float, float]:
    """A new `karate run --json` process: (its own run time, the whole process) in seconds."""
    start = time.perf_counter()
    done = subprocess.run(
        [str(KARATE), "run", str(path), "--json", "--data-dir", str(data_dir), "--out", str(out_dir)],
        capture_output=True,
        text=True,
        check=True,
    )
    whole = time.perf_counter() - start
    record = json.loads(done.stdout)
    assert record["status"] == "completed", record
    return record["duration_ms"] / 1000, whole


# --- case: REST submit-and-follow against the engine -----------------------------------------------------


def _median_ms(values: list[float]) -> float:
    return round(statistics.median(values) * 1000, 2)


def _spread_ms(values: list[float]) -> str:
    return f"{min(values) * 1000:.1f}-{max(values) * 1000:.1f}"


# The ways a round runs the graph, by the name its figures carry:
# - engine_execute: the headless engine in this process: Execution.execute() alone (`engine_execute:cpu`: the CPU
#   time it used, all threads)
# - engine_whole: ... and all that `karate run` does around it after its imports
# - cli_run_reported: a new `karate run --json` process: the run time it reports (duration_ms)
# - cli_process: ... the whole process, start-up and imports included
# - rest_sse: POST /runs, its event stream until the run ends, one lean read for the result's URL
# - rest_poll_summary: POST /runs, GET ?view=summary every --poll-ms until it ends, the same last read
# - rest_poll_full: the same polling the full read (what clients did before the lean read)
# and for each REST way, `WAY:post` (the POST's answer) and `WAY:in_studio` (the run's start to end in the
# studio, as its summary tells: `progress.elapsed_ms`) and `WAY:studio_cpu` (the CPU time the studio process used,
# all threads, from the POST until it is idle again after the last read: what it still writes for the run counts,
# and does not spill into the next way); with --baseline, the same for the baseline's studio as `before:WAY`.


async def case_follow(args: argparse.Namespace, scratch: Path) -> dict[str, Any]:
    """REST submit-and-follow (SSE; polling the lean read; polling the full read) against the engine; with
    `--baseline`, each REST way also on a studio running the code to compare against (`before:WAY`)."""
    figures: dict[str, Any] = {}
    async with AsyncExitStack() as stack:
        studios = {"": await stack.enter_async_context(studio(scratch / "studio"))}
        if args.baseline is not None:
            studios["before:"] = await stack.enter_async_context(studio(scratch / "before", args.baseline))
        floor = await stack.enter_async_context(studio(scratch / "floor", floor=True))
        client = studios[""].client
        seeds = iter(range(1, 1_000_000))
        for name, (build, result_node) in GRAPHS.items():
            times: dict[str, list[float]] = defaultdict(list)
            for index, counted in enumerate([False] + [True] * args.repeat):  # the first round warms all up
                turns = dict(list(studios.items())[:: 1 if index % 2 else -1])  # who goes first alternates
                rounds = await follow_round(turns, floor, build, result_node, seeds, scratch, args.poll_ms / 1000)
                for way, value in rounds.items():
                    if counted:
                        times[way].append(value)
            last_run = await submit(client, build({"asset_id": await upload(client, picture(next(seeds)))}))
            await wait_done(client, last_run)
            rest = (*(f"{side}{way}" for side in studios for way in REST_WAYS), FLOOR_WAY)
            figures[name] = {
                "median_ms": {way: _median_ms(values) for way, values in times.items()},
                "range_ms": {way: _spread_ms(values) for way, values in times.items()},
                "rounds_ms": {way: [round(value * 1000, 2) for value in values] for way, values in times.items()},
                # against the engine's own time, as `karate run --json` reports it (`duration_ms`), and against
                # all that `karate run` does after its imports (in this process)
                "rest_over_cli_run_reported": _ratios(times, rest, "cli_run_reported"),
                "rest_over_engine_whole": _ratios(times, rest, "engine_whole"),
                # the same, round by round (both ways ran within a second or two of each other), then the median:
                # what a slow or fast spell of a shared machine does to both cancels out
                "rest_over_engine_whole_by_round": _paired_ratios(times, rest, "engine_whole"),
                # the studio against the floor server, followed the same way, round by round
                "rest_over_floor_by_round": _paired_ratios(
                    times, tuple(f"{side}rest_sse_result" for side in studios), FLOOR_WAY
                ),
                # CPU time, which other processes on the machine change far less: the studio's, all its threads,
                # from the POST until it is idle again, against the engine's execution (`engine_execute:cpu`)
                "rest_studio_cpu_over_engine_cpu": _ratios(
                    times, tuple(f"{way}:studio_cpu" for way in rest), "engine_execute:cpu"
                ),
                "one_read_of_the_finished_run": {
                    view: await read_cost(client, last_run, view) for view in ("summary", "full")
                },
            }
    baseline = str(args.baseline) if args.baseline is not None else None
    return {"poll_interval_ms": args.poll_ms, "repetitions": args.repeat, "baseline": baseline, "graphs": figures}


REST_WAYS = ("rest_sse", "rest_sse_result", "rest_poll_summary", "rest_poll_full")
FLOOR_WAY = "floor_sse_result"  # `rest_sse_result` against the floor server


async def follow_round(
    studios: dict[str, Studio],
    floor: Studio,
    build: Callable[[dict[str, str]], dict[str, Any]],
    result_node: str,
    seeds: Iterator[int],
    scratch: Path,
    poll_every_s: float,
) -> dict[str, float]:
    """One run of the graph each way (`WAYS`), each of a new picture, one after another: seconds by way (see above).
    `studios`: the studio by the prefix its ways' names take ("" for this code's, "before:" for the baseline's);
    each REST way runs on each studio in turn, then `rest_sse_result`'s way on the `floor` server. The engine and
    `karate run` keep their data folders from round to round, as the studio does and as `karate run` keeps its
    default one (a new folder costs 40-100 ms of SQLite files made on this machine's disk, which a person pays
    once); a new picture keeps every run uncached."""
    rounds: dict[str, float] = {}
    folder = Path(tempfile.mkdtemp(dir=scratch))
    with workflow_file(folder, build({"path": "picture.png"}), picture(next(seeds))) as path:
        rounds["engine_execute"], rounds["engine_whole"], rounds["engine_execute:cpu"] = await engine_run(
            path, scratch / "engine-data"
        )
    folder = Path(tempfile.mkdtemp(dir=scratch))
    with workflow_file(folder, build({"path": "picture.png"}), picture(next(seeds))) as path:
        rounds["cli_run_reported"], rounds["cli_process"] = cli_run(path, scratch / "cli-data", folder / "out")
    for way, follow in zip(
        REST_WAYS,
        (follow_sse, follow_sse_result, _poller("summary", poll_every_s), _poller("full", poll_every_s)),
        strict=True,
    ):
        for side, (client, pid) in studios.items():
            asset = await upload(client, picture(next(seeds)))
            cpu_before = cpu_seconds(pid)
            followed = await follow(client, build({"asset_id": asset}), result_node)
            name = side + way
            # what the studio still does for the run once the client has its result (writing the rest of its
            # records) is its cost too, and must not slow the next way down
            rounds[f"{name}:studio_cpu"] = await settled(pid) - cpu_before
            rounds[name], rounds[f"{name}:post"], rounds[f"{name}:in_studio"] = followed
    asset = await upload(floor.client, picture(next(seeds)))
    cpu_before = cpu_seconds(floor.pid)
    followed = await follow_sse_result(floor.client, build({"asset_id": asset}), result_node)
    rounds[f"{FLOOR_WAY}:studio_cpu"] = await settled(floor.pid) - cpu_before
    rounds[FLOOR_WAY], rounds[f"{FLOOR_WAY}:post"], rounds[f"{FLOOR_WAY}:in_studio"] = followed
    return rounds


def _ratios(times: dict[str, list[float]], keys: tuple[str, ...], base: str) -> dict[str, float]:
    return {key: round(statistics.median(times[key]) / statistics.median(times[base]), 2) for key in keys}


def _paired_ratios(times: dict[str, list[float]], keys: tuple[str, ...], base: str) -> dict[str, float]:
    """The median over rounds of each round's `key / base`."""
    return {
        key: round(statistics.median(a / b for a, b in zip(times[key], times[base], strict=True)), 2) for key in keys
    }


def _poller(view: str, every_s: float) -> Callable[[httpx.AsyncClient, dict[str, Any], str], Awaitable[Followed]]:
    async def follow(client: httpx.AsyncClient, document: dict[str, Any], result_node: str) -> Followed:
        return await follow_polling(client, document, result_node, view=view, every_s=every_s)

    return follow


async def upload(client: httpx.AsyncClient, png: bytes) -> str:
    response = await client.post("/api/v1/assets", files={"file": ("picture.png", png, "image/png")})
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def wait_done(client: httpx.AsyncClient, run_id: str) -> None:
    async with client.stream("GET", f"/api/v1/runs/{run_id}/events") as stream:
        async for line in stream.aiter_lines():
            if line.startswith("event: ") and line[7:] in TERMINAL_EVENTS:
                return


# --- case: reads: what reading finished runs costs, the history first ---------------------------------------
#
# A studio (and with --baseline, one of the code compared) holds `--history` finished runs of the 401-node chain, each
# with its 401 node records and 805 events. Then, the studios taking turns read by read, each way `--repeat` x 10
# times: a page of the run history (`GET /runs?limit=50`, what the editor's History panel and the dashboard read),
# one run in full (`GET /runs/{id}`, the editor opening a run's results), and its event stream replayed to its end
# (`GET /runs/{id}/events`, a client catching up on a run that ended).

READ_WAYS = ("history_page", "full_run", "events_replayed")


async def case_reads(args: argparse.Namespace, scratch: Path) -> dict[str, Any]:
    """Reading finished runs of the 401-node chain: a page of the history, one run in full, its events replayed."""
    async with AsyncExitStack() as stack:
        studios = {"": await stack.enter_async_context(studio(scratch / "reads"))}
        if args.baseline is not None:
            studios["before:"] = await stack.enter_async_context(studio(scratch / "reads-before", args.baseline))
        last: dict[str, str] = {}
        for side, (client, _) in studios.items():
            for seed in range(args.history):
                run_id = await submit(client, invert_chain({"asset_id": await upload(client, picture(seed))}))
                await wait_done(client, run_id)
                last[side] = run_id
        times: dict[str, list[float]] = defaultdict(list)
        sizes: dict[str, int] = {}
        for _ in range(args.repeat * 10):
            for side, (client, pid) in studios.items():
                await settled(pid)  # the last run's records written, the last read's work done
                for way in READ_WAYS:
                    started = time.perf_counter()
                    sizes[side + way] = await _read_way(client, way, last[side])
                    times[side + way].append(time.perf_counter() - started)
    return {
        "runs_in_history": args.history,
        "reads_each": args.repeat * 10,
        "median_ms": {way: _median_ms(values) for way, values in times.items()},
        "range_ms": {way: _spread_ms(values) for way, values in times.items()},
        "bytes": sizes,
    }


async def _read_way(client: httpx.AsyncClient, way: str, run_id: str) -> int:
    """One read of `way` (READ_WAYS); the size of what came back, bytes."""
    if way == "history_page":
        response = await client.get("/api/v1/runs", params={"limit": 50})
        assert response.status_code == 200 and response.json()["items"][0]["thumbnail_url"], response.text[:300]
        return len(response.content)
    if way == "full_run":
        response = await client.get(f"/api/v1/runs/{run_id}")
        assert response.status_code == 200 and len(response.json()["nodes"]) == 401, response.text[:300]
        return len(response.content)
    size = 0
    async with client.stream("GET", f"/api/v1/runs/{run_id}/events") as stream:
        async for line in stream.aiter_lines():
            size += len(line) + 1
            if line.startswith("event: ") and line[7:] in TERMINAL_EVENTS:
                break
    return size


# --- case: workers: runs per second through the Redis queue ------------------------------------------------
#
# `karate serve` with KARATE_DISPATCH=queue on a fresh PostgreSQL database and a fresh Redis key prefix, and one
# then two `karate worker` processes; N runs of the small graph submitted by 1 client or by 100 concurrent clients
# (httpx async, one connection each), uncached (a new picture per run) and cached (the same picture every run,
# its results cached by a warm-up run). Each round waits until the database has every run ended, then checks it:
# every run completed once (one `run.started`, one `run.completed`, four node records), nothing taken over.

WORKER_CLIENTS = (1, 100)
WORKER_GRAPHS = ("uncached", "cached")


class StudioProcess(NamedTuple):
    """A `karate serve` or `karate worker` process and its log (stderr, read as it comes)."""

    process: asyncio.subprocess.Process
    log: list[str]
    reader: asyncio.Task[None]


async def start_process(args: list[str], env: dict[str, str], ready: str) -> StudioProcess:
    """Start `karate ARGS` and return once its log says `ready` (RuntimeError with the log if it exits first)."""
    process = await asyncio.create_subprocess_exec(
        str(KARATE), *args, env=env, stdout=subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE
    )
    assert process.stderr is not None
    log: list[str] = []
    async with asyncio.timeout(120):
        while not any(ready in line for line in log):
            line = (await process.stderr.readline()).decode(errors="replace")
            if not line:
                raise RuntimeError(f"`karate {args[0]}` exited while starting:\n{''.join(log[-40:])}")
            log.append(line)
    return StudioProcess(process, log, asyncio.create_task(_drain(process.stderr, log)))


async def _drain(stream: asyncio.StreamReader, log: list[str]) -> None:
    while line := await stream.readline():
        log.append(line.decode(errors="replace"))


async def stop_process(studio: StudioProcess) -> None:
    """SIGTERM, and wait for the process (a worker finishes or hands back its runs) and the end of its log."""
    if studio.process.returncode is None:
        studio.process.terminate()
    await asyncio.wait_for(studio.process.wait(), 90)
    await asyncio.wait_for(studio.reader, 10)


@asynccontextmanager
async def fresh_postgres(admin_url: str) -> AsyncIterator[str]:
    """A database created on the PostgreSQL server of `admin_url` for this case, dropped at the end: its URL."""
    import asyncpg
    from sqlalchemy.engine import make_url

    name = f"karate_bench_{uuid.uuid4().hex[:10]}"
    dsn = make_url(admin_url).set(drivername="postgresql").render_as_string(hide_password=False)

    async def admin(statement: str) -> None:
        connection = await asyncpg.connect(dsn, timeout=10)
        try:
            await connection.execute(statement)
        finally:
            await connection.close()

    await admin(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        await admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@asynccontextmanager
async def fresh_redis_prefix(url: str) -> AsyncIterator[str]:
    """A Redis key prefix no one uses (the run queue and event streams of this case); its keys deleted at the end."""
    from redis.asyncio import Redis

    prefix = f"karate-bench-{uuid.uuid4().hex[:10]}"
    try:
        yield prefix
    finally:
        redis = Redis.from_url(url)
        keys = [key async for key in redis.scan_iter(match=f"{prefix}*")]
        if keys:
            await redis.delete(*keys)
        await redis.aclose()


class Submitted(NamedTuple):
    run_id: str
    sent_at: float  # time.time() when the POST was sent
    post_s: float  # how long its answer took


async def submit_from_clients(url: str, documents: list[dict[str, Any]], clients: int) -> list[Submitted]:
    """POST every document, from `clients` concurrent clients (one connection each, all made before the first POST:
    making 100 httpx clients takes the bench's loop seconds), each sending its share one after another."""
    import ssl

    shares = [share for share in (documents[i::clients] for i in range(clients)) if share]
    tls = ssl.create_default_context()  # one for all (each client would load the certificates again)
    made = [
        httpx.AsyncClient(base_url=url, timeout=300, limits=httpx.Limits(max_connections=1), verify=tls) for _ in shares
    ]

    async def client_share(client: httpx.AsyncClient, share: list[dict[str, Any]]) -> list[Submitted]:
        sent: list[Submitted] = []
        for document in share:
            at, start = time.time(), time.perf_counter()
            run_id = await submit(client, document)
            sent.append(Submitted(run_id, at, time.perf_counter() - start))
        return sent

    try:
        sent = await asyncio.gather(*(client_share(client, share) for client, share in zip(made, shares, strict=True)))
    finally:
        for client in made:
            await client.aclose()
    return [one for share in sent for one in share]


class RunLedger:
    """What the database says of the runs: the source of truth the case checks, read with its own connection."""

    def __init__(self, database_url: str) -> None:
        from karate.db import Database

        self.database = Database(database_url)

    async def wait_ended(self, run_ids: list[str], timeout_s: float) -> None:
        """Return once every run has ended (its end committed), or after `timeout_s` (the check then counts it lost)."""
        from sqlalchemy import func, select

        from karate.db.models import Run

        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            async with self.database.session() as session:
                ended = (
                    await session.execute(select(func.count()).where(Run.id.in_(run_ids), Run.finished_at.is_not(None)))
                ).scalar_one()
            if ended == len(run_ids):
                return
            await asyncio.sleep(0.02)  # a tool's polling interval: one cheap query every 20 ms

    async def check(self, submitted: list[Submitted], nodes_per_run: int) -> dict[str, Any]:
        """Latency, throughput and the exactly-once counts of one round, from the runs' rows and events."""
        from sqlalchemy import func, select

        from karate.db.models import NodeRunRecord, Run, RunEvent

        run_ids = [one.run_id for one in submitted]
        async with self.database.session() as session:
            rows = {
                run_id: (status, finished_at, lease_owner)
                for run_id, status, finished_at, lease_owner in (
                    await session.execute(
                        select(Run.id, Run.status, Run.finished_at, Run.lease_owner).where(Run.id.in_(run_ids))
                    )
                ).all()
            }
            events = (
                await session.execute(
                    select(RunEvent.run_id, RunEvent.type, func.count())
                    .where(RunEvent.run_id.in_(run_ids), RunEvent.type.in_(("run.started", "run.completed")))
                    .group_by(RunEvent.run_id, RunEvent.type)
                )
            ).all()
            nodes = (
                await session.execute(
                    select(NodeRunRecord.run_id, NodeRunRecord.status, NodeRunRecord.cached, func.count())
                    .where(NodeRunRecord.run_id.in_(run_ids))
                    .group_by(NodeRunRecord.run_id, NodeRunRecord.status, NodeRunRecord.cached)
                )
            ).all()
        started: dict[str, int] = defaultdict(int)
        completed: dict[str, int] = defaultdict(int)
        for run_id, kind, count in events:
            (started if kind == "run.started" else completed)[run_id] += int(count)
        node_records: dict[str, int] = defaultdict(int)
        cached_nodes = 0
        for run_id, _status, cached, count in nodes:
            node_records[run_id] += int(count)
            cached_nodes += int(count) if cached else 0
        statuses = [row[0] for row in rows.values()]
        ended: list[tuple[Submitted, datetime]] = []
        for one in submitted:
            finished_at = rows[one.run_id][1] if one.run_id in rows else None
            if finished_at is not None:
                ended.append((one, finished_at))
        latencies = [finished.timestamp() - one.sent_at for one, finished in ended]
        first_sent = min(one.sent_at for one in submitted)
        last_end = max((finished.timestamp() for _, finished in ended), default=first_sent)
        return {
            "runs_per_s": round(len(ended) / (last_end - first_sent), 2) if ended else 0.0,
            "wall_s": round(last_end - first_sent, 3),
            "latency_ms": _percentiles(latencies),
            "post_ms": _percentiles([one.post_s for one in submitted]),
            "counts": {
                "submitted": len(submitted),
                "rows": len(rows),
                "completed": statuses.count("completed"),
                "not_completed": len(submitted) - statuses.count("completed"),
                "lost": len(submitted) - len(ended),  # never ended within the round's time limit
                "started_twice": sum(1 for run_id in run_ids if started[run_id] > 1),  # lease takeovers
                "completed_events_not_one": sum(1 for run_id in run_ids if completed[run_id] != 1),
                "node_records_not_expected": sum(1 for run_id in run_ids if node_records[run_id] != nodes_per_run),
                "leases_left": sum(1 for row in rows.values() if row[2] is not None),
                "cached_nodes": cached_nodes,
            },
        }

    async def close(self) -> None:
        await self.database.dispose()


def _percentiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {"p50": 0.0, "p99": 0.0}
    ordered = sorted(values)
    return {
        "p50": round(statistics.median(ordered) * 1000, 1),
        "p99": round(ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))] * 1000, 1),
    }


async def case_workers(args: argparse.Namespace, scratch: Path) -> dict[str, Any]:
    """Runs per second with 1 and 2 `karate worker` processes (queue dispatch, PostgreSQL, Redis), the small graph
    cached and uncached, submitted by 1 and by 100 clients; every run checked completed exactly once."""
    rounds: dict[str, list[dict[str, Any]]] = defaultdict(list)
    async with fresh_postgres(args.postgres_url) as database_url, fresh_redis_prefix(args.redis_url) as prefix:
        env = {
            **{name: value for name, value in os.environ.items() if not name.startswith("KARATE_")},
            "KARATE_DATABASE_URL": database_url,
            "KARATE_DISPATCH": "queue",
            "KARATE_REDIS_URL": args.redis_url,
            "KARATE_QUEUE_PREFIX": prefix,
            "KARATE_EXAMPLES_DIR": str(scratch / "no-examples"),
        }
        data_dir = str(scratch / "cluster-data")  # shared by the server and the workers (store and cache index)
        port = free_port()
        server = await start_process(
            ["serve", "--port", str(port), "--data-dir", data_dir], env, "Application startup complete"
        )
        workers = [await start_process(["worker", "--data-dir", data_dir], env, "takes runs")]
        started = list(workers)  # every worker process of the case, for their logs
        ledger = RunLedger(database_url)
        url = f"http://127.0.0.1:{port}"
        try:
            async with httpx.AsyncClient(base_url=url, timeout=120) as client:
                same = await upload(client, picture(0))
                warm = [small_graph({"asset_id": same})] + [
                    small_graph({"asset_id": await upload(client, picture(10_000_000 + i))}) for i in range(20)
                ]
                seeds = iter(range(1, 10_000_000))
                await _workers_round(url, ledger, warm, 1)  # warms every process up and caches `same`'s results
                for _ in range(args.repeat):
                    for count in (1, 2):
                        while len(workers) < count:
                            workers.append(await start_process(["worker", "--data-dir", data_dir], env, "takes runs"))
                            started.append(workers[-1])
                        for graph in WORKER_GRAPHS:
                            for clients in WORKER_CLIENTS:
                                if graph == "cached":
                                    documents = [small_graph({"asset_id": same})] * args.runs
                                else:
                                    assets = [await upload(client, picture(next(seeds))) for _ in range(args.runs)]
                                    documents = [small_graph({"asset_id": asset}) for asset in assets]
                                figures = await _workers_round(url, ledger, documents, clients)
                                rounds[f"{count} worker(s), {graph}, {clients} client(s)"].append(figures)
                    while len(workers) > 1:
                        await stop_process(workers.pop())
        finally:
            await ledger.close()
            for process in workers:
                await stop_process(process)
            await stop_process(server)
        takeovers_logged = sum("takes over run" in line for process in started for line in process.log)
    return {
        "runs_per_round": args.runs,
        "repetitions": args.repeat,
        "worker_run_concurrency": Settings(_env_file=None).run_concurrency,
        "takeovers_in_worker_logs": takeovers_logged,
        "rounds": {name: _summarise(figures) for name, figures in rounds.items()},
    }


async def _workers_round(url: str, ledger: RunLedger, documents: list[dict[str, Any]], clients: int) -> dict[str, Any]:
    submitted = await submit_from_clients(url, documents, clients)
    await ledger.wait_ended([one.run_id for one in submitted], timeout_s=300)
    figures = await ledger.check(submitted, nodes_per_run=len(documents[0]["nodes"]))
    return {**figures, "load_average_1min": round(os.getloadavg()[0], 2)}


def _summarise(figures: list[dict[str, Any]]) -> dict[str, Any]:
    """Medians (and ranges) over the repetitions of one round, and the counts summed."""
    per_s = [figure["runs_per_s"] for figure in figures]
    counts: dict[str, int] = defaultdict(int)
    for figure in figures:
        for name, value in figure["counts"].items():
            counts[name] += value
    return {
        "runs_per_s_median": round(statistics.median(per_s), 2),
        "runs_per_s_range": f"{min(per_s):.1f}-{max(per_s):.1f}",
        "latency_ms_p50_median": statistics.median(figure["latency_ms"]["p50"] for figure in figures),
        "latency_ms_p99_median": statistics.median(figure["latency_ms"]["p99"] for figure in figures),
        "post_ms_p50_median": statistics.median(figure["post_ms"]["p50"] for figure in figures),
        "post_ms_p99_median": statistics.median(figure["post_ms"]["p99"] for figure in figures),
        "counts": dict(counts),
        "each": figures,
    }


# --- the command ------------------------------------------------------------------------------------------

# A case takes the command's arguments (`repeat` and its own options) and a scratch folder removed at the end,
# and returns its figures; add one as a function and name it here.
JOURNAL_COST = Path(__file__).with_name("journal_cost.py")


async def case_journal(args: argparse.Namespace, scratch: Path) -> dict[str, Any]:
    """The CPU time the run journal takes to record a 401-node run (`journal_cost.py`), in a process of its own, with
    this code and, with `--baseline`, the baseline's, taking turns `--repeat` times (each process counts 40
    repetitions): what a run's durable record costs, measured in one process where a follow over HTTP shares the
    machine with a server, a client and the engine's threads."""
    sides = {"": None} | ({"before:": args.baseline} if args.baseline is not None else {})
    spent: dict[str, list[float]] = defaultdict(list)
    stored = {}
    for turn in range(max(1, args.repeat)):
        for side, code in list(sides.items())[:: 1 if turn % 2 else -1]:
            env = {**os.environ, **({"PYTHONPATH": str(code.resolve())} if code is not None else {})}
            answer = subprocess.run(
                [sys.executable, str(JOURNAL_COST)], env=env, capture_output=True, text=True, check=True, cwd=scratch
            )
            figures = json.loads(answer.stdout)
            stored[side] = figures["events_stored"]
            for kind in ("events_only_ms", "events_and_node_records_ms"):
                spent[f"{side}{kind}"] += figures[kind]
    return {
        "events_stored": stored,
        "median_ms": {key: round(statistics.median(values), 2) for key, values in spent.items()},
        "quartiles_ms": {
            key: [round(q, 2) for q in statistics.quantiles(values, n=4)] for key, values in spent.items()
        },
        "repetitions": {key: len(values) for key, values in spent.items()},
    }


CASES: dict[str, Callable[[argparse.Namespace, Path], Awaitable[dict[str, Any]]]] = {
    "follow": case_follow,
    "journal": case_journal,
    "reads": case_reads,
    "workers": case_workers,
    "cache": case_cache,
}


def machine() -> dict[str, Any]:
    """What the figures were measured on: CPU model and count, memory, OS, Python."""
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in _read("/proc/cpuinfo").splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = next(
        (line.split(":", 1)[1].strip() for line in _read("/proc/meminfo").splitlines() if line.startswith("MemTotal")),
        "",
    )
    return {
        "cpu": model,
        "cpus": os.cpu_count(),
        "memory": memory,
        "os": platform.platform(),
        "python": platform.python_version(),
    }


def _read(path: str) -> str:
    try:
        return Path(path).read_text()
    except OSError:
        return ""


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("cases", nargs="*", metavar="CASE", help=f"the cases to run: {', '.join(CASES)} (default: all)")
    parser.add_argument("--repeat", type=int, default=7, help="repetitions counted per case (after one warm-up)")
    parser.add_argument("--poll-ms", type=float, default=10, help="follow: the polling client's interval")
    parser.add_argument("--runs", type=int, default=200, help="workers: runs submitted per round")
    parser.add_argument("--history", type=int, default=50, help="reads: finished 401-node runs each studio holds")
    parser.add_argument(
        "--postgres-url",
        default="postgresql+asyncpg://postgres@127.0.0.1:5432/test",
        help="workers: a database on the PostgreSQL server to use (the case creates and drops its own beside it)",
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0", help="workers: the Redis server to use")
    parser.add_argument("--cache-sizes", default="1000,1000000", help="cache: the index sizes compared")
    parser.add_argument("--cache-backends", default="postgresql,sqlite", help="cache: the indexes measured")
    parser.add_argument(
        "--baseline",
        type=Path,
        default=None,
        metavar="DIR",
        help="follow, reads, journal: also run each way on a studio running DIR's `karate` package (a checkout of the "
        "code to compare against, e.g. `git worktree add DIR HEAD~1`), interleaved; its figures are named before:WAY",
    )
    parser.add_argument("--output", type=Path, default=None, help="also write the JSON report here")
    args = parser.parse_args()
    unknown = set(args.cases) - set(CASES)
    if unknown:
        parser.error(f"no case {', '.join(sorted(unknown))}; the cases are {', '.join(CASES)}")
    shorten_switch_interval()  # as `karate run` and `karate serve` do for their processes
    report: dict[str, Any] = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        # other processes on the machine: 1-, 5- and 15-minute load averages (on N cores, N means all busy)
        "load_average_before": [round(load, 2) for load in os.getloadavg()],
    }
    with tempfile.TemporaryDirectory(prefix="karate-scale-") as scratch:
        for name in args.cases or CASES:
            report[name] = await CASES[name](args, Path(scratch))
    report["load_average_after"] = [round(load, 2) for load in os.getloadavg()]
    text = json.dumps(report, indent=2)
    print(text)
    if args.output is not None:
        args.output.write_text(text + "\n")


if __name__ == "__main__":
    asyncio.run(main())
