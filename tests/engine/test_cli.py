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
        code, _ = karate("run", str(ROOT / "examples" / f"{name}.json"), "--json", "--out", str(out),
                         "--data-dir", str(data))
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
    code, record = karate("run", example, *common, "--set", "save.format=\"png\"")
    assert code == 0
    executed = [node_id for node_id, n in record["nodes"].items() if not n["cached"]]
    assert executed == ["save"]
    assert record["nodes"]["save"]["outputs"][0].endswith("square-thumbnail.png")


def test_an_invalid_workflow_exits_2_listing_every_problem_and_writes_nothing(tmp_path: Path) -> None:
    doc = {"nodes": [{"id": "a", "type": "tool.nope"}, {"id": "b", "type": "tool.blur", "params": {"radius": -3}},
                     {"id": "c", "type": "output.save"}],
           "edges": [{"source": "b", "sourceHandle": "image", "target": "ghost", "targetHandle": "image"}]}
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
    workflow.write_text(json.dumps({"nodes": [{"id": "img", "type": "input.image", "params": {"path": "gone.png"}}],
                                    "edges": []}))
    code, record = karate("run", str(workflow), "--json", "--set", "nobody.x=1", "--set", "junk",
                          "--data-dir", str(tmp_path / "data"))
    assert code == 2
    assert {p["code"] for p in record["problems"]} == {"invalid_override", "missing_file"}


def test_a_failed_run_exits_1_with_the_node_error(tmp_path: Path) -> None:
    workflow = tmp_path / "w.json"
    doc = {"nodes": [{"id": "img", "type": "input.image", "params": {"asset_id": "a" * 64}},
                     {"id": "blur", "type": "tool.blur"}, {"id": "n", "type": "input.number"}],
           "edges": [{"source": "img", "sourceHandle": "image", "target": "blur", "targetHandle": "image"}]}
    workflow.write_text(json.dumps(doc))
    code, record = karate("run", str(workflow), "--json", "--data-dir", str(tmp_path / "data"))
    assert code == 1 and record["status"] == "failed"
    assert "upload it again" in record["nodes"]["img"]["error"]
    assert record["nodes"]["blur"]["status"] == "skipped"
    assert record["nodes"]["n"]["status"] == "completed"


def test_nodes_lists_every_type_with_its_schema() -> None:
    result = CliRunner().invoke(main, ["nodes", "--json"])
    nodes = {n["type"]: n for n in json.loads(result.stdout)["nodes"]}
    assert {"input.prompt", "input.image", "output.save", "tool.blur", "tool.invert", "tool.crop"} <= set(nodes)
    blur = nodes["tool.blur"]
    assert blur["params_schema"]["properties"]["radius"]["maximum"] == 200
    assert blur["inputs"][0] == {"name": "image", "type": "image", "list": False, "required": True,
                                 "description": ""}


def test_the_installed_command_runs_in_a_new_process(tmp_path: Path) -> None:
    example = ROOT / "examples" / "dusk-poster.json"
    command = [sys.executable, "-m", "karate", "run", str(example), "--json", "--out", str(tmp_path / "o"),
               "--data-dir", str(tmp_path / "d")]
    first = subprocess.run(command, capture_output=True, text=True, check=True)
    second = subprocess.run(command, capture_output=True, text=True, check=True)
    assert json.loads(first.stdout)["status"] == "completed"
    assert all(n["cached"] for n in json.loads(second.stdout)["nodes"].values())


def test_without_json_each_node_is_listed_with_its_status(tmp_path: Path) -> None:
    args = ["run", str(ROOT / "examples" / "wide-banner.json"), "--out", str(tmp_path / "o"),
            "--data-dir", str(tmp_path / "d")]
    CliRunner().invoke(main, args)
    second = CliRunner().invoke(main, args)
    assert second.exit_code == 0
    lines = {line.split()[0]: line for line in second.stderr.splitlines() if line.strip()}
    assert "cached" in lines["extend"] and "cached" in lines["save"]
    assert "3 nodes, 0 executed, 3 cached" in second.stderr
