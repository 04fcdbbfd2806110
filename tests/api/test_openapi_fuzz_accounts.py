"""schemathesis against a studio with accounts, signed in as one user (an API key) while another user owns a
workflow, a run, an asset and a support ticket: no generated request gets a 5xx answer or an undeclared one, and no
answer carries the other user's data (their email, user id, workflow title, file name or question)."""

from __future__ import annotations

import uuid

import httpx
import pytest
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, status_code_conformance

from tests.api.accounts import PASSWORD, accounts_mode
from tests.api.conftest import RunningStudio
from tests.api.helpers import chain_document, png_bytes
from tests.api.test_openapi_fuzz import fuzz

MAX_EXAMPLES = 15
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance]


studio_settings = accounts_mode()


def _owner_with_work(studio: RunningStudio) -> tuple[dict[str, str], dict[str, str], list[str]]:
    """User A's workflow, finished run, asset and support ticket; and what of A's must never reach anyone else."""
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
        ticket = http.post("/api/v1/agents/support", json={"ticket": f"my secret question {marker}"}).json()
    ids = {"asset_id": asset["id"], "workflow_id": workflow["id"], "run_id": run["id"], "ticket_id": ticket["id"]}
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
    seen = fuzz(
        studio,
        ids,
        signed,
        max_examples=MAX_EXAMPLES,
        checks=CHECKS,
        headers={"x-api-key": key},
        leaks=lambda body: [secret for secret in secrets if secret.encode() in body],
    )
    assert seen.failures == [], "\n".join(seen.failures[:10])
    assert {200, 404} <= set(seen.statuses), sorted(seen.statuses.items())


pytestmark = pytest.mark.timeout(400)
