"""A notice of a run's problems at 1280 x 800 and 1024 x 768: the nodes it names stay readable beside it. A project
opens fitted, its lowest node just above the AI dock, where a notice stands: "Can't run yet: …" covered that node's
own words of its problem. Now the view moves the nodes it names above it as it comes, and a fit while it shows keeps
them there; the notice stays as wide as it was, and closes from the keyboard."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import ConsoleLog
from tests.e2e.studio import create_project, drawn_box, fit_view, node, overlap

SIZES = {"1280x800": {"width": 1280, "height": 800}, "1024x768": {"width": 1024, "height": 768}}
#: Whether an element and what is in it have ended their animations (a notice fades in rising 4 px).
SETTLED = "(element) => element.getAnimations({ subtree: true }).every((a) => a.playState === 'finished')"
#: Whether the view has stopped moving (clearOfPanel, clearOfNotice, a fit).
STILL = "() => !document.querySelector('.react-flow[data-view-moving]')"
REFUSED = "Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)"


def _upload(node_id: str, y: int) -> dict[str, object]:
    """An Image Upload with no picture: a run refuses it, the node saying why at its foot."""
    return {"id": node_id, "type": "input.image", "params": {}, "position": {"x": 0, "y": y}}


def _readable_beside(page: Page, notice: Locator, node_ids: list[str]) -> None:
    """Each node's own words of its problem are drawn whole on the canvas, not under the notice; nor is the node."""
    page.wait_for_function(SETTLED, arg=notice.element_handle())
    page.wait_for_function(STILL)
    notice_box = drawn_box(notice)
    canvas = drawn_box(page.get_by_test_id("canvas"))
    for node_id in node_ids:
        problem = node(page, node_id).get_by_test_id("node-error")
        expect(problem).to_have_text("Upload an image into Image Upload first")
        words = drawn_box(problem)
        assert not overlap(notice_box, words), f"the notice {notice_box} covers {node_id}'s problem {words}"
        assert not overlap(notice_box, drawn_box(node(page, node_id))), f"the notice covers {node_id}"
        assert words["y"] >= canvas["y"] and words["y"] + words["height"] <= notice_box["y"], (node_id, words)


@pytest.mark.parametrize("size", SIZES)
def test_a_notice_keeps_the_nodes_it_names_in_sight(
    page: Page, api: httpx.Client, artifacts: Path, console: ConsoleLog, size: str
) -> None:
    page.set_viewport_size(SIZES[size])  # type: ignore[arg-type]
    workflow_id = create_project(api, f"Two uploads at {size}", [_upload("image-1", 0), _upload("image-2", -600)], [])
    page.goto(f"/editor?id={workflow_id}")
    expect(node(page, "image-1")).to_be_visible()
    page.wait_for_function(STILL)
    notice = page.get_by_test_id("notice")
    lowest = drawn_box(node(page, "image-1"))
    dock = drawn_box(page.get_by_test_id("ai-dock"))
    # fitted as it opens: the lowest node's foot just above the dock, where a notice stands
    assert dock["y"] - 80 < lowest["y"] + lowest["height"] <= dock["y"], (lowest, dock)

    page.get_by_test_id("run").click()
    expect(notice).to_contain_text("Can't run yet: Image Upload (1): Upload an image into Image Upload first")
    console.errors.remove(REFUSED)  # the browser logs the refused run itself
    _readable_beside(page, notice, ["image-1", "image-2"])
    page.screenshot(path=str(artifacts / f"notice-beside-its-nodes-{size}.png"))
    # the notice itself as it was: above the dock, a readable width
    notice_box = drawn_box(notice)
    assert notice_box["y"] + notice_box["height"] <= dock["y"] and notice_box["width"] >= 280, notice_box

    # a fit while the notice shows keeps them clear of it too
    fit_view(page)
    _readable_beside(page, notice, ["image-1", "image-2"])
    page.screenshot(path=str(artifacts / f"notice-beside-its-nodes-fitted-{size}.png"))

    # reached from the keyboard (after the AI dock) and closed from it
    page.get_by_role("button", name="Hide the AI dock").focus()
    page.keyboard.press("Tab")
    expect(notice.get_by_role("button", name="Close notice")).to_be_focused()
    page.keyboard.press("Enter")
    expect(notice).to_have_count(0)


def test_a_notice_leaves_the_view_when_it_covers_none_of_its_nodes(
    page: Page, api: httpx.Client, console: ConsoleLog
) -> None:
    page.set_viewport_size(SIZES["1280x800"])  # type: ignore[arg-type]
    page.goto(f"/editor?id={create_project(api, 'One upload', [_upload('image-1', 0)], [])}")
    expect(node(page, "image-1")).to_be_visible()
    page.wait_for_function(STILL)
    before = node(page, "image-1").evaluate("element => element.closest('.react-flow__viewport').style.transform")
    page.get_by_test_id("run").click()
    notice = page.get_by_test_id("notice")
    expect(notice).to_contain_text("Upload an image into Image Upload first")
    console.errors.remove(REFUSED)
    _readable_beside(page, notice, ["image-1"])
    after = node(page, "image-1").evaluate("element => element.closest('.react-flow__viewport').style.transform")
    assert after == before  # a node in the middle of the canvas: nothing to move
