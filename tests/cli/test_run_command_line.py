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
    assert (shell / "out" / "Save Image.png").exists()  # its node's name, never its id
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
    words = said(result)
    assert "--set blurr.radius=5: the workflow has no node 'blurr'; did you mean blur (Blur)?" in words
    assert "(its nodes: img (Image Upload), blur (Blur), save (Save Image))" in words


TITLED = workflow(
    [
        node("img", "input.image", path="in.png") | {"title": "Product photo"},
        node("blur", "tool.blur"),
        node("save", "output.save"),
    ],
    [edge("img", "blur"), edge("blur", "save")],
)


def test_a_set_that_does_not_fit_blames_the_command_line_not_the_workflow(tmp_path: Path, shell: Path) -> None:
    """The workflow is fine; the --set is wrong: the headline says so, each --set is quoted as typed, and the node is
    named by its title beside its id (the id is what --set takes)."""
    for mistake, said_of_it in [
        ("blur.radiu=5", "--set blur.radiu=5: Blur has no setting 'radiu'; did you mean radius?"),
        (
            "Product photo.path=in.png",
            "--set 'Product photo.path=in.png': the workflow has no node 'Product photo'; "
            "--set names a node by its id, not its title; did you mean img (Product photo)?",
        ),
        ("blur.radius=abc", "--set blur.radius=abc: Radius must be a number from 0 to 200; you gave 'abc'"),
        (
            "radius=3",
            "--set radius=3 does not say which node; write it as NODE_ID.SETTING=VALUE: did you mean blur.radius=3?",
        ),
        ("blur.radius", "--set blur.radius has no value; write it as blur.radius=VALUE"),
    ]:
        result = run(TITLED, "--set", mistake, where=tmp_path / "wf")
        assert result.exit_code == 2, mistake
        words = said(result)
        assert words.startswith(
            f"Nothing ran: a --set does not fit {tmp_path / 'wf' / 'w.json'} (the command line is wrong, not the "
            "file); correct it and run again:"
        ), words
        assert said_of_it in words
        assert "not a valid workflow" not in words and "node blur" not in words
        answer = json.loads(run(TITLED, "--set", mistake, "--json", where=tmp_path / "wf").stdout)
        assert answer["status"] == "invalid_set", mistake  # not "invalid": the file is fine
    assert list(shell.iterdir()) == [], "nothing is made for a refused run"


def test_a_value_refused_on_a_node_with_a_title_names_it(tmp_path: Path, shell: Path) -> None:
    result = run(TITLED, "--set", "save.quality=500", where=tmp_path / "wf")
    assert result.exit_code == 2
    assert "--set save.quality=500 (Save Image): Quality must be a whole number from 1 to 100" in said(result)
    soft = workflow([*TITLED["nodes"][:1], TITLED["nodes"][1] | {"title": "Soft"}, TITLED["nodes"][2]], TITLED["edges"])
    result = run(soft, "--set", "blur.radius=-1", where=tmp_path / "wf")
    assert "--set blur.radius=-1 (Soft): Radius must be" in said(result)


def test_several_sets_that_do_not_fit_are_listed_together_with_a_file_that_cannot_be_used(
    tmp_path: Path, shell: Path
) -> None:
    result = run(
        TITLED, "--set", "blur.radiu=5", "--set", "blurr.kind=box", "--set", "img.path=gone.png", where=tmp_path / "wf"
    )
    assert result.exit_code == 2
    words = said(result)
    assert "Nothing ran: 2 --set options do not fit" in words and "correct them and run again" in words
    assert "Also, Product photo's picture “gone.png” cannot be used" in words
    answer = json.loads(
        run(TITLED, "--set", "blur.radiu=5", "--set", "img.path=gone.png", "--json", where=tmp_path / "wf").stdout
    )
    assert answer["status"] == "invalid_set"
    assert {p["code"] for p in answer["problems"]} == {"invalid_override", "missing_file"}


def test_every_set_that_does_not_fit_is_said_at_once_in_command_line_order(tmp_path: Path, shell: Path) -> None:
    """A mistyped node, a refused value and a --set with no value: all three, as typed and in the order typed, counted
    right, with the same words on the terminal and in --json."""
    typed = ("--set", "blurr.radius=5", "--set", "blur.radius=abc", "--set", "x")
    lines = [
        "--set blurr.radius=5: the workflow has no node 'blurr'; did you mean blur (Blur)?",
        "--set blur.radius=abc: Radius must be a number from 0 to 200; you gave 'abc'",
        "--set x has no value; write it as NODE_ID.SETTING=VALUE",
    ]
    result = run(BLURRED, *typed, where=tmp_path / "wf")
    assert result.exit_code == 2
    words = said(result)
    assert "Nothing ran: 3 --set options do not fit" in words
    places = [words.index(line) for line in lines]
    assert places == sorted(places)
    answer = json.loads(run(BLURRED, *typed, "--json", where=tmp_path / "wf").stdout)
    assert answer["message"].startswith("Nothing ran: 3 --set options do not fit")
    messages = [p["message"] for p in answer["problems"]]
    assert [m[: len(line)] for m, line in zip(messages, lines, strict=True)] == lines
    assert all(m in words for m in messages)


def test_a_set_on_a_workflow_with_problems_of_its_own_says_both(tmp_path: Path, shell: Path) -> None:
    broken = workflow([node("blur", "tool.blur"), node("save", "output.save")], [edge("blur", "save")])
    result = run(broken, "--set", "blur.radius=abc", where=tmp_path / "wf")
    assert result.exit_code == 2
    words = said(result)
    assert "Nothing ran: a --set does not fit" in words and "the command line is wrong, not the file" not in words
    assert "Also, " in words and "is not a valid workflow" in words
    answer = json.loads(run(broken, "--set", "blur.radius=abc", "--json", where=tmp_path / "wf").stdout)
    assert answer["status"] == "invalid"  # the file has to change too


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
