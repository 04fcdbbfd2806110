"""The `karate` command: examples run and are cached, overrides re-run one node, bad graphs exit 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest
from click.testing import CliRunner

from karate.cli import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.json"))


def karate(*args: str) -> tuple[int, dict]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    try:
        record = json.loads(result.stdout)
    except json.JSONDecodeError:
        record = {}
    return result.exit_code, record


def read_rgb(path: str | Path) -> np.ndarray:
    return cv2.cvtColor(cv2.imread(str(path), cv2.IMREAD_COLOR), cv2.COLOR_BGR2RGB)


def test_there_are_at_least_three_examples_with_small_samples() -> None:
    assert len(EXAMPLES) >= 3
    samples = [p for p in (ROOT / "examples" / "images").iterdir() if p.suffix in {".png", ".jpg"}]
    assert sum(p.stat().st_size for p in samples) < 1_000_000


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_each_example_runs_then_is_fully_cached(example: Path, tmp_path: Path) -> None:
    args = ["run", str(example), "--json", "--out", str(tmp_path / "out"), "--data-dir", str(tmp_path / "data")]
    code, first = karate(*args)
    assert code == 0 and first["status"] == "completed"
    saved = [path for n in first["nodes"].values() for path in n["outputs"]]
    assert saved and all(Path(path).stat().st_size > 0 for path in saved)
    code, second = karate(*args)
    assert code == 0
    assert all(n["cached"] for n in second["nodes"].values())


def test_examples_write_the_expected_pictures(tmp_path: Path) -> None:
    out, data = tmp_path / "out", tmp_path / "data"
    for name in ("square-thumbnail", "remove-object", "dusk-poster"):
        code, _ = karate(
            "run", str(ROOT / "examples" / f"{name}.json"), "--json", "--out", str(out), "--data-dir", str(data)
        )
        assert code == 0
    source = read_rgb(ROOT / "examples" / "images" / "hills.jpg")
    side = 2 * min(source.shape[:2])
    assert read_rgb(out / "square-thumbnail.webp").shape == (side, side, 3)
    clean = read_rgb(out / "product-clean.png").astype(int)
    ball = clean[280:300, 390:410]  # where the red ball was
    assert abs(ball[..., 0] - ball[..., 1]).max() < 40, "the red ball is gone, the backdrop is grey there"
    poster = read_rgb(out / "dusk-poster.png").astype(int)
    negative = read_rgb(out / "dusk-negative.jpg").astype(int)
    assert poster.shape == negative.shape == source.shape
    # the negative inverts the adjusted photo; the poster is the same photo softly blurred
    assert np.abs((255 - negative) - poster).mean() < 12


def test_set_on_the_last_node_reruns_only_that_node(tmp_path: Path) -> None:
    example = str(ROOT / "examples" / "square-thumbnail.json")
    common = ["--json", "--out", str(tmp_path / "out"), "--data-dir", str(tmp_path / "data")]
    assert karate("run", example, *common)[0] == 0
    code, record = karate("run", example, *common, "--set", 'save.format="png"')
    assert code == 0
    executed = [node_id for node_id, n in record["nodes"].items() if not n["cached"]]
    assert executed == ["save"]
    assert record["nodes"]["save"]["outputs"][0].endswith("square-thumbnail.png")


def test_an_invalid_workflow_exits_2_listing_every_problem_and_writes_nothing(tmp_path: Path) -> None:
    doc = {
        "nodes": [
            {"id": "a", "type": "tool.nope"},
            {"id": "b", "type": "tool.blur", "params": {"radius": -3}},
            {"id": "c", "type": "output.save"},
        ],
        "edges": [{"source": "b", "sourceHandle": "image", "target": "ghost", "targetHandle": "image"}],
    }
    workflow = tmp_path / "bad.json"
    workflow.write_text(json.dumps(doc))
    out, data = tmp_path / "out", tmp_path / "data"
    code, record = karate("run", str(workflow), "--json", "--out", str(out), "--data-dir", str(data))
    assert code == 2 and record["status"] == "invalid"
    codes = {(p["code"], p["node_id"]) for p in record["problems"]}
    assert {("unknown_type", "a"), ("invalid_param", "b"), ("missing_input", "b"), ("missing_input", "c")} <= codes
    assert any(p["code"] == "dangling_edge" for p in record["problems"])
    assert not out.exists() and not data.exists()


@pytest.mark.parametrize("content", ["{not json", "[1, 2]", '{"nodes": 5}'])
def test_malformed_files_exit_2(tmp_path: Path, content: str) -> None:
    workflow = tmp_path / "broken.json"
    workflow.write_text(content)
    code, record = karate("run", str(workflow), "--json", "--data-dir", str(tmp_path / "data"))
    assert code == 2 and record["problems"][0]["code"] == "malformed"


def test_a_bad_override_and_a_missing_file_are_reported(tmp_path: Path) -> None:
    workflow = tmp_path / "w.json"
    workflow.write_text(
        json.dumps({"nodes": [{"id": "img", "type": "input.image", "params": {"path": "gone.png"}}], "edges": []})
    )
    code, record = karate(
        "run", str(workflow), "--json", "--set", "nobody.x=1", "--set", "junk", "--data-dir", str(tmp_path / "data")
    )
    assert code == 2
    assert {p["code"] for p in record["problems"]} == {"invalid_override", "missing_file"}


def test_a_failed_run_exits_1_with_the_node_error(tmp_path: Path) -> None:
    cv2.imwrite(str(tmp_path / "in.png"), np.full((8, 8, 3), 128, np.uint8))
    workflow = tmp_path / "w.json"
    doc = {  # a crop outside the picture: known only once the picture is read, so the node fails as it runs
        "nodes": [
            {"id": "img", "type": "input.image", "params": {"path": "in.png"}},
            {"id": "crop", "type": "tool.crop", "params": {"x": 20, "width": 4, "height": 4}},
            {"id": "blur", "type": "tool.blur"},
            {"id": "n", "type": "input.number"},
        ],
        "edges": [
            {"source": "img", "sourceHandle": "image", "target": "crop", "targetHandle": "image"},
            {"source": "crop", "sourceHandle": "image", "target": "blur", "targetHandle": "image"},
        ],
    }
    workflow.write_text(json.dumps(doc))
    code, record = karate("run", str(workflow), "--json", "--data-dir", str(tmp_path / "data"))
    assert code == 1 and record["status"] == "failed"
    assert "past the picture's right edge" in record["nodes"]["crop"]["error"]
    assert record["nodes"]["blur"]["status"] == "skipped"
    assert record["nodes"]["n"]["status"] == "completed"


def test_nodes_lists_every_type_with_its_schema() -> None:
    result = CliRunner().invoke(main, ["nodes", "--json"])
    nodes = {n["type"]: n for n in json.loads(result.stdout)["nodes"]}
    assert {"input.prompt", "input.image", "output.save", "tool.blur", "tool.invert", "tool.crop"} <= set(nodes)
    blur = nodes["tool.blur"]
    assert blur["params_schema"]["properties"]["radius"]["maximum"] == 200
    assert blur["inputs"][0] == {"name": "image", "type": "image", "list": False, "required": True, "description": ""}


def test_the_installed_command_runs_in_a_new_process(tmp_path: Path) -> None:
    example = ROOT / "examples" / "dusk-poster.json"
    command = [
        sys.executable,
        "-m",
        "karate",
        "run",
        str(example),
        "--json",
        "--out",
        str(tmp_path / "o"),
        "--data-dir",
        str(tmp_path / "d"),
    ]
    first = subprocess.run(command, capture_output=True, text=True, check=True)
    second = subprocess.run(command, capture_output=True, text=True, check=True)
    assert json.loads(first.stdout)["status"] == "completed"
    assert all(n["cached"] for n in json.loads(second.stdout)["nodes"].values())


def test_without_json_each_node_is_listed_with_its_status(tmp_path: Path) -> None:
    args = [
        "run",
        str(ROOT / "examples" / "wide-banner.json"),
        "--out",
        str(tmp_path / "o"),
        "--data-dir",
        str(tmp_path / "d"),
    ]
    CliRunner().invoke(main, args)
    second = CliRunner().invoke(main, args)
    assert second.exit_code == 0
    lines = {line.split()[0]: line for line in second.stderr.splitlines() if line.strip()}
    assert "cached" in lines["extend"] and "cached" in lines["save"]
    assert "completed in" in second.stderr and "3 nodes, 0 executed, 3 cached" in second.stderr


# --- workflow files as editors save them (issue 10, section 2) -------------------------------------------

UNICODE_PROMPT = "Été à Zürich — 東京 🌅"


def _prompt_workflow(newline: str = "\n") -> str:
    doc = {
        "nodes": [
            {"id": "words", "type": "input.prompt", "params": {"text": UNICODE_PROMPT}},
            {"id": "n", "type": "input.number", "params": {"value": 3}},
        ],
        "edges": [],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False).replace("\n", newline)


@pytest.mark.parametrize(
    "encode",
    [
        pytest.param(lambda text: text.encode("utf-8"), id="utf-8"),
        pytest.param(lambda text: text.encode("utf-8-sig"), id="utf-8 with BOM (Notepad)"),
        pytest.param(lambda text: text.encode("utf-16"), id="utf-16 with BOM (Windows Unicode)"),
        pytest.param(lambda text: b"\xff\xfe" + text.encode("utf-16-le"), id="utf-16 LE with BOM"),
        pytest.param(lambda text: b"\xfe\xff" + text.encode("utf-16-be"), id="utf-16 BE with BOM"),
        pytest.param(lambda text: text.encode("utf-16-le"), id="utf-16 LE without BOM"),
        pytest.param(lambda text: text.encode("utf-32"), id="utf-32 with BOM"),
        pytest.param(lambda text: text.replace("\n", "\r\n").encode("utf-8"), id="CRLF line endings"),
        pytest.param(lambda text: text.replace("\n", "\r").encode("utf-8"), id="CR line endings"),
        pytest.param(lambda text: text.replace("\n", "\r\n").encode("utf-8-sig"), id="BOM and CRLF"),
    ],
)
def test_workflow_files_in_every_unicode_encoding_load_with_their_text_intact(tmp_path: Path, encode) -> None:
    from karate.workflow_reading import load_document

    workflow = tmp_path / "w.json"
    workflow.write_bytes(encode(_prompt_workflow()))
    document, _ = load_document(workflow, [])
    assert document["nodes"][0]["params"]["text"] == UNICODE_PROMPT
    code, record = karate("run", str(workflow), "--json", "--data-dir", str(tmp_path / "data"))
    assert code == 0 and record["status"] == "completed"


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252"])
def test_a_latin1_or_ansi_file_is_refused_saying_where_and_to_save_it_as_utf8(tmp_path: Path, encoding: str) -> None:
    workflow = tmp_path / "ansi.json"
    text = '{\n  "nodes": [{"id": "p", "type": "input.prompt", "params": {"text": "café"}}],\n  "edges": []\n}'
    workflow.write_bytes(text.encode(encoding))
    code, record = karate("run", str(workflow), "--json", "--data-dir", str(tmp_path / "data"))
    assert code == 2
    message = record["problems"][0]["message"]
    assert record["problems"][0]["code"] == "malformed"
    assert "is not UTF-8 text (byte 0xE9 at line 2, column" in message and "save it as UTF-8" in message


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ('{"nodes": [],\n "edges": [],\n}', "line 3, column 1: a name must be in double quotes"),
        ('{"nodes": [1, 2,]}', "line 1, column 17: a value is missing"),
        ('{"nodes": [] "edges": []}', "line 1, column 14: a comma is missing"),
        (
            '{"nodes": [{"id": "p", "type": "input.prompt", "params": {"text": "two\nlines"}}]}',
            "a text value spans lines",
        ),
        ('{"nodes": []} {}', "there is more after the workflow's closing brace"),
        ("", "is empty"),
        ("\ufeff  \r\n", "is empty"),
    ],
)
def test_broken_json_is_reported_by_line_and_column_in_words(tmp_path: Path, content: str, words: str) -> None:
    workflow = tmp_path / "broken.json"
    workflow.write_bytes(content.encode("utf-8"))
    code, record = karate("run", str(workflow), "--json", "--data-dir", str(tmp_path / "data"))
    message = record["problems"][0]["message"]
    assert code == 2 and words in message
    assert "Expecting" not in message and "delimiter" not in message and "char " not in message


def test_cli_parameter_problems_are_sentences_without_patterns_or_pydantic_words(tmp_path: Path) -> None:
    doc = {
        "nodes": [
            {"id": "img", "type": "input.image", "params": {"asset_id": ""}},
            {"id": "blur", "type": "tool.blur", "params": {"radius": float("nan")}},
            {"id": "save", "type": "output.save", "params": {"filename": "poster 🌅", "format": "gif"}},
        ],
        "edges": [
            {"source": "img", "sourceHandle": "image", "target": "blur", "targetHandle": "image"},
            {"source": "blur", "sourceHandle": "image", "target": "save", "targetHandle": "image"},
        ],
    }
    workflow = tmp_path / "w.json"
    workflow.write_text(json.dumps(doc))  # json writes NaN as a bare NaN token, as Python users' files do
    code, record = karate("run", str(workflow), "--json", "--data-dir", str(tmp_path / "data"))
    assert code == 2
    messages = {(p["node_id"], p["field"]): p["message"] for p in record["problems"]}
    assert messages == {
        # the studio's "Upload an image into Image Upload first", as the command line can give one
        ("img", "path"): "this node has no image file: give it one with --set img.path=FILE (a path from the current "
        "folder)",
        # a value the file gives is quoted as the file writes it, to be found there
        ("blur", "radius"): 'Radius must be a number from 0 to 200; the workflow file has "radius": NaN',
        ("save", "filename"): "Use only letters, digits, spaces, dots, dashes and underscores in the file name; "
        'the workflow file has "filename": "poster 🌅"',
        ("save", "format"): 'Format is "gif", which is not one of: png, jpg, webp; choose one of them',
    }


# --- output files never overwrite each other, never escape --out (issue 10, section 3) -------------------


def _picture(tmp_path: Path) -> Path:
    path = tmp_path / "in.png"
    pixels = np.zeros((12, 16, 3), np.uint8)
    pixels[:, :8] = (200, 40, 10)
    cv2.imwrite(str(path), pixels)
    return path


def _two_saves(tmp_path: Path, first: dict, second: dict) -> Path:
    """in.png -> save `first` (as is); in.png -> invert -> save `second` (so their pictures differ)."""
    doc = {
        "nodes": [
            {"id": "img", "type": "input.image", "params": {"path": str(_picture(tmp_path))}},
            {"id": "inv", "type": "tool.invert"},
            first,
            second,
        ],
        "edges": [
            {"source": "img", "sourceHandle": "image", "target": first["id"], "targetHandle": "image"},
            {"source": "img", "sourceHandle": "image", "target": "inv", "targetHandle": "image"},
            {"source": "inv", "sourceHandle": "image", "target": second["id"], "targetHandle": "image"},
        ],
    }
    workflow = tmp_path / "w.json"
    workflow.write_text(json.dumps(doc))
    return workflow


@pytest.mark.parametrize(
    ("first", "second", "names"),
    [
        (
            {"id": "a", "type": "output.save", "params": {"filename": "poster"}},
            {"id": "b", "type": "output.save", "params": {"filename": "poster"}},
            ("poster.png", "poster-2.png"),
        ),
        (
            {"id": "poster", "type": "output.save", "title": "Poster"},
            {"id": "b", "type": "output.save", "params": {"filename": "poster"}},
            ("Poster.png", "poster-2.png"),
        ),
        (
            {"id": "a", "type": "output.save", "params": {"filename": "Poster"}},
            {"id": "b", "type": "output.save", "params": {"filename": "poster"}},
            ("Poster.png", "poster-2.png"),
        ),
        (
            {"id": "a", "type": "output.save", "params": {"filename": "poster"}},
            {"id": "b", "type": "output.save", "params": {"filename": "poster", "format": "jpg"}},
            ("poster.png", "poster.jpg"),
        ),
    ],
    ids=["same filename", "filename equals another node's title", "names differing in case", "other format"],
)
def test_two_saves_with_one_name_write_two_files_and_the_record_tells_which(
    tmp_path: Path, first: dict, second: dict, names: tuple
) -> None:
    out = tmp_path / "out"
    code, record = karate(
        "run",
        str(_two_saves(tmp_path, first, second)),
        "--json",
        "--out",
        str(out),
        "--data-dir",
        str(tmp_path / "data"),
    )
    assert code == 0
    assert record["nodes"][first["id"]]["outputs"] == [str(out / names[0])]
    assert record["nodes"][second["id"]]["outputs"] == [str(out / names[1])]
    assert sorted(p.name for p in out.iterdir()) == sorted(names)
    source = read_rgb(tmp_path / "in.png").astype(int)
    if names[1].endswith(".png"):  # lossless: each file holds its own node's picture, exactly
        assert np.array_equal(read_rgb(out / names[0]), source)
        assert np.array_equal(read_rgb(out / names[1]), 255 - source)
    again = karate("run", str(tmp_path / "w.json"), "--json", "--out", str(out), "--data-dir", str(tmp_path / "data"))[
        1
    ]
    assert again["nodes"][second["id"]]["outputs"] == [str(out / names[1])], "the same names on every run"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        (None, "Save Image.png"),
        ("../../x", "x.png"),
        ("/etc/passwd", "etc passwd.png"),
        ("a/b", "a b.png"),
        ("..", "output.png"),
        ("a\\b", "a b.png"),
        ("nul\u0000byte", "nul byte.png"),
        ("CON", "_CON.png"),
    ],
    ids=["no title", "parent folders", "absolute path", "subfolder", "dot-dot", "backslash", "NUL", "windows device"],
)
def test_node_names_never_write_outside_the_out_folder(tmp_path: Path, title: str | None, expected: str) -> None:
    """A Save node with no Filename names its file by its title (else its type's), never by its id, which here would
    reach outside the folder; what a disk refuses in a title becomes a space."""
    work = tmp_path / "deep" / "er"
    work.mkdir(parents=True)
    node_id = "../../x"
    doc = {
        "nodes": [
            {"id": "img", "type": "input.image", "params": {"path": str(_picture(work))}},
            {"id": node_id, "type": "output.save"} | ({"title": title} if title is not None else {}),
        ],
        "edges": [{"source": "img", "sourceHandle": "image", "target": node_id, "targetHandle": "image"}],
    }
    (work / "w.json").write_text(json.dumps(doc))
    before = {p for p in tmp_path.rglob("*")}
    out = work / "out"
    code, record = karate(
        "run", str(work / "w.json"), "--json", "--out", str(out), "--data-dir", str(tmp_path / "data")
    )
    assert code == 0
    assert record["nodes"][node_id]["outputs"] == [str(out / expected)]
    assert [p.name for p in out.iterdir()] == [expected]
    created = {p for p in tmp_path.rglob("*")} - before
    assert all(p.is_relative_to(out) or p.is_relative_to(tmp_path / "data") for p in created), created


def test_a_save_name_with_nul_or_slash_is_refused_in_words(tmp_path: Path) -> None:
    for name in ("bad\u0000name", "../escape", "sub/dir"):
        workflow = _two_saves(
            tmp_path,
            {"id": "a", "type": "output.save", "params": {"filename": name}},
            {"id": "b", "type": "output.save"},
        )
        out = tmp_path / "out"
        code, record = karate("run", str(workflow), "--json", "--out", str(out), "--data-dir", str(tmp_path / "data"))
        assert code == 3, "the other save runs; this one cannot"
        assert record["nodes"]["a"]["status"] == "blocked"
        assert record["nodes"]["a"]["error"] == (
            "Use only letters, digits, spaces, dots, dashes and underscores in the file name; "
            f'the workflow file has "filename": {json.dumps(name)}'
        )
        assert [Path(p).name for p in record["nodes"]["b"]["outputs"]] == ["Save Image.png"]
        assert sorted(p.name for p in out.iterdir()) == ["Save Image.png"]


# --- input files named by `path`: the same door as uploads (issue 10) -------------------------------


def _image_workflow(tmp_path: Path, file: str | Path, node_type: str = "input.image") -> Path:
    port = node_type.split(".")[1]
    doc = {
        "nodes": [
            {"id": "img", "type": node_type, "params": {"path": str(file)}},
            {"id": "save", "type": "output.save", "params": {"format": "png"}},
        ],
        "edges": [{"source": "img", "sourceHandle": port, "target": "save", "targetHandle": port}],
    }
    workflow = tmp_path / "media.json"
    workflow.write_text(json.dumps(doc))
    return workflow


def _stored_files(data: Path) -> list[Path]:
    return [p for p in (data / "assets").rglob("*") if p.is_file()] if (data / "assets").exists() else []


def test_a_cli_image_over_the_pixel_limit_is_refused_before_it_is_stored(tmp_path: Path) -> None:
    from tests.media_samples import flat_png

    picture = tmp_path / "huge.png"
    picture.write_bytes(flat_png(12_000, 10_000))  # flat grey: about half a megabyte
    data = tmp_path / "data"
    code, record = karate(
        "run", str(_image_workflow(tmp_path, picture)), "--json", "--out", str(tmp_path / "o"), "--data-dir", str(data)
    )
    assert code == 2
    [problem] = record["problems"]
    assert problem["code"] == "invalid_file" and problem["node_id"] == "img"
    assert "12000×10000" in problem["message"] and "KARATE_MAX_IMAGE_PIXELS" in problem["message"]
    assert _stored_files(data) == []


def test_cli_paths_that_are_not_regular_media_files_are_refused_before_anything_is_read(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "pipe.png"
    os.mkfifo(fifo)  # opening it would block for ever: it must never be opened
    folder = tmp_path / "folder.png"
    folder.mkdir()
    link = tmp_path / "environ.png"
    link.symlink_to("/proc/self/environ")
    text = tmp_path / "notes.png"
    text.write_text("just some words\n")
    data = tmp_path / "data"
    for path, words in [
        ("/proc/self/environ", "system file"),
        (link, "system file"),
        ("/dev/null", "not a regular"),
        (fifo, "not a regular"),
        (folder, "not a regular"),
        (text, "not an image"),
    ]:
        code, record = karate("run", str(_image_workflow(tmp_path, path)), "--json", "--data-dir", str(data))
        assert code == 2, path
        [problem] = record["problems"]
        assert problem["code"] == "invalid_file" and words in problem["message"], (path, problem)
    assert _stored_files(data) == []


def test_a_cli_file_of_the_wrong_kind_or_cut_short_is_refused_in_words(tmp_path: Path) -> None:
    from tests.media_samples import sample

    cut = tmp_path / "cut.jpg"
    cut.write_bytes(sample("jpeg")[:-2000])
    picture = tmp_path / "picture.png"
    picture.write_bytes(sample("png"))
    data = tmp_path / "data"
    code, record = karate("run", str(_image_workflow(tmp_path, cut)), "--json", "--data-dir", str(data))
    assert code == 2 and "the file is incomplete" in record["problems"][0]["message"]
    code, record = karate(
        "run", str(_image_workflow(tmp_path, picture, "input.video")), "--json", "--data-dir", str(data)
    )
    assert code == 2 and "is image/png, not a video" in record["problems"][0]["message"]
    assert _stored_files(data) == []


def test_a_cli_svg_for_an_image_input_is_refused_as_an_upload_is(tmp_path: Path) -> None:
    from karate.storage.media_errors import SVG_IS_NOT_PIXELS

    drawing = tmp_path / "logo.svg"
    drawing.write_bytes(b'<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"/>')
    data = tmp_path / "data"
    code, record = karate("run", str(_image_workflow(tmp_path, drawing)), "--json", "--data-dir", str(data))
    assert code == 2
    [problem] = record["problems"]
    assert (problem["code"], problem["node_id"], problem["message"]) == ("invalid_file", "img", SVG_IS_NOT_PIXELS)
    assert _stored_files(data) == []


@pytest.mark.parametrize("fmt", ["JPEG", "HEIF", "AVIF", "TIFF"])
def test_cli_photos_of_every_format_run_upright(tmp_path: Path, fmt: str) -> None:
    from tests.media_samples import oriented_jpeg

    photo = tmp_path / f"photo.{fmt.lower()}"
    photo.write_bytes(oriented_jpeg(6, fmt=fmt))
    out = tmp_path / "out"
    code, record = karate(
        "run", str(_image_workflow(tmp_path, photo)), "--json", "--out", str(out), "--data-dir", str(tmp_path / "data")
    )
    assert code == 0, record
    saved = read_rgb(record["nodes"]["save"]["outputs"][0])
    assert saved.shape == (60, 30, 3)
    assert saved[2, 27, 0] > 200 and saved[2, 27, 1] < 80, "the red block is in the top-right corner"


@pytest.mark.parametrize("fmt", ["JPEG", "HEIF", "AVIF"])
@pytest.mark.parametrize("keep", [False, True])
def test_a_geotagged_phone_photo_runs_from_the_cli_and_is_stored_without_its_location_unless_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, keep: bool, fmt: str
) -> None:
    from tests.storage.photos import GPS_IFD, photo

    if keep:
        monkeypatch.setenv("KARATE_KEEP_PHOTO_LOCATION", "true")
    picture = tmp_path / f"phone.{fmt.lower()}"
    original = photo(fmt)
    picture.write_bytes(original)
    data = tmp_path / "data"
    code, record = karate(
        "run",
        str(_image_workflow(tmp_path, picture)),
        "--json",
        "--out",
        str(tmp_path / "out"),
        "--data-dir",
        str(data),
    )
    assert code == 0, record
    [stored] = [path for path in _stored_files(data) if path.stat().st_size == len(original)]
    from PIL import Image

    with Image.open(stored) as image, Image.open(picture) as given:
        assert bool(image.getexif().get_ifd(GPS_IFD)) is keep
        assert image.getexif()[0x0112] == given.getexif()[0x0112]  # still upright once decoded
    assert read_rgb(record["nodes"]["save"]["outputs"][0]).shape[:2] == (64, 40)


# --- the valid part runs; what cannot run is listed and the exit code says so (issue 11) ------------------


def _branches(tmp_path: Path) -> Path:
    """A picture inverted and saved; beside it a blur that nothing feeds and a number."""
    doc = {
        "nodes": [
            {"id": "img", "type": "input.image", "params": {"path": str(_picture(tmp_path))}},
            {"id": "inv", "type": "tool.invert"},
            {"id": "save", "type": "output.save"},
            {"id": "loose", "type": "tool.blur"},
            {"id": "after", "type": "output.save"},
        ],
        "edges": [
            {"source": "img", "sourceHandle": "image", "target": "inv", "targetHandle": "image"},
            {"source": "inv", "sourceHandle": "image", "target": "save", "targetHandle": "image"},
            {"source": "loose", "sourceHandle": "image", "target": "after", "targetHandle": "image"},
        ],
    }
    workflow = tmp_path / "w.json"
    workflow.write_text(json.dumps(doc))
    return workflow


def test_a_workflow_with_an_unconnected_node_runs_the_rest_and_exits_3(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, record = karate(
        "run", str(_branches(tmp_path)), "--json", "--out", str(out), "--data-dir", str(tmp_path / "data")
    )
    assert code == 3 and record["status"] == "completed"
    assert record["nodes"]["save"]["status"] == "completed" and (out / "Save Image.png").exists()
    assert record["nodes"]["loose"] == {
        "type": "tool.blur",
        "status": "blocked",
        "cached": False,
        "outputs": [],
        "error": "Connect an image to Blur's Image input",
        "duration_ms": None,
    }
    assert record["nodes"]["after"]["error"] == (
        "needs Blur, which can't run yet: Connect an image to Blur's Image input"
    )


def test_without_json_the_nodes_that_cannot_run_are_listed_with_their_problem(tmp_path: Path) -> None:
    args = ["run", str(_branches(tmp_path)), "--out", str(tmp_path / "o"), "--data-dir", str(tmp_path / "d")]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 3
    assert "Connect an image to Blur's Image input" in result.stderr
    assert "2 could not run" in result.stderr
    assert "finished in" in result.stderr and "completed in" not in result.stderr  # not all of it ran


def test_from_node_on_a_valid_branch_exits_0_while_another_branch_is_broken(tmp_path: Path) -> None:
    code, record = karate(
        "run", str(_branches(tmp_path)), "--json", "--from-node", "inv", "--data-dir", str(tmp_path / "data")
    )
    assert code == 0 and set(record["nodes"]) == {"img", "inv"}
    code, record = karate(
        "run", str(_branches(tmp_path)), "--json", "--from-node", "after", "--data-dir", str(tmp_path / "data")
    )
    assert code == 2 and [p["node_id"] for p in record["problems"]] == ["loose"]


def test_a_missing_input_file_stops_only_its_own_branch(tmp_path: Path) -> None:
    doc = {
        "nodes": [
            {"id": "gone", "type": "input.image", "params": {"path": "gone.png"}},
            {"id": "words", "type": "input.prompt", "params": {"text": "hi"}},
        ],
        "edges": [],
    }
    workflow = tmp_path / "w.json"
    workflow.write_text(json.dumps(doc))
    code, record = karate("run", str(workflow), "--json", "--data-dir", str(tmp_path / "data"))
    assert code == 3 and record["nodes"]["words"]["status"] == "completed"
    assert record["nodes"]["gone"]["status"] == "blocked"
    error = record["nodes"]["gone"]["error"]
    assert error.startswith("there is no file gone.png (looked for "), "not 'upload an image'"
    assert error.endswith("check its name and folder, or give the path of an image file that is there")


def test_an_empty_prompt_blocks_its_model_before_any_provider_is_asked(tmp_path: Path) -> None:
    doc = {
        "nodes": [
            {"id": "idea", "type": "input.prompt", "params": {"text": ""}},
            {"id": "flux", "type": "model.flux_pro_1_1_ultra"},
        ],
        "edges": [{"source": "idea", "sourceHandle": "text", "target": "flux", "targetHandle": "prompt"}],
    }
    workflow = tmp_path / "w.json"
    workflow.write_text(json.dumps(doc))
    code, record = karate("run", str(workflow), "--json", "--data-dir", str(tmp_path / "data"))
    assert code == 3 and record["nodes"]["idea"]["status"] == "completed"
    flux = record["nodes"]["flux"]
    assert flux["status"] == "blocked"  # not "Set REPLICATE_API_TOKEN": no provider was looked for
    assert flux["error"] == "Write a prompt for Flux Pro 1.1 Ultra: the text from Prompt is empty"


def test_a_workflow_with_no_output_node_says_that_nothing_was_written(tmp_path: Path) -> None:
    """A graph built in the studio without a Save node runs, and `karate run` says why --out stays empty."""
    picture = tmp_path / "in.png"
    cv2.imwrite(str(picture), np.full((8, 8, 3), 128, np.uint8))
    workflow = tmp_path / "no-save.json"
    workflow.write_text(
        json.dumps(
            {
                "schema_version": 1,
                "nodes": [
                    {"id": "img", "type": "input.image", "params": {"path": "in.png"}},
                    {"id": "inv", "type": "tool.invert", "params": {}},
                ],
                "edges": [{"source": "img", "sourceHandle": "image", "target": "inv", "targetHandle": "image"}],
            }
        )
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["run", str(workflow), "--out", str(out), "--data-dir", str(tmp_path / "data")], catch_exceptions=False
    )
    assert result.exit_code == 0
    assert "Nothing was written to" in result.stderr and "Save Image (output.save)" in result.stderr
    assert not out.exists(), "--out is made only for a file written into it"
