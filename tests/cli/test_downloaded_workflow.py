"""A workflow saved from a studio (GET /api/v1/workflows/{id}, the document the editor's Download workflow writes)
run by `karate run` on a machine without that studio's data folder: each upload node whose picture is not here is
named, with the name of the file its person uploaded, and the two ways to give it (--set NODE.path=FILE, or
--data-dir the studio's folder); either way then runs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import cv2
import httpx
import numpy as np
import pytest
from click.testing import CliRunner, Result

from karate.app import create_app
from karate.cli import main
from karate.config import Settings
from tests.cli.words import said
from tests.local_server import LocalServer


@pytest.fixture
def studio(tmp_path: Path) -> Iterator[tuple[httpx.Client, Path]]:
    """A studio (SQLite, a local folder) on a free port, its client, and its data folder."""
    data = tmp_path / "studio-data"
    settings = Settings(
        data_dir=data,
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'karate.sqlite3'}",
        examples_dir=tmp_path / "examples",
        web_dist=tmp_path / "no-web-dist",
        storage_url=None,
    )
    server = LocalServer(create_app(settings), "the studio", lifespan="on")
    with server, httpx.Client(base_url=server.url, timeout=30) as client:
        yield client, data


def photo(path: Path, shade: int) -> Path:
    cv2.imwrite(str(path), np.full((8, 8, 3), shade, np.uint8))
    return path


def saved_in_the_studio(client: httpx.Client, tmp_path: Path) -> Path:
    """A project of two upload nodes, as the editor keeps them: one with the name of the file put in it, one from
    before nodes kept that name; saved to a file as GET /api/v1/workflows/{id} answers it."""
    nodes, edges = [], []
    for node_id, name, keeps_name in (("product", "product shot.jpg", True), ("logo", "logo.png", False)):
        with photo(tmp_path / name, 90).open("rb") as file:
            uploaded = client.post("/api/v1/assets", files={"file": (name, file, "image/jpeg")}).json()
        params = {"asset_id": uploaded["id"]} | ({"filename": uploaded["filename"]} if keeps_name else {})
        nodes += [
            {"id": node_id, "type": "input.image", "params": params, "position": {"x": 0, "y": 0}},
            {"id": f"save-{node_id}", "type": "output.save", "params": {}, "position": {"x": 300, "y": 0}},
        ]
        edges.append(
            {
                "id": f"e-{node_id}",
                "source": node_id,
                "sourceHandle": "image",
                "target": f"save-{node_id}",
                "targetHandle": "image",
            }
        )
        (tmp_path / name).unlink()  # the studio has it; this machine does not
    document = {"schema_version": 1, "nodes": nodes, "edges": edges}
    created = client.post("/api/v1/workflows", json={"title": "Launch", "document": document})
    assert created.status_code == 201, created.text
    answer = client.get(f"/api/v1/workflows/{created.json()['id']}")
    path = tmp_path / "Launch.json"
    path.write_text(answer.text)
    return path


def run(path: Path, tmp_path: Path, *args: str) -> Result:
    data = [] if "--data-dir" in args else ["--data-dir", str(tmp_path / "here")]
    command = ["run", str(path), "--out", str(tmp_path / "out"), *data, *args]
    return CliRunner().invoke(main, command, catch_exceptions=False)


def test_each_missing_upload_is_named_with_its_file_and_how_to_give_it(
    studio: tuple[httpx.Client, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    client, _ = studio
    saved = saved_in_the_studio(client, tmp_path)
    result = run(saved, tmp_path)
    assert result.exit_code == 2  # nothing else to run
    words = said(result)
    here = tmp_path / "here"
    assert (  # the pictures are named, not the workflow blamed
        "Nothing ran: Image Upload's picture “product shot.jpg” and Image Upload's picture cannot be used; run with "
        "the studio's data folder (or asset store), or give each a file on this computer"
    ) in words
    assert (
        f"Image Upload: “product shot.jpg” is not in the data folder {here}; run with --data-dir set to the "
        "studio's data folder, or give this node a file on this computer: --set 'product.path=product shot.jpg'"
    ) in words
    assert f"Image Upload: The file in this node is not in the data folder {here}" in words
    assert "not a valid workflow" not in words
    assert "--set logo.path=FILE" in words
    assert not here.exists(), "a refused run creates nothing"

    shell = tmp_path / "shell"  # the picture copied to this machine, given as the message says
    shell.mkdir()
    monkeypatch.chdir(shell)
    photo(shell / "product shot.jpg", 90), photo(shell / "logo.png", 60)
    given = run(saved, tmp_path, "--set", "product.path=product shot.jpg", "--set", "logo.path=logo.png")
    assert given.exit_code == 0, given.stderr
    # named as the studio names them: the project's title and each Save node's name, never its id
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "Launch - Save Image-2.png",
        "Launch - Save Image.png",
    ]


def test_the_studios_data_folder_runs_the_saved_workflow_as_it_is(
    studio: tuple[httpx.Client, Path], tmp_path: Path
) -> None:
    client, studio_data = studio
    saved = saved_in_the_studio(client, tmp_path)
    result = run(saved, tmp_path, "--data-dir", str(studio_data))
    assert result.exit_code == 0, result.stderr
