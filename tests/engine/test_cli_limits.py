"""`karate run` refuses a workflow over the graph size limits with the API's words, before running anything."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from karate.cli import main


def test_a_workflow_over_the_edge_limit_is_refused_by_the_cli(tmp_path: Path) -> None:
    document = {
        "schema_version": 1,
        "nodes": [{"id": "a", "type": "input.prompt", "params": {}}],
        "edges": [
            {"id": f"e{i}", "source": "a", "sourceHandle": "text", "target": "a", "targetHandle": "text"}
            for i in range(6)
        ],
    }
    path = tmp_path / "big.json"
    path.write_text(json.dumps(document))
    args = ["run", str(path), "--json", "--data-dir", str(tmp_path / "data"), "--out", str(tmp_path / "out")]
    result = CliRunner().invoke(main, args, env={"KARATE_MAX_GRAPH_EDGES": "5"}, catch_exceptions=False)
    assert result.exit_code == 2
    assert json.loads(result.stdout)["problems"][0]["message"] == (
        "the workflow has 6 edges, over the limit of 5; split it into smaller workflows or raise KARATE_MAX_GRAPH_EDGES"
    )
    assert not (tmp_path / "data").exists()
    result = CliRunner().invoke(main, args, env={"KARATE_MAX_GRAPH_EDGES": "6"}, catch_exceptions=False)
    assert result.exit_code == 2 and "over the limit" not in result.stdout  # the next check (a cycle) speaks
