"""What `karate run` tells a new user: a workflow saved from the API runs, a file that holds no workflow, a stored
picture this data folder lacks and a Save node that can't run are each said in words that say what to do."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest
from click.testing import CliRunner, Result

from karate.cli import main
from karate.storage.assets import LocalAssetStore
from tests.cli.words import said
from tests.helpers import edge, node, store_image, workflow


def run(tmp_path: Path, doc: Any, *args: str) -> Result:
    """`karate run` of `doc` saved as w.json in `tmp_path`, output in out/, data in data/ unless `args` say."""
    (tmp_path / "w.json").write_text(json.dumps(doc))
    data = [] if "--data-dir" in args else ["--data-dir", str(tmp_path / "data")]
    command = ["run", str(tmp_path / "w.json"), "--out", str(tmp_path / "out"), *data, *args]
    return CliRunner().invoke(main, command, catch_exceptions=False)


def picture(tmp_path: Path, name: str = "board.jpg") -> Path:
    path = tmp_path / name
    cv2.imwrite(str(path), np.full((8, 8, 3), 128, np.uint8))
    return path


def saved_from_api(graph: dict[str, Any]) -> dict[str, Any]:
    """A workflow as GET /api/v1/workflows/{id} answers it: the graph under `document`."""
    return {"id": "wf_1", "title": "Poster", "version": 3, "is_public": False, "document": graph}


def test_a_workflow_saved_from_the_api_runs_its_document(tmp_path: Path) -> None:
    picture(tmp_path, "in.png")
    graph = workflow([node("img", "input.image", path="in.png"), node("save", "output.save")], [edge("img", "save")])
    result = run(tmp_path, saved_from_api(graph))
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "out" / "Poster - Save Image.png").exists()  # named after the project, as in the studio
    assert json.loads(run(tmp_path, saved_from_api(graph), "--json").stdout)["status"] == "completed"


def test_json_that_holds_no_workflow_says_which_shape_is_expected(tmp_path: Path) -> None:
    for doc in ({"id": "wf_1", "title": "Poster"}, {}, {"document": {"nodes": 5}}):
        result = run(tmp_path, doc)
        assert result.exit_code == 2
        assert "Traceback" not in result.output + result.stderr and "KeyError" not in result.stderr
        assert "`nodes` and `edges` lists" in said(result) and "under `document`" in said(result)


def test_a_stored_picture_missing_here_says_to_pass_data_dir_or_a_local_path(tmp_path: Path) -> None:
    graph = workflow(
        [
            node("img", "input.image", asset_id="a" * 64, filename="board.jpg"),
            node("save", "output.save"),
            node("n", "input.number"),
        ],
        [edge("img", "save")],
    )
    result = run(tmp_path, graph)
    assert result.exit_code == 3  # the rest ran
    words = said(result)
    assert f"“board.jpg” is not in the data folder {tmp_path / 'data'}" in words
    assert "run with --data-dir set to the studio's data folder" in words
    assert "--set img.path=board.jpg (a path from the current folder)" in words
    assert "upload" not in words and "aaaaaaaa" not in words  # nothing to upload into; no hash
    record = json.loads(run(tmp_path, graph, "--json").stdout)
    assert record["nodes"]["img"]["status"] == "blocked" and record["nodes"]["save"]["status"] == "blocked"
    assert record["nodes"]["n"]["status"] == "completed"


def test_a_stored_picture_in_a_video_input_is_left_out_in_the_apis_words(tmp_path: Path) -> None:
    """The same check as POST /api/v1/runs (karate.services.input_files): a stored file of another kind than its
    input takes leaves that node out before anything runs, from the type the data folder knows it by."""
    data = tmp_path / "data"
    photo = store_image(LocalAssetStore(data / "assets"), np.full((8, 8, 3), 90, np.uint8))
    graph = workflow(
        [
            node("clip", "input.video", asset_id=photo, filename="board.png"),
            node("img", "input.image", asset_id=photo),
            node("save", "output.save"),
        ],
        [edge("img", "save")],
    )
    result = run(tmp_path, graph)
    assert result.exit_code == 3, result.stderr  # the rest ran
    assert (
        "“board.png” is a PNG image; this input takes a video (MP4, WebM or QuickTime). Give this node a video on "
        "this computer: --set clip.path=FILE (a path from the current folder)." in said(result)
    )
    record = json.loads(run(tmp_path, graph, "--json").stdout)
    assert record["nodes"]["clip"]["status"] == "blocked" and record["nodes"]["save"]["status"] == "completed"
    alone = run(tmp_path, graph, "--from-node", "clip")
    assert alone.exit_code == 2 and "this input takes a video" in said(alone)


def test_either_fix_the_message_gives_runs_the_workflow(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    studio = tmp_path / "studio-data"
    asset_id = store_image(LocalAssetStore(studio / "assets"), np.full((8, 8, 3), 90, np.uint8))
    graph = workflow(
        [node("img", "input.image", asset_id=asset_id, filename="board.jpg"), node("save", "output.save")],
        [edge("img", "save")],
    )
    assert run(tmp_path, graph, "--data-dir", str(studio)).exit_code == 0
    shell = tmp_path / "shell"  # the folder the command is typed in, not the workflow file's
    shell.mkdir()
    picture(shell)
    monkeypatch.chdir(shell)
    assert run(tmp_path, graph, "--set", "img.path=board.jpg").exit_code == 0


def test_the_data_folder_a_missing_picture_is_not_in_is_named_by_its_absolute_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    graph = workflow([node("img", "input.image", asset_id="c" * 64, filename="board.jpg")], [])
    result = run(tmp_path, graph, "--data-dir", "data")
    assert result.exit_code == 2
    assert f"“board.jpg” is not in the data folder {tmp_path / 'data'};" in said(result)


def test_a_missing_picture_with_nothing_else_to_run_exits_2_with_the_same_advice(tmp_path: Path) -> None:
    graph = workflow([node("img", "input.image", asset_id="b" * 64)], [])
    result = run(tmp_path, graph)
    assert result.exit_code == 2
    assert "--data-dir" in said(result) and "--set img.path=FILE" in said(result)


def test_a_save_that_is_not_connected_is_named_with_its_problem_not_as_missing(tmp_path: Path) -> None:
    graph = workflow([node("n", "input.number"), node("save", "output.save")], [])
    result = run(tmp_path, graph)
    assert result.exit_code == 3
    words = said(result)
    assert "Nothing was written to" in words
    assert "Save Image can't run: Connect an image to Save Image's Image input" in words
    assert "no output node" not in words


def test_a_save_after_a_node_that_cannot_run_says_which_and_why(tmp_path: Path) -> None:
    picture(tmp_path, "in.png")
    graph = workflow(
        [
            node("img", "input.image", path="in.png"),
            node("blur", "tool.blur"),
            node("save", "output.save"),
        ],
        [edge("blur", "save")],
    )
    words = said(run(tmp_path, graph))
    assert "Save Image can't run: needs Blur, which can't run yet: Connect an image to Blur's Image input" in words
    assert "no output node" not in words


def blurr_into_save(tmp_path: Path) -> dict[str, Any]:
    """A picture through a node of a type that does not exist (`tool.blurr`, for tool.blur) into a Save."""
    picture(tmp_path, "in.png")
    return workflow(
        [node("img", "input.image", path="in.png"), node("blurr", "tool.blurr"), node("save", "output.save")],
        [edge("img", "blurr"), edge("blurr", "save")],
    )


def test_a_save_after_a_node_of_unknown_type_names_that_node_not_its_connected_input(tmp_path: Path) -> None:
    graph = blurr_into_save(tmp_path)
    words = said(run(tmp_path, graph))
    needs = "needs Blurr (tool.blurr), which can't run yet: unknown node type 'tool.blurr' (did you mean tool.blur?)"
    assert f"Save Image can't run: {needs}" in words
    assert "Connect an image" not in words, "the Save's input is connected"
    record = json.loads(run(tmp_path, graph, "--json").stdout)
    assert record["nodes"]["save"]["status"] == "blocked" and record["nodes"]["save"]["error"].startswith(needs)


def test_a_run_that_writes_nothing_makes_no_out_folder(tmp_path: Path) -> None:
    graph = blurr_into_save(tmp_path)
    result = run(tmp_path, graph)
    assert result.exit_code == 3  # the picture was read; nothing after it could run
    assert "Nothing was written to" in said(result) and not (tmp_path / "out").exists()
    graph["nodes"].pop(0)  # the unknown type and its Save alone: nothing can run
    assert run(tmp_path, graph, "--set", "save.quality=500").exit_code == 2
    assert run(tmp_path, graph).exit_code == 2 and not (tmp_path / "out").exists()
    graph["nodes"][0]["type"] = "tool.blur"  # fixed, the same --out is made and written
    graph["nodes"].insert(0, node("img", "input.image", path="in.png"))
    assert run(tmp_path, graph).exit_code == 0 and (tmp_path / "out" / "Save Image.png").exists()


def picture_through(tmp_path: Path, middle: str, node_type: str) -> dict[str, Any]:
    """A picture in.png in `tmp_path`, and the workflow img → `middle` (of `node_type`) → save."""
    picture(tmp_path, "in.png")
    return workflow(
        [node("img", "input.image", path="in.png"), node(middle, node_type), node("save", "output.save")],
        [edge("img", middle), edge(middle, "save")],
    )


def test_from_node_that_leaves_the_save_out_says_so_not_that_there_is_none(tmp_path: Path) -> None:
    result = run(tmp_path, picture_through(tmp_path, "inv", "tool.invert"), "--from-node", "inv")
    assert result.exit_code == 0
    words = said(result)
    assert "--from-node inv runs that node and what it needs, and no output node is among them" in words
    assert "(--from-node save)" in words


def test_a_misspelt_from_node_is_refused_with_the_node_it_may_mean(tmp_path: Path) -> None:
    result = run(tmp_path, picture_through(tmp_path, "blur", "tool.blur"), "--from-node", "blurr")
    assert result.exit_code == 2
    assert "--from-node 'blurr' is not in the workflow; did you mean blur?" in said(result)


def test_an_upload_node_with_no_file_says_how_to_give_one_from_the_command_line(tmp_path: Path) -> None:
    graph = workflow([node("img", "input.image"), node("save", "output.save")], [edge("img", "save")])
    result = run(tmp_path, graph)
    assert result.exit_code == 2
    assert "has no image file: give it one with --set img.path=FILE" in said(result)
    assert "Upload an image" not in said(result)  # the studio's words: nothing can be uploaded from here
    picture(tmp_path, "here.png")
    given = run(tmp_path, graph, "--set", f"img.path={tmp_path / 'here.png'}")
    assert given.exit_code == 0, given.stderr
