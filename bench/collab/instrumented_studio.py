"""`karate serve` with timers around the collaboration hub's steps, for `run.py --instrument`: where the server's
share of an update's latency goes. Nothing in the studio changes; its classes are wrapped from outside.

    python bench/collab/instrumented_studio.py --port PORT --data-dir DIR   (timings: $KARATE_BENCH_TIMINGS)

Experiments, each off unless its variable is set (see their functions): KARATE_BENCH_STORE=sqlite3 (store
updates through a plain sqlite3 connection), KARATE_BENCH_GC_FREEZE=1 (gc.freeze() after start) and
KARATE_BENCH_NO_DEFLATE=1 (no permessage-deflate), KARATE_BENCH_NO_STORE=1 (updates not stored).
KARATE_BENCH_PROFILE=PATH also runs the server under cProfile and writes its statistics to PATH on exit.

On SIGUSR1 (and on exit) it appends one JSON line to the file named by KARATE_BENCH_TIMINGS, with, per step
since the last line, the count and the p50/p99/max in ms:

- `receive`: CollabHub.receive for an update message, from parsing to relayed (the connection's next message
  waits for this);
- `apply`: Room.apply (pycrdt applies the update); `store`: CollabStore.append (the row, committed);
- `project`: CollabHub._project (the debounced write of the document into the workflows table);
  `store_over_5ms`: how many stores took over 5 ms, and how many of them overlapped a projection;
- `broadcast`: Room.broadcast (queues the message for every other connection);
- `queued_to_sent`: per receiving connection, from the broadcast's start until its WebSocket write returned;
- `gc_gen0`..`gc_gen2`: the garbage collector's pauses.
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import cProfile
import functools
import gc
import json
import os
import signal
import sqlite3
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from karate.collab import hub, rooms, store

timings: defaultdict[str, list[float]] = defaultdict(list)
intervals: defaultdict[str, list[tuple[float, float]]] = defaultdict(list)  # label -> (start, end)
broadcast_started: dict[int, float] = {}  # id(peer) -> when the last broadcast to it started


def timed_async(owner: Any, name: str, label: str, only: Callable[..., bool] = lambda *a: True) -> None:
    original = getattr(owner, name)

    @functools.wraps(original)
    async def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return await original(*args, **kwargs)
        finally:
            if only(*args):
                ended = time.perf_counter()
                timings[label].append(ended - started)
                intervals[label].append((started, ended))

    setattr(owner, name, wrapper)


def timed(owner: Any, name: str, label: str) -> None:
    original = getattr(owner, name)

    @functools.wraps(original)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            timings[label].append(time.perf_counter() - started)

    setattr(owner, name, wrapper)


def instrument() -> None:
    # An update message: y-websocket sync (0), update (2).
    timed_async(
        hub.CollabHub, "receive", "receive", only=lambda _hub, _room, _peer, message: message[:2] == b"\x00\x02"
    )
    timed(rooms.Room, "apply", "apply")
    timed_async(store.CollabStore, "append", "store")
    timed_async(hub.CollabHub, "_project", "project")
    original_broadcast = rooms.Room.broadcast

    def broadcast(self: rooms.Room, message: bytes, *, skip: rooms.Peer | None = None) -> None:
        started = time.perf_counter()
        for peer in self.peers:
            if peer is not skip:
                broadcast_started[id(peer)] = started
        original_broadcast(self, message, skip=skip)
        timings["broadcast"].append(time.perf_counter() - started)

    rooms.Room.broadcast = broadcast  # type: ignore[method-assign]
    original_init = rooms.Peer.__init__

    def init(self: rooms.Peer, *args: Any, **kwargs: Any) -> None:
        original_init(self, *args, **kwargs)
        send = self._send

        async def timed_send(message: bytes) -> None:
            await send(message)
            if message[:2] == b"\x00\x02" and (started := broadcast_started.pop(id(self), None)) is not None:
                timings["queued_to_sent"].append(time.perf_counter() - started)

        self._send = timed_send

    rooms.Peer.__init__ = init  # type: ignore[method-assign]


gc_started = 0.0


def gc_timer(phase: str, info: dict[str, int]) -> None:
    """Times the garbage collector's pauses (gc.callbacks), per generation."""
    global gc_started
    if phase == "start":
        gc_started = time.perf_counter()
    else:
        timings[f"gc_gen{info['generation']}"].append(time.perf_counter() - gc_started)


def sqlite3_store() -> None:
    """Experiment (KARATE_BENCH_STORE=sqlite3, SQLite only): CollabStore.append through one plain sqlite3
    connection on its own thread, autocommit, same pragmas (WAL, synchronous=NORMAL): the row is committed when
    it returns, as before, without the ORM session and aiosqlite's several thread hops per statement. The studio
    itself does this since this experiment (karate/collab/sqlite_append.py); the switch is kept to compare."""
    pool = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="collab-store")
    connections: dict[str, sqlite3.Connection] = {}

    def insert(path: str, workflow_id: str, update: bytes) -> int:
        connection = connections.get(path)
        if connection is None:
            connection = connections[path] = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON", "busy_timeout=30000"):
                connection.execute(f"PRAGMA {pragma}")
        cursor = connection.execute(
            "INSERT INTO collab_updates (workflow_id, data, created_at) VALUES (?, ?, ?)",
            (workflow_id, update, datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")),  # SQLAlchemy's SQLite format
        )
        return int(cursor.lastrowid or 0)

    async def append(self: store.CollabStore, workflow_id: str, update: bytes) -> int:
        path = str(self.database.url.database)
        return await asyncio.get_running_loop().run_in_executor(pool, insert, path, workflow_id, update)

    store.CollabStore.append = append  # type: ignore[method-assign]


def no_store() -> None:
    """Experiment (KARATE_BENCH_NO_STORE=1): CollabStore.append stores nothing (it only counts), to see what storing
    every update costs the other clients' latency. Never the studio's behaviour: an update must be stored."""
    sequence = iter(range(1, 1 << 62))

    async def append(self: store.CollabStore, workflow_id: str, update: bytes) -> int:
        return next(sequence)

    store.CollabStore.append = append  # type: ignore[method-assign]


def freeze_gc_after_start() -> None:
    """Experiment (KARATE_BENCH_GC_FREEZE=1): gc.freeze() once the studio has started, so the collector's full
    passes no longer walk the objects of every imported module (the long pauses `gc_gen2` shows)."""
    from karate.services.studio import Studio

    original = Studio.start

    async def start(self: Studio) -> None:
        await original(self)
        gc.collect()
        gc.freeze()

    Studio.start = start  # type: ignore[method-assign]


def no_deflate() -> None:
    """Experiment (KARATE_BENCH_NO_DEFLATE=1): the studio's uvicorn declines permessage-deflate (uvicorn accepts it
    by default; the reference server, ws, declines it): no zlib pass per message and connection, and no zlib
    state kept per connection."""
    import uvicorn

    original = uvicorn.run

    def run(*args: Any, **kwargs: Any) -> None:
        original(*args, **{**kwargs, "ws_per_message_deflate": False})

    uvicorn.run = run


def summary() -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    slow = [(a, b) for a, b in intervals["store"] if b - a > 0.005]
    overlapping = [1 for a, b in slow if any(pa < b and a < pb for pa, pb in intervals["project"])]
    out["store_over_5ms"] = {"count": len(slow), "while_projecting": len(overlapping)}
    for label, values in timings.items():
        ordered = sorted(values)
        out[label] = {
            "count": len(ordered),
            "p50_ms": round(ordered[len(ordered) // 2] * 1000, 3),
            "p99_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000, 3),
            "max_ms": round(ordered[-1] * 1000, 3),
        }
    return out


def dump(*_: Any) -> None:
    with Path(os.environ["KARATE_BENCH_TIMINGS"]).open("a") as file:
        file.write(json.dumps(summary()) + "\n")
    timings.clear()
    intervals.clear()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--data-dir", type=Path, required=True)
    args = parser.parse_args()
    if os.environ.get("KARATE_BENCH_STORE") == "sqlite3":
        sqlite3_store()  # before instrument(), so `store` times the replacement
    if os.environ.get("KARATE_BENCH_NO_DEFLATE") == "1":
        no_deflate()
    if os.environ.get("KARATE_BENCH_NO_STORE") == "1":
        no_store()
    if os.environ.get("KARATE_BENCH_GC_FREEZE") == "1":
        freeze_gc_after_start()
    instrument()
    signal.signal(signal.SIGUSR1, dump)
    gc.callbacks.append(gc_timer)
    from karate.server import serve

    profile = os.environ.get("KARATE_BENCH_PROFILE")  # a path: cProfile the whole server into it
    # uvicorn re-raises the SIGTERM that stopped it once it has shut down: end by SystemExit, so `finally` runs.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    profiler = cProfile.Profile() if profile else None
    if profiler is not None:
        profiler.enable()
    try:
        serve(args.host, args.port, args.data_dir, log_level="warning")
    finally:
        if profiler is not None and profile:
            profiler.disable()
            profiler.dump_stats(profile)
        dump()


if __name__ == "__main__":
    main()
