"""What `karate run` says of a mistake typed into a workflow file: a key its format does not have is refused by
name and place with the key meant, before anything runs; a value a setting refuses is quoted as the file writes it,
with the setting's range or choices, as a value typed with --set is."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from karate.cli import main
from tests.cli.words import picture, said
from tests.helpers import edge, node, workflow


def run(tmp_path: Path, doc: dict[str, Any], *args: str) -> Result:
    """`karate run` of `doc`, saved as wf/w.json beside a picture in.png."""
    folder = tmp_path / "wf"
    folder.mkdir(exist_ok=True)
    picture(folder / "in.png")
    (folder / "w.json").write_text(json.dumps(doc))
    return CliRunner().invoke(main, ["run", str(folder / "w.json"), *args], catch_exceptions=False)


def blurred(radius: Any = 4, **blur: Any) -> dict[str, Any]:
    return workflow(
        [
            node("img", "input.image", path="in.png"),
            node("blur", "tool.blur", radius=radius, **blur),
            node("save", "output.save"),
        ],
        [edge("img", "blur"), edge("blur", "save")],
    )


def test_a_misspelt_connection_key_is_named_with_its_connection_and_the_key_meant(tmp_path: Path, shell: Path) -> None:
    doc = blurred()
    doc["edges"][0]["source_handle"] = doc["edges"][0].pop("sourceHandle")  # the API's spelling, sourceHandle
    result = run(tmp_path, doc)
    assert result.exit_code == 2, result.stderr
    words = said(result)
    assert "connection 1 (from 'img' to 'blur') has the key 'source_handle'" in words
    assert "did you mean sourceHandle?" in words
    assert "(a connection's keys: id, source, sourceHandle, target, targetHandle)" in words
    assert list(shell.iterdir()) == [], "a refused run creates nothing"
    [problem] = json.loads(run(tmp_path, doc, "--json").stdout)["problems"]
    assert (problem["code"], problem["edge_id"], problem["field"]) == (
        "malformed",
        "img.image->blur.image",
        "source_handle",
    )


def test_a_misspelt_node_key_is_named_with_its_node_not_left_at_its_defaults(tmp_path: Path, shell: Path) -> None:
    doc = blurred()
    doc["nodes"][1]["parms"] = doc["nodes"][1].pop("params")  # else Blur would run with its default radius
    doc["nodes"][2]["Title"] = "Poster"
    result = run(tmp_path, doc, "--json")
    assert result.exit_code == 2
    problems = {p["field"]: p for p in json.loads(result.stdout)["problems"]}
    assert problems["parms"]["node_id"] == "blur" and problems["Title"]["node_id"] == "save"
    assert (
        "node 'blur' has the key 'parms', which a node does not have; did you mean params?"
        in (problems["parms"]["message"])
    )
    assert "did you mean title?" in problems["Title"]["message"]
    assert list(shell.iterdir()) == []


def test_a_misspelt_top_level_key_is_refused_with_the_key_meant(tmp_path: Path, shell: Path) -> None:
    doc = blurred()
    doc["node"] = doc.pop("nodes")
    result = run(tmp_path, doc)
    assert result.exit_code == 2
    words = said(result)
    assert "holds no workflow: it has the key 'node', which it does not read; did you mean nodes?" in words
    assert "`nodes` and `edges` lists" in words
    doc = blurred()
    doc["edge"] = doc.pop("edges")  # else every node would run unconnected
    doc["schema_verison"] = doc.pop("schema_version")
    result = run(tmp_path, doc, "--json")
    assert result.exit_code == 2
    problems = {p["field"]: p["message"] for p in json.loads(result.stdout)["problems"]}
    assert problems["edge"].startswith("the workflow has the key 'edge', which it does not read; did you mean edges?")
    assert "did you mean schema_version?" in problems["schema_verison"]
    assert problems["edge"].endswith("rename or remove it")
    assert list(shell.iterdir()) == []


def test_a_misspelt_key_in_a_workflow_saved_from_the_api_is_named_too(tmp_path: Path, shell: Path) -> None:
    saved = {"id": "wf_1", "title": "Poster", "version": 3, "documnet": blurred()}
    assert "it has the key 'documnet', which it does not read; did you mean document?" in said(run(tmp_path, saved))
    graph = blurred()
    graph["Nodes"] = graph.pop("nodes")
    result = run(tmp_path, {"id": "wf_1", "document": graph})
    assert result.exit_code == 2
    assert "its `document` has the key 'Nodes', which it does not read; did you mean nodes?" in said(result)


def test_a_key_of_its_own_beside_the_graph_is_kept_not_refused(tmp_path: Path, shell: Path) -> None:
    doc = blurred() | {"notes": "for the spring poster", "description": "a soft poster"}  # `notes` beside `nodes`
    assert run(tmp_path, doc, "--out", "out").exit_code == 0


def test_every_key_the_editor_saves_is_taken(tmp_path: Path, shell: Path) -> None:
    doc = blurred()
    doc["nodes"][1] |= {"position": {"x": 1, "y": 2}, "title": "Soft", "collapsed": True, "parentId": "frame-1"}
    doc["nodes"].append({"id": "off", "type": "tool.invert", "params": {}, "bypass": True})
    doc["groups"] = [{"id": "frame-1", "title": "Look", "position": {"x": 0, "y": 0}, "width": 300, "height": 200}]
    doc["title"] = "Poster"  # a file's own keys beside the graph are not the graph's
    result = run(tmp_path, doc, "--out", "out")
    assert result.exit_code == 0, result.stderr
    assert (shell / "out" / "Poster - Save Image.png").exists()


def test_a_misspelt_setting_in_the_file_is_named_with_the_setting_meant(tmp_path: Path, shell: Path) -> None:
    doc = blurred()
    doc["nodes"][1]["params"] = {"radus": 3}
    result = run(tmp_path, doc)
    assert result.exit_code == 3  # that node and the ones after it cannot run; the rest does
    assert "Blur has no setting 'radus'; did you mean radius? Rename it, or remove it" in said(result)


def test_a_value_the_file_gives_is_quoted_with_the_range_the_setting_takes(tmp_path: Path, shell: Path) -> None:
    result = run(tmp_path, blurred(500), "--json")
    assert result.exit_code == 3
    record = json.loads(result.stdout)
    assert record["nodes"]["blur"]["status"] == "blocked"
    assert (
        record["nodes"]["blur"]["error"] == 'Radius must be a number from 0 to 200; the workflow file has "radius": 500'
    )
    result = run(tmp_path, blurred(500))
    assert 'Radius must be a number from 0 to 200; the workflow file has "radius": 500' in said(result)


def test_a_choice_the_file_gives_is_quoted_once_with_the_choices(tmp_path: Path, shell: Path) -> None:
    record = json.loads(run(tmp_path, blurred(kind="weird"), "--json").stdout)
    assert (
        record["nodes"]["blur"]["error"]
        == 'Kind is "weird", which is not one of: gaussian, box, motion; choose one of them'
    )


def test_a_refused_value_with_nothing_else_to_run_is_quoted_too(tmp_path: Path, shell: Path) -> None:
    result = run(tmp_path, blurred("big"), "--from-node", "blur")
    assert result.exit_code == 2
    assert 'node blur.radius: Radius must be a number from 0 to 200; the workflow file has "radius": "big"' in said(
        result
    )
    assert list(shell.iterdir()) == []


def test_a_value_given_with_set_is_quoted_as_typed_not_as_the_file_has_it(tmp_path: Path, shell: Path) -> None:
    result = run(tmp_path, blurred(500), "--set", "blur.radius=abc")
    assert result.exit_code == 2
    words = said(result)
    assert "Radius must be a number from 0 to 200; you gave 'abc'" in words and "workflow file has" not in words


def test_a_node_without_a_type_or_an_id_is_named_by_its_place_and_told_what_to_give(
    tmp_path: Path, shell: Path
) -> None:
    doc = blurred()
    del doc["nodes"][1]["type"]
    del doc["nodes"][2]["id"]
    result = run(tmp_path, doc)
    assert result.exit_code == 2
    words = said(result)
    assert "node 2 ('blur') has no 'type': give it the type of node it is, such as 'tool.blur'" in words
    assert "(`karate nodes` lists them)" in words
    assert "node 3 has no 'id': give it a name of its own" in words
    assert "malformed" not in words and "nodes[" not in words  # its code and place are for programs (--json)
    assert list(shell.iterdir()) == []
