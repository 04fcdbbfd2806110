"""Benchmark: N provider jobs in flight at once in one process, against a fake fal queue whose jobs take
a fixed latency. Reports wall time, peak memory (RSS) and event-loop lag.

    .venv/bin/python bench/providers/run_bench.py --jobs 1000 --latency 2
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import platform
import resource
import socket
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def serve_fake(port: int, latency: float) -> None:
    """A fal-style queue: submit, status (IN_PROGRESS until `latency` passed), result, file."""
    import uvicorn
    from starlette.applications import Starlette
    from starlette.responses import JSONResponse, Response
    from starlette.routing import Route

    started: dict[str, float] = {}
    counter = iter(range(10**9))

    async def submit(request):  # type: ignore[no-untyped-def]
        job = str(next(counter))
        started[job] = time.monotonic()
        base = f"http://127.0.0.1:{port}/bench/app/requests/{job}"
        return JSONResponse(
            {"request_id": job, "status_url": f"{base}/status", "response_url": base, "cancel_url": f"{base}/cancel"}
        )

    async def status(request):  # type: ignore[no-untyped-def]
        done = time.monotonic() - started[request.path_params["job"]] >= latency
        return JSONResponse({"status": "COMPLETED" if done else "IN_PROGRESS"}, status_code=200 if done else 202)

    async def result(request):  # type: ignore[no-untyped-def]
        return JSONResponse({"images": [{"url": f"http://127.0.0.1:{port}/file.png"}]})

    async def file(request):  # type: ignore[no-untyped-def]
        return Response(PNG, media_type="image/png")

    app = Starlette(
        routes=[
            Route("/bench/app/requests/{job}/status", status),
            Route("/bench/app/requests/{job}", result),
            Route("/file.png", file),
            Route("/bench/app/model", submit, methods=["POST"]),
        ]
    )
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="error", backlog=4096, limit_concurrency=10_000)


async def measure_lag(stop: asyncio.Event, samples: list[float], tick: float = 0.01) -> None:
    loop = asyncio.get_running_loop()
    while not stop.is_set():
        before = loop.time()
        await asyncio.sleep(tick)
        samples.append(max(loop.time() - before - tick, 0.0))


async def run(jobs: int, port: int, poll: float) -> dict[str, float]:
    from karate.config import Settings
    from karate.providers.call import ProviderCall
    from karate.providers.fal import FalAdapter
    from karate.storage.assets import LocalAssetStore

    settings = Settings(
        _env_file=None,
        fal_key="bench-key",
        fal_base_url=f"http://127.0.0.1:{port}",
        provider_poll_interval=poll,
        provider_poll_max_interval=poll * 2,
        provider_max_connections=64,
        provider_call_timeout=30,
    )
    adapter = FalAdapter(settings)
    store = LocalAssetStore(tempfile.mkdtemp(prefix="karate-bench-"))
    calls = [
        ProviderCall(
            title="Bench",
            model="bench/app/model",
            body={"prompt": f"job {i}"},
            output_kind="image",
            store=store,
            job_timeout=120,
        )
        for i in range(jobs)
    ]
    stop, lag = asyncio.Event(), []
    ticker = asyncio.create_task(measure_lag(stop, lag))
    began = time.perf_counter()
    results = await asyncio.gather(*(adapter.run(call) for call in calls), return_exceptions=True)
    wall = time.perf_counter() - began
    stop.set()
    await ticker
    await adapter.aclose()
    failures = [r for r in results if isinstance(r, BaseException)]
    lag_ms = sorted(sample * 1000 for sample in lag)
    return {
        "jobs": jobs,
        "failed": len(failures),
        "wall_s": round(wall, 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "loop_lag_p50_ms": round(statistics.median(lag_ms), 2),
        "loop_lag_p99_ms": round(lag_ms[int(len(lag_ms) * 0.99) - 1], 2),
        "loop_lag_max_ms": round(lag_ms[-1], 2),
    }


def run_in_server_loop(coroutine: Any) -> dict[str, Any]:
    """Run on the event loop `karate serve` uses (uvicorn picks uvloop when it is installed)."""
    try:
        import uvloop
    except ImportError:
        return {**asyncio.run(coroutine), "loop": "asyncio"}
    return {**uvloop.run(coroutine), "loop": "uvloop"}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--jobs", type=int, default=1000)
    parser.add_argument("--latency", type=float, default=2.0)
    parser.add_argument("--poll", type=float, default=0.5, help="first poll interval, seconds")
    parser.add_argument("--record", type=Path, help="append the figures to this JSON-lines file")
    args = parser.parse_args()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = multiprocessing.Process(target=serve_fake, args=(port, args.latency), daemon=True)
    server.start()
    for _ in range(200):  # the server is another process: wait until it accepts connections
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            break
        except OSError:
            time.sleep(0.05)
    try:
        figures = run_in_server_loop(run(args.jobs, port, args.poll))
    finally:
        server.terminate()
    figures |= {
        "latency_s": args.latency,
        "date": date.today().isoformat(),
        "machine": f"{multiprocessing.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}",
    }
    print(json.dumps(figures))
    if args.record:
        with args.record.open("a") as f:
            f.write(json.dumps(figures) + "\n")


if __name__ == "__main__":
    main()
