"""The CPU time (user and system, all threads of this process) the studio spends recording a 401-node run through
its run journal: the 805 events and 401 node records of a chain of 400 nodes, given to the journal as a run gives
them and committed in 6 batches (as a chain run's are: bench/scale/README.md), on a fresh SQLite database.

Run by `run.py journal` once with this checkout's `karate` and once with a baseline's (PYTHONPATH): it records the
events as the `karate` it imports does, in chunks (`EventChunks`, a row per batch) or, before them, a row each
(`_INSERT_EVENT`). Prints one JSON object: the CPU milliseconds of each counted repetition, with and without the node
records.

    .venv/bin/python bench/scale/journal_cost.py --repeat 40
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from karate.db import Database
from karate.engine.events import Event
from karate.services import run_recording
from karate.services.journal import RunJournal

CHUNKED = hasattr(run_recording, "EventChunks")
BATCHES = 6
WARM_UP = 3


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def chain_events(run_id: str, nodes: int = 401) -> list[Event]:
    """The events of a completed chain run of `nodes` nodes, numbered as its event bus numbers them."""
    events = [Event(1, "run.queued", run_id, {}), Event(2, "run.started", run_id, {"nodes": nodes})]
    outputs = {"image": {"kind": "image", "asset_id": "ab" * 32, "width": 64, "height": 64}}
    for index in range(nodes):
        seq = len(events) + 1
        events.append(Event(seq, "node.started", run_id, {}, f"n{index}"))
        events.append(Event(seq + 1, "node.completed", run_id, {"outputs": outputs, "duration_ms": 0.1}, f"n{index}"))
    events.append(Event(len(events) + 1, "run.completed", run_id, {"executed": nodes}))
    return events


def recorder(journal: RunJournal, run_id: str) -> Callable[[Event], None]:
    """What RunRecorder.follow does with each event, as the imported `karate` does it."""
    if not CHUNKED:
        return lambda event: journal.write_nowait(
            run_recording._INSERT_EVENT,  # type: ignore[attr-defined]  # a baseline's
            {"run_id": run_id, "seq": event.seq, "type": event.type, "payload": event.to_json()},
        )
    return run_recording.EventChunks(journal, run_id).add


async def measure(repeat: int, records: bool) -> list[float]:
    folder = tempfile.mkdtemp(prefix="karate-journal-")
    database = Database(f"sqlite+aiosqlite:///{folder}/karate.sqlite3")
    await database.migrate()
    journal = RunJournal(database, first=run_recording.JOURNAL_FIRST, last=run_recording.JOURNAL_LAST)
    journal.start()
    upsert = run_recording._upsert_node_run("sqlite")
    now = datetime.now(UTC)
    spent = []
    try:
        for index in range(WARM_UP + repeat):
            run_id = f"{index:032d}"
            journal.write_nowait(run_recording.INSERT_RUN, _run_row(run_id, now))
            await journal.flushed()
            events = chain_events(run_id)
            record = recorder(journal, run_id)
            size = -(-len(events) // BATCHES)
            started = cpu_seconds()
            for batch in (events[at : at + size] for at in range(0, len(events), size)):
                for event in batch:
                    record(event)
                    if records and event.type == "node.completed":
                        journal.write_nowait(upsert, _node_row(run_id, event, now))
                await journal.flushed()
            if index >= WARM_UP:
                spent.append(round((cpu_seconds() - started) * 1000, 2))
    finally:
        await journal.stop()
        await database.dispose()
    return spent


def _run_row(run_id: str, now: datetime) -> dict[str, Any]:
    return {
        "id": run_id,
        "workflow_id": None,
        "owner_id": None,
        "status": "queued",
        "document": {"nodes": [], "edges": []},
        "targets": None,
        "created_at": now,
        "version_id": None,
    }


def _node_row(run_id: str, event: Event, now: datetime) -> dict[str, Any]:
    return {
        "run_id": run_id,
        "node_id": event.node_id,
        "node_type": "tool.invert",
        "status": "completed",
        "cached": False,
        "outputs": event.data["outputs"],
        "error": None,
        "started_at": now,
        "finished_at": now,
        "duration_ms": 0.1,
    }


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=40, help="counted repetitions (after 3 not counted)")
    args = parser.parse_args()
    figures = {
        "events_stored": "in chunks" if CHUNKED else "a row each",
        "events_only_ms": await measure(args.repeat, records=False),
        "events_and_node_records_ms": await measure(args.repeat, records=True),
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    asyncio.run(main())
