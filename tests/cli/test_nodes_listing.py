"""`karate nodes` piped to another tool (`| grep video`) lists every node type whole, one a line, tab-separated: a
terminal's table cut the long ids ("model.video_…"), which are what a workflow file needs typed out."""

from __future__ import annotations

from click.testing import CliRunner

from karate.cli import main
from karate.engine.registry import load_builtin_nodes


def test_piped_node_types_are_whole_one_a_line() -> None:
    result = CliRunner().invoke(main, ["nodes"])
    assert result.exit_code == 0, result.output
    rows = [line.split("\t") for line in result.output.splitlines()]
    assert all(len(row) == 5 for row in rows), rows[:3]
    assert [row[0] for row in rows] == [cls.spec.type for cls in load_builtin_nodes()]
    assert "…" not in result.output
    blur = next(row for row in rows if row[0] == "tool.blur")
    assert blur[1] == "Blur" and "image:" in blur[2] and "radius" in blur[4]
