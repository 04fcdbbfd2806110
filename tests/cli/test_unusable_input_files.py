"""What `karate run` says when a workflow is fine but a file given to one of its input nodes cannot be used (empty, not
a picture, missing, over the size limit, a video for a picture, or a stored picture this data folder lacks): the
headline names that file and its node by title and says what to do, and never calls the workflow invalid; `--json`
says the same. The exit code stays 2 when nothing could run."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from karate.cli import main
from tests.cli.words import picture, said
from tests.helpers import edge, node, workflow

MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + bytes(4096)  # the start of an MP4 video


def photo_workflow(path: str, title: str | None = "Product photo") -> dict[str, Any]:
    """A picture given by `path` to an input node (id n7, so that a message naming it by id is seen), blurred and
    saved."""
    source = node("n7", "input.image", path=path) | ({"title": title} if title else {})
    return workflow(
        [source, node("blur", "tool.blur"), node("save", "output.save")], [edge("n7", "blur"), edge("blur", "save")]
    )


def run(shell: Path, doc: dict[str, Any], *args: str) -> Result:
    """`karate run studio-export.json` of `doc`, in the folder it is typed in."""
    (shell / "studio-export.json").write_text(json.dumps(doc))
    return CliRunner().invoke(main, ["run", "studio-export.json", *args], catch_exceptions=False)


def headline(result: Result) -> str:
    """The first sentence shown: up to the colon that starts the list of problems."""
    return said(result).partition(" • ")[0]


def assert_the_picture_is_blamed(result: Result, named: str, advice: str) -> None:
    assert result.exit_code == 2, result.stderr  # nothing could run
    first = headline(result)
    assert f"Product photo's picture “{named}” cannot be used; {advice}" in first, first
    assert "not a valid workflow" not in said(result) and "studio-export.json" not in first
    assert "n7" not in said(result), "the node is named by its title, never its id"


@pytest.mark.parametrize(
    ("content", "why"),
    [(b"", "(it is empty)"), (b"just some notes\n", "(it looks like plain text)")],
    ids=["empty", "text"],
)
def test_a_picture_that_is_no_picture_is_blamed_not_the_workflow(shell: Path, content: bytes, why: str) -> None:
    (shell / "photo.png").write_bytes(content)
    result = run(shell, photo_workflow("photo.png"))
    assert_the_picture_is_blamed(result, "photo.png", "give it a real image file")
    assert f"Product photo: photo.png is not an image the studio can read {why}; use a PNG, JPEG" in said(result)
    assert list(shell.iterdir()) == [shell / "photo.png", shell / "studio-export.json"], "a refused run makes nothing"


def test_a_missing_picture_is_blamed_with_where_it_was_looked_for(shell: Path) -> None:
    result = run(shell, photo_workflow("gone.png"))
    assert_the_picture_is_blamed(result, "gone.png", "give it the path of a real image file")
    words = said(result)
    assert f"Product photo: there is no file gone.png (looked for {shell / 'gone.png'})" in words
    assert "check its name and folder" in words


def test_a_picture_over_the_size_limit_is_blamed_with_the_limit(shell: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KARATE_MAX_IMAGE_PIXELS", "32")
    picture(shell / "big.png")  # 8×8: 64 pixels
    result = run(shell, photo_workflow("big.png"))
    assert_the_picture_is_blamed(result, "big.png", "give it a real image file")
    assert "larger than this studio's" in said(result) and "KARATE_MAX_IMAGE_PIXELS" in said(result)


def test_a_video_given_to_a_picture_input_is_blamed(shell: Path) -> None:
    (shell / "clip.mp4").write_bytes(MP4)
    result = run(shell, photo_workflow("clip.mp4"))
    assert_the_picture_is_blamed(result, "clip.mp4", "give it a real image file")
    assert "clip.mp4 is not an image the studio can read (it is video/mp4)" in said(result)


def test_a_bad_picture_given_with_set_is_blamed_as_typed(shell: Path) -> None:
    picture(shell / "good.png")
    (shell / "empty.png").write_bytes(b"")
    result = run(shell, photo_workflow("good.png"), "--set", "n7.path=empty.png")
    assert_the_picture_is_blamed(result, "empty.png", "give it a real image file")
    result = run(shell, photo_workflow("good.png"), "--set", "n7.path=gone.png")
    assert_the_picture_is_blamed(result, "gone.png", "give it the path of a real image file")


def test_a_node_without_a_title_is_named_by_its_types_title(shell: Path) -> None:
    (shell / "photo.png").write_bytes(b"")
    result = run(shell, photo_workflow("photo.png", title=None))
    assert result.exit_code == 2
    assert "Image Upload's picture “photo.png” cannot be used" in headline(result)
    assert "n7" not in said(result)


def test_json_says_the_picture_cannot_be_used_not_that_the_workflow_is_invalid(shell: Path) -> None:
    (shell / "photo.png").write_bytes(b"")
    result = run(shell, photo_workflow("photo.png"), "--json")
    assert result.exit_code == 2
    record = json.loads(result.stdout)
    assert record["status"] == "unusable_file"
    assert record["message"].startswith("Nothing ran: Product photo's picture “photo.png” cannot be used; give it")
    [problem] = record["problems"]
    assert (problem["code"], problem["node_id"], problem["field"]) == ("invalid_file", "n7", "path")
    assert problem["message"].startswith("photo.png is not an image the studio can read (it is empty)")


def test_several_unusable_files_are_named_together(shell: Path) -> None:
    (shell / "photo.png").write_bytes(b"")
    doc = photo_workflow("photo.png")
    doc["nodes"].append(node("bg", "input.image", path="backdrop.png") | {"title": "Backdrop"})
    doc["nodes"].append(node("save_bg", "output.save"))
    doc["edges"].append(edge("bg", "save_bg"))
    result = run(shell, doc)
    assert result.exit_code == 2, result.stderr
    first = headline(result)
    assert "Product photo's picture “photo.png” and Backdrop's picture “backdrop.png” cannot be used" in first
    assert "cannot be used; each says below what to do" in first and "not a valid workflow" not in said(result)
    assert "Backdrop: there is no file backdrop.png" in said(result)
    (shell / "backdrop.png").write_text("a note")
    assert "cannot be used; give each a real file of its kind" in headline(run(shell, doc))


def test_a_workflow_problem_beside_a_bad_picture_is_said_apart_from_it(shell: Path) -> None:
    (shell / "photo.png").write_bytes(b"")
    doc = photo_workflow("photo.png")
    doc["nodes"].append(node("ghost", "tool.nope"))
    result = run(shell, doc)
    assert result.exit_code == 2, result.stderr
    words = said(result)
    assert "studio-export.json is not a valid workflow (1 problem)" in words and "tool.nope" in words
    assert "Also, Product photo's picture “photo.png” cannot be used; give it a real image file" in words
    record = json.loads(run(shell, doc, "--json").stdout)
    assert record["status"] == "invalid"  # the workflow itself has a problem too


def test_a_stored_picture_this_data_folder_lacks_is_blamed_not_the_workflow(shell: Path) -> None:
    doc = workflow(
        [
            node("n7", "input.image", asset_id="d" * 64, filename="board.jpg") | {"title": "Product photo"},
            node("save", "output.save"),
        ],
        [edge("n7", "save")],
    )
    result = run(shell, doc)
    assert result.exit_code == 2
    first = headline(result)
    assert "Product photo's picture “board.jpg” cannot be used; run with the studio's data folder" in first
    assert "not a valid workflow" not in said(result)


def test_a_bad_picture_on_a_branch_leaves_the_rest_running_as_before(shell: Path) -> None:
    (shell / "photo.png").write_bytes(b"")
    doc = photo_workflow("photo.png")
    doc["nodes"].append(node("count", "input.number"))
    result = run(shell, doc, "--json")
    assert result.exit_code == 3  # the valid part ran
    record = json.loads(result.stdout)
    assert record["nodes"]["count"]["status"] == "completed" and record["nodes"]["n7"]["status"] == "blocked"
