"""An uploaded file's name belongs to the upload node it was put in, not to its bytes: the same picture dropped on
two nodes as board.jpg and a.png keeps both names, in the saved workflow and in each node's download, and a
download always ends in the extension of what the file really is."""

from __future__ import annotations

from urllib.parse import quote

import httpx

from karate.services.assets import own_name
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
