"""Provenance, with accounts: a saved result leads to the run that made it, and the run to the version of the
workflow it ran, whose document is exactly the graph that ran; readable by whoever may read the file. And who
may see and change a workflow's versions: its team reads them, its owner and editors save and restore them."""

from __future__ import annotations

import asyncio
import copy
import json
from typing import Any

import httpx
import pytest
import websockets

from karate.services.accounts import SESSION_COOKIE
from tests.api.accounts import SignedInUser, accounts_mode, user_fixture
from tests.api.conftest import RunningStudio
from tests.api.helpers import chain_document, png_bytes
from tests.collab.graphs import graph

studio_settings = accounts_mode()
alice = user_fixture("alice")
bob = user_fixture("bob")
dave = user_fixture("dave")


async def run_to_the_end(studio: RunningStudio, user: SignedInUser, body: dict[str, Any]) -> dict[str, Any]:
    """Run as `user`, follow it to its end and until its records (and saved files) are written; the run."""
    submitted = await user.client.post("/api/v1/runs", json=body)
    assert submitted.status_code == 202, submitted.text
    run_id = submitted.json()["id"]
    cookie = {"cookie": f"{SESSION_COOKIE}={user.client.cookies[SESSION_COOKIE]}"}
    async with websockets.connect(f"{studio.ws_url}/api/v1/runs/{run_id}/events", additional_headers=cookie) as socket:
        last = json.loads([message async for message in socket][-1])
    assert last["type"] == "run.completed", last
    live = studio.app.state.studio.live  # type: ignore[attr-defined]
    async with asyncio.timeout(30):
        while live.get(run_id) is not None:  # the end is being committed by the server's own loop:
            await asyncio.sleep(0.005)  # look again soon, leaving the GIL to the database threads meanwhile
    return (await user.client.get(f"/api/v1/runs/{run_id}")).json()  # type: ignore[no-any-return]


@pytest.fixture
async def upload(alice: SignedInUser) -> str:
    files = {"file": ("photo.png", png_bytes(24, 16, seed=3), "image/png")}
    return str((await alice.client.post("/api/v1/assets", files=files)).json()["id"])


async def test_a_saved_result_leads_to_the_version_whose_graph_made_it(
    studio: RunningStudio, alice: SignedInUser, bob: SignedInUser, dave: SignedInUser, upload: str
) -> None:
    document = chain_document(upload, blurs=1, radius=1)
    workflow = (await alice.client.post("/api/v1/workflows", json={"title": "Prints", "document": document})).json()
    first = await run_to_the_end(studio, alice, {"workflow_id": workflow["id"]})
    changed = copy.deepcopy(document)
    changed["nodes"][1]["params"]["radius"] = 3
    saved = await alice.client.patch(f"/api/v1/workflows/{workflow['id']}", json={"document": changed})
    assert saved.status_code == 200, saved.text
    second = await run_to_the_end(studio, alice, {"workflow_id": workflow["id"]})
    assert first["version_id"] != second["version_id"]

    for run, ran in ((first, document), (second, changed)):
        asset = run["nodes"]["save"]["outputs"]["image"]["asset_id"]
        provenance = await alice.client.get(f"/api/v1/assets/{asset}/provenance")
        assert provenance.status_code == 200, provenance.text
        body = provenance.json()
        assert (body["asset_id"], body["run_id"], body["node_id"], body["workflow_id"]) == (
            asset,
            run["id"],
            "save",
            workflow["id"],
        )
        assert body["version"] == run["version"] and body["version"]["kind"] == "run"
        assert (body["uploaded"], body["filename"]) == (False, None)
        version = await alice.client.get(f"/api/v1/workflows/{workflow['id']}/versions/{body['version']['id']}")
        assert graph(version.json()["document"]) == graph(run["document"]) == graph(ran)

    # a result no node saved (the blur's) is traced through the run it is shown from
    blurred = second["nodes"]["blur0"]["outputs"]["image"]["asset_id"]
    traced = await alice.client.get(f"/api/v1/assets/{blurred}/provenance", params={"run_id": second["id"]})
    assert traced.status_code == 200, traced.text
    assert (traced.json()["run_id"], traced.json()["node_id"], traced.json()["version"]) == (
        second["id"],
        "blur0",
        second["version"],
    )
    # an upload was made by no run, not even one whose input node passed it on: it is an uploaded file, by its name
    uploaded = {"asset_id": upload, "run_id": None, "node_id": None, "workflow_id": None, "version": None}
    uploaded |= {"uploaded": True, "filename": "photo.png"}
    for params in ({}, {"run_id": second["id"]}):
        assert (await alice.client.get(f"/api/v1/assets/{upload}/provenance", params=params)).json() == uploaded
    # each uploader of the same bytes sees it under the name they gave it
    files = {"file": ("bobs copy.png", png_bytes(24, 16, seed=3), "image/png")}
    assert (await bob.client.post("/api/v1/assets", files=files)).json()["id"] == upload
    assert (await bob.client.get(f"/api/v1/assets/{upload}/provenance")).json()["filename"] == "bobs copy.png"
    assert (await alice.client.get(f"/api/v1/assets/{upload}/provenance")).json()["filename"] == "photo.png"

    # as reading the file: a stranger finds nothing; once shared, a viewer follows it to the version
    result = second["nodes"]["save"]["outputs"]["image"]["asset_id"]
    assert (await dave.client.get(f"/api/v1/assets/{result}/provenance")).status_code == 404
    async with httpx.AsyncClient(base_url=studio.url) as anonymous:
        assert (await anonymous.get(f"/api/v1/assets/{result}/provenance")).status_code == 401
    await alice.client.post(f"/api/v1/workflows/{workflow['id']}/shares", json={"email": bob.email, "role": "viewer"})
    seen = (await bob.client.get(f"/api/v1/assets/{result}/provenance")).json()
    assert seen["version"]["id"] == second["version_id"]
    assert (
        await bob.client.get(f"/api/v1/workflows/{workflow['id']}/versions/{seen['version']['id']}")
    ).status_code == 200


async def test_the_team_reads_versions_and_only_owner_and_editors_change_them(
    alice: SignedInUser, bob: SignedInUser, dave: SignedInUser
) -> None:
    document = {"schema_version": 1, "nodes": [{"id": "p", "type": "input.prompt", "params": {}}], "edges": []}
    workflow = (await alice.client.post("/api/v1/workflows", json={"title": "Secret", "document": document})).json()
    base = f"/api/v1/workflows/{workflow['id']}/versions"
    version = (await alice.client.post(base, json={"name": "v1"})).json()
    reads = [base, f"{base}/{version['id']}", f"{base}/{version['id']}/diff"]
    writes = [(base, {"name": "mine"}), (f"{base}/{version['id']}/restore", None)]

    for target in reads:  # a stranger: nothing there
        assert (await dave.client.get(target)).status_code == 404
    for target, body in [*writes, (f"{base}/{version['id']}/copy", None)]:
        assert (await dave.client.post(target, json=body)).status_code == 404

    await alice.client.post(f"/api/v1/workflows/{workflow['id']}/shares", json={"email": bob.email, "role": "viewer"})
    for target in reads:
        assert (await bob.client.get(target)).status_code == 200, target
    for target, body in writes:
        refused = await bob.client.post(target, json=body)
        assert refused.status_code == 403 and "ask its owner for edit access" in refused.json()["detail"]
    copied = await bob.client.post(f"{base}/{version['id']}/copy")  # a viewer may take a copy of their own
    assert copied.status_code == 201 and copied.json()["owner_id"] == bob.id

    await alice.client.post(f"/api/v1/workflows/{workflow['id']}/shares", json={"email": bob.email, "role": "editor"})
    assert (await bob.client.post(base, json={"name": "by bob"})).json()["author"]["id"] == bob.id
    assert (await bob.client.post(f"{base}/{version['id']}/restore")).status_code == 200

    # a public workflow's readers see its graph and its owner's runs, not its history
    await alice.client.patch(f"/api/v1/workflows/{workflow['id']}", json={"is_public": True})
    refused = await dave.client.get(base)
    assert refused.status_code == 403 and "for the people it is shared with" in refused.json()["detail"]
