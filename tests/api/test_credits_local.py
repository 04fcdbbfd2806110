"""Local mode shows the price of a run and charges nothing: the estimate has no balance to compare with."""

from __future__ import annotations

import httpx
import pytest
from pydantic import SecretStr

from karate.catalog import get_entry
from karate.config import Settings
from karate.engine.registry import load_builtin_nodes
from karate.services.credits_estimate import node_price
from tests.api.credits_helpers import FLUX, FLUX_CREDITS, flux_document
from tests.api.helpers import chain_document


@pytest.fixture
def studio_settings(studio_settings: Settings) -> Settings:
    """A studio with a Replicate key (never called: estimates call no provider), so Flux is on offer."""
    return studio_settings.model_copy(update={"replicate_api_token": SecretStr("r8_estimate_only")})


async def test_local_mode_prices_a_run_without_a_balance(client: httpx.AsyncClient) -> None:
    answer = await client.post("/api/v1/runs/estimate", json={"workflow": flux_document("a fox", "an owl")})
    assert answer.status_code == 200, answer.text
    price = answer.json()
    assert (price["total"], price["charged"], price["balance"], price["shortfall"]) == (
        2 * FLUX_CREDITS,
        False,
        None,
        0,
    )
    assert [node["credits"] for node in price["nodes"] if node["type"] == FLUX] == [FLUX_CREDITS, FLUX_CREDITS]
    assert {node["credits"] for node in price["nodes"] if node["type"] == "input.prompt"} == {0}
    credits = (await client.get("/api/v1/credits")).json()
    assert credits["charged"] is False and credits["balance"] == 0


async def test_an_estimate_of_a_saved_workflow_lists_blocked_nodes_as_free(client: httpx.AsyncClient) -> None:
    document = chain_document("0" * 64)
    document["nodes"].append({"id": "loose", "type": FLUX, "params": {}})  # its prompt is not connected
    saved = (await client.post("/api/v1/workflows", json={"title": "t", "document": document})).json()
    price = (await client.post("/api/v1/runs/estimate", json={"workflow_id": saved["id"]})).json()
    assert price["total"] == 0
    assert {node["node_id"]: node["plan"] for node in price["nodes"]}["loose"] == "blocked"
    both = await client.post("/api/v1/runs/estimate", json={"workflow_id": saved["id"], "workflow": document})
    assert both.status_code == 422 and "either" in both.json()["detail"]


def test_tools_that_run_a_catalog_model_cost_that_models_credits() -> None:
    registry = load_builtin_nodes()
    for tool, model in (("tool.depth", "model.depth_anything"), ("tool.describe", "model.image_describer")):
        cls, entry = registry.get(tool), get_entry(model)
        assert cls is not None and entry is not None
        assert node_price(cls.spec) == entry.credits > 0, tool


async def test_a_graph_of_which_nothing_can_run_yet_is_priced_at_nothing(client: httpx.AsyncClient) -> None:
    document = {"nodes": [{"id": "lone", "type": FLUX, "params": {}}], "edges": []}  # no prompt connected yet
    answer = await client.post("/api/v1/runs/estimate", json={"workflow": document})
    assert answer.status_code == 200, answer.text
    assert answer.json()["total"] == 0 and [n["plan"] for n in answer.json()["nodes"]] == ["blocked"]


async def test_a_model_no_configured_provider_offers_is_priced_at_nothing(client: httpx.AsyncClient) -> None:
    document = flux_document("a fox")
    wan = "model.wan_2_2_image"  # offered by fal only, and this studio has only a Replicate key
    document["nodes"] = [{**node, "type": wan} if node["type"] == FLUX else node for node in document["nodes"]]
    price = (await client.post("/api/v1/runs/estimate", json={"workflow": document})).json()
    assert {node["node_id"]: (node["plan"], node["credits"]) for node in price["nodes"]}["flux0"] == ("unavailable", 0)
    assert price["total"] == 0
