"""GET /api/v1/providers and model inference: configured providers are listed, keys never leave the server."""

from __future__ import annotations

import asyncio

import httpx
import pytest

SECRET = "r8_secret-token-that-must-never-leave"


@pytest.fixture
def provider_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Provider keys as the server sees them at start (requested before `client`, which starts it)."""
    for name in (
        "REPLICATE_API_TOKEN",
        "FAL_KEY",
        "OPENAI_API_KEY",
        "STABILITY_API_KEY",
        "GEMINI_API_KEY",
        "GOOGLE_API_KEY",
        "RUNWAYML_API_SECRET",
        "LUMAAI_API_KEY",
        "ANTHROPIC_API_KEY",
        "OLLAMA_HOST",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("OPENAI_API_KEY", SECRET)


async def test_providers_say_whether_they_are_configured_without_the_key(
    provider_env: None, client: httpx.AsyncClient
) -> None:
    response = await client.get("/api/v1/providers")
    assert response.status_code == 200
    providers = {p["name"]: p for p in response.json()["providers"]}
    assert providers["openai"]["configured"] is True and providers["openai"]["env"] == "OPENAI_API_KEY"
    assert providers["replicate"]["configured"] is False
    assert SECRET not in response.text


async def test_infer_runs_a_catalog_model_and_says_which_key_is_missing(
    provider_env: None, client: httpx.AsyncClient
) -> None:
    response = await client.post(
        "/api/v1/ai/infer", json={"model": "model.flux_pro_1_1_ultra", "prompt": "a red fox in snow"}
    )
    assert response.status_code == 202, response.text
    run_id = response.json()["task_id"]
    for _ in range(100):
        run = (await client.get(f"/api/v1/runs/{run_id}")).json()
        if run["status"] in ("completed", "failed"):
            break
        await asyncio.sleep(0.05)
    assert run["status"] == "failed"
    error = run["nodes"]["model"]["error"]
    assert "REPLICATE_API_TOKEN" in error["message"] and "Flux Pro 1.1 Ultra" in error["message"]
    assert SECRET not in str(run)
    catalog = (await client.get("/api/v1/nodes")).text
    assert SECRET not in catalog and "model.flux_pro_1_1_ultra" in catalog
