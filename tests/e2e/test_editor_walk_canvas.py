"""What a new user met on the canvas: a tool clicked in after a node selected mid-chain goes just below the node that
one feeds, and a node clicked in out of view is panned into view at the zoom the person chose; on a phone a project
opens at a zoom its nodes can be read at."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
from playwright.sync_api import Page, expect

from tests.e2e.studio import create_project, node

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
ZOOM = "() => Number(document.querySelector('.react-flow__viewport').style.transform.match(/scale\\(([^)]+)\\)/)[1])"
# The node `id` drawn whole inside the canvas, above the AI dock floating over its foot (waits out a pan).
IN_VIEW = """(id) => {
  const pane = document.querySelector('.react-flow').getBoundingClientRect();
  const dock = document.querySelector('[data-testid=ai-dock]').getBoundingClientRect();
  const r = document.querySelector(`.react-flow__node[data-id='${id}']`)?.getBoundingClientRect();
  return r && r.left >= pane.left && r.right <= pane.right && r.top >= pane.top && r.bottom <= dock.top;
}"""


def _chain(api: httpx.Client) -> str:
    """Image Upload → Blur → Invert → Save Image in a row."""
    types = [
        ("image-1", "input.image"),
        ("blur-1", "tool.blur"),
        ("invert-1", "tool.invert"),
        ("save-1", "output.save"),
    ]
    nodes = [{"id": i, "type": t, "params": {}, "position": {"x": n * 336, "y": 0}} for n, (i, t) in enumerate(types)]
    return create_project(api, "Chain", nodes, [("image-1", "blur-1"), ("blur-1", "invert-1"), ("invert-1", "save-1")])


def test_a_tool_clicked_in_mid_chain_goes_below_the_next_node_and_is_panned_into_view(
    page: Page, api: httpx.Client, artifacts: Path
) -> None:
    page.set_viewport_size(DESKTOP)
    page.goto(f"/editor?id={_chain(api)}")
    expect(node(page, "save-1")).to_be_visible()
    node(page, "image-1").get_by_test_id("node-title").click()
    page.locator(".react-flow__controls-zoomin").click()  # zoomed in past the fit: the new node will be out of view
    page.locator(".react-flow__controls-zoomin").click()
    # the zoom settled (two frames alike) after the buttons' animation
    page.wait_for_function(
        f"() => {{ const z = ({ZOOM})(); const still = window.lastZoom === z; window.lastZoom = z;"
        " return still && z > 0.9; }"
    )
    zoom = page.evaluate(ZOOM)
    expect(node(page, "image-1")).to_have_class(re.compile(r"\bselected\b"))
    page.locator("[data-testid=palette-item][data-node-type='tool.invert']").click()
    added = page.locator(".react-flow__node.selected")
    expect(added).to_have_attribute("data-id", "invert-2")
    page.wait_for_function(IN_VIEW, arg="invert-2")  # panned to it
    assert abs(page.evaluate(ZOOM) - zoom) < 1e-6  # at the zoom the person chose
    page.screenshot(path=str(artifacts / "walk-mid-chain-branch.png"))
    blur, branch = node(page, "blur-1").bounding_box(), added.bounding_box()
    assert blur is not None and branch is not None
    # under Blur, which Image Upload feeds: a branch beside the chain, not two columns on
    assert abs(branch["x"] - blur["x"]) < 1 and branch["y"] > blur["y"] + blur["height"]
    assert branch["y"] - (blur["y"] + blur["height"]) < 200 * zoom


def test_a_project_opens_on_a_phone_at_a_zoom_its_nodes_can_be_read_at(
    page: Page, api: httpx.Client, artifacts: Path
) -> None:
    page.set_viewport_size(PHONE)
    page.goto(f"/editor?id={_chain(api)}")
    expect(node(page, "image-1")).to_be_visible()
    page.wait_for_function(f"() => ({ZOOM})() >= 0.75")
    page.wait_for_function(IN_VIEW, arg="image-1")  # from its left edge, where its inputs are
    title = node(page, "image-1").get_by_test_id("node-title")
    size = title.evaluate(
        "t => parseFloat(getComputedStyle(t).fontSize) * t.getBoundingClientRect().height / t.offsetHeight"
    )
    assert size >= 9.5, size  # the title drawn at a size read without zooming
    page.screenshot(path=str(artifacts / "walk-phone-open.png"))
