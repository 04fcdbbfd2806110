"""Live co-editing benchmark: the studio's y-websocket endpoint against the reference Node server
(`@y/websocket-server`), side by side on this machine, with the same clients (bench/collab/client.mjs).

For each server:

- **update latency**: one writer and N-1 receivers (N = 2, 10, 50) in one fresh room; the writer makes a small
  edit (a node's position or one parameter) every 20-50 ms, and each receiver records when the edit shows in
  its document; latency = receive time - send time, one monotonic clock for every process (p50, p99, max
  over every edit and receiver, after a warm-up; also the p50 of each edit's fastest receiver);
- **memory per room**: RSS of the server process before and after opening R rooms with one client each that
  writes a 10-node graph, (after - before) / R; the studio's rooms are workflows created beforehand.

Each latency case runs --repeats times, the servers taking turns; the table gives medians and ranges.

The studio runs as `karate serve` does (one process, SQLite in a fresh data folder, local mode); the reference
server is `node node_modules/@y/websocket-server/src/server.js` (in memory, no persistence). Usage:

    make bench-collab                                   # installs the npm packages, then runs this
    .venv/bin/python bench/collab/run.py [--servers studio,node] [--clients 2,10,50] [--edits 300]
        [--repeats 3] [--rooms 1000,2000] [--json results.json] [--instrument]

bench/collab/RESULTS.md has the recorded figures and what they say.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
CLIENT = HERE / "client.mjs"
NODE_SERVER = HERE / "node_modules" / "@y" / "websocket-server" / "src" / "server.js"
# Receivers per client process (--receivers-per-process): one Node process keeps up with 49 receivers at one
# edit per 20-50 ms using a small part of a core (the table's receivers' CPU column), so one is enough.
RECEIVERS_PER_PROCESS = 64
STEP_TIMEOUT = 60.0
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def rss_kib(pid: int) -> int:
    """The process's resident set size (VmRSS), KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for process {pid}")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time the process has used so far, seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def http(method: str, url: str, body: Any = None) -> Any:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read() or b"null")


def wait_http(url: str, process: subprocess.Popen[bytes], name: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited with {process.returncode} before answering")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.05)  # a start-up poll in a tool
    raise RuntimeError(f"{name} did not answer {url} within 60 s")


@dataclass
class Server:
    """A y-websocket server under test: its process, the URL clients connect to, and how rooms are made."""

    name: str
    process: subprocess.Popen[bytes]
    port: int
    ws_url: str
    folder: Path | None = None
    version: str = ""

    def new_room(self) -> str:
        return f"bench-{uuid.uuid4().hex[:12]}"

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@dataclass
class Studio(Server):
    instrumented: bool = False

    def new_room(self) -> str:
        created = http(
            "POST",
            f"http://127.0.0.1:{self.port}/api/v1/workflows",
            {"title": "bench", "document": {"schema_version": 1, "nodes": [], "edges": []}},
        )
        return str(created["id"])


def start_studio(instrument: bool = False) -> Studio:
    folder = Path(tempfile.mkdtemp(prefix="karate-bench-collab-"))
    port = free_port()
    env = {
        **os.environ,
        "KARATE_AUTH": "false",
        "KARATE_EXAMPLES_DIR": str(folder / "no-examples"),
        "KARATE_BENCH_TIMINGS": str(folder / "timings.json"),
    }
    command = [str(ROOT / ".venv" / "bin" / "karate"), "serve"]
    if instrument:
        command = [str(ROOT / ".venv" / "bin" / "python"), str(HERE / "instrumented_studio.py")]
    process = subprocess.Popen(
        [
            *command,
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--data-dir",
            str(folder),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL if not os.environ.get("BENCH_VERBOSE") else None,
    )
    wait_http(f"http://127.0.0.1:{port}/health", process, "the studio")
    version = subprocess.run(
        [
            str(ROOT / ".venv" / "bin" / "python"),
            "-c",
            "import pycrdt, importlib.metadata as m; print('pycrdt', m.version('pycrdt'))",
        ],
        capture_output=True,
        text=True,
    ).stdout.strip()
    return Studio("studio", process, port, f"ws://127.0.0.1:{port}/api/v1/collab", folder, version, instrument)


def start_node_server(persistent: bool = False) -> Server:
    """The reference server, in memory; `persistent`: storing every update in LevelDB as well (its own
    `YPERSISTENCE` option, y-leveldb: an update is relayed, then stored without waiting), as the studio stores
    every update in its database."""
    port = free_port()
    env = {**os.environ, "HOST": "127.0.0.1", "PORT": str(port)}
    env.pop("YPERSISTENCE", None)
    folder = None
    if persistent:
        folder = Path(tempfile.mkdtemp(prefix="karate-bench-collab-leveldb-"))
        env["YPERSISTENCE"] = str(folder / "leveldb")
    process = subprocess.Popen(["node", str(NODE_SERVER)], env=env, stdout=subprocess.DEVNULL, cwd=HERE)
    wait_http(f"http://127.0.0.1:{port}/", process, "@y/websocket-server")
    own_ws = json.loads((NODE_SERVER.parent.parent / "node_modules" / "ws" / "package.json").read_text())["version"]
    version = f"@y/websocket-server {package_version('@y/websocket-server')}, yjs {package_version('yjs')}, ws {own_ws}"
    if persistent:
        version += f", y-leveldb {package_version('y-leveldb')}"
    return Server("node-leveldb" if persistent else "node", process, port, f"ws://127.0.0.1:{port}", folder, version)


def package_version(name: str) -> str:
    return str(json.loads((HERE / "node_modules" / name / "package.json").read_text())["version"])


@dataclass
class Client:
    """One client.mjs process, spoken to in JSON lines."""

    process: asyncio.subprocess.Process
    lines: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    async def start(cls, *args: str) -> Client:
        process = await asyncio.create_subprocess_exec(
            "node",
            str(CLIENT),
            *args,
            cwd=HERE,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            limit=64 * 1024 * 1024,
        )
        return cls(process)

    async def read(self, timeout: float = STEP_TIMEOUT) -> dict[str, Any]:
        assert self.process.stdout is not None
        line = await asyncio.wait_for(self.process.stdout.readline(), timeout)
        if not line:
            await self.process.wait()
            raise RuntimeError(f"a client exited with {self.process.returncode} (see its error above)")
        return dict(json.loads(line))

    def send(self, line: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(line.encode() + b"\n")

    async def close(self) -> None:
        if self.process.returncode is None:
            try:
                await asyncio.wait_for(self.process.wait(), 10)
            except TimeoutError:
                self.process.kill()
                await self.process.wait()


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100), linear between closest ranks."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    position = (len(ordered) - 1) * q / 100
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


async def latency_case(
    server: Server, clients: int, edits: int, warmup: int, seed: int, per_process: int = RECEIVERS_PER_PROCESS
) -> dict[str, Any]:
    """One room, one writer and `clients - 1` receivers; latencies of the edits after the warm-up."""
    room = server.new_room()
    writer = await Client.start("writer", server.ws_url, room, str(edits), str(warmup), str(seed))
    await writer.read()
    receivers_left = clients - 1
    receivers: list[Client] = []
    while receivers_left > 0:
        count = min(receivers_left, per_process)
        receivers.append(await Client.start("receivers", server.ws_url, room, str(count), str(edits), str(warmup)))
        receivers_left -= count
    for receiver in receivers:
        await receiver.read()
    cpu_before = cpu_seconds(server.process.pid)
    started = time.monotonic()
    for receiver in receivers:
        receiver.send("go")
    writer.send("go")
    sent = await writer.read(STEP_TIMEOUT + (edits + warmup) * 0.05)
    results = []
    for receiver in receivers:
        try:
            results.append(await receiver.read(10))
        except TimeoutError:
            receiver.send("stop")
            results.append(await receiver.read())
    elapsed = time.monotonic() - started
    server_cpu = cpu_seconds(server.process.pid) - cpu_before
    for client in [writer, *receivers]:
        await client.close()
    steps = await server_steps(server) if isinstance(server, Studio) and server.instrumented else None

    send_times = {i: t for i, t in sent["sends"]}
    latencies: list[float] = []
    first: dict[int, float] = {}  # edit -> the fastest receiver's latency (the fan-out's spread is the rest)
    missing = 0
    for result in results:
        for seen in result["receives"]:
            received = dict(seen)
            for i in range(warmup, warmup + edits):
                if i in received:
                    latency = (received[i] - send_times[i]) / 1e6
                    latencies.append(latency)
                    first[i] = min(first.get(i, latency), latency)
                else:
                    missing += 1
    return {
        "clients": clients,
        "edits": edits,
        "samples": len(latencies),
        "missing": missing,
        "p50_ms": round(percentile(latencies, 50), 2),
        "p99_ms": round(percentile(latencies, 99), 2),
        "max_ms": round(max(latencies), 2),
        "mean_ms": round(statistics.fmean(latencies), 2),
        "fastest_receiver_p50_ms": round(percentile(list(first.values()), 50), 2),
        "server_cpu_pct": round(100 * server_cpu / elapsed, 1),
        "receivers_cpu_pct": round(100 * sum(r["cpu_ms"] for r in results) / 1000 / elapsed, 1),
        "receivers_loop_delay_p99_ms": round(max(r["loop_delay_p99_ms"] for r in results), 2),
        **({"server_steps": steps} if steps is not None else {}),
    }


async def server_steps(server: Studio) -> dict[str, Any]:
    """The instrumented studio's step timings since the last call (instrumented_studio.py, on SIGUSR1)."""
    timings = server.folder / "timings.json" if server.folder else Path()
    lines = timings.read_text().count("\n") if timings.exists() else 0
    os.kill(server.process.pid, signal.SIGUSR1)
    for _ in range(200):
        if timings.exists() and timings.read_text().count("\n") > lines:
            return dict(json.loads(timings.read_text().splitlines()[-1]))
        await asyncio.sleep(0.05)
    raise RuntimeError("the instrumented studio wrote no timings")


async def memory_case(server: Server, rooms: int, idle: float) -> dict[str, Any]:
    """RSS per room: R rooms, one client each writing the 10-node graph, measured after a warm-up room: 3 s after
    the writes (rooms just edited) and again after `idle` more seconds with the clients still connected and nobody
    editing (open tabs; the studio's rooms sleep after 10 s, karate/collab/rooms.py)."""
    warm = await Client.start("rooms", server.ws_url, server.new_room())
    await warm.read()
    warm.send("stop")
    await warm.close()
    names = [server.new_room() for _ in range(rooms)]
    await asyncio.sleep(2)  # let the server settle (debounced work of the warm-up room) before measuring
    before = rss_kib(server.process.pid)
    client = await Client.start("rooms", server.ws_url, ",".join(names))
    await client.read()
    await asyncio.sleep(3)  # the studio projects edits into the workflows table after a debounce
    after = rss_kib(server.process.pid)
    await asyncio.sleep(idle)
    after_idle = rss_kib(server.process.pid)
    client.send("stop")
    await client.close()
    await asyncio.sleep(3)
    closed = rss_kib(server.process.pid)
    return {
        "rooms": rooms,
        "rss_before_mib": round(before / 1024, 1),
        "rss_after_mib": round(after / 1024, 1),
        "rss_after_close_mib": round(closed / 1024, 1),
        "kib_per_room": round((after - before) / rooms, 1),
        "idle_s": idle,
        "rss_idle_mib": round(after_idle / 1024, 1),
        "kib_per_room_idle": round((after_idle - before) / rooms, 1),
    }


def machine() -> dict[str, Any]:
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory_kib = int(Path("/proc/meminfo").read_text().split()[1])
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "cpus": os.cpu_count(),
        "cpu": model,
        "memory_gib": round(memory_kib / 1024 / 1024, 1),
        "kernel": platform.release(),
        "load_average_start": Path("/proc/loadavg").read_text().split()[:3],
        "python": platform.python_version(),
        "node": subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip(),
        "clients": ", ".join(f"{name} {package_version(name)}" for name in ("y-websocket", "yjs", "ws")),
    }


def summarise(cases: list[dict[str, Any]]) -> dict[str, Any]:
    """The repeats of one case: medians, and each figure's range over the repeats."""
    out: dict[str, Any] = {"clients": cases[0]["clients"], "repeats": len(cases)}
    for key in ("p50_ms", "p99_ms", "max_ms", "fastest_receiver_p50_ms", "server_cpu_pct", "receivers_cpu_pct"):
        values = [case[key] for case in cases]
        out[key] = round(statistics.median(values), 2)
        out[key.replace("_ms", "").replace("_pct", "") + "_range"] = [min(values), max(values)]
    out["samples"] = sum(case["samples"] for case in cases)
    out["missing"] = sum(case["missing"] for case in cases)
    return out


def span(case: dict[str, Any], key: str) -> str:
    low, high = case[key.replace("_ms", "") + "_range"]
    return f"{case[key]} ms ({low}–{high})" if case["repeats"] > 1 else f"{case[key]} ms"


def table(results: dict[str, Any]) -> str:
    rows = [
        "| clients | server | p50 (range) | p99 (range) | max | fastest receiver p50 | samples (missing) "
        "| server CPU | receivers' CPU |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    names = list(results["servers"])
    for index in range(len(results["servers"][names[0]]["summary"])):
        for name in names:
            case = results["servers"][name]["summary"][index]
            rows.append(
                f"| {case['clients']} | {name} | {span(case, 'p50_ms')} | {span(case, 'p99_ms')} | {case['max_ms']} ms "
                f"| {case['fastest_receiver_p50_ms']} ms | {case['samples']} ({case['missing']}) "
                f"| {case['server_cpu_pct']} % | {case['receivers_cpu_pct']} % |"
            )
    rows += [
        "",
        "| server | rooms | RSS before | RSS after | per room | RSS idle | per idle room "
        "| RSS after the clients left |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, result in results["servers"].items():
        for m in result["memory"]:
            rows.append(
                f"| {name} | {m['rooms']} | {m['rss_before_mib']} MiB | {m['rss_after_mib']} MiB "
                f"| {m['kib_per_room']} KiB | {m.get('rss_idle_mib', '')} MiB | {m.get('kib_per_room_idle', '')} KiB "
                f"| {m['rss_after_close_mib']} MiB |"
            )
    return "\n".join(rows)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--servers", default="studio,node,node-leveldb", help="comma list of studio, node, node-leveldb"
    )
    parser.add_argument(
        "--clients", default="2,10,50", help="clients per room, comma list (empty: no latency case, memory only)"
    )
    parser.add_argument("--edits", type=int, default=300, help="measured edits per case")
    parser.add_argument("--warmup", type=int, default=20, help="edits before measuring")
    parser.add_argument("--repeats", type=int, default=3, help="runs of each case, the servers taking turns")
    parser.add_argument(
        "--rooms",
        default="1000,2000",
        help="rooms for the memory measure, comma list (one measure each, on top of the last; empty: none)",
    )
    parser.add_argument(
        "--idle", type=float, default=15.0, help="seconds without edits before the second memory reading"
    )
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--receivers-per-process", type=int, default=RECEIVERS_PER_PROCESS)
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument(
        "--instrument", action="store_true", help="time the studio's steps per update (instrumented_studio.py)"
    )
    args = parser.parse_args()
    if {"node", "node-leveldb"} & set(args.servers.split(",")) and not NODE_SERVER.exists():
        sys.exit("the npm packages are missing: run `make bench-collab` (or `cd bench/collab && npm ci`)")
    if shutil.which("node") is None:
        sys.exit("node is not installed")

    results: dict[str, Any] = {"machine": machine(), "settings": vars(args) | {"json": str(args.json)}, "servers": {}}
    starters = {
        "studio": lambda: start_studio(args.instrument),
        "node": start_node_server,
        "node-leveldb": lambda: start_node_server(persistent=True),
    }
    servers: list[Server] = []
    try:
        for name in args.servers.split(","):
            servers.append(starters[name]())
            print(f"{name}: {servers[-1].version}, port {servers[-1].port}", file=sys.stderr)
            results["servers"][name] = {"version": servers[-1].version, "latency": [], "summary": [], "memory": []}
        # Latency: the servers take turns case by case (both stay up; an idle one uses no CPU), so a change in
        # the machine's load falls on both alike.
        for clients in [int(c) for c in args.clients.split(",") if c]:
            runs: dict[str, list[dict[str, Any]]] = {server.name: [] for server in servers}
            for _ in range(args.repeats):
                for server in servers:
                    case = await latency_case(
                        server, clients, args.edits, args.warmup, args.seed, args.receivers_per_process
                    )
                    print(f"  {server.name}, {clients} clients: {json.dumps(case)}", file=sys.stderr)
                    runs[server.name].append(case)
            for name, cases in runs.items():
                results["servers"][name]["latency"] += cases
                results["servers"][name]["summary"].append(summarise(cases))
        for server in servers:
            for rooms in [int(r) for r in args.rooms.split(",") if r]:
                results["servers"][server.name]["memory"].append(await memory_case(server, rooms, args.idle))
                print(f"  {server.name} memory: {results['servers'][server.name]['memory'][-1]}", file=sys.stderr)
    finally:
        for server in servers:
            server.stop()
            if server.folder is not None:
                shutil.rmtree(server.folder, ignore_errors=True)
    results["machine"]["load_average_end"] = Path("/proc/loadavg").read_text().split()[:3]
    print(json.dumps(results["machine"], indent=2))
    print(table(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    asyncio.run(main())
