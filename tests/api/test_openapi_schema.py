"""The OpenAPI document tells the truth about errors and enumerations: every error answer is `{detail, code}`
(never FastAPI's HTTPValidationError), every route declares the refusals any request can meet, and statuses,
event types and UI hints are enumerations the editor's types are generated from. It is the one contract
between server and editor: what the server sends matches it, the editor's types are generated from it, and
the editor checks connections with the engine's own table."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any, get_args

import httpx
import pytest
from pydantic import TypeAdapter

from karate.api.event_schemas import RunEvent
from karate.api.node_schemas import NodeCatalog
from karate.api.openapi_file import OPENAPI_FILE, openapi_text
from karate.api.run_schemas import RunOut
from karate.api.schemas import ProblemCode
from karate.app import create_app
from karate.config import Settings
from karate.engine.events import TERMINAL_RUN_EVENTS, EventType
from karate.engine.run_state import NodeStatus, RunStatus
from karate.engine.types import PortSpec, PortType, can_connect, connection_table
from tests.api.conftest import RunningStudio
from tests.api.helpers import chain_document, follow_run, png_bytes

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "web"

EVERYWHERE = {"400", "403", "413", "500", "507"}


@pytest.fixture(scope="module")
def openapi(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("openapi")
    return create_app(Settings(data_dir=folder / "data", web_dist=folder / "no-web")).openapi()


def component(openapi: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    return openapi["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]  # type: ignore[no-any-return]


def operations(openapi: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [
        (f"{method.upper()} {path}", operation)
        for path, item in openapi["paths"].items()
        for method, operation in item.items()
    ]


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
    with_input = [
        (name, operation)
        for name, operation in operations(openapi)
        if operation.get("parameters") or operation.get("requestBody")
    ]
    assert len(with_input) >= 12
    for name, operation in with_input:
        body = component(openapi, operation["responses"]["422"]["content"]["application/json"]["schema"])
        assert {"errors", "problems"} <= set(body["properties"]), name
    without_input = [
        name
        for name, operation in operations(openapi)
        if not operation.get("parameters") and not operation.get("requestBody")
    ]
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
    for model in ("RunListItem", "RunOut"):
        assert schemas[model]["properties"]["status"] == {"$ref": "#/components/schemas/RunStatus"}, model
    assert schemas["CancelOut"]["properties"]["status"]["enum"] == ["cancelling", "cancelled"]
    assert schemas["NodeRunOut"]["properties"]["status"] == {"$ref": "#/components/schemas/NodeStatus"}
    assert schemas["RunAccepted"]["properties"]["status"]["const"] == "queued"
    assert schemas["HealthOut"]["properties"]["status"]["enum"] == ["ok", "degraded"]
    stream = openapi["paths"]["/api/v1/runs/{run_id}/events"]["get"]["responses"]["200"]["content"]
    assert stream["text/event-stream"]["schema"]["properties"]["event"] == {"$ref": "#/components/schemas/EventType"}
    event_types = schemas["EventType"]["enum"]
    assert {"run.queued", "node.progress", "node.completed", *TERMINAL_RUN_EVENTS} <= set(event_types)
    assert schemas["ParamOut"]["properties"]["ui"] == {"$ref": "#/components/schemas/UiHint"}
    ui = schemas["UiHint"]["enum"]
    assert {"slider", "textarea", "color", "select", "image-upload"} <= set(ui)


async def test_every_ui_hint_of_the_catalog_is_in_the_enumeration(
    client: httpx.AsyncClient, openapi: dict[str, Any]
) -> None:
    ui = set(openapi["components"]["schemas"]["UiHint"]["enum"])
    nodes = (await client.get("/api/v1/nodes")).json()["nodes"]
    used = {param["ui"] for node in nodes for param in node["params_schema"]["properties"].values() if "ui" in param}
    assert used and used <= ui, used - ui


async def test_refusals_before_the_routes_answer_detail_and_code_as_declared(
    client: httpx.AsyncClient, studio: RunningStudio
) -> None:
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
        "web/src/api/schema.gen.ts) and commit both"
    )


def test_the_editor_types_are_generated_from_the_openapi_file(tmp_path: Path) -> None:
    generator = WEB / "node_modules" / ".bin" / "openapi-typescript"
    if not generator.exists() or shutil.which("node") is None:
        pytest.skip("the web app's packages are not installed (make web-test installs them)")
    fresh = tmp_path / "schema.gen.ts"
    subprocess.run(
        [str(generator), str(OPENAPI_FILE), "-o", str(fresh)], cwd=WEB, check=True, capture_output=True, timeout=120
    )
    assert fresh.read_text(encoding="utf-8") == (WEB / "src/api/schema.gen.ts").read_text(encoding="utf-8"), (
        "web/src/api/schema.gen.ts is not what web/openapi.json generates: run `make openapi` and commit both"
    )


def test_the_published_connection_table_is_the_engines_rule_for_every_pair() -> None:
    table = {(c["source"], c["source_list"], c["target"], c["target_list"]) for c in connection_table()}
    kinds = [(port_type, is_list) for port_type in PortType for is_list in (False, True)]
    for source, source_list in kinds:
        for target, target_list in kinds:
            allowed = can_connect(PortSpec("out", source, source_list), PortSpec("in", target, target_list))
            assert ((str(source), source_list, str(target), target_list) in table) == allowed, (
                source,
                source_list,
                target,
                target_list,
            )
    assert ("image", False, "mask", False) in table  # what the editor used to refuse
    fixture = json.loads((WEB / "src/test/fixtures/nodes.json").read_text(encoding="utf-8"))
    assert fixture["connections"] == connection_table(), (
        "the editor's test fixture has an old connection table: copy `connections` from GET /api/v1/nodes"
    )


async def test_the_catalog_the_editor_loads_matches_its_schema_and_carries_the_table(client: httpx.AsyncClient) -> None:
    body = (await client.get("/api/v1/nodes")).json()
    catalog = NodeCatalog.model_validate(body, strict=False)
    assert catalog.nodes and body["connections"] == connection_table()
    assert not any(value is None for node in body["nodes"] for value in node.values()), (
        "the catalog leaves keys out rather than sending null, as its schema says"
    )


def test_run_events_are_a_union_on_their_type_in_the_openapi(openapi: dict[str, Any]) -> None:
    schemas = openapi["components"]["schemas"]
    assert schemas["EventType"]["enum"] == [kind.value for kind in EventType]
    mapping = schemas["RunEvent"]["discriminator"]["mapping"]
    assert set(mapping) == {kind.value for kind in EventType}
    for kind, ref in mapping.items():
        event = component(openapi, {"$ref": ref})
        assert event["properties"]["type"]["const"] == kind
        assert {"seq", "run_id", "ts", "type"} <= set(event["required"]), kind
    stream = openapi["paths"]["/api/v1/runs/{run_id}/events"]["get"]["responses"]["200"]["content"]
    data = stream["text/event-stream"]["schema"]["properties"]["data"]
    assert data["contentSchema"] == {"$ref": "#/components/schemas/RunEvent"}


async def test_every_event_and_record_of_a_run_matches_its_schema(
    client: httpx.AsyncClient, studio: RunningStudio
) -> None:
    asset = (await client.post("/api/v1/assets", files={"file": ("a.png", png_bytes(16, 12), "image/png")})).json()
    document = chain_document(asset["id"], blurs=1, radius=1)
    seen: set[str] = set()
    for _ in range(2):  # the second run's results come from the cache (node.cached)
        run_id = (await client.post("/api/v1/runs", json={"workflow": document})).json()["id"]
        for event in await follow_run(studio.ws_url, run_id):
            TypeAdapter(RunEvent).validate_python(event)  # extra keys are refused: every key is in the schema
            seen.add(event["type"])
        RunOut.model_validate((await client.get(f"/api/v1/runs/{run_id}")).json())
    assert {"run.queued", "run.started", "node.started", "node.completed", "node.cached", "run.completed"} <= seen


def test_every_problem_code_the_engine_reports_is_in_the_enumeration() -> None:
    made = {
        code
        for path in (ROOT / "karate").rglob("*.py")
        for code in re.findall(r'\bProblem\(\s*"([a-z_]+)"', path.read_text(encoding="utf-8"))
    }
    assert made and made <= set(get_args(ProblemCode)), made - set(get_args(ProblemCode))
