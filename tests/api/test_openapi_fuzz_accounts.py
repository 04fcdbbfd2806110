"""schemathesis against a studio with accounts, signed in as one user (an API key) while another user owns a
workflow, a run and an asset: no generated request gets a 5xx answer or an undeclared one, and no answer
carries the other user's data (their email, user id, workflow title or file name)."""

from __future__ import annotations

import uuid
from collections import Counter

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import content_type_conformance, status_code_conformance

from karate.config import Settings
from tests.api.accounts import PASSWORD, with_accounts
from tests.api.conftest import RunningStudio
from tests.api.helpers import chain_document, png_bytes
from tests.api.test_openapi_fuzz import strategies

MAX_EXAMPLES = 15
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance]


@pytest.fixture
def studio_settings(studio_settings: Settings) -> Settings:
    return with_accounts(studio_settings)


def _owner_with_work(studio: RunningStudio) -> tuple[dict[str, str], dict[str, str], list[str]]:
    """User A's workflow, finished run and asset; and what of A's must never reach anyone else."""
    marker = uuid.uuid4().hex
    email = f"owner-{marker[:8]}@example.com"
    with httpx.Client(base_url=studio.url, timeout=30) as http:
        signed_up = http.post("/api/v1/auth/signup", json={"email": email, "password": PASSWORD, "name": "Owner"})
        http.headers["x-csrf-token"] = signed_up.json()["csrf_token"]
        user_id = signed_up.json()["user"]["id"]
        asset = http.post("/api/v1/assets", files={"file": (f"secret-{marker}.png", png_bytes(), "image/png")}).json()
        workflow = http.post(
            "/api/v1/workflows", json={"title": f"private {marker}", "document": chain_document(asset["id"])}
        ).json()
        run = http.post("/api/v1/runs", json={"workflow_id": workflow["id"]}).json()
        http.get(run["events_url"])  # the stream ends when the run has
    ids = {"asset_id": asset["id"], "workflow_id": workflow["id"], "run_id": run["id"]}
    return ids, {}, [email, user_id, marker]


def _api_key_of_another_user(studio: RunningStudio) -> str:
    with httpx.Client(base_url=studio.url, timeout=30) as http:
        email = f"other-{uuid.uuid4().hex[:8]}@example.com"
        signed_up = http.post("/api/v1/auth/signup", json={"email": email, "password": PASSWORD, "name": "Other"})
        http.headers["x-csrf-token"] = signed_up.json()["csrf_token"]
        return str(http.post("/api/v1/auth/api-keys", json={"name": "fuzz"}).json()["key"])


def test_another_user_gets_declared_answers_and_none_of_the_owners_data(studio: RunningStudio) -> None:
    ids, signed, secrets = _owner_with_work(studio)
    key = _api_key_of_another_user(studio)
    schema = schemathesis.openapi.from_url(f"{studio.url}/openapi.json")
    failures: list[str] = []
    statuses: Counter[int] = Counter()
    for result in schema.get_all_operations():
        operation = result.ok()

        @settings(
            max_examples=MAX_EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=strategies(operation, ids, signed))
        def exercise(case: schemathesis.Case) -> None:
            response = case.call(base_url=studio.url, timeout=30, headers={"x-api-key": key})
            statuses[response.status_code] += 1
            leaked = [secret for secret in secrets if secret.encode() in response.content]
            if leaked:
                failures.append(f"{case.method} {case.formatted_path} -> {response.status_code} carries {leaked}")
            try:
                case.validate_response(response, checks=CHECKS)
            except FailureGroup as error:
                failures.append(
                    f"{case.method} {case.formatted_path} -> {response.status_code}: "
                    f"{response.content[:300]!r}\n  {str(error)[:600]}"
                )

        exercise()
    assert failures == [], "\n".join(failures[:10])
    assert {200, 404} <= set(statuses), sorted(statuses.items())


pytestmark = pytest.mark.timeout(400)
