"""The access matrix (issue 13): in accounts mode a second user tries every route of the API on the first user's
workflow, run, assets and API key (the routes are read from the app, so a new one cannot be forgotten) and is
refused every time, with 404 (or 403) and none of the first user's data; shared as viewer they read but cannot
write; as editor they write; a public workflow is readable signed out and writable by nobody but its owner."""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import websockets
from fastapi.routing import APIRoute, APIWebSocketRoute, iter_route_contexts
from websockets.exceptions import InvalidStatus

from karate.db import Database
from karate.services.agent_jobs import AgentJobQueue, AgentJobType
from tests.api.accounts import SignedInUser, accounts_mode, user_fixture
from tests.api.conftest import RunningStudio
from tests.api.helpers import chain_document, png_bytes

SECRET_TITLE = "alices-secret-project"
SECRET_FILE = "alices-secret-photo.png"
SECRET_QUESTION = "alices-secret-question"


studio_settings = accounts_mode()
alice = user_fixture("alice")
bob = user_fixture("bob")


@pytest.fixture
async def anonymous(studio: RunningStudio) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=studio.url, timeout=30) as client:
        yield client


@dataclass
class AlicesWork:
    """What Alice made: a private workflow she ran, its run, her upload, the run's saved result and an
    intermediate result, her API key, and the signed URL she was given for the saved result; the version of the
    workflow the run recorded, and a comment on it; a job on the agents' queue queued for her (by the studio:
    only staff queue jobs over the API); and a question she asked the support agent (a ticket)."""

    workflow: str
    run: str
    upload: str
    saved: str
    intermediate: str
    key: str
    saved_url: str
    email: str
    version: str
    comment: str
    job: str
    ticket: str

    def ids(self) -> set[str]:
        return {
            self.workflow,
            self.run,
            self.upload,
            self.saved,
            self.intermediate,
            self.key,
            self.version,
            self.comment,
            self.ticket,
        }


def session_headers(user: SignedInUser) -> dict[str, str]:
    return {"cookie": f"karate_session={user.client.cookies['karate_session']}"}


async def socket_events(studio: RunningStudio, user: SignedInUser | None, run_id: str) -> list[dict[str, Any]]:
    """Every event of a run over the WebSocket, as `user` (None: signed out), until the server closes it."""
    headers = session_headers(user) if user is not None else {}
    async with websockets.connect(
        f"{studio.ws_url}/api/v1/runs/{run_id}/events", additional_headers=headers, open_timeout=10
    ) as socket:
        return [json.loads(message) async for message in socket]


async def run_to_the_end(studio: RunningStudio, user: SignedInUser, body: dict[str, Any]) -> str:
    """Submit a run as `user`, follow it to its end and until its records are written; its id."""
    submitted = await user.client.post("/api/v1/runs", json=body)
    assert submitted.status_code == 202, submitted.text
    run_id = str(submitted.json()["id"])
    assert (await socket_events(studio, user, run_id))[-1]["type"] == "run.completed"
    live = studio.app.state.studio.live  # type: ignore[attr-defined]
    async with asyncio.timeout(30):
        while live.get(run_id) is not None:  # the end is being committed by the server's own loop:
            await asyncio.sleep(0.005)  # look again soon, leaving the GIL to the database threads meanwhile
    return run_id


@pytest.fixture
async def work(studio: RunningStudio, alice: SignedInUser) -> AlicesWork:
    files = {"file": (SECRET_FILE, png_bytes(24, 16, seed=7), "application/octet-stream")}
    upload = (await alice.client.post("/api/v1/assets", files=files)).json()
    document = chain_document(upload["id"], blurs=1, radius=0)
    created = await alice.client.post("/api/v1/workflows", json={"title": SECRET_TITLE, "document": document})
    workflow = created.json()["id"]
    run_id = await run_to_the_end(studio, alice, {"workflow_id": workflow})
    nodes = (await alice.client.get(f"/api/v1/runs/{run_id}")).json()["nodes"]
    saved, intermediate = nodes["save"]["outputs"]["image"], nodes["invert"]["outputs"]["image"]
    key = (await alice.client.post("/api/v1/auth/api-keys", json={"name": "alices-key"})).json()["id"]
    version = (await alice.client.get(f"/api/v1/runs/{run_id}")).json()["version_id"]
    comment = await alice.client.post(
        f"/api/v1/workflows/{workflow}/comments", json={"body": "mine", "node_id": "save"}
    )
    database = Database(studio.settings.resolved_database_url)  # this test's loop's own connections
    try:
        job = await AgentJobQueue(database).enqueue(
            AgentJobType.WORKFLOW_REVIEW, {"workflow_id": workflow}, created_by=alice.id
        )
    finally:
        await database.dispose()
    assert job is not None
    ticket = await alice.client.post("/api/v1/agents/support", json={"ticket": SECRET_QUESTION})
    return AlicesWork(
        workflow,
        run_id,
        upload["id"],
        saved["asset_id"],
        intermediate["asset_id"],
        key,
        saved["url"],
        alice.email,
        version,
        comment.json()["id"],
        job["id"],
        ticket.json()["id"],
    )


# --- the routes, read from the app ---------------------------------------------------------------------------


def api_routes(studio: RunningStudio) -> Iterator[tuple[str, str]]:
    """(method, path) of every API route; "WS" for a WebSocket."""
    for context in iter_route_contexts(studio.app.routes):  # type: ignore[attr-defined]
        path = context.path
        if not path or not path.startswith("/api/"):
            continue
        if isinstance(context.original_route, APIWebSocketRoute):
            yield "WS", path
        elif isinstance(context.original_route, APIRoute):
            yield from ((method, path) for method in sorted(context.methods or ()))


def path_values(work: AlicesWork, alice: SignedInUser) -> dict[str, list[str]]:
    """Alice's ids for each path parameter: a route with a parameter not named here fails the test."""
    return {
        "workflow_id": [work.workflow],
        "run_id": [work.run],
        "asset_id": [work.upload, work.saved, work.intermediate],
        "key_id": [work.key],
        "user_id": [alice.id],
        "version_id": [work.version],
        "comment_id": [work.comment],
        "job_id": [work.job],
        "ticket_id": [work.ticket],
    }


def bodies(work: AlicesWork, bob: SignedInUser) -> dict[tuple[str, str], dict[str, Any]]:
    """A valid body for each route that takes one, so that what answers is the access check, not validation."""
    return {
        ("PATCH", "/api/v1/workflows/{workflow_id}"): {"version": 1, "title": "taken over"},
        ("POST", "/api/v1/workflows/{workflow_id}/shares"): {"email": bob.email, "role": "editor"},
        ("PATCH", "/api/v1/admin/users/{user_id}"): {"role": "admin"},
        ("POST", "/api/v1/workflows/{workflow_id}/versions"): {"name": "taken over"},
        ("POST", "/api/v1/workflows/{workflow_id}/comments"): {"body": "hello", "node_id": "save"},
        ("POST", "/api/v1/workflows/{workflow_id}/comments/{comment_id}/replies"): {"body": "hello"},
        ("PATCH", "/api/v1/workflows/{workflow_id}/comments/{comment_id}"): {"resolved": True},
        ("POST", "/api/v1/agents/jobs/{job_id}/complete"): {"result": {}},
        ("POST", "/api/v1/agents/jobs/{job_id}/fail"): {"error": "taken over"},
        ("POST", "/api/v1/agents/support/{ticket_id}/replies"): {"text": "taken over"},
    }


# Routes without a path parameter that name Alice's resources in their body or query.
NAMED_IN_BODY = {
    ("POST", "/api/v1/runs"): "json",
    ("POST", "/api/v1/runs/estimate"): "json",
    ("GET", "/api/v1/runs"): "params",
}


def concrete(path: str, values: dict[str, list[str]]) -> list[str]:
    names = re.findall(r"{(\w+)(?::\w+)?}", path)
    missing = [name for name in names if name not in values]
    assert not missing, f"{path}: give the access matrix a value of Alice's for {missing}"
    urls = []
    for combination in itertools.product(*(values[name] for name in names)):
        url = path
        for name, value in zip(names, combination, strict=True):
            url = re.sub(r"{" + name + r"(?::\w+)?}", value, url)
        urls.append(url)
    return urls


def assert_nothing_of(work: AlicesWork, answer: httpx.Response, asked: str) -> None:
    """The answer carries none of Alice's data: not her title, file name or email, nor any of her ids
    but the ones the request itself named."""
    text = answer.text
    for secret in (
        SECRET_TITLE,
        SECRET_FILE,
        SECRET_QUESTION,
        work.email,
        *(work.ids() - set(re.findall(r"[0-9a-f]{32,64}", asked))),
    ):
        assert secret not in text, f"{asked} answered {answer.status_code} with Alice's {secret!r}: {text[:300]}"


async def attempt(
    client: httpx.AsyncClient, method: str, url: str, body: dict[str, Any] | None, signature: str
) -> httpx.Response:
    if url.endswith("/content"):
        url += signature
    return await client.request(method, url, json=body)


# --- the matrix ------------------------------------------------------------------------------------------------


async def test_another_user_is_refused_every_route_on_alices_resources(
    studio: RunningStudio, alice: SignedInUser, bob: SignedInUser, work: AlicesWork
) -> None:
    own = (await bob.client.post("/api/v1/assets", files={"file": ("b.png", png_bytes(8, 8, seed=99))})).json()
    borrowed_signature = own["url"][own["url"].index("?") :]  # a valid signature, but for Bob's asset
    values, known_bodies, tried = path_values(work, alice), bodies(work, bob), 0
    for method, path in api_routes(studio):
        if method == "WS":
            for url in concrete(path, values):
                with pytest.raises(InvalidStatus) as refused:
                    await socket_events(studio, bob, url.split("/")[-2])
                assert refused.value.response.status_code in (403, 404), url
                tried += 1
            continue
        if "{" in path:
            for url in concrete(path, values):
                answer = await attempt(bob.client, method, url, known_bodies.get((method, path)), borrowed_signature)
                assert answer.status_code in (403, 404), f"{method} {url}: {answer.status_code} {answer.text[:300]}"
                assert_nothing_of(work, answer, url)
                tried += 1
        elif (method, path) in NAMED_IN_BODY:
            where = NAMED_IN_BODY[(method, path)]
            answer = await bob.client.request(method, path, **{where: {"workflow_id": work.workflow}})  # type: ignore[arg-type]
            if method == "GET":  # a filter: Bob's own runs of it, which are none
                assert answer.status_code == 200 and answer.json()["items"] == [], answer.text
            else:
                assert answer.status_code == 404, f"{method} {path}: {answer.status_code} {answer.text[:300]}"
            assert_nothing_of(work, answer, f"{path}?workflow_id={work.workflow}")
            tried += 1
        elif method == "GET":  # Bob's own lists: none of Alice's things in them
            answer = await bob.client.get(path)
            assert_nothing_of(work, answer, path)
    assert tried >= 25, "the matrix tried fewer routes than the API has"

    # a signed URL is a capability for its one file: without its signature nothing is sent
    bare = await bob.client.get(f"/api/v1/assets/{work.saved}/content")
    assert bare.status_code in (403, 404, 422) and not bare.content.startswith(b"\x89PNG")
    forged = f"/api/v1/assets/{work.saved}/content?exp={int(time.time()) + 600}&sig={'0' * 32}"
    assert (await bob.client.get(forged)).status_code == 403
    # nor do Bob's own lists show Alice's work, shared or not
    for listing in ("/api/v1/workflows", "/api/v1/workflows?shared=true", "/api/v1/runs", "/api/v1/trash"):
        answer = await bob.client.get(listing)
        assert answer.status_code == 200 and answer.json()["items"] == [], listing
    # naming Alice's file in Bob's own document neither runs it nor reads it: that input is not his to use (said as
    # of a file that does not exist), so nothing of the document can run
    document = chain_document(work.upload, blurs=1, radius=0)
    refused = await bob.client.post("/api/v1/runs", json={"workflow": document})
    assert refused.status_code == 422 and refused.json()["problems"][0]["code"] == "missing_asset"
    bobs = (await bob.client.post("/api/v1/workflows", json={"title": "mine", "document": document})).json()["id"]
    assert (await bob.client.post("/api/v1/runs", json={"workflow_id": bobs})).status_code == 422
    in_bobs = await bob.client.get(f"/api/v1/assets/{work.upload}", params={"workflow_id": bobs})
    assert in_bobs.status_code == 404


async def test_signed_out_every_route_on_alices_resources_asks_to_sign_in_or_finds_nothing(
    studio: RunningStudio, alice: SignedInUser, anonymous: httpx.AsyncClient, work: AlicesWork
) -> None:
    values = path_values(work, alice)
    for method, path in api_routes(studio):
        if method == "WS" or "{" not in path:
            continue
        for url in concrete(path, values):
            answer = await attempt(anonymous, method, url, None, f"?exp={int(time.time()) + 600}&sig={'0' * 32}")
            assert answer.status_code in (401, 403, 404), f"{method} {url}: {answer.status_code}"
            assert_nothing_of(work, answer, url)
    with pytest.raises(InvalidStatus):
        await socket_events(studio, None, work.run)


# --- shared as viewer, then as editor ----------------------------------------------------------------------------


async def test_a_viewer_reads_the_workflow_its_runs_events_and_assets_but_every_write_is_refused(
    studio: RunningStudio, alice: SignedInUser, bob: SignedInUser, work: AlicesWork
) -> None:
    shared = await alice.client.post(
        f"/api/v1/workflows/{work.workflow}/shares", json={"email": bob.email, "role": "viewer"}
    )
    assert shared.status_code == 201 and shared.json()["role"] == "viewer"
    workflow = await bob.client.get(f"/api/v1/workflows/{work.workflow}")
    assert workflow.status_code == 200 and workflow.json()["access"] == "viewer"
    listed = (await bob.client.get("/api/v1/workflows?shared=true")).json()["items"]
    assert [(item["id"], item["access"]) for item in listed] == [(work.workflow, "viewer")]
    assert (await bob.client.get("/api/v1/workflows")).json()["items"] == []  # not among Bob's own

    run = await bob.client.get(f"/api/v1/runs/{work.run}")
    assert run.status_code == 200 and run.json()["nodes"]["save"]["outputs"]["image"]["asset_id"] == work.saved
    history = (await bob.client.get("/api/v1/runs", params={"workflow_id": work.workflow})).json()["items"]
    assert [item["id"] for item in history] == [work.run]
    assert (await socket_events(studio, bob, work.run))[-1]["type"] == "run.completed"
    stream = await bob.client.get(f"/api/v1/runs/{work.run}/events")
    assert stream.status_code == 200 and "event: run.completed" in stream.text

    assert (await bob.client.get(f"/api/v1/assets/{work.saved}")).status_code == 200  # saved by a run Bob reads
    in_document = await bob.client.get(f"/api/v1/assets/{work.upload}", params={"workflow_id": work.workflow})
    assert in_document.status_code == 200 and in_document.json()["filename"] == SECRET_FILE
    in_results = await bob.client.get(f"/api/v1/assets/{work.intermediate}", params={"run_id": work.run})
    assert in_results.status_code == 200
    assert (await bob.client.get(f"/api/v1/assets/{work.upload}")).json()["id"] == work.upload  # shared with Bob
    members = (await bob.client.get(f"/api/v1/workflows/{work.workflow}/shares")).json()["items"]
    assert [(m["user_id"], m["role"]) for m in members] == [(bob.id, "viewer")]

    writes = [
        ("PATCH", f"/api/v1/workflows/{work.workflow}", {"version": 1, "title": "mine now"}),
        ("DELETE", f"/api/v1/workflows/{work.workflow}", None),
        ("POST", f"/api/v1/workflows/{work.workflow}/shares", {"email": bob.email, "role": "editor"}),
        ("DELETE", f"/api/v1/workflows/{work.workflow}/shares/{alice.id}", None),
        ("DELETE", f"/api/v1/runs/{work.run}", None),
        ("POST", f"/api/v1/workflows/{work.workflow}/versions", {"name": "mine now"}),
        ("POST", f"/api/v1/workflows/{work.workflow}/versions/{work.version}/restore", None),
        ("PATCH", f"/api/v1/workflows/{work.workflow}/comments/{work.comment}", {"resolved": True}),
        ("DELETE", f"/api/v1/workflows/{work.workflow}/comments/{work.comment}", None),
    ]
    for method, url, body in writes:
        answer = await bob.client.request(method, url, json=body)
        assert answer.status_code == 403, f"{method} {url}: {answer.status_code} {answer.text}"
    refused = await bob.client.patch(f"/api/v1/workflows/{work.workflow}", json={"version": 1, "title": "x"})
    assert refused.json()["detail"].startswith("you can view this workflow; ask its owner for edit access")
    cancel = await bob.client.delete(f"/api/v1/runs/{work.run}")
    assert "only the person who started it" in cancel.json()["detail"]
    assert (await alice.client.get(f"/api/v1/workflows/{work.workflow}")).json()["title"] == SECRET_TITLE

    # what a viewer may do is make their own: a copy, a run of it (theirs, which Alice's team also sees)
    copy = await bob.client.post(f"/api/v1/workflows/{work.workflow}/duplicate")
    assert copy.status_code == 201 and copy.json()["owner_id"] == bob.id
    bobs_run = await run_to_the_end(studio, bob, {"workflow_id": work.workflow})
    assert (await alice.client.get(f"/api/v1/runs/{bobs_run}")).status_code == 200

    # once Alice stops sharing, it is gone for Bob again
    assert (await alice.client.delete(f"/api/v1/workflows/{work.workflow}/shares/{bob.id}")).status_code == 204
    assert (await bob.client.get(f"/api/v1/workflows/{work.workflow}")).status_code == 404
    assert (await bob.client.get(f"/api/v1/runs/{work.run}")).status_code == 404
    assert (await alice.client.get(f"/api/v1/runs/{bobs_run}")).status_code == 404  # Bob's run is Bob's again


async def test_an_editor_changes_the_workflow_but_only_its_owner_deletes_shares_or_publishes_it(
    alice: SignedInUser, bob: SignedInUser, work: AlicesWork
) -> None:
    url = f"/api/v1/workflows/{work.workflow}"
    await alice.client.post(f"{url}/shares", json={"email": bob.email, "role": "viewer"})
    promoted = await alice.client.post(f"{url}/shares", json={"email": bob.email.upper(), "role": "editor"})
    assert promoted.status_code == 201 and promoted.json()["role"] == "editor"
    assert len((await alice.client.get(f"{url}/shares")).json()["items"]) == 1  # the same share, a new role

    edited = await bob.client.patch(url, json={"version": 1, "title": "Bob's better title"})
    assert edited.status_code == 200 and edited.json()["access"] == "editor"
    assert (await alice.client.get(url)).json()["title"] == "Bob's better title"
    for method, target, body in [
        ("DELETE", url, None),
        ("PATCH", url, {"version": 2, "is_public": True}),
        ("POST", f"{url}/shares", {"email": alice.email, "role": "viewer"}),
    ]:
        answer = await bob.client.request(method, target, json=body)
        assert answer.status_code == 403 and "only its owner" in answer.json()["detail"], (method, answer.text)
    assert (await alice.client.get(url)).status_code == 200


# --- a public workflow ------------------------------------------------------------------------------------------


async def test_a_public_workflow_is_readable_signed_out_and_writable_only_by_its_owner(
    alice: SignedInUser, bob: SignedInUser, anonymous: httpx.AsyncClient, work: AlicesWork
) -> None:
    url = f"/api/v1/workflows/{work.workflow}"
    assert (await anonymous.get(url)).status_code == 401  # private: sign in (and then it is not there)
    published = await alice.client.patch(url, json={"version": 1, "is_public": True})
    assert published.status_code == 200 and published.json()["is_public"] is True

    seen = await anonymous.get(url)
    assert seen.status_code == 200 and seen.json()["access"] == "public" and seen.json()["title"] == SECRET_TITLE
    assert (await bob.client.get(url)).json()["access"] == "public"
    for method, body in [("PATCH", {"version": 2, "title": "defaced"}), ("DELETE", None)]:
        assert (await anonymous.request(method, url, json=body)).status_code == 401
        assert (await bob.client.request(method, url, json=body)).status_code == 403
    assert (await bob.client.get(f"{url}/shares")).status_code == 403  # who it is shared with stays private
    picture = await anonymous.get(f"/api/v1/assets/{work.upload}", params={"workflow_id": work.workflow})
    assert picture.status_code == 200 and (await anonymous.get(picture.json()["url"])).status_code == 200
    assert (await anonymous.get(f"/api/v1/assets/{work.upload}")).status_code == 401
    # a published workflow shows its owner's results: her runs of it are readable, signed out too
    for reader in (bob.client, anonymous):
        run = await reader.get(f"/api/v1/runs/{work.run}")
        assert run.status_code == 200 and run.json()["status"] == "completed"
        history = await reader.get("/api/v1/runs", params={"workflow_id": work.workflow})
        assert [item["id"] for item in history.json()["items"]] == [work.run]
    assert (await anonymous.get("/api/v1/runs")).status_code == 401  # nothing else of anyone's
    assert (await bob.client.delete(f"/api/v1/runs/{work.run}")).status_code == 403  # reading is not running
    assert (await alice.client.get(url)).json()["title"] == SECRET_TITLE


async def test_naming_anothers_asset_as_a_thumbnail_signs_nothing(
    work: AlicesWork, bob: SignedInUser, alice: SignedInUser
) -> None:
    for asset in (work.upload, work.saved):
        document = {"nodes": [], "edges": [], "thumbnail": {"asset_id": asset}}
        made = await bob.client.post("/api/v1/workflows", json={"title": "bait", "document": document})
        assert made.status_code == 201 and "thumbnail" not in made.json()["document"]
    listed = (await bob.client.get("/api/v1/workflows")).json()["items"]
    assert [item["thumbnail_url"] for item in listed] == [None, None]
    mine = {"nodes": [], "edges": [], "thumbnail": {"asset_id": work.saved}}
    kept = await alice.client.post("/api/v1/workflows", json={"title": "with picture", "document": mine})
    assert kept.json()["document"]["thumbnail"] == {"asset_id": work.saved}


async def test_each_uploader_of_the_same_bytes_sees_the_name_they_gave_it_first(
    alice: SignedInUser, bob: SignedInUser
) -> None:
    async def upload(user: SignedInUser, name: str) -> dict[str, Any]:
        files = {"file": (name, png_bytes(seed=987), "image/png")}
        answer = await user.client.post("/api/v1/assets", files=files)
        assert answer.status_code == 201, answer.text
        return dict(answer.json())

    asset = (await upload(alice, SECRET_FILE))["id"]
    assert (await upload(bob, "bobs.png"))["filename"] == "bobs.png"
    assert (await upload(bob, "bobs-again.png"))["filename"] == "bobs-again.png"  # this upload's answer: its name
    assert (await bob.client.get(f"/api/v1/assets/{asset}")).json()["filename"] == "bobs.png"  # renamed by none
    assert (await upload(alice, "alices-again.png"))["filename"] == "alices-again.png"
    assert (await alice.client.get(f"/api/v1/assets/{asset}")).json()["filename"] == SECRET_FILE
    assert (await bob.client.get(f"/api/v1/assets/{asset}")).json()["filename"] == "bobs.png"
