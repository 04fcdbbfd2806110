"""Running model nodes against a fake Replicate in tests of credits: the studio's settings, a workflow of
Flux nodes, and following a run's events with a signed-in user's client."""

from __future__ import annotations

import json
from typing import Any

import httpx
from pydantic import SecretStr

from karate.config import Settings
from tests.providers.conftest import KEY_FIELDS
from tests.providers.fakes import TEST_KEY, FakeProvider

FLUX = "model.flux_pro_1_1_ultra"  # 6 credits; its first route is Replicate's
FLUX_CREDITS = 6


def with_fake_replicate(settings: Settings, replicate: FakeProvider, **overrides: Any) -> Settings:
    """Accounts on, and only Replicate configured: pointed at the fake, with fast polls and retries."""
    keys: dict[str, Any] = dict.fromkeys(KEY_FIELDS)
    return settings.model_copy(
        update={
            **keys,
            "auth": True,
            "replicate_api_token": SecretStr(TEST_KEY),
            "replicate_base_url": replicate.url,
            "replicate_wait_seconds": 0,
            "provider_retry_base_delay": 0.01,
            "provider_retry_max_delay": 0.05,
            "provider_poll_interval": 0.01,
            "provider_poll_max_interval": 0.02,
            "provider_call_timeout": 10.0,
            **overrides,
        }
    )


def flux_document(*prompts: str) -> dict[str, Any]:
    """Prompt → Flux for each prompt, side by side (nodes flux0, flux1, ...)."""
    nodes: list[dict[str, Any]] = []
    edges = []
    for index, prompt in enumerate(prompts):
        nodes += [
            {"id": f"prompt{index}", "type": "input.prompt", "params": {"text": prompt}},
            {"id": f"flux{index}", "type": FLUX, "params": {}},
        ]
        edges.append(
            {
                "id": f"e{index}",
                "source": f"prompt{index}",
                "sourceHandle": "text",
                "target": f"flux{index}",
                "targetHandle": "prompt",
            }
        )
    return {"schema_version": 1, "nodes": nodes, "edges": edges}


async def run_events(client: httpx.AsyncClient, run_id: str) -> list[dict[str, Any]]:
    """Every event of a run (server-sent events, with the client's credentials) until the stream ends."""
    events = []
    async with client.stream("GET", f"/api/v1/runs/{run_id}/events", timeout=60) as stream:
        assert stream.status_code == 200, await stream.aread()
        async for line in stream.aiter_lines():
            if line.startswith("data:"):
                events.append(json.loads(line[5:]))
    return events


async def balance(client: httpx.AsyncClient) -> int:
    answer = await client.get("/api/v1/credits")
    assert answer.status_code == 200, answer.text
    return int(answer.json()["balance"])
