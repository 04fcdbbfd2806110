"""The Grafana dashboard asks Prometheus only for series the studio exports, and shows every family it exports."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from tests.deploy.files import DEPLOY

DASHBOARD = DEPLOY / "grafana" / "karate-dashboard.json"
METRIC = re.compile(r"\bkarate_[a-z0-9_]+")
#: The families the studio exports (karate.observability.metrics), as Prometheus names them in a scrape.
FAMILIES = {
    "karate_http_request_duration_seconds",
    "karate_runs_total",
    "karate_node_duration_seconds",
    "karate_provider_request_duration_seconds",
    "karate_provider_errors_total",
    "karate_queue_depth",
    "karate_credits_spent_total",
}


@pytest.fixture(scope="module")
def queries() -> list[str]:
    dashboard = json.loads(DASHBOARD.read_text())
    panels = [panel for panel in dashboard["panels"] if panel["type"] != "row"]
    assert panels
    return [target["expr"] for panel in panels for target in panel["targets"]]


def exported_series() -> set[str]:
    """Every series name the studio's metric families produce (histograms' _bucket, _sum, _count included)."""
    from prometheus_client import REGISTRY

    import karate.observability.metrics  # noqa: F401  (registers the families)

    names: set[str] = set()
    for family in REGISTRY.collect():
        if family.name.startswith("karate_"):
            names.add(family.name)
            names |= {sample.name for sample in family.samples}
            suffixes = {"histogram": ("_bucket", "_sum", "_count"), "counter": ("_total",)}.get(family.type, ())
            names |= {family.name + suffix for suffix in suffixes}
    return names


def test_every_query_names_a_series_the_studio_exports(queries: list[str]) -> None:
    exported = exported_series()
    assert exported >= FAMILIES, f"the studio no longer exports {sorted(FAMILIES - exported)}"
    for expr in queries:
        names = METRIC.findall(expr)
        assert names, f"a panel queries no karate series: {expr}"
        assert set(names) <= exported, f"{expr} asks for {sorted(set(names) - exported)}"


def test_every_family_has_a_panel(queries: list[str]) -> None:
    shown = {re.sub(r"_(bucket|sum|count)$", "", name) for expr in queries for name in METRIC.findall(expr)}
    assert shown >= FAMILIES, f"no panel shows {sorted(FAMILIES - shown)}"


def test_panels_use_the_chosen_prometheus_and_do_not_overlap() -> None:
    dashboard: dict[str, Any] = json.loads(DASHBOARD.read_text())
    variables = {variable["name"]: variable for variable in dashboard["templating"]["list"]}
    assert variables["datasource"]["query"] == "prometheus"
    taken: set[tuple[int, int]] = set()
    for panel in dashboard["panels"]:
        if panel["type"] != "row":
            assert panel["datasource"]["uid"] == "${datasource}"
        grid = panel["gridPos"]
        assert grid["x"] + grid["w"] <= 24
        columns, rows = range(grid["x"], grid["x"] + grid["w"]), range(grid["y"], grid["y"] + grid["h"])
        cells = {(x, y) for x in columns for y in rows}
        assert not cells & taken, f"panel {panel['title']!r} overlaps another"
        taken |= cells
