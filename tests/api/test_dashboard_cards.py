"""The picture on each dashboard card (GET /api/v1/workflows): a never-run project shows the picture given to its
input, a run project its Save node's result (not the intermediate that finished last), a video a still of it, no
card signs a picture its viewer may not read, whatever asset id a document names, and a page of cards costs a few
queries whatever its size."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path
from typing import Any

import cv2
import httpx
import numpy as np
import pytest
from PIL import Image

from karate.config import Settings
from tests.api.accounts import SignedInUser, local_mode, user_fixture, with_accounts
from tests.api.conftest import RunningStudio
from tests.api.credits_helpers import with_fake_replicate
from tests.api.helpers import follow_run, image_edge, png_bytes, statements_run
from tests.api.test_access_matrix import run_to_the_end
from tests.providers.fakes import FakeProvider
from tests.providers.fakes.base import SAMPLES

alice = user_fixture("alice")
bob = user_fixture("bob")
with_replicate = pytest.mark.parametrize("studio_settings", ["replicate"], indirect=True)
with_the_examples = pytest.mark.parametrize("studio_settings", ["examples"], indirect=True)
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(name="studio_settings")
def settings(studio_settings: Settings, request: pytest.FixtureRequest) -> Settings:
    """Accounts on; `@local_mode`: a local studio; `@with_replicate`: accounts, and Replicate is the fake one;
    `@with_the_examples`: a local studio whose templates are the repository's examples."""
    mode = getattr(request, "param", None)
    if mode == "local":
        return studio_settings
    if mode == "examples":
        return studio_settings.model_copy(update={"examples_dir": EXAMPLES})
    if mode == "replicate":
        return with_fake_replicate(studio_settings, request.getfixturevalue("replicate"))
    return with_accounts(studio_settings)


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


async def test_a_saved_result_pictures_the_card_of_whoever_may_read_the_run_that_saved_it(
    alice: SignedInUser, bob: SignedInUser, studio: RunningStudio
) -> None:
    """Bob's projects take Alice's saved results as their inputs: the one her public project's run saved pictures
    his card (anyone may read it), the one her private project's run saved does not, as the assets' routes say."""
    saved: dict[bool, str] = {}
    for public in (True, False):
        workflow = await create(alice.client, "Hers", saved_early(await upload(alice.client, seed=20 + public)))
        if public:
            made = await alice.client.patch(f"/api/v1/workflows/{workflow}", json={"version": 1, "is_public": True})
            assert made.status_code == 200, made.text
        run_id = await run_to_the_end(studio, alice, {"workflow_id": workflow})
        nodes = (await alice.client.get(f"/api/v1/runs/{run_id}")).json()["nodes"]
        saved[public] = nodes["save"]["outputs"]["image"]["asset_id"]
    his = {public: await create(bob.client, "His", picture_only(saved[public])) for public in (True, False)}

    mine = await cards(bob.client)
    assert pictures(mine[his[True]], saved[True])
    assert (await bob.client.get(mine[his[True]]["thumbnail_url"])).status_code == 200
    assert mine[his[False]]["thumbnail_url"] is None
    assert (await bob.client.get(f"/api/v1/assets/{saved[False]}")).status_code == 404


@with_the_examples
async def test_each_template_shows_the_preview_it_ships_with_and_a_copy_shows_its_own_picture(
    client: httpx.AsyncClient,
) -> None:
    """A template's card shows what it makes (examples/previews/<name>.webp), not the photo it starts from; a
    project started from it shows that photo until a run of its own makes a picture."""
    templates = (await client.get("/api/v1/templates")).json()["items"]
    assert len(templates) == len(list(EXAMPLES.glob("*.json"))) > 0
    for template in templates:
        photo = template["document"]["nodes"][0]["params"]["asset_id"]
        assert template["thumbnail_url"] and not pictures(template, photo), template["title"]
        shown = await client.get(template["thumbnail_url"])
        assert shown.status_code == 200 and shown.headers["content-type"] == "image/webp"

    poster = next(t for t in templates if t["title"].startswith("Dusk poster"))
    copy = await client.post(f"/api/v1/workflows/{poster['id']}/duplicate")
    assert copy.status_code == 201, copy.text
    assert "thumbnail" not in copy.json()["document"]
    photo = poster["document"]["nodes"][0]["params"]["asset_id"]
    assert pictures((await cards(client))[copy.json()["id"]], photo)


def clip(tmp_path: Path) -> bytes:
    """An MP4 of 2.5 seconds: black for half a second (a fade in), then orange."""
    path = tmp_path / "clip.mp4"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), 10, (64, 48))
    for frame in range(25):
        writer.write(np.full((48, 64, 3), (0, 128, 255) if frame >= 5 else (0, 0, 0), np.uint8))  # BGR
    writer.release()
    return path.read_bytes()


async def shows_the_clip(client: httpx.AsyncClient, card: dict[str, Any]) -> bool:
    """Whether the card's picture is a still of `clip`'s orange, not its black first frame."""
    shown = await client.get(card["thumbnail_url"])
    assert shown.status_code == 200 and shown.headers["content-type"] == "image/webp", shown.text
    red, green, blue = np.asarray(Image.open(io.BytesIO(shown.content)).convert("RGB")).mean(axis=(0, 1))
    return bool(red > 200 and 100 < green < 160 and blue < 60)


@with_replicate
async def test_a_project_that_made_a_video_is_pictured_by_a_still_of_it(
    alice: SignedInUser, studio: RunningStudio, replicate: FakeProvider, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Prompt → Kling makes a video: the card shows a frame a little way into it (the first is black), as does the
    run history; a project never run whose input is a video shows a still of it too."""
    video = clip(tmp_path)
    monkeypatch.setitem(SAMPLES, "video", (video, "video/mp4"))
    replicate.output_kind = "video"
    nodes = [
        {"id": "prompt", "type": "input.prompt", "params": {"text": "a fox in the snow"}},
        {"id": "kling", "type": "model.kling", "params": {}},
    ]
    edge = {"id": "e", "source": "prompt", "sourceHandle": "text", "target": "kling", "targetHandle": "prompt"}
    made = await create(alice.client, "Fox film", {"schema_version": 1, "nodes": nodes, "edges": [edge]})
    run_id = await run_to_the_end(studio, alice, {"workflow_id": made})
    result = (await alice.client.get(f"/api/v1/runs/{run_id}")).json()["nodes"]["kling"]["outputs"]["video"]
    assert result["mime"] == "video/mp4"

    uploaded = await alice.client.post("/api/v1/assets", files={"file": ("clip.mp4", video, "video/mp4")})
    assert uploaded.status_code == 201, uploaded.text
    given = {"id": "clip", "type": "input.video", "params": {"asset_id": uploaded.json()["id"]}}
    dropped = await create(alice.client, "Dropped clip", {"schema_version": 1, "nodes": [given], "edges": []})

    listed = await cards(alice.client)
    assert pictures(listed[made], result["asset_id"]) and await shows_the_clip(alice.client, listed[made])
    assert pictures(listed[dropped], uploaded.json()["id"]) and await shows_the_clip(alice.client, listed[dropped])
    history = (await alice.client.get("/api/v1/runs", params={"workflow_id": made})).json()["items"]
    assert pictures(history[0], result["asset_id"])


async def statements_of(studio: RunningStudio, client: httpx.AsyncClient, path: str) -> tuple[list[str], dict]:
    """The SQL statements the studio ran to answer GET `path`, and the cards it answered."""
    with statements_run(studio) as statements:
        listed = await cards(client, path)
    return statements, listed


async def test_a_page_of_30_cards_asks_the_database_no_more_than_a_page_of_3(
    studio: RunningStudio, alice: SignedInUser, bob: SignedInUser
) -> None:
    """Each card's picture is found by a few queries for the whole page, whatever its size: for the owner's page and
    for the page of projects shared with a teammate, with cards pictured each way (a run, a saved picture, an
    input: the owner's upload, whose row says who may read it)."""
    photo = await upload(alice.client, seed=11)
    asked: dict[int, tuple[int, int]] = {}
    made: list[str] = []
    for size in (3, 30):
        while len(made) < size:
            kind = len(made) % 3
            document = (
                picture_only(photo) if kind != 1 else {**picture_only("0" * 64), "thumbnail": {"asset_id": photo}}
            )
            if kind == 0:
                document["nodes"].append({"id": "invert", "type": "tool.invert", "params": {}})
                document["edges"].append(image_edge("photo", "invert"))
            workflow = await create(alice.client, f"Project {len(made)}", document)
            shared = await alice.client.post(
                f"/api/v1/workflows/{workflow}/shares", json={"email": bob.email, "role": "viewer"}
            )
            assert shared.status_code in (200, 201), shared.text
            if kind == 0:
                await run_to_the_end(studio, alice, {"workflow_id": workflow})
            made.append(workflow)
        hers, her_cards = await statements_of(studio, alice.client, "/api/v1/workflows")
        his, his_cards = await statements_of(studio, bob.client, "/api/v1/workflows?shared=true")
        assert len(her_cards) == len(his_cards) == size
        assert all(card["thumbnail_url"] for card in [*her_cards.values(), *his_cards.values()])
        asked[size] = (len(hers), len(his))
    assert asked[30] == asked[3], asked
