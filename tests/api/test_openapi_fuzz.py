"""schemathesis against /openapi.json of a running studio: no generated request gets a 5xx answer, and every
answer, success or error, has a status, a content type and a body that the OpenAPI declares for it.

Requests come valid and invalid (schemathesis' positive and negative modes); for routes with an id in the
path, some use the id of a real workflow, run or asset, so success bodies are checked too, not only 404s."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.conftest import RunningStudio
from tests.api.helpers import chain_document, png_bytes

MAX_EXAMPLES = 20
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def real_ids(studio: RunningStudio) -> tuple[dict[str, str], dict[str, str]]:
    """Path parameters naming a real asset, workflow, finished run and support ticket; and the signed query of the
    asset."""
    with httpx.Client(base_url=studio.url, timeout=30) as http:
        asset = http.post("/api/v1/assets", files={"file": ("a.png", png_bytes(), "image/png")}).json()
        document = chain_document(asset["id"])
        workflow = http.post("/api/v1/workflows", json={"title": "fuzzed", "document": document}).json()
        run = http.post("/api/v1/runs", json={"workflow_id": workflow["id"]}).json()
        http.get(run["events_url"])  # the stream ends when the run has
        ticket = http.post("/api/v1/agents/support", json={"ticket": "how do I share a project?"}).json()
    signed = dict(parse_qsl(urlsplit(asset["url"]).query))
    ids = {"asset_id": asset["id"], "workflow_id": workflow["id"], "run_id": run["id"], "ticket_id": ticket["id"]}
    return ids, signed


# Streams that last as long as the client stays (tested on their own: tests/collab/test_comments.py).
ENDLESS = frozenset({"/api/v1/workflows/{workflow_id}/activity"})


def strategies(operation: Any, ids: dict[str, str], signed: dict[str, str]) -> st.SearchStrategy[Any]:
    choices = [operation.as_strategy(GenerationMode.POSITIVE), operation.as_strategy(GenerationMode.NEGATIVE)]
    names = re.findall(r"{(\w+)}", operation.path)
    if names and all(name in ids for name in names):
        query = signed if operation.path.endswith("/content") else None
        choices.append(operation.as_strategy(path_parameters={name: ids[name] for name in names}, query=query))
    return st.one_of(choices)


@dataclass
class Fuzzed:
    """What the generated requests met: how many operations, each answer's status, and every failure in words."""

    operations: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)


def fuzz(
    studio: RunningStudio,
    ids: dict[str, str],
    signed: dict[str, str],
    *,
    max_examples: int,
    checks: list[Any],
    headers: dict[str, str] | None = None,
    leaks: Callable[[bytes], list[str]] = lambda body: [],
) -> Fuzzed:
    """`max_examples` generated requests (`strategies`) to every operation of the studio's OpenAPI, sent with
    `headers`; each answer checked with `checks`, and its body with `leaks` (what it must not carry)."""
    schema = schemathesis.openapi.from_url(f"{studio.url}/openapi.json")
    seen = Fuzzed()
    for result in schema.get_all_operations():
        operation = result.ok()
        seen.operations += 1
        if operation.path in ENDLESS:
            continue

        @settings(
            max_examples=max_examples,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=strategies(operation, ids, signed))
        def exercise(case: schemathesis.Case) -> None:
            response = case.call(base_url=studio.url, timeout=30, headers=headers)
            seen.statuses[response.status_code] += 1
            leaked = leaks(response.content)
            if leaked:
                seen.failures.append(f"{case.method} {case.formatted_path} -> {response.status_code} carries {leaked}")
            try:
                case.validate_response(response, checks=checks)
            except FailureGroup as error:
                seen.failures.append(
                    f"{case.method} {case.formatted_path} -> {response.status_code}: "
                    f"{response.content[:300]!r}\n  {str(error)[:800]}\n  {case.as_curl_command()}"
                )

        exercise()
    return seen


def test_every_generated_request_gets_an_answer_the_openapi_declares(studio: RunningStudio) -> None:
    ids, signed = real_ids(studio)
    seen = fuzz(studio, ids, signed, max_examples=MAX_EXAMPLES, checks=CHECKS)
    assert seen.operations >= 15, f"only {seen.operations} operations in the schema"
    assert seen.failures == [], "\n".join(seen.failures[:10])
    # the checks saw success bodies and error bodies, not only one kind
    assert {200, 201, 202, 404, 422} <= set(seen.statuses), sorted(seen.statuses.items())


pytestmark = pytest.mark.timeout(300)
