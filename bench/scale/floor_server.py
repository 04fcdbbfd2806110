"""The floor for following a run over HTTP: the studio's engine behind the least HTTP a client can follow it with.

`python bench/scale/floor_server.py --port PORT --data-dir DIR` serves, with uvicorn as `karate serve` runs it (one
process, the same switch interval), the three calls the `follow` case's `rest_sse_result` way makes, in the studio's
shapes:

- `POST /api/v1/assets` (multipart `file`): the picture put in the engine's store; `{"id": sha256}`, 201.
- `POST /api/v1/runs` (`{"workflow": document}`): the document checked and compiled as `karate run` does
  (`Engine.prepare`), its execution started as a task; `{"id": run_id}`, 202.
- `GET /api/v1/runs/{id}/events?node=ID`: the run's own events and that node's as server-sent events, as the studio
  words them (`id`, `event`, `data` lines), one write each.

Nothing else: no database (no run row, no journal, no events stored), no accounts, access checks, credits, limits,
metrics or middlewares; runs stay in memory. Like `karate serve`, it moves what lives as long as the server out of the
garbage collector's reach once started (`gc.freeze`). So it is what any server in front of this engine pays at least for
one HTTP request, one event stream and the engine's events crossing into it; the studio's distance from it is what
its own guarantees cost (every run and event durable, checked, counted). Not part of the product.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from karate import json_bytes
from karate.config import Settings
from karate.engine import Execution
from karate.engine.events import TERMINAL_RUN_EVENTS
from karate.engine.tuning import shorten_switch_interval
from karate.headless import open_engine


def floor_app(data_dir: Path) -> Starlette:
    """The floor server's app on an engine whose store and cache live in `data_dir`."""
    engine = open_engine(Settings(data_dir=data_dir), providers=False)
    runs: dict[str, Execution] = {}
    tasks: set[asyncio.Task[object]] = set()

    async def upload(request: Request) -> Response:
        form = await request.form()
        file = form["file"]
        assert not isinstance(file, str)
        ref = engine.store.put_bytes(await file.read())
        return JSONResponse({"id": ref.sha256}, status_code=201)

    async def submit(request: Request) -> Response:
        execution = engine.prepare((await request.json())["workflow"])
        runs[execution.run_id] = execution
        task = asyncio.get_running_loop().create_task(execution.execute())
        tasks.add(task)
        task.add_done_callback(tasks.discard)
        return JSONResponse({"id": execution.run_id}, status_code=202)

    async def events(request: Request) -> Response:
        execution = runs[request.path_params["run_id"]]
        wanted = {None, *request.query_params.getlist("node")}  # the run's own events, and the nodes named

        async def stream() -> AsyncIterator[bytes]:
            async for event in execution.events.subscribe(wanted=lambda event: event.node_id in wanted):
                body = event.to_json()
                yield b"id: %d\nevent: %s\ndata: %s\n\n" % (event.seq, event.type.encode(), json_bytes.dumps(body))
                if event.type in TERMINAL_RUN_EVENTS:
                    runs.pop(execution.run_id, None)
                    return

        return StreamingResponse(stream(), media_type="text/event-stream")

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        gc.collect()  # as `karate serve` does once started (karate.app create_app's freeze_gc)
        gc.freeze()
        yield
        engine.close()

    async def health(request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    return Starlette(
        routes=[
            Route("/health", health),
            Route("/api/v1/assets", upload, methods=["POST"]),
            Route("/api/v1/runs", submit, methods=["POST"]),
            Route("/api/v1/runs/{run_id}/events", events),
        ],
        lifespan=lifespan,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--data-dir", type=Path, required=True)
    args = parser.parse_args()
    os.umask(0o077)
    shorten_switch_interval()
    uvicorn.run(floor_app(args.data_dir), host="127.0.0.1", port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
