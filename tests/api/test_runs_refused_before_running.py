"""What POST /api/v1/runs and a run's event streams can tell is wrong before anything runs, they say at once, in words:
an upload input given a file of another kind, or one the runner has no such file for (left out and listed, as
`karate run` leaves it out; 422 when nothing else can run); a body key in another spelling; a node to follow that
the run does not have."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
import websockets

from tests.api.accounts import SignedInUser, accounts_mode, local_mode, user_fixture
from tests.api.conftest import RunningStudio
from tests.api.helpers import chain_document, follow_run, png_bytes

studio_settings = accounts_mode()  # the tests marked @local_mode run on a studio in local mode
alice = user_fixture("alice")
bob = user_fixture("bob")

NOWHERE = "e" * 64  # an asset id no one uploaded
NOT_HERE = "is not in this studio's files, or is not yours to use."


async def upload_png(client: httpx.AsyncClient, name: str = "photo.png", seed: int = 0) -> str:
    answer = await client.post("/api/v1/assets", files={"file": (name, png_bytes(seed=seed), "image/png")})
    assert answer.status_code == 201, answer.text
    return str(answer.json()["id"])


def with_inputs(document: dict[str, Any], *inputs: dict[str, Any]) -> dict[str, Any]:
    """`document` with upload inputs added beside it, connected to nothing."""
    return {**document, "nodes": [*document["nodes"], *inputs]}


def problems_of(answer: httpx.Response) -> dict[str, list[tuple[str, str]]]:
    """A 202's `not_runnable` as node id -> [(code, message)]."""
    return {
        node["node_id"]: [(p["code"], p["message"]) for p in node["problems"]] for node in answer.json()["not_runnable"]
    }


@local_mode
async def test_an_upload_input_given_a_file_of_another_kind_or_none_is_left_out_and_the_rest_runs(
    client: httpx.AsyncClient, studio: RunningStudio
) -> None:
    photo = await upload_png(client)
    clip = {"id": "clip", "type": "input.video", "params": {"asset_id": photo, "filename": "photo.png"}}
    voice = {"id": "voice", "type": "input.audio", "params": {"asset_id": NOWHERE, "filename": "voice.mp3"}}
    document = with_inputs(chain_document(photo, radius=0), clip, voice)
    answer = await client.post("/api/v1/runs", json={"workflow": document})

    assert answer.status_code == 202, answer.text
    assert problems_of(answer) == {
        "clip": [
            (
                "invalid_file",
                "“photo.png” is a PNG image; this input takes a video (MP4, WebM or QuickTime). Upload a video into "
                "this node and choose it.",
            )
        ],
        "voice": [("missing_asset", f"“voice.mp3” {NOT_HERE} Upload an audio file into this node and choose it.")],
    }
    events = await follow_run(studio.ws_url, answer.json()["id"])
    assert events[-1]["type"] == "run.completed"
    run = (await client.get(f"/api/v1/runs/{answer.json()['id']}")).json()
    assert {node_id: node["status"] for node_id, node in run["nodes"].items()} == {
        "img": "completed",
        "blur0": "completed",
        "invert": "completed",
        "save": "completed",
        "clip": "blocked",
        "voice": "blocked",
    }


@local_mode
async def test_a_run_of_which_nothing_can_run_for_its_input_files_is_refused_with_what_to_do(
    client: httpx.AsyncClient,
) -> None:
    refused = await client.post("/api/v1/runs", json={"workflow": chain_document(NOWHERE)})
    assert refused.status_code == 422, refused.text
    assert [(p["code"], p["node_id"], p["message"]) for p in refused.json()["problems"]] == [
        ("missing_asset", "img", f"The file in this node {NOT_HERE} Upload an image into this node and choose it.")
    ]

    photo = await upload_png(client)  # the one node asked for (`from_node`) must be able to run
    clip = {"id": "clip", "type": "input.video", "params": {"asset_id": photo}}
    document = with_inputs(chain_document(photo), clip)
    only = await client.post("/api/v1/runs", json={"workflow": document, "from_node": "clip"})
    assert only.status_code == 422
    assert only.json()["problems"][0]["message"].startswith("The file in this node is a PNG image; this input takes")


@local_mode
async def test_an_asset_id_that_is_no_files_id_is_said_in_the_words_of_a_file_the_studio_does_not_have(
    client: httpx.AsyncClient,
) -> None:
    photo = await upload_png(client)
    typo = {"id": "typo", "type": "input.image", "params": {"asset_id": "photo.png"}}  # a name where the id goes
    nobodys = {"id": "nobodys", "type": "input.image", "params": {"asset_id": NOWHERE}}
    answer = await client.post("/api/v1/runs", json={"workflow": with_inputs(chain_document(photo), typo, nobodys)})

    assert answer.status_code == 202, answer.text
    said = f"The file in this node {NOT_HERE} Upload an image into this node and choose it"
    assert problems_of(answer) == {  # the codes as before; the words one sentence (an invalid_param's ends unstopped)
        "typo": [("invalid_param", said)],
        "nobodys": [("missing_asset", f"{said}.")],
    }
    refused = await client.post("/api/v1/runs", json={"workflow": chain_document("not-a-file")})
    assert refused.status_code == 422, refused.text
    assert [(p["code"], p["node_id"], p["message"]) for p in refused.json()["problems"]] == [
        ("invalid_param", "img", said)
    ]


@local_mode
async def test_the_editors_run_of_a_saved_workflow_leaves_out_the_same_inputs(client: httpx.AsyncClient) -> None:
    photo = await upload_png(client)
    clip = {"id": "clip", "type": "input.video", "params": {"asset_id": photo, "filename": "photo.png"}}
    document = with_inputs(chain_document(photo), clip)
    saved = await client.post("/api/v1/workflows", json={"title": "Clip", "document": document})
    assert saved.status_code == 201, saved.text

    answer = await client.post("/api/v1/runs", json={"workflow_id": saved.json()["id"]})
    assert answer.status_code == 202, answer.text
    assert [node["node_id"] for node in answer.json()["not_runnable"]] == ["clip"]
    again = await client.post(f"/api/v1/runs/{answer.json()['id']}/rerun")
    assert again.status_code == 202 and [n["node_id"] for n in again.json()["not_runnable"]] == ["clip"]


async def test_anothers_file_is_left_out_in_the_same_words_as_one_that_does_not_exist(
    alice: SignedInUser, bob: SignedInUser
) -> None:
    alices = await upload_png(alice.client, "alices-secret.png", seed=1)
    bobs = await upload_png(bob.client, "bobs.png")
    theirs = {"id": "theirs", "type": "input.image", "params": {"asset_id": alices}}
    nobodys = {"id": "nobodys", "type": "input.image", "params": {"asset_id": NOWHERE}}
    answer = await bob.client.post(
        "/api/v1/runs", json={"workflow": with_inputs(chain_document(bobs), theirs, nobodys)}
    )

    assert answer.status_code == 202, answer.text
    said = problems_of(answer)
    assert (
        said["theirs"]
        == said["nobodys"]
        == [("missing_asset", f"The file in this node {NOT_HERE} Upload an image into this node and choose it.")]
    )
    assert alices not in answer.text and "alices-secret" not in answer.text
    refused = await bob.client.post("/api/v1/runs", json={"workflow": chain_document(alices)})
    assert refused.status_code == 422 and alices not in refused.text


@local_mode
async def test_a_body_key_in_another_spelling_is_named_with_the_one_it_means(client: httpx.AsyncClient) -> None:
    photo = await upload_png(client)
    said = {
        "fromNode": 'Unknown field "fromNode". Did you mean "from_node"?',
        "workflowId": 'Unknown field "workflowId". Did you mean "workflow_id"?',
        "Workflow_ID": 'Unknown field "Workflow_ID". Did you mean "workflow_id"?',
        "frm_node": 'Unknown field "frm_node". Did you mean "from_node"?',
        "colour": 'Unknown field "colour"; the fields are: workflow_id, workflow, from_node, collab_state.',
    }
    for key, words in said.items():
        answer = await client.post("/api/v1/runs", json={"workflow": chain_document(photo), key: "blur0"})
        assert answer.status_code == 422, answer.text
        assert answer.json()["detail"] == words
        assert answer.json()["errors"] == [{"loc": ["body", key], "msg": words}]
    assert (await client.get("/api/v1/runs")).json()["total"] == 0  # none of them ran


async def finished_run(client: httpx.AsyncClient, studio: RunningStudio) -> str:
    answer = await client.post("/api/v1/runs", json={"workflow": chain_document(await upload_png(client))})
    assert answer.status_code == 202, answer.text
    assert (await follow_run(studio.ws_url, answer.json()["id"]))[-1]["type"] == "run.completed"
    return str(answer.json()["id"])


@local_mode
async def test_following_a_node_the_run_does_not_have_is_refused_on_both_streams(
    client: httpx.AsyncClient, studio: RunningStudio
) -> None:
    run_id = await finished_run(client, studio)
    where = f"Its node ids are the keys of `nodes` in GET /api/v1/runs/{run_id}; name those with `node`."
    refusals = {
        "node=nope": f"This run has no node “nope”. {where}",
        "node=save&node=blur": f"This run has no node “blur” (did you mean “blur0”?). {where}",
        "node=a&node=save&node=b": f"This run has no nodes “a”, “b”. {where}",
    }
    for query, words in refusals.items():
        sse = await client.get(f"/api/v1/runs/{run_id}/events?{query}")
        assert sse.status_code == 404, (query, sse.text)
        assert sse.json() == {"detail": words, "code": "not_found"}
        async with websockets.connect(f"{studio.ws_url}/api/v1/runs/{run_id}/events?{query}", open_timeout=10) as ws:
            with pytest.raises(websockets.ConnectionClosedError):
                await ws.recv()  # no event: the socket closes
        reason = ws.close_reason or ""  # cut to the 123 bytes a close frame's reason holds
        assert ws.close_code == 4404 and reason.startswith("This run has no node") and words.startswith(reason)
    kept = await client.get(f"/api/v1/runs/{run_id}/events", params={"node": ["save", "invert"]})
    assert kept.status_code == 200 and "node.completed" in kept.text
