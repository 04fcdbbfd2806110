"""The agents' job queue over the real API and database (SQLite and PostgreSQL): staff queue, claim, complete and
fail jobs; a claim is a lease no second claimer shares, and a job whose claimer stopped is claimed again, then fails
after three claims; only the holder finishes a job; nobody else may touch the queue. The scheduled agents queue
their jobs once per period however many servers tick, and the resource and workflow agents report what they find."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import update

from karate.agents.context import PlanContext
from karate.db import Database
from karate.db.models import Workflow
from karate.engine.registry import load_builtin_nodes
from karate.services.agent_jobs import MAX_ATTEMPTS, AgentJobQueue, AgentJobType
from karate.services.agent_schedule import AgentScheduler
from karate.services.agent_tools import AgentTools
from tests.agents.conftest import Clock
from tests.api.accounts import SignedInUser, accounts_mode, local_mode, user_fixture
from tests.api.conftest import RunningStudio

studio_settings = accounts_mode()
alice = user_fixture("alice")


@local_mode
async def test_staff_queue_claim_and_complete_jobs_highest_priority_first(client: httpx.AsyncClient) -> None:
    low = (await client.post("/api/v1/agents/jobs", json={"type": "fraud_check", "payload": {"user": "u1"}})).json()
    high = (await client.post("/api/v1/agents/jobs", json={"type": "marketing_digest", "priority": 5})).json()
    assert (low["status"], low["attempts"], low["payload"]) == ("queued", 0, {"user": "u1"})

    first = await client.post("/api/v1/agents/jobs/claim", json={"lease_seconds": 60})
    assert first.status_code == 200 and first.json()["id"] == high["id"]
    assert first.json()["status"] == "running" and first.json()["claimed_by"].startswith("user:")
    only_fraud = (await client.post("/api/v1/agents/jobs/claim", json={"types": ["fraud_check"]})).json()
    assert only_fraud["id"] == low["id"]
    assert (await client.post("/api/v1/agents/jobs/claim", json={})).status_code == 204

    done = await client.post(f"/api/v1/agents/jobs/{high['id']}/complete", json={"result": {"sent": 3}})
    assert (done.json()["status"], done.json()["result"]) == ("completed", {"sent": 3})
    huge = await client.post("/api/v1/agents/jobs", json={"type": "fraud_check", "payload": {"x": "y" * 70_000}})
    assert huge.status_code == 422 and "over the 64 KB a job may carry" in huge.json()["detail"]
    failed = await client.post(f"/api/v1/agents/jobs/{low['id']}/fail", json={"error": "  no such user  "})
    assert (failed.json()["status"], failed.json()["error"]) == ("failed", "no such user")

    again = await client.post(f"/api/v1/agents/jobs/{high['id']}/complete", json={})
    assert again.status_code == 409 and "already completed" in again.json()["detail"]
    listed = (await client.get("/api/v1/agents/jobs", params={"status": "failed"})).json()
    assert [job["id"] for job in listed["items"]] == [low["id"]] and listed["total"] == 1
    unknown = await client.post("/api/v1/agents/jobs", json={"type": "mine_bitcoin"})
    assert unknown.status_code == 422 and "workflow_review" in unknown.json()["detail"]


async def test_only_staff_may_use_the_queue(alice: SignedInUser) -> None:
    for method, path, body in [
        ("POST", "/api/v1/agents/jobs", {"type": "fraud_check"}),
        ("POST", "/api/v1/agents/jobs/claim", {}),
        ("GET", "/api/v1/agents/jobs", None),
    ]:
        refused = await alice.client.request(method, path, json=body)
        assert refused.status_code == 403, (path, refused.text)
        assert "staff" in refused.json()["detail"]


@local_mode
async def test_a_claim_is_held_by_one_claimer_and_comes_back_when_its_lease_runs_out(database: Database) -> None:
    clock = Clock()
    queue = AgentJobQueue(database, clock=clock)
    job = await queue.enqueue(AgentJobType.FRAUD_CHECK, {"user": "u1"})
    assert job is not None

    claims = await asyncio.gather(*(queue.claim_next(f"agent-{n}", lease_seconds=60) for n in range(4)))
    holders = [claim for claim in claims if claim is not None]
    assert len(holders) == 1 and holders[0]["id"] == job["id"]  # one claimer holds it, however many asked
    holder = holders[0]["claimed_by"]

    clock.now += timedelta(seconds=61)  # the holder stopped: its lease runs out
    taken_over = await queue.claim_next("agent-new", lease_seconds=60)
    assert taken_over is not None and (taken_over["id"], taken_over["attempts"]) == (job["id"], 2)
    with pytest.raises(Exception, match="held by another claimer"):
        await queue.complete(job["id"], holder, {})

    for attempt in range(3, MAX_ATTEMPTS + 1):
        clock.now += timedelta(seconds=61)
        assert (await queue.claim_next(f"agent-{attempt}", lease_seconds=60) or {}).get("attempts") == attempt
    clock.now += timedelta(seconds=61)
    assert await queue.claim_next("agent-last", lease_seconds=60) is None
    [failed] = (await queue.list(status=None, job_type=None, limit=10, offset=0))["items"]
    assert failed["status"] == "failed" and f"claimed {MAX_ATTEMPTS} times" in failed["error"]


@local_mode
async def test_scheduled_agents_are_queued_once_per_period_and_report_what_they_find(
    database: Database, client: httpx.AsyncClient, studio: RunningStudio
) -> None:
    broken = {
        "nodes": [
            {"id": "blur", "type": "tool.blur"},  # nothing feeds it
            {"id": "flux", "type": "model.flux_pro_1_1_ultra", "params": {"prompt": "a cat"}},
        ],
        "edges": [],
    }
    created = await client.post("/api/v1/workflows", json={"title": "Poster", "document": broken})
    assert created.status_code == 201, created.text
    template = (await client.post("/api/v1/workflows", json={"title": "A template", "document": broken})).json()
    async with database.session() as session:  # as the studio seeds its templates: not anyone's edit to review
        await session.execute(update(Workflow).where(Workflow.id == template["id"]).values(is_template=True))
        await session.commit()

    clock = Clock()
    # the next day's review reads the day of these edits; at noon, so that ten minutes later is still that day (run
    # just before midnight, the next period's tick would also queue the day after's review)
    clock.now = datetime.now(UTC).replace(hour=12, minute=0, second=0, microsecond=0) + timedelta(days=1)
    queue = AgentJobQueue(database, clock=clock)
    registry = load_builtin_nodes()
    tools = AgentTools(database, studio.settings.data_dir, lambda: PlanContext(registry, frozenset()))
    servers = [AgentScheduler(queue, tools), AgentScheduler(queue, tools)]
    servers[1].claimer += ":second"
    ran = await asyncio.gather(*(server.tick() for server in servers))
    assert sum(ran) == 2  # one resource and one workflow job, queued once though two servers ticked
    assert await servers[0].tick() == 0  # the same period: nothing new

    jobs = {job["type"]: job for job in (await queue.list(status=None, job_type=None, limit=10, offset=0))["items"]}
    assert set(jobs) == {"resource_monitor", "workflow_review"}
    resources = jobs["resource_monitor"]
    assert resources["status"] == "completed"
    assert resources["result"]["disk"]["total_bytes"] > 0 and resources["result"]["runs"]["queued"] == 0
    review = jobs["workflow_review"]["result"]
    assert review["reviewed"] == 1
    texts = {(s["node_id"], s["title"]) for s in review["suggestions"]}
    assert ("blur", "Poster") in texts and ("flux", "Poster") in texts
    assert any("none of its providers has a key" in s["text"] for s in review["suggestions"])

    clock.now += timedelta(minutes=10)
    assert await servers[1].tick() == 1  # the next period's resource check


@local_mode
async def test_the_resource_agent_alerts_the_team_when_the_disk_is_nearly_full(
    database: Database, studio: RunningStudio, monkeypatch: pytest.MonkeyPatch
) -> None:
    from karate.observability.alerts import SlackAlerts
    from karate.services import agent_schedule
    from karate.services.redaction import SecretScrubber
    from tests.observability.fakes import FakeSlack

    monkeypatch.setattr(agent_schedule, "DISK_FREE_BYTES", 1024**5)  # any disk here has less than a pebibyte free
    slack = FakeSlack()
    with slack.server:
        alerts = SlackAlerts(slack.webhook_url, SecretScrubber(), interval=300, service="studio")
        tools = AgentTools(database, studio.settings.data_dir, lambda: PlanContext(load_builtin_nodes()), alerts)
        first = await agent_schedule.monitor_resources(tools, datetime.now(UTC))
        second = await agent_schedule.monitor_resources(tools, datetime.now(UTC))
        [posted] = slack.wait_for(1)
        alerts.flush()
        alerts.close()
    assert len(first["alerts"]) == 1 and "free space" in first["alerts"][0]
    assert second["alerts"] == first["alerts"]  # reported in every result...
    assert (
        posted.startswith("[studio] Resource agent: the data folder's disk has") and len(slack.texts) == 1
    )  # ...told once
