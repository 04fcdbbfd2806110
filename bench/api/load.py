"""Loopback load test of the studio API: requests/s and p50/p99 latency for
GET /api/v1/workflows/{id} and POST /api/v1/runs (a cached one-node graph).

Starts `python -m uvicorn karate.app:create_app --factory` (one worker process) on a fresh data folder,
then drives it with `wrk` when it is installed (apt-get install wrk; a C load generator that leaves the
CPU to the server), or else from this process with a minimal keep-alive HTTP/1.1 client on raw asyncio
streams (httpx itself would be the bottleneck on two cores). Usage:

    .venv/bin/python bench/api/load.py --seconds 10 --connections 32 [--generator wrk|python]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

READY = b"Application startup complete"


async def request(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, raw: bytes) -> int:
    writer.write(raw)
    status_line = await reader.readline()
    length = 0
    while (line := await reader.readline()) not in (b"\r\n", b""):
        if line[:15].lower() == b"content-length:":
            length = int(line[15:])
    await reader.readexactly(length)
    return int(status_line.split()[1])


def build(method: str, path: str, body: bytes = b"") -> bytes:
    head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {len(body)}\r\n"
    if body:
        head += "Content-Type: application/json\r\n"
    return head.encode() + b"\r\n" + body


async def load(port: int, raw: bytes, expected: int, seconds: float, connections: int) -> dict[str, float]:
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds

    async def worker() -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            status = await request(reader, writer, raw)
            latencies.append(time.perf_counter() - started)
            errors += status != expected
        writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(connections)))
    elapsed = time.perf_counter() - started
    quantiles = statistics.quantiles(latencies, n=100)
    return {
        "requests": len(latencies),
        "errors": errors,
        "requests_per_s": round(len(latencies) / elapsed),
        "p50_ms": round(quantiles[49] * 1000, 2),
        "p99_ms": round(quantiles[98] * 1000, 2),
    }


def load_with_wrk(port: int, method: str, path: str, body: bytes, seconds: float, connections: int) -> dict[str, float]:
    """Drive the server with wrk (one thread: the other core is the server's) and parse its report."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(
            f"wrk.method = {json.dumps(method)}\nwrk.body = {json.dumps(body.decode())}\n"
            'wrk.headers["Content-Type"] = "application/json"\n'
        )
    report = subprocess.run(
        [
            "wrk",
            "-t1",
            f"-c{connections}",
            f"-d{seconds:g}s",
            "--latency",
            "-s",
            script.name,
            f"http://127.0.0.1:{port}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    os.unlink(script.name)

    def latency_ms(percent: str) -> float:
        value, unit = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", report, re.M).groups()  # type: ignore[union-attr]
        return round(float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit], 2)

    requests = int(re.search(r"(\d+) requests in", report).group(1))  # type: ignore[union-attr]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", report)
    return {
        "requests": requests,
        "errors": int(errors.group(1)) if errors else 0,
        "requests_per_s": round(float(re.search(r"Requests/sec:\s+([\d.]+)", report).group(1))),  # type: ignore[union-attr]
        "p50_ms": latency_ms("50"),
        "p99_ms": latency_ms("99"),
    }


async def setup(port: int) -> tuple[str, bytes]:
    """A saved workflow to read, and the run body of a one-node graph that is cached after one run."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    document = {
        "schema_version": 1,
        "nodes": [{"id": "p", "type": "input.prompt", "params": {"text": "hi"}}],
        "edges": [],
    }
    body = json.dumps({"title": "bench", "document": document}).encode()
    writer.write(build("POST", "/api/v1/workflows", body))
    await reader.readline()
    length = 0
    while (line := await reader.readline()) != b"\r\n":
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    workflow_id = json.loads(await reader.readexactly(length))["id"]
    run_body = json.dumps({"workflow": document}).encode()
    await request(reader, writer, build("POST", "/api/v1/runs", run_body))  # fills the cache
    writer.close()
    return workflow_id, run_body


def start_server(data_dir: Path) -> tuple[subprocess.Popen[bytes], int]:
    sock = socket.socket()
    # Accepted connections inherit this; without it a small response written as headers + body waits
    # for the client's delayed ACK (40 ms) under Nagle's algorithm.
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    env = {**os.environ, "KARATE_DATA_DIR": str(data_dir), "KARATE_EXAMPLES_DIR": str(data_dir / "none")}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "karate.app:create_app",
            "--factory",
            "--fd",
            str(sock.fileno()),
            "--log-level",
            "warning",
            "--no-access-log",
            "--loop",
            "uvloop",
            "--http",
            "httptools",
        ],
        env=env,
        pass_fds=[sock.fileno()],
        stderr=subprocess.PIPE,
    )
    sock.close()
    return process, port


async def wait_ready(port: int) -> None:
    for _ in range(600):
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            if await request(reader, writer, build("GET", "/health")) == 200:
                writer.close()
                return
        except (ConnectionError, OSError, IndexError):
            await asyncio.sleep(0.05)  # a start-up poll in a tool, not in a test
    raise RuntimeError("the server did not start")


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--generator", choices=["wrk", "python"], default="wrk" if shutil.which("wrk") else "python")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        process, port = start_server(Path(folder))
        try:
            await wait_ready(port)
            workflow_id, run_body = await setup(port)
            cases = [
                ("GET /api/v1/workflows/{id}", "GET", f"/api/v1/workflows/{workflow_id}", b"", 200),
                ("POST /api/v1/runs (cached one-node graph)", "POST", "/api/v1/runs", run_body, 202),
            ]
            results = {}
            for name, method, path, body, expected in cases:
                if args.generator == "wrk":
                    results[name] = load_with_wrk(port, method, path, body, args.seconds, args.connections)
                else:
                    results[name] = await load(
                        port, build(method, path, body), expected, args.seconds, args.connections
                    )
        finally:
            process.terminate()
            process.wait(30)
    print(
        json.dumps(
            {
                "date": datetime.now(UTC).isoformat(timespec="seconds"),
                "cpus": os.cpu_count(),
                "machine": platform.platform(),
                "python": platform.python_version(),
                "server": "uvicorn, 1 worker process, uvloop + httptools, SQLite (default)",
                "generator": args.generator,
                "connections": args.connections,
                "seconds": args.seconds,
                "results": results,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    asyncio.run(main())
