"""What `karate run` does with what is typed on its command line: a `--set` path is read from the shell's folder, a
mistyped node or setting is refused before anything runs with the closest name, a refused value is quoted back, a
file that is no picture is named, and a run refused creates nothing in the folder it was typed in."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from karate.cli import main
from tests.cli.words import picture, said
from tests.helpers import edge, node, workflow

BLURRED = workflow(
    [node("img", "input.image", path="in.png"), node("blur", "tool.blur"), node("save", "output.save")],
    [edge("img", "blur"), edge("blur", "save")],
)


def run(doc: dict, *args: str, where: Path) -> Result:
    """`karate run` of `doc`, saved with a picture (in.png) in the folder `where`, from the current folder."""
    where.mkdir(exist_ok=True)
    picture(where / "in.png")
    (where / "w.json").write_text(json.dumps(doc))
    return CliRunner().invoke(main, ["run", str(where / "w.json"), *args], catch_exceptions=False)


def test_a_path_given_with_set_is_read_from_the_current_folder(tmp_path: Path, shell: Path) -> None:
    picture(shell / "mine.jpg")  # and none of that name beside the workflow
    result = run(BLURRED, "--set", "img.path=mine.jpg", "--out", "out", where=tmp_path / "wf")
    assert result.exit_code == 0, result.stderr
    assert (shell / "out" / "save.png").exists()
    result = run(BLURRED, "--set", "img.path=gone.jpg", where=tmp_path / "wf")
    assert result.exit_code == 2  # the command line is wrong: nothing runs
    assert f"there is no file gone.jpg (looked for {shell / 'gone.jpg'}); check its name and folder" in said(result)


def test_a_path_in_the_workflow_file_stays_read_from_the_files_folder(tmp_path: Path, shell: Path) -> None:
    result = run(BLURRED, "--out", "out", where=tmp_path / "wf")  # in.png is beside w.json, not in the shell
    assert result.exit_code == 0, result.stderr


def test_a_refused_run_creates_nothing_in_the_current_folder(tmp_path: Path, shell: Path) -> None:
    stored = workflow(
        [node("img", "input.image", asset_id="d" * 64, filename="board.jpg"), node("save", "output.save")],
        [edge("img", "save")],
    )
    result = run(stored, where=tmp_path / "wf")  # the picture is in no data folder here
    assert result.exit_code == 2
    assert "is not in the data folder" in said(result)
    assert list(shell.iterdir()) == [], "no ./data (asset folders, cache.sqlite3) for a run that did nothing"
    for mistake in ("blur.radiu=5", "blurr.radius=5", "blur.radius=abc", "img.path=gone.jpg"):
        assert run(BLURRED, "--set", mistake, where=tmp_path / "wf").exit_code == 2, mistake
        assert list(shell.iterdir()) == [], mistake


def test_a_mistyped_setting_is_refused_up_front_with_the_closest_name(tmp_path: Path, shell: Path) -> None:
    result = run(BLURRED, "--set", "blur.radiu=5", where=tmp_path / "wf")
    assert result.exit_code == 2
    words = said(result)
    assert "Blur has no setting 'radiu'; did you mean radius?" in words
    assert "(its settings: " in words and "radius" in words and "kind" in words
    record = json.loads(run(BLURRED, "--set", "blur.radiu=5", "--json", where=tmp_path / "wf").stdout)
    [problem] = record["problems"]
    assert (problem["code"], problem["node_id"], problem["field"]) == ("invalid_override", "blur", "radiu")


def test_a_mistyped_node_id_is_refused_with_the_closest_id(tmp_path: Path, shell: Path) -> None:
    result = run(BLURRED, "--set", "blurr.radius=5", where=tmp_path / "wf")
    assert result.exit_code == 2
    assert "--set names node 'blurr', which is not in the workflow; did you mean blur?" in said(result)
    assert "(its nodes: img, blur, save)" in said(result)


def test_a_file_input_takes_a_path_though_it_is_no_parameter_of_its_node(tmp_path: Path, shell: Path) -> None:
    picture(shell / "mine.png")
    result = run(BLURRED, "--set", "img.pth=mine.png", where=tmp_path / "wf")
    assert result.exit_code == 2 and "did you mean path?" in said(result)


def test_a_refused_value_is_quoted_back(tmp_path: Path, shell: Path) -> None:
    result = run(BLURRED, "--set", "blur.radius=abc", where=tmp_path / "wf")
    assert result.exit_code == 2
    assert "Radius must be a number from 0 to 200; you gave 'abc'" in said(result)
    result = run(BLURRED, "--set", "blur.radius=500", where=tmp_path / "wf")
    assert result.exit_code == 2 and "you gave '500'" in said(result)


def test_a_file_that_is_no_picture_is_named_and_said_what_it_seems_to_be(tmp_path: Path, shell: Path) -> None:
    (shell / "x.txt").write_text("a note, not a picture\n")
    result = run(BLURRED, "--set", "img.path=x.txt", where=tmp_path / "wf")
    assert result.exit_code == 2
    words = said(result)
    assert "x.txt is not an image the studio can read (it looks like plain text); use a PNG, JPEG" in words
    assert "this file is a file" not in words and "you gave" not in words  # the name says it already
    (shell / "blob.png").write_bytes(bytes(range(256)))
    result = run(BLURRED, "--set", "img.path=blob.png", where=tmp_path / "wf")
    assert "blob.png is not an image the studio can read (the studio does not recognise its type)" in said(result)


def test_a_file_name_given_with_an_extension_is_saved_with_its_types_own_once(tmp_path: Path, shell: Path) -> None:
    """A Save node's Filename `poster.png` names the file poster.png (not poster.png.png); one naming another type
    (`photo.png` for a JPEG) never makes a file whose extension lies about its bytes; any other dot stays."""
    saves = {"poster": ("poster.png", "png"), "photo": ("photo.png", "jpg"), "draft": ("v1.2-final", "png")}
    doc = workflow(
        [node("img", "input.image", path="in.png")]
        + [node(name, "output.save", filename=filename, format=kind) for name, (filename, kind) in saves.items()],
        [edge("img", name) for name in saves],
    )
    result = run(doc, "--out", "out", where=tmp_path / "wf")
    assert result.exit_code == 0, result.stderr
    assert sorted(path.name for path in (shell / "out").iterdir()) == ["photo.jpg", "poster.png", "v1.2-final.png"]
    assert (shell / "out" / "photo.jpg").read_bytes()[:3] == b"\xff\xd8\xff"  # a JPEG, named so
