"""Two API servers and two workers on loopback, against the local PostgreSQL and Redis and a moto S3 bucket, each
process with its own data folder (as on separate machines): runs submitted to either server are executed by the
workers, their events reach followers on the other server in order, and after `kill -9` of a worker in the middle
of its runs every run still completes exactly once: the other worker takes them over (`run.resumed` says so), reusing
from the shared cache the nodes that had finished. A worker started afterwards finds every result in the shared cache.

The runs wait in a model node whose provider (a local fake Ollama) holds every request until the test lets it
answer, so the kill lands mid-run without a sleep."""

from __future__ import annotations

import asyncio
import collections
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from karate.db import Database
from karate.db.account_tables import CreditEntry, CreditHold
from karate.db.models import Run
from karate.db.repositories import RunRepository
from tests.api.accounts import sign_up
from tests.api.credits_helpers import balance, run_events
from tests.api.helpers import follow_run
from tests.providers.fakes.ollama import FakeOllama
from tests.worker.conftest import REDIS_URL
from tests.worker.processes import StudioProcess, api_server, studio_env, worker

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.timeout(300)]

RUNS = 4


@pytest.fixture
def ollama() -> Iterator[FakeOllama]:
    fake = FakeOllama()
    fake.server.start()
    yield fake
    fake.resume()
    fake.server.stop()


def ask_document(prompt: str) -> dict[str, Any]:
    """A prompt -> GPT-4 (answered by the Ollama fallback, as no OpenAI key is set)."""
    return {
        "schema_version": 1,
        "nodes": [
            {"id": "prompt", "type": "input.prompt", "params": {"text": prompt}},
            {"id": "ask", "type": "model.gpt_4", "params": {}},
        ],
        "edges": [{"id": "e", "source": "prompt", "sourceHandle": "text", "target": "ask", "targetHandle": "prompt"}],
    }


async def _lease_owners(database_url: str, run_ids: list[str]) -> dict[str, str | None]:
    database = Database(database_url)
    try:
        async with database.session() as session:
            rows = await session.execute(select(Run.id, Run.lease_owner).where(Run.id.in_(run_ids)))
            return {run_id: owner for run_id, owner in rows.all()}
    finally:
        await database.dispose()


async def _ends(database_url: str, run_ids: list[str]) -> dict[tuple[str, str], int]:
    """How many run.* end events each run has in the database, by (run, type)."""
    database = Database(database_url)
    try:
        ends: collections.Counter[tuple[str, str]] = collections.Counter()
        async with database.session() as session:
            for run_id in run_ids:
                for event in await RunRepository(session).events_after(run_id, 0):
                    if event["type"] in ("run.completed", "run.failed", "run.cancelled"):
                        ends[run_id, event["type"]] += 1
        return dict(ends)
    finally:
        await database.dispose()


def _pid(worker_name: str) -> int:
    """The process id in a worker's name (host:pid:random)."""
    return int(worker_name.split(":")[1])


class Cluster:
    """The settings of a test's processes: one database, one Redis prefix, one bucket and one signing secret
    shared (the cache index is in the database, results in the bucket); a data folder of its own for each."""

    def __init__(self, tmp_path: Path, shared: dict[str, str]) -> None:
        self.tmp_path = tmp_path
        self.shared = shared
        self.started = 0

    def env(self) -> dict[str, str]:
        """The environment of the next process started."""
        self.started += 1
        return {**self.shared, "KARATE_DATA_DIR": str(self.tmp_path / f"process-{self.started}")}


@pytest.fixture
def cluster(
    tmp_path: Path, fresh_postgres: str, redis_prefix: str, ollama: FakeOllama, s3_url: str, s3_endpoint: str
) -> Cluster:
    return Cluster(tmp_path, cluster_env(tmp_path, fresh_postgres, redis_prefix, ollama, s3_url, s3_endpoint))


def cluster_env(
    tmp_path: Path, database_url: str, redis_prefix: str, ollama: FakeOllama, s3_url: str, s3_endpoint: str, **more: str
) -> dict[str, str]:
    """What every process of a test shares (see `Cluster`)."""
    return studio_env(
        **more,
        storage_url=s3_url,
        s3_endpoint_url=s3_endpoint,
        signing_secret="the-same-secret-in-every-process",
        database_url=database_url,
        redis_url=REDIS_URL,
        dispatch="queue",
        queue_prefix=redis_prefix,
        run_lease_s="6",
        run_concurrency=str(RUNS),
        examples_dir=str(tmp_path / "no-examples"),
        workers="2",
        provider_retry_base_delay="0.01",
        OLLAMA_HOST=ollama.url,
    )


def _chat_requests(fake: FakeOllama) -> int:
    return len(fake.received("POST", "/api/chat"))


async def test_runs_submitted_to_either_server_complete_once_after_a_worker_is_killed_mid_run(
    cluster: Cluster, fresh_postgres: str, ollama: FakeOllama
) -> None:
    ollama.pause()
    # the first server migrates the database before the second starts (its context is entered first)
    async with api_server(cluster.env()) as first, api_server(cluster.env()) as second:
        servers = (first, second)
        async with worker(cluster.env()) as one, worker(cluster.env()) as two:
            workers = {one.pid: one, two.pid: two}
            run_ids, survivor = await _kill_one_worker_mid_run(servers, workers, fresh_postgres, ollama)
        assert survivor.process.returncode == 0, survivor.output()  # SIGTERM with nothing running: a clean stop
        # A worker that did none of this, on a data folder of its own, finds every result in the shared cache.
        asked = _chat_requests(ollama)
        async with worker(cluster.env()) as newcomer:
            async with httpx.AsyncClient(base_url=second.url, timeout=30) as client:
                answer = await client.post("/api/v1/runs", json={"workflow": ask_document("question 0")})
            assert answer.status_code == 202, answer.text
            async with asyncio.timeout(60):
                events = await follow_run(first.ws_url, answer.json()["id"])
        assert events[-1]["type"] == "run.completed", (events, newcomer.output())
        assert {e["node_id"] for e in events if e["type"] == "node.cached"} == {"prompt", "ask"}, events
        assert _chat_requests(ollama) == asked, "the model was not asked again"
        async with httpx.AsyncClient(base_url=first.url, timeout=30, follow_redirects=True) as client:
            run = (await client.get(f"/api/v1/runs/{run_ids[0]}?node=ask")).json()
            assert run["nodes"]["ask"]["status"] == "completed", run


async def _kill_one_worker_mid_run(
    servers: tuple[StudioProcess, StudioProcess],
    workers: dict[int, StudioProcess],
    database_url: str,
    ollama: FakeOllama,
) -> tuple[list[str], StudioProcess]:
    """Submit RUNS runs alternately to the two servers, kill -9 the worker holding most of them while they wait in
    their model node, and check every run completes exactly once, followed on the other server. Returns the run
    ids and the surviving worker."""
    run_ids: list[str] = []
    for index in range(RUNS):
        async with httpx.AsyncClient(base_url=servers[index % 2].url, timeout=30) as client:
            answer = await client.post("/api/v1/runs", json={"workflow": ask_document(f"question {index}")})
        assert answer.status_code == 202, answer.text
        run_ids.append(answer.json()["id"])
    # Each run is followed on the server it was not submitted to.
    followers = [
        asyncio.create_task(follow_run(servers[(index + 1) % 2].ws_url, run_id)) for index, run_id in enumerate(run_ids)
    ]
    # Every run is now waiting in its model node, on one worker or the other.
    assert await asyncio.to_thread(ollama.wait_for, lambda fake: _chat_requests(fake) >= RUNS, 120), (
        "the runs did not all reach their model node:\n" + "\n".join(w.output() for w in workers.values())
    )
    owners = await _lease_owners(database_url, run_ids)
    per_worker = collections.Counter(_pid(owner) for owner in owners.values() if owner)
    assert sum(per_worker.values()) == RUNS, owners
    victim_pid, victim_runs = per_worker.most_common(1)[0]
    victim = workers[victim_pid]
    survivor: StudioProcess = next(w for pid, w in workers.items() if pid != victim_pid)
    victim.process.kill()  # SIGKILL: no shutdown code runs, its leases stay until they expire
    await victim.process.wait()
    ollama.resume()

    async with asyncio.timeout(180):
        streams = await asyncio.gather(*followers)

    for run_id, events in zip(run_ids, streams, strict=True):
        seqs = [event["seq"] for event in events]
        assert seqs == sorted(set(seqs)), f"run {run_id}: events out of order or repeated: {seqs}"
        assert events[-1]["type"] == "run.completed", (events[-1], survivor.output())
        assert [event["type"] for event in events].count("run.completed") == 1
    taken_over = [run_id for run_id, owner in owners.items() if owner and _pid(owner) == victim_pid]
    assert len(taken_over) == victim_runs
    for run_id in taken_over:
        events = streams[run_ids.index(run_id)]
        # started twice (by the killed worker, then by the survivor, which says why first); the prompt reused from
        # the cache
        types = [event["type"] for event in events]
        assert types.count("run.started") == 2 and types.count("run.resumed") == 1, events
        resumed = types.index("run.resumed")
        assert types[resumed + 1] == "run.started" and events[resumed]["reason"] == "worker_stopped", events
        assert any(e["type"] == "node.cached" and e["node_id"] == "prompt" for e in events), events

    for index, run_id in enumerate(run_ids):
        async with httpx.AsyncClient(base_url=servers[index % 2].url, timeout=30) as client:
            run = (await client.get(f"/api/v1/runs/{run_id}")).json()
        assert run["status"] == "completed", run
        assert run["nodes"]["ask"]["status"] == "completed", run["nodes"]
    assert await _ends(database_url, run_ids) == {(run_id, "run.completed"): 1 for run_id in run_ids}
    assert set((await _lease_owners(database_url, run_ids)).values()) == {None}
    # The provider answered each run once, and the taken-over runs once more: nothing ran twice.
    assert _chat_requests(ollama) == RUNS + victim_runs
    return run_ids, survivor


async def test_a_worker_stopped_mid_run_hands_it_back_to_another_and_cancels_reach_workers(
    cluster: Cluster, fresh_postgres: str, ollama: FakeOllama
) -> None:
    ollama.pause()
    async with api_server(cluster.env()) as server, worker(cluster.env()) as leaving:
        async with httpx.AsyncClient(base_url=server.url, timeout=30) as client:
            answer = await client.post("/api/v1/runs", json={"workflow": ask_document("stay or go")})
        assert answer.status_code == 202, answer.text
        run_id = answer.json()["id"]
        following = asyncio.create_task(follow_run(server.ws_url, run_id))
        assert await asyncio.to_thread(ollama.wait_for, lambda fake: _chat_requests(fake) >= 1, 120), leaving.output()
        async with worker(cluster.env()) as staying:
            leaving.process.terminate()  # SIGTERM: its run cannot finish within the grace period (the provider waits)
            assert await asyncio.wait_for(leaving.process.wait(), 60) == 0, leaving.output()
            assert "handed run" in leaving.output()
            ollama.resume()
            async with asyncio.timeout(120):
                events = await following
            assert events[-1]["type"] == "run.completed", (events, staying.output())
            types = [event["type"] for event in events]
            assert "run.cancelled" not in types and types.count("run.started") == 2, types
            assert types.count("run.resumed") == 1 and types[types.index("run.resumed") + 1] == "run.started", types
            seqs = [event["seq"] for event in events]
            assert seqs == sorted(set(seqs)), seqs
            assert await _ends(fresh_postgres, [run_id]) == {(run_id, "run.completed"): 1}
            assert _chat_requests(ollama) == 2  # asked by the worker that left, then once by the one that stayed

            # A cancel answered by the server reaches the worker executing the run.
            ollama.pause()
            async with httpx.AsyncClient(base_url=server.url, timeout=30) as client:
                answer = await client.post("/api/v1/runs", json={"workflow": ask_document("never mind")})
                cancelled_id = answer.json()["id"]
                following = asyncio.create_task(follow_run(server.ws_url, cancelled_id))
                assert await asyncio.to_thread(ollama.wait_for, lambda fake: _chat_requests(fake) >= 3, 120)
                cancel = await client.delete(f"/api/v1/runs/{cancelled_id}")
                assert cancel.status_code == 202 and cancel.json()["status"] == "cancelling", cancel.text
                async with asyncio.timeout(60):
                    events = await following
                assert events[-1]["type"] == "run.cancelled", (events, staying.output())
                run = (await client.get(f"/api/v1/runs/{cancelled_id}")).json()
                assert run["status"] == "cancelled" and run["finished_at"] is not None, run


async def _credit_rows(database_url: str, run_id: str) -> tuple[list[tuple[str, str]], list[tuple[str, int]]]:
    """The run's holds (node, status) and its ledger rows (kind, amount)."""
    database = Database(database_url)
    try:
        async with database.session() as session:
            holds = await session.execute(
                select(CreditHold.node_id, CreditHold.status).where(CreditHold.run_id == run_id)
            )
            ledger = await session.execute(
                select(CreditEntry.kind, CreditEntry.amount)
                .where(CreditEntry.run_id == run_id)
                .order_by(CreditEntry.id)
            )
            return [tuple(row) for row in holds.all()], [tuple(row) for row in ledger.all()]  # type: ignore[misc]
    finally:
        await database.dispose()


async def test_a_run_taken_over_after_a_kill_charges_its_model_node_once(
    cluster: Cluster, fresh_postgres: str, ollama: FakeOllama
) -> None:
    ollama.pause()
    cluster.shared["KARATE_AUTH"] = "true"
    async with api_server(cluster.env()) as server, worker(cluster.env()) as one, worker(cluster.env()) as two:
        user = await sign_up(server.url, "payer")
        try:
            before = await balance(user.client)
            answer = await user.client.post("/api/v1/runs", json={"workflow": ask_document("worth paying for")})
            assert answer.status_code == 202, answer.text
            run_id = answer.json()["id"]
            following = asyncio.create_task(run_events(user.client, run_id))
            assert await asyncio.to_thread(ollama.wait_for, lambda fake: _chat_requests(fake) >= 1, 120)
            owner = (await _lease_owners(fresh_postgres, [run_id]))[run_id]
            assert owner is not None
            victim = {one.pid: one, two.pid: two}[_pid(owner)]
            assert await balance(user.client) < before  # held before the provider was asked
            victim.process.kill()
            await victim.process.wait()
            ollama.resume()
            async with asyncio.timeout(120):
                events = await following
            assert events[-1]["type"] == "run.completed", events
            assert _chat_requests(ollama) == 2  # the model ran again under the worker that took over
            spent = before - await balance(user.client)
            assert spent > 0
            holds, ledger = await _credit_rows(fresh_postgres, run_id)
            assert holds == [("ask", "settled")]
            assert ledger == [("hold", -spent)]  # one charge, never refunded and charged again
        finally:
            await user.client.aclose()
