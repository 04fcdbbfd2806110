"""Scale benchmarks of the studio: one function per case (`CASES`), each returning its figures as JSON.

Case `follow`: a run submitted over REST and followed until it ends, against the headless engine (what
`karate run` executes) on the same graphs, side by side in one script: a 4-node chain (image -> blur ->
invert -> save) and a 401-node chain (image -> 400 x invert), local tools only. Each repetition draws a new
picture, so nothing is ever a cache hit, and runs every way once, interleaved (engine, `karate run`, REST
over SSE, REST polling the lean read, REST polling the full read), so all see the same machine.

    .venv/bin/python bench/scale/run.py                  # every case, 7 repetitions
    .venv/bin/python bench/scale/run.py follow --repeat 3

The studio runs as `karate serve` does (one process, the default SQLite database and local folder) in a
fresh data folder; the client is httpx over loopback keep-alive connections, in this process.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple

import cv2
import httpx
import numpy as np

from karate.config import Settings
from karate.engine import Execution, RunStatus, compile_graph
from karate.engine.registry import load_builtin_nodes
from karate.engine.tuning import shorten_switch_interval
from karate.headless import open_engine, read_document
from karate.storage.assets import LocalAssetStore

ROOT = Path(__file__).resolve().parents[2]
KARATE = Path(sys.executable).with_name("karate")
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


@asynccontextmanager
async def studio(data_dir: Path) -> AsyncIterator[httpx.AsyncClient]:
    """`karate serve` on a free loopback port with a fresh data folder, and a keep-alive client to it."""
    port = free_port()
    env = {**os.environ, "KARATE_EXAMPLES_DIR": str(data_dir / "no-examples")}
    process = subprocess.Popen(
        [str(KARATE), "serve", "--port", str(port), "--data-dir", str(data_dir)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
            await wait_ready(client, process)
            yield client
    finally:
        process.terminate()
        process.wait(30)


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


async def engine_run(path: Path, data_dir: Path) -> tuple[float, float]:
    """What `karate run` does after its imports, in this process: (execute only, whole) in seconds. Reading,
    checking and compiling the file, opening the store and cache, importing the picture, executing, closing."""
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
        start = time.perf_counter()
        result = await Execution(engine, graph).execute()
        execute_s = time.perf_counter() - start
    finally:
        engine.close()
    assert result.status == RunStatus.COMPLETED, result.error
    return execute_s, time.perf_counter() - whole_start


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
# - engine_execute: the headless engine in this process: Execution.execute() alone
# - engine_whole: ... and all that `karate run` does around it after its imports
# - cli_run_reported: a new `karate run --json` process: the run time it reports (duration_ms)
# - cli_process: ... the whole process, start-up and imports included
# - rest_sse: POST /runs, its event stream until the run ends, one lean read for the result's URL
# - rest_poll_summary: POST /runs, GET ?view=summary every --poll-ms until it ends, the same last read
# - rest_poll_full: the same polling the full read (what clients did before the lean read)
# and for each REST way, `WAY:post` (the POST's answer) and `WAY:in_studio` (the run's start to end in the
# studio, as its summary tells: `progress.elapsed_ms`).


async def case_follow(args: argparse.Namespace, scratch: Path) -> dict[str, Any]:
    """REST submit-and-follow (SSE; polling the lean read; polling the full read) against the engine."""
    figures: dict[str, Any] = {}
    async with studio(scratch / "studio") as client:
        seeds = iter(range(1, 1_000_000))
        for name, (build, result_node) in GRAPHS.items():
            times: dict[str, list[float]] = defaultdict(list)
            for counted in [False] + [True] * args.repeat:  # the first round warms both sides up
                rounds = await follow_round(client, build, result_node, seeds, scratch, args.poll_ms / 1000)
                for way, value in rounds.items():
                    if counted:
                        times[way].append(value)
            last_run = await submit(client, build({"asset_id": await upload(client, picture(next(seeds)))}))
            await wait_done(client, last_run)
            rest = ("rest_sse", "rest_poll_summary", "rest_poll_full")
            figures[name] = {
                "median_ms": {way: _median_ms(values) for way, values in times.items()},
                "range_ms": {way: _spread_ms(values) for way, values in times.items()},
                # against the engine's own time, as `karate run --json` reports it (`duration_ms`), and against
                # all that `karate run` does after its imports (in this process)
                "rest_over_cli_run_reported": _ratios(times, rest, "cli_run_reported"),
                "rest_over_engine_whole": _ratios(times, rest, "engine_whole"),
                "one_read_of_the_finished_run": {
                    view: await read_cost(client, last_run, view) for view in ("summary", "full")
                },
            }
    return {"poll_interval_ms": args.poll_ms, "repetitions": args.repeat, "graphs": figures}


async def follow_round(
    client: httpx.AsyncClient,
    build: Callable[[dict[str, str]], dict[str, Any]],
    result_node: str,
    seeds: Iterator[int],
    scratch: Path,
    poll_every_s: float,
) -> dict[str, float]:
    """One run of the graph each way (`WAYS`), each of a new picture, one after another: seconds by way (see above)."""
    rounds: dict[str, float] = {}
    folder = Path(tempfile.mkdtemp(dir=scratch))
    with workflow_file(folder, build({"path": "picture.png"}), picture(next(seeds))) as path:
        rounds["engine_execute"], rounds["engine_whole"] = await engine_run(path, folder / "data")
    folder = Path(tempfile.mkdtemp(dir=scratch))
    with workflow_file(folder, build({"path": "picture.png"}), picture(next(seeds))) as path:
        rounds["cli_run_reported"], rounds["cli_process"] = cli_run(path, folder / "data", folder / "out")
    for way, follow in (
        ("rest_sse", follow_sse),
        ("rest_poll_summary", _poller("summary", poll_every_s)),
        ("rest_poll_full", _poller("full", poll_every_s)),
    ):
        asset = await upload(client, picture(next(seeds)))
        followed = await follow(client, build({"asset_id": asset}), result_node)
        rounds[way], rounds[f"{way}:post"], rounds[f"{way}:in_studio"] = followed
    return rounds


def _ratios(times: dict[str, list[float]], keys: tuple[str, ...], base: str) -> dict[str, float]:
    return {key: round(statistics.median(times[key]) / statistics.median(times[base]), 2) for key in keys}


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


# --- the command ------------------------------------------------------------------------------------------

# A case takes the command's arguments (`repeat` and its own options) and a scratch folder removed at the end,
# and returns its figures; add one as a function and name it here.
CASES: dict[str, Callable[[argparse.Namespace, Path], Awaitable[dict[str, Any]]]] = {"follow": case_follow}


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
