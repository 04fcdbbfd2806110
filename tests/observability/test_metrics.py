"""/metrics in the Prometheus text format: after runs through a studio with accounts (model nodes calling a fake
Replicate, credits charged), every family has moved: HTTP latency by route template, runs by status, node
durations by type, provider latency and errors by provider, the queue of waiting runs, credits spent. Only the
metrics token's bearer or an admin reads it when accounts are on; in local mode it is open."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from pydantic import SecretStr

from karate.config import Settings
from karate.observability import observe_worker
from karate.observability.metrics import provider_call_ended
from karate.providers import ProviderHub
from tests.api.accounts import SignedInUser, local_mode, user_fixture
from tests.api.conftest import RunningStudio
from tests.api.credits_helpers import FLUX, FLUX_CREDITS, flux_document, run_events, with_fake_replicate
from tests.local_server import free_socket
from tests.providers.fakes import FakeProvider

TOKEN = "metrics-token-for-the-scraper-0123456789"


@pytest.fixture
def studio_settings(studio_settings: Settings, replicate: FakeProvider, request: pytest.FixtureRequest) -> Settings:
    if getattr(request, "param", None) == "local":
        return studio_settings
    return with_fake_replicate(
        studio_settings,
        replicate,
        signup_credits=10 * FLUX_CREDITS,
        metrics_token=SecretStr(TOKEN),
        run_concurrency=1,  # a second run waits in the queue while the first one runs
    )


alice = user_fixture("alice")


class Scrape:
    """One reading of /metrics: sample values by name and labels."""

    def __init__(self, text: str) -> None:
        self.samples = [
            (sample.name, sample.labels, sample.value)
            for family in text_string_to_metric_families(text)
            for sample in family.samples
        ]

    def value(self, name: str, **labels: str) -> float:
        """The sum of the samples called `name` whose labels include `labels` (0 when there are none)."""
        return sum(
            value
            for sample, have, value in self.samples
            if sample == name and all(have.get(key) == want for key, want in labels.items())
        )

    def label_values(self, name: str, label: str) -> set[str]:
        return {have[label] for sample, have, _ in self.samples if sample == name and label in have}


async def scrape(studio: RunningStudio) -> Scrape:
    async with httpx.AsyncClient(base_url=studio.url, headers={"authorization": f"Bearer {TOKEN}"}) as scraper:
        answer = await scraper.get("/metrics")
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("text/plain")
    return Scrape(answer.text)


async def run_to_end(user: SignedInUser, document: dict) -> list[dict]:
    answer = await user.client.post("/api/v1/runs", json={"workflow": document})
    assert answer.status_code == 202, answer.text
    return await run_events(user.client, answer.json()["id"])


async def test_every_family_moves_after_runs(
    studio: RunningStudio, alice: SignedInUser, replicate: FakeProvider
) -> None:
    before = await scrape(studio)
    assert before.value("karate_queue_depth") == 0

    events = await run_to_end(alice, flux_document("a red fox in snow"))
    assert events[-1]["type"] == "run.completed", events[-1]
    replicate.fail_job = "the prompt was flagged by the safety checker"
    events = await run_to_end(alice, flux_document("a lighthouse in a storm"))
    assert events[-1]["type"] == "run.failed", events[-1]

    replicate.reset()
    replicate.hang = True  # the next run holds the only run slot; the one after it waits in the queue
    running = (await alice.client.post("/api/v1/runs", json={"workflow": flux_document("a slow fox")})).json()["id"]
    assert await asyncio.to_thread(replicate.wait_for, lambda fake: fake.received("POST", "/predictions"), 20)
    waiting = (await alice.client.post("/api/v1/runs", json={"workflow": flux_document("a patient fox")})).json()
    during = await scrape(studio)
    for run_id in (waiting["id"], running):
        assert (await alice.client.delete(f"/api/v1/runs/{run_id}")).status_code == 202
        await run_events(alice.client, run_id)
    after = await scrape(studio)

    def moved(name: str, **labels: str) -> float:
        return after.value(name, **labels) - before.value(name, **labels)

    http = "karate_http_request_duration_seconds_count"
    assert moved(http, route="/api/v1/runs", method="POST", status="202") == 4
    assert moved(http, route="/api/v1/runs/{run_id}/events", method="GET", status="200") == 4
    routes = after.label_values(http, "route")
    assert not {route for route in routes if waiting["id"] in route or running in route}, routes  # templates only
    assert moved("karate_runs_total", status="completed") == 1
    assert moved("karate_runs_total", status="failed") == 1
    assert moved("karate_runs_total", status="cancelled") == 2
    assert moved("karate_node_duration_seconds_count", node_type=FLUX) == 2  # the cancelled one never ended
    assert moved("karate_node_duration_seconds_sum", node_type=FLUX) > 0
    assert moved("karate_provider_request_duration_seconds_count", provider="replicate") == 2
    assert moved("karate_provider_errors_total", provider="replicate", kind="provider_job_failed") == 1
    assert during.value("karate_queue_depth") >= 1 and after.value("karate_queue_depth") == 0
    assert moved("karate_credits_spent_total") == FLUX_CREDITS  # the failed node's credits went back


async def test_only_the_scraper_and_admins_read_the_metrics(studio: RunningStudio, alice: SignedInUser) -> None:
    async with httpx.AsyncClient(base_url=studio.url) as anonymous:
        refused = await anonymous.get("/metrics")
        assert refused.status_code == 401 and "KARATE_METRICS_TOKEN" in refused.json()["detail"]
        wrong = await anonymous.get("/metrics", headers={"authorization": "Bearer not-the-token"})
        assert wrong.status_code == 401
    assert (await alice.client.get("/metrics")).status_code == 403
    as_scraper = await alice.client.get("/metrics", headers={"authorization": f"Bearer {TOKEN}"})
    assert as_scraper.status_code == 200 and "karate_runs_total" in as_scraper.text


@local_mode
async def test_in_local_mode_the_metrics_are_open_on_loopback(client: httpx.AsyncClient) -> None:
    answer = await client.get("/metrics")
    assert answer.status_code == 200
    assert "karate_http_request_duration_seconds" in answer.text and "karate_queue_depth" in answer.text


def test_a_worker_serves_its_metrics_on_its_own_port(tmp_path: Path) -> None:
    with free_socket() as sock:
        port = sock.getsockname()[1]
    settings = Settings(data_dir=tmp_path, worker_metrics_port=port)
    hub = ProviderHub(settings)
    observability = observe_worker(settings)
    observability.watch(hub)
    try:
        assert provider_call_ended in hub.observers
        answer = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=10)
        assert answer.status_code == 200 and "karate_provider_request_duration_seconds" in answer.text
    finally:
        observability.close()
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=10)
