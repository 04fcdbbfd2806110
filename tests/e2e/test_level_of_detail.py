"""A large graph zoomed out and in again: zoomed out, its nodes draw their ports without labels, and every handle
stays where it is zoomed in, so edges meet their handles at every zoom (also right after zooming in past the
level of detail, when nodes gain their forms)."""

from __future__ import annotations

from typing import Any

import httpx
from playwright.sync_api import Page, expect

PER_ROW = 10
NODES = 160  # over the editor's "large graph" size: it opens zoomed out, nodes without detail
TOOLS = ["tool.blur", "tool.invert", "tool.adjust"]

# Per node of `ids`: each handle as ["side:port", x, y], its centre in flow units relative to its node; and the zoom.
GEOMETRY_JS = """(ids) => {
  const zoom = Number(document.querySelector('.react-flow__viewport').style.transform.match(/scale\\(([^)]+)\\)/)[1]);
  const handles = {};
  for (const id of ids) {
    const node = document.querySelector(`.react-flow__node[data-id="${id}"]`);
    const box = node.getBoundingClientRect();
    handles[id] = [...node.querySelectorAll('.react-flow__handle')].map((h) => {
      const b = h.getBoundingClientRect();
      return [`${h.dataset.handlepos}:${h.dataset.handleid}`, (b.x + b.width / 2 - box.x) / zoom,
        (b.y + b.height / 2 - box.y) / zoom];
    });
  }
  return { zoom, handles };
}"""


def graph() -> dict[str, Any]:
    nodes, edges = [], []
    for index in range(NODES):
        row, col = divmod(index, PER_ROW)
        nodes.append(
            {
                "id": f"n{index}",
                "type": TOOLS[index % len(TOOLS)],
                "params": {},
                "position": {"x": col * 320, "y": row * 420},
            }
        )
        if col > 0:
            edges.append(
                {
                    "id": f"e{index}",
                    "source": f"n{index - 1}",
                    "sourceHandle": "image",
                    "target": f"n{index}",
                    "targetHandle": "image",
                }
            )
    return {"schema_version": 1, "nodes": nodes, "edges": edges}


def handle_centres(page: Page, ids: list[str]) -> tuple[float, dict[str, list[list[Any]]]]:
    geometry = page.evaluate(GEOMETRY_JS, ids)
    return geometry["zoom"], geometry["handles"]


def same_places(one: dict[str, list[list[Any]]], other: dict[str, list[list[Any]]]) -> bool:
    """The same handles, each within a quarter of a flow unit of its place in the other (a centre on a half unit
    would round either way)."""
    return one.keys() == other.keys() and all(
        len(one[node]) == len(other[node])
        and all(
            a[0] == b[0] and abs(a[1] - b[1]) <= 0.25 and abs(a[2] - b[2]) <= 0.25
            for a, b in zip(one[node], other[node], strict=True)
        )
        for node in one
    )


def edge_gaps(page: Page, edge_ids: list[str]) -> list[float]:
    """For each edge, the larger distance (flow units) between an end of its path and its handle's outer side."""
    return page.evaluate(
        """(ids) => ids.map((id) => {
      const edge = document.querySelector(`.react-flow__edge[data-id="${id}"]`);
      const path = edge.querySelector('path.react-flow__edge-path');
      const start = path.getPointAtLength(0), end = path.getPointAtLength(path.getTotalLength());
      const zoom = Number(document.querySelector('.react-flow__viewport').style.transform
        .match(/scale\\(([^)]+)\\)/)[1]);
      const viewport = document.querySelector('.react-flow__viewport').getBoundingClientRect();
      const side = (selector, right) => {
        const b = document.querySelector(selector).getBoundingClientRect();
        return { x: ((right ? b.right : b.left) - viewport.x) / zoom, y: (b.top + b.height / 2 - viewport.y) / zoom };
      };
      const n = Number(id.slice(1));
      const from = side(`.react-flow__handle.source[data-nodeid="n${n - 1}"][data-handleid="image"]`, true);
      const to = side(`.react-flow__handle.target[data-nodeid="n${n}"][data-handleid="image"]`, false);
      return Math.max(Math.hypot(start.x - from.x, start.y - from.y), Math.hypot(end.x - to.x, end.y - to.y));
    })""",
        edge_ids,
    )


def zoom_to(page: Page, at_least: float) -> None:
    """Zoom in with the mouse wheel over the top-left of the graph until the zoom reaches `at_least`."""
    box = page.locator(".react-flow__node[data-id='n0']").bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + 5, box["y"] + 5)
    while handle_centres(page, [])[0] < at_least:
        page.mouse.wheel(0, -120)
        page.evaluate("() => new Promise((done) => requestAnimationFrame(done))")  # the wheel's frame


def test_handles_keep_their_places_and_edges_meet_them_when_zooming_in(page: Page, api: httpx.Client) -> None:
    workflow = api.post("/api/v1/workflows", json={"title": "Level of detail", "document": graph()}).json()
    page.goto(f"/editor?id={workflow['id']}")
    expect(page.locator(".react-flow__node")).to_have_count(NODES)
    ids = ["n1", "n2", "n11"]
    expect(page.locator(".react-flow__edge")).to_have_count(NODES - NODES // PER_ROW)

    # Zoomed out: ports without labels, and no collapse button.
    first = page.locator(".react-flow__node[data-id='n1']")
    expect(first.locator(".react-flow__handle")).to_have_count(3)
    expect(first.get_by_test_id("node-collapse")).to_have_count(0)
    expect(first.get_by_text("mask", exact=True)).to_have_count(0)
    zoomed_out, out_centres = handle_centres(page, ids)
    assert zoomed_out < 0.45
    assert max(edge_gaps(page, ["e1", "e2", "e11"])) < 1.5

    # Zoomed in past the level of detail: labels, forms and the collapse button appear; the handles stay put,
    # and the edges still meet them.
    zoom_to(page, 0.6)
    expect(first.get_by_test_id("node-collapse")).to_have_count(1)
    expect(first.get_by_text("mask", exact=True).first).to_be_visible()
    page.wait_for_function("() => document.getAnimations().length === 0")
    _, in_centres = handle_centres(page, ids)
    assert same_places(in_centres, out_centres), (in_centres, out_centres)
    assert max(edge_gaps(page, ["e1", "e2", "e11"])) < 1.5
