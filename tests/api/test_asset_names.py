"""A file's name belongs to the node that holds it, not to its bytes: the same picture dropped on two upload nodes as
board.jpg and a.png keeps both names, in the saved workflow and in each node's download; the same pixels saved by
two runs as poster.png and cover.png are each run's result under its own name. A download always ends in the
extension of what the file really is."""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from karate.services.assets import own_name
from karate.services.outputs import download_name, unnamed_stem
from tests.api.conftest import RunningStudio
from tests.api.helpers import follow_run, gradient_png
from tests.media_samples import encoded, noise


async def _upload(client: httpx.AsyncClient, data: bytes, name: str) -> dict[str, object]:
    answer = await client.post("/api/v1/assets", files={"file": (name, data, "application/octet-stream")})
    assert answer.status_code == 201, answer.text
    return dict(answer.json())


def _saved_as(response: httpx.Response) -> str:
    """The file name a browser saves an answer under (plain, or percent-encoded as RFC 6266 has it)."""
    disposition = response.headers["content-disposition"]
    if "filename*=utf-8''" in disposition:
        return disposition.split("filename*=utf-8''", 1)[1]
    return disposition.split('filename="', 1)[1].rstrip('"')


async def test_one_picture_dropped_on_two_nodes_under_two_names_keeps_both(client: httpx.AsyncClient) -> None:
    jpeg = encoded(noise(40, 30, seed=7), "JPEG")
    board = await _upload(client, jpeg, "board.jpg")
    renamed = await _upload(client, jpeg, "a.png")  # the same bytes, renamed, dropped on another node
    assert renamed["id"] == board["id"]
    assert (board["filename"], renamed["filename"]) == ("board.jpg", "a.png")  # each answer names its own upload

    nodes = [
        {"id": "image-1", "type": "input.image", "params": {"asset_id": board["id"], "filename": "board.jpg"}},
        {"id": "image-2", "type": "input.image", "params": {"asset_id": board["id"], "filename": "a.png"}},
    ]
    created = await client.post("/api/v1/workflows", json={"title": "Boards", "document": {"nodes": nodes}})
    assert created.status_code == 201, created.text
    reloaded = (await client.get(f"/api/v1/workflows/{created.json()['id']}")).json()["document"]["nodes"]
    assert [node["params"]["filename"] for node in reloaded] == ["board.jpg", "a.png"]

    url = str(board["url"])
    first = await client.get(f"{url}&download=&name={quote('board.jpg')}")
    second = await client.get(f"{url}&download=&name={quote('a.png')}")
    assert first.content == second.content == jpeg
    assert _saved_as(first) == "board.jpg"
    assert _saved_as(second) == "a.jpg"  # a JPEG never downloads as .png, whatever it was called
    # a name asked for with an extension has it replaced by the file's own type's, never doubled ("a.png.jpg")
    for asked, saved in [
        ("a.png", "a.jpg"),
        ("a.jpeg", "a.jpg"),
        ("a.JPG", "a.jpg"),
        ("poster-v1.2", "poster-v1.2.jpg"),
    ]:
        assert _saved_as(await client.get(f"{url}&download={quote(asked)}")) == saved, asked


async def test_a_node_saved_before_nodes_kept_names_downloads_under_the_uploaded_name(
    client: httpx.AsyncClient,
) -> None:
    photo = await _upload(client, encoded(noise(40, 30, seed=8), "JPEG"), "IMG_4032 (1) été.JPG")
    saved = await client.get(f"{photo['url']}&download=")  # no name from the node: the one it was uploaded under
    assert saved.headers["content-disposition"] == f"attachment; filename*=utf-8''{quote('IMG_4032 (1) été.JPG')}"
    misnamed = await _upload(client, encoded(noise(40, 30, seed=9), "PNG"), "notes.txt")
    shown = await client.get(str(misnamed["url"]))
    assert shown.headers["content-disposition"] == 'inline; filename="notes.png"'  # its type's extension


async def test_a_nodes_file_name_is_checked_as_any_parameter_is(client: httpx.AsyncClient) -> None:
    picture = await _upload(client, encoded(noise(20, 20, seed=3), "PNG"), "x.png")
    too_long = {"asset_id": picture["id"], "filename": "x" * 256}
    run = await client.post(
        "/api/v1/runs", json={"workflow": {"nodes": [{"id": "image-1", "type": "input.image", "params": too_long}]}}
    )
    assert run.status_code == 422
    assert run.json()["problems"][0] == {
        "code": "invalid_param",
        "message": "File name must be at most 255 characters",
        "node_id": "image-1",
        "field": "filename",
        "edge_id": None,
    }


def test_a_files_own_name_ends_in_the_extension_of_what_it_really_is() -> None:
    jpeg = "image/jpeg"
    assert own_name("a.png", jpeg) == "a.jpg"
    assert own_name("IMG_1.JPG", jpeg) == "IMG_1.JPG"  # an extension of its own type is kept as written
    assert own_name("scan.jpeg", jpeg) == "scan.jpeg"
    assert own_name("board", jpeg) == "board.jpg"
    assert own_name("Poster v1.2", jpeg) == "Poster v1.2.jpg"  # a dot inside a name is the name's
    assert own_name("photo.", jpeg) == "photo.jpg"
    assert own_name("notes.txt", "image/png") == "notes.png"
    assert own_name("IMG_4722.HEIC", "image/heif") == "IMG_4722.HEIC"
    assert own_name("C:\\photos\\beach\x00.png", jpeg) == "beach.jpg"  # cleaned as upload names are
    assert own_name(None, jpeg) is None and own_name("", jpeg) is None


async def _save_run(client: httpx.AsyncClient, studio: RunningStudio, picture: str, filename: str) -> dict[str, Any]:
    """A run that saves `picture` through a Save Image named `filename`, followed to its end and its records written:
    its events (`events`) and its full read (`run`)."""
    nodes = [
        {"id": "photo", "type": "input.image", "params": {"asset_id": picture}},
        {"id": "save", "type": "output.save", "params": {"filename": filename}},
    ]
    edges = [{"id": "e", "source": "photo", "sourceHandle": "image", "target": "save", "targetHandle": "image"}]
    run_id = (await client.post("/api/v1/runs", json={"workflow": {"nodes": nodes, "edges": edges}})).json()["id"]
    events = await follow_run(studio.ws_url, run_id)
    assert events[-1]["type"] == "run.completed", events[-1]
    runs = studio.app.state.studio.runs  # type: ignore[attr-defined]
    async with asyncio.timeout(10):
        while runs.live.get(run_id) is not None:  # until its records are written
            await client.get(f"/api/v1/runs/{run_id}")
    return {"id": run_id, "events": events, "run": (await client.get(f"/api/v1/runs/{run_id}")).json()}


async def test_the_same_pixels_saved_by_two_runs_under_two_names_are_each_runs_result_under_its_own_name(
    client: httpx.AsyncClient, studio: RunningStudio
) -> None:
    """Stored once (by content), the file is still the second run's cover.png wherever that run is read: its record,
    its summary, its events (as they happen and read back after), and its result's link, opened or downloaded."""
    picture = (await _upload(client, gradient_png(48, 32), "in.png"))["id"]
    poster = await _save_run(client, studio, str(picture), "poster.png")
    cover = await _save_run(client, studio, str(picture), "cover")
    first = poster["run"]["nodes"]["save"]["outputs"]["image"]
    second = cover["run"]["nodes"]["save"]["outputs"]["image"]
    assert first["asset_id"] == second["asset_id"]  # the same bytes: one stored file
    assert (first["filename"], second["filename"]) == ("poster.png", "cover.png")

    summary = await client.get(f"/api/v1/runs/{cover['id']}", params={"view": "summary", "node": "save"})
    assert summary.json()["nodes"]["save"]["outputs"]["image"]["filename"] == "cover.png"
    told = [e for e in cover["events"] if e["type"] in ("node.completed", "node.cached") and e["node_id"] == "save"]
    assert [e["outputs"]["image"]["filename"] for e in told] == ["cover.png"]
    replayed = await follow_run(studio.ws_url, cover["id"])  # read back from its records once it has ended
    assert [e["outputs"]["image"]["filename"] for e in replayed if e.get("node_id") == "save" and "outputs" in e] == [
        "cover.png"
    ]

    for result, name in [(first, "poster.png"), (second, "cover.png")]:
        shown = await client.get(result["url"])
        assert shown.headers["content-disposition"] == f'inline; filename="{name}"'
        saved = await client.get(result["url"] + "&download=")
        assert saved.headers["content-disposition"] == f'attachment; filename="{name}"'

    # The asset's own record is the file's as first saved: its name goes with the run and node it names.
    asset = (await client.get(f"/api/v1/assets/{second['asset_id']}")).json()
    assert (asset["filename"], asset["source_run_id"], asset["source_node_id"]) == ("poster.png", poster["id"], "save")


@pytest.mark.parametrize("wanted", ["..", ".", " . . ", "..."])
def test_a_save_name_of_nothing_but_dots_is_no_name_and_the_nodes_name_names_the_file(wanted: str) -> None:
    # as an empty Filename: the README's rule, the same in the studio's downloads and the CLI's out folder (a ".."
    # was saved as "output.png", while the node offered "...png")
    unnamed = unnamed_stem("Save Image", "Poster")
    assert download_name(wanted, unnamed, "image/png") == "Poster - Save Image.png"
    assert download_name("v1.2-final", unnamed, "image/png") == "v1.2-final.png"  # other dots are the name's


@pytest.mark.parametrize(
    ("node_name", "project", "stem"),
    [
        ("Save Image", "", "Save Image"),
        ("Hero: v2!", "Spring/campaign", "Spring campaign - Hero v2"),
        ("Save Image", "  ..  ", "Save Image"),
        ("..", "", "output"),
        ("Héro", "🎨", "Héro"),
    ],
)
def test_an_unnamed_save_is_named_in_words_as_the_editor_names_results(node_name: str, project: str, stem: str) -> None:
    # web/src/editor/viewer/results.ts makes the names of the other results' downloads the same way (fileNameOf)
    assert unnamed_stem(node_name, project) == stem
