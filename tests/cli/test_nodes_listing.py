"""`karate nodes` piped to another tool (`| grep video`) lists every node type whole, one a line, tab-separated: a
terminal's table cut the long ids ("model.video_…"), which are what a workflow file needs typed out. Each line also
says what the README promises: a model's credits, and its provider routes with their status."""

from __future__ import annotations

import json

from click.testing import CliRunner

from karate.cli import main
from karate.engine.registry import load_builtin_nodes

COLUMNS = ("type", "title", "inputs", "outputs", "parameters", "credits", "routes")


def listed() -> dict[str, dict[str, str]]:
    result = CliRunner().invoke(main, ["nodes"])
    assert result.exit_code == 0, result.output
    assert "…" not in result.output
    rows = [line.split("\t") for line in result.output.splitlines()]
    assert all(len(row) == len(COLUMNS) for row in rows), rows[:3]
    assert [row[0] for row in rows] == [cls.spec.type for cls in load_builtin_nodes()]
    return {row[0]: dict(zip(COLUMNS, row, strict=True)) for row in rows}


def test_piped_node_types_are_whole_one_a_line() -> None:
    blur = listed()["tool.blur"]
    assert blur["title"] == "Blur" and "image:" in blur["inputs"] and "radius" in blur["parameters"]
    assert (blur["credits"], blur["routes"]) == ("0", "")  # a local tool: free, no provider


def test_model_nodes_show_their_credits_and_provider_routes_as_the_json_does() -> None:
    rows = listed()
    schemas = {spec["type"]: spec for spec in json.loads(CliRunner().invoke(main, ["nodes", "--json"]).output)["nodes"]}
    for type_id, spec in schemas.items():
        assert rows[type_id]["credits"] == str(spec.get("credits", 0)), type_id
        for route in spec.get("routes", []):
            assert route["provider"] in rows[type_id]["routes"], type_id
    assert rows["model.flux_pro_1_1_ultra"]["routes"] == "replicate, fal"  # the order a run tries them
    assert rows["model.imagen_3"]["routes"] == "replicate, fal (unconfirmed), google (deprecated)"
    assert rows["model.rodin_2"]["routes"] == "fal (partly unconfirmed)"  # one of its two fal routes is
    assert rows["model.flux_pro_1_1_ultra"]["credits"] == "6"
