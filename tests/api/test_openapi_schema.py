"""The OpenAPI document tells the truth about errors and enumerations: every error answer is `{detail, code}`
(never FastAPI's HTTPValidationError), every route declares the refusals any request can meet, and statuses,
event types and UI hints are enumerations the editor's types are generated from."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from karate.api.openapi_file import OPENAPI_FILE, openapi_text
from karate.app import create_app
from karate.config import Settings
from karate.engine.events import TERMINAL_RUN_EVENTS
from karate.engine.run_state import NodeStatus, RunStatus
from tests.api.conftest import RunningStudio

EVERYWHERE = {"400", "403", "413", "500", "507"}


@pytest.fixture(scope="module")
def openapi(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("openapi")
    return create_app(Settings(data_dir=folder / "data", web_dist=folder / "no-web")).openapi()


def component(openapi: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    return openapi["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]  # type: ignore[no-any-return]


def operations(openapi: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(f"{method.upper()} {path}", operation) for path, item in openapi["paths"].items()
            for method, operation in item.items()]


def test_every_error_answer_is_declared_as_detail_and_code(openapi: dict[str, Any]) -> None:
    assert "HTTPValidationError" not in openapi["components"]["schemas"]
    for name, operation in operations(openapi):
        errors = {status: answer for status, answer in operation["responses"].items() if int(status) >= 400}
        assert set(errors) >= EVERYWHERE, name
        for status, answer in errors.items():
            if "application/json" not in answer.get("content", {}):
                continue  # a Range refusal of the file route, in Starlette's plain text
            if (name, status) == ("GET /api/v1/health", "503"):
                continue  # the readiness probe answers its checks, which say what failed
            body = component(openapi, answer["content"]["application/json"]["schema"])
            assert {"detail", "code"} <= set(body["required"]), (name, status)
            assert body["properties"]["detail"]["type"] == body["properties"]["code"]["type"] == "string"


def test_routes_with_parameters_declare_their_422_with_every_field_or_graph_problem(openapi: dict[str, Any]) -> None:
    with_input = [(name, operation) for name, operation in operations(openapi)
                  if operation.get("parameters") or operation.get("requestBody")]
    assert len(with_input) >= 12
    for name, operation in with_input:
        body = component(openapi, operation["responses"]["422"]["content"]["application/json"]["schema"])
        assert {"errors", "problems"} <= set(body["properties"]), name
    without_input = [name for name, operation in operations(openapi)
                     if not operation.get("parameters") and not operation.get("requestBody")]
    assert "GET /api/v1/nodes" in without_input
    for name, operation in operations(openapi):
        if name in without_input:
            assert "422" not in operation["responses"], name


def test_a_saved_workflow_conflict_declares_the_current_version(openapi: dict[str, Any]) -> None:
    answer = openapi["paths"]["/api/v1/workflows/{workflow_id}"]["patch"]["responses"]["409"]
    body = component(openapi, answer["content"]["application/json"]["schema"])
    assert body["properties"]["code"]["const"] == "version_conflict"
    assert body["properties"]["current_version"]["type"] == "integer" and "current_version" in body["required"]


def test_statuses_event_types_and_ui_hints_are_enumerations(openapi: dict[str, Any]) -> None:
    schemas = openapi["components"]["schemas"]
    assert schemas["RunStatus"]["enum"] == [status.value for status in RunStatus]
    assert schemas["NodeStatus"]["enum"] == [status.value for status in NodeStatus]
    for model in ("RunSummary", "RunOut"):
        assert schemas[model]["properties"]["status"] == {"$ref": "#/components/schemas/RunStatus"}, model
    assert schemas["CancelOut"]["properties"]["status"]["enum"] == ["cancelling", "cancelled"]
    assert schemas["NodeRunOut"]["properties"]["status"] == {"$ref": "#/components/schemas/NodeStatus"}
    assert schemas["RunAccepted"]["properties"]["status"]["const"] == "queued"
    assert schemas["HealthOut"]["properties"]["status"]["enum"] == ["ok", "degraded"]
    stream = openapi["paths"]["/api/v1/runs/{run_id}/events"]["get"]["responses"]["200"]["content"]
    event_types = stream["text/event-stream"]["schema"]["properties"]["event"]["enum"]
    assert {"run.queued", "node.progress", "node.completed", *TERMINAL_RUN_EVENTS} <= set(event_types)
    ui = schemas["ParamOut"]["properties"]["ui"]["anyOf"][0]["enum"]
    assert {"slider", "textarea", "color", "select", "image-upload"} <= set(ui)


async def test_every_ui_hint_of_the_catalog_is_in_the_enumeration(client: httpx.AsyncClient,
                                                                  openapi: dict[str, Any]) -> None:
    ui = set(openapi["components"]["schemas"]["ParamOut"]["properties"]["ui"]["anyOf"][0]["enum"])
    nodes = (await client.get("/api/v1/nodes")).json()["nodes"]
    used = {param["ui"] for node in nodes for param in node["params_schema"]["properties"].values() if "ui" in param}
    assert used and used <= ui, used - ui


async def test_refusals_before_the_routes_answer_detail_and_code_as_declared(client: httpx.AsyncClient,
                                                                             studio: RunningStudio) -> None:
    refusals = [
        await client.get("/api/v1/workflows", headers={"Host": "evil.example"}),
        await client.post("/api/v1/workflows", json={}, headers={"Origin": "http://evil.example"}),
        await client.post("/api/v1/workflows", content=b"{" + b" " * (64 * 1024 * 1024) + b"}"),
    ]
    assert [response.status_code for response in refusals] == [400, 403, 413]
    for response in refusals:
        assert response.headers["content-type"] == "application/json"
        body = response.json()
        assert isinstance(body["detail"], str) and body["detail"] and isinstance(body["code"], str), body


def test_the_openapi_file_the_editor_types_come_from_matches_the_server() -> None:
    assert json.loads(OPENAPI_FILE.read_text(encoding="utf-8")) == json.loads(openapi_text()), (
        "the API changed since web/openapi.json was written: run `make openapi` (it also regenerates "
        "web/src/api/schema.gen.ts) and commit both")
