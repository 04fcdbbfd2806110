"""The picture on each dashboard card (GET /api/v1/workflows): a never-run project shows the picture given to its
input, a run project its Save node's result (not the intermediate that finished last), and no card signs a
picture its viewer may not read, whatever asset id a document names."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from tests.api.accounts import SignedInUser, accounts_mode, local_mode, user_fixture
from tests.api.conftest import RunningStudio
from tests.api.helpers import follow_run, image_edge, png_bytes
from tests.api.test_access_matrix import run_to_the_end

studio_settings = accounts_mode()
alice = user_fixture("alice")
bob = user_fixture("bob")


def picture_only(asset_id: str) -> dict[str, Any]:
    """A project as a dropped picture makes it: one image input, nothing run."""
    node = {"id": "photo", "type": "input.image", "params": {"asset_id": asset_id}, "position": {"x": 0, "y": 0}}
    return {"schema_version": 1, "nodes": [node], "edges": []}


def saved_early(asset_id: str) -> dict[str, Any]:
    """The picture inverted and saved, and beside that a longer branch of blurs that is still at work when the Save
    node has finished: the last picture made is an intermediate."""
    document = picture_only(asset_id)
    document["nodes"] += [
        {"id": "invert", "type": "tool.invert", "params": {}, "position": {"x": 200, "y": 0}},
        {"id": "save", "type": "output.save", "params": {"format": "png"}, "position": {"x": 400, "y": 0}},
    ]
    document["edges"] += [image_edge("photo", "invert"), image_edge("invert", "save")]
    previous = "photo"
    for index in range(3):
        document["nodes"].append({"id": f"blur{index}", "type": "tool.blur", "params": {"radius": 3.0 + index}})
        document["edges"].append(image_edge(previous, f"blur{index}"))
        previous = f"blur{index}"
    return document


async def upload(client: httpx.AsyncClient, seed: int = 0) -> str:
    answer = await client.post("/api/v1/assets", files={"file": ("photo.png", png_bytes(64, 48, seed), "image/png")})
    assert answer.status_code == 201, answer.text
    return str(answer.json()["id"])


async def create(client: httpx.AsyncClient, title: str, document: dict[str, Any]) -> str:
    made = await client.post("/api/v1/workflows", json={"title": title, "document": document})
    assert made.status_code == 201, made.text
    return str(made.json()["id"])


async def cards(client: httpx.AsyncClient, path: str = "/api/v1/workflows") -> dict[str, dict[str, Any]]:
    answer = await client.get(path)
    assert answer.status_code == 200, answer.text
    return {item["id"]: item for item in answer.json()["items"]}


async def finished_run(client: httpx.AsyncClient, studio: RunningStudio, workflow_id: str) -> str:
    """Run the project and wait until it has ended and its records are written; the run's id."""
    started = await client.post("/api/v1/runs", json={"workflow_id": workflow_id})
    assert started.status_code in (200, 201, 202), started.text
    run_id = str(started.json()["id"])
    assert (await follow_run(studio.ws_url, run_id))[-1]["type"] == "run.completed"
    live = studio.app.state.studio.runs.live  # type: ignore[attr-defined]
    async with asyncio.timeout(10):
        while live.get(run_id) is not None:
            await client.get(f"/api/v1/runs/{run_id}")
    return run_id


def pictures(card: dict[str, Any], asset_id: str) -> bool:
    return str(card["thumbnail_url"]).startswith(f"/api/v1/assets/{asset_id}/content?")


@local_mode
async def test_a_never_run_project_is_pictured_by_its_input_and_counts_its_nodes(client: httpx.AsyncClient) -> None:
    photo = await upload(client)
    dropped = await create(client, "Dropped photo", picture_only(photo))
    empty = await create(client, "Empty", {"schema_version": 1, "nodes": [], "edges": []})
    worded = await create(
        client,
        "Words only",
        {"schema_version": 1, "nodes": [{"id": "p", "type": "input.prompt", "params": {"text": "a cat"}}], "edges": []},
    )
    missing = await create(client, "Gone", picture_only("f" * 64))  # names an asset the studio does not have

    listed = await cards(client)
    assert pictures(listed[dropped], photo) and listed[dropped]["node_count"] == 1
    shown = await client.get(listed[dropped]["thumbnail_url"])
    assert shown.status_code == 200 and shown.headers["content-type"] == "image/webp"
    assert listed[empty]["thumbnail_url"] is None and listed[empty]["node_count"] == 0
    assert listed[worded]["thumbnail_url"] is None and listed[worded]["node_count"] == 1
    assert listed[missing]["thumbnail_url"] is None


@local_mode
async def test_a_run_project_is_pictured_by_its_saved_result_not_its_last_intermediate(
    client: httpx.AsyncClient, studio: RunningStudio
) -> None:
    photo = await upload(client)
    workflow = await create(client, "Saved early", saved_early(photo))
    run_id = await finished_run(client, studio, workflow)

    nodes = (await client.get(f"/api/v1/runs/{run_id}")).json()["nodes"]
    saved = nodes["save"]["outputs"]["image"]["asset_id"]
    assert saved != photo
    card = (await cards(client))[workflow]
    assert pictures(card, saved), (card["thumbnail_url"], {k: v["finished_at"] for k, v in nodes.items()})
    # the run history pictures the same run the same way
    history = (await client.get("/api/v1/runs", params={"workflow_id": workflow})).json()["items"]
    assert pictures(history[0], saved)


async def test_a_card_never_signs_a_picture_its_viewer_may_not_read(alice: SignedInUser, bob: SignedInUser) -> None:
    """Bob's documents name Alice's upload as their input and as their saved thumbnail: his cards show nothing of
    hers, while her own project with that input shows it, as does the card of a project she shares with him."""
    secret = await upload(alice.client, seed=5)
    hers = await create(alice.client, "Hers", picture_only(secret))
    bait = await create(bob.client, "Bait", picture_only(secret))
    also = await create(bob.client, "Bait 2", {**picture_only("0" * 64), "thumbnail": {"asset_id": secret}})

    mine = await cards(bob.client)
    assert mine[bait]["thumbnail_url"] is None and mine[also]["thumbnail_url"] is None
    assert (await bob.client.get(f"/api/v1/assets/{secret}")).status_code == 404  # as the asset's route says
    assert pictures((await cards(alice.client))[hers], secret)

    shared = await alice.client.post(f"/api/v1/workflows/{hers}/shares", json={"email": bob.email, "role": "viewer"})
    assert shared.status_code in (200, 201), shared.text
    with_him = await cards(bob.client, "/api/v1/workflows?shared=true")
    assert pictures(with_him[hers], secret)  # an input of a project shared with him: he may read it there
    picture = await bob.client.get(with_him[hers]["thumbnail_url"])
    assert picture.status_code == 200


async def test_a_strangers_run_of_a_public_project_does_not_picture_its_owners_card(
    alice: SignedInUser, bob: SignedInUser, studio: RunningStudio
) -> None:
    photo = await upload(alice.client, seed=7)
    workflow = await create(alice.client, "Published", saved_early(photo))
    published = await alice.client.patch(f"/api/v1/workflows/{workflow}", json={"version": 1, "is_public": True})
    assert published.status_code == 200, published.text
    run_id = await run_to_the_end(studio, bob, {"workflow_id": workflow})
    his = (await bob.client.get(f"/api/v1/runs/{run_id}")).json()["nodes"]["blur2"]["outputs"]["image"]["asset_id"]

    card = (await cards(alice.client))[workflow]
    assert not pictures(card, his)  # his run is his: she may not read it
    assert pictures(card, photo)  # her project made nothing of hers yet: its input pictures it
