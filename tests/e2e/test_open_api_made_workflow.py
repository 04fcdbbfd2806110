"""A project made through the API from a document that gives its nodes no position (as a script or `karate` on the
command line writes one) opens laid out left to right along its wires, not stacked on one spot; the positions are
saved for everyone: undo right after opening keeps them, a reload shows the same, and the API then gives them."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import Page, expect

from tests.e2e.studio import create_project, wait_stored

CHAIN = ["n0", "n1", "n2", "n3"]

# Each node's place on the canvas (flow units, from its transform) and its box on the screen, read at one moment.
READ_NODES = """(ids) => Object.fromEntries(ids.map((id) => {
  const element = document.querySelector(`.react-flow__node[data-id="${id}"]`);
  const [x, y] = element.style.transform.match(/-?[\\d.]+/g).map(Number);
  const box = element.getBoundingClientRect();
  return [id, { at: { x, y }, box: { left: box.left, top: box.top, right: box.right, bottom: box.bottom } }];
}))"""

# Whether every node is whole inside the canvas on the screen.
IN_VIEW = """(ids) => {
  const pane = document.querySelector(".react-flow").getBoundingClientRect();
  return ids.every((id) => {
    const box = document.querySelector(`.react-flow__node[data-id="${id}"]`)?.getBoundingClientRect();
    return box && box.left >= pane.left && box.right <= pane.right && box.top >= pane.top && box.bottom <= pane.bottom;
  });
}"""


def _chain_without_positions(api: httpx.Client) -> str:
    types = ["input.image", "tool.blur", "tool.blur", "tool.blur"]
    # listed against the flow, so it is the wires, not the document's order, that put them left to right
    nodes: list[dict[str, Any]] = [
        {"id": node_id, "type": kind, "params": {}} for node_id, kind in reversed(list(zip(CHAIN, types, strict=True)))
    ]
    return create_project(api, "Made through the API", nodes, list(pairwise(CHAIN)))


def _shown(page: Page) -> dict[str, dict[str, dict[str, float]]]:
    expect(page.get_by_test_id("studio-node")).to_have_count(len(CHAIN))
    return dict(page.evaluate(READ_NODES, CHAIN))


def _overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]


def test_a_project_made_through_the_api_opens_laid_out_and_keeps_it(
    page: Page, server: str, api: httpx.Client, artifacts: Path
) -> None:
    workflow_id = _chain_without_positions(api)
    assert all(
        "position" not in node for node in api.get(f"/api/v1/workflows/{workflow_id}").json()["document"]["nodes"]
    )

    page.goto(f"/editor?id={workflow_id}")
    # the page lays the nodes out once synced and writes them for everyone: the API gives a position for each
    wait_stored(page, workflow_id, "(doc) => doc.nodes.length === 4 && doc.nodes.every((node) => node.position)")
    expect(page.get_by_test_id("save-state")).to_have_attribute("data-state", "saved")
    page.wait_for_function(IN_VIEW, arg=CHAIN)  # the view goes to the nodes where they now are
    page.screenshot(path=str(artifacts / "open-api-made-workflow.png"))

    shown = _shown(page)
    boxes = [shown[node_id]["box"] for node_id in CHAIN]
    for i, box in enumerate(boxes):
        for other in boxes[i + 1 :]:
            assert not _overlap(box, other), shown
    for left, right in pairwise(boxes):  # each node right of the one it takes its picture from
        assert right["left"] >= left["right"], shown
    opened = {node_id: shown[node_id]["at"] for node_id in CHAIN}
    stored = {
        node["id"]: node["position"] for node in api.get(f"/api/v1/workflows/{workflow_id}").json()["document"]["nodes"]
    }
    assert stored == opened

    # the layout is no one's edit: there is nothing to undo, and undo does not stack the nodes again
    expect(page.get_by_role("button", name="Undo")).to_be_disabled()
    page.locator(".react-flow__pane").click(position={"x": 20, "y": 20})
    page.keyboard.press("Control+z")
    assert {node_id: node["at"] for node_id, node in _shown(page).items()} == opened

    page.reload()
    expect(page.get_by_test_id("save-state")).to_have_attribute("data-state", "saved")
    assert {node_id: node["at"] for node_id, node in _shown(page).items()} == opened
    stored = {
        node["id"]: node["position"] for node in api.get(f"/api/v1/workflows/{workflow_id}").json()["document"]["nodes"]
    }
    assert stored == opened
