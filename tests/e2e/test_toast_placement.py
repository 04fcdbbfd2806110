"""A notice of a run's problems at 1280 x 800 and 1024 x 768: the nodes it names stay readable beside it. A project
opens fitted, its lowest node just above the AI dock, where a notice stands: "Can't run yet: …" covered that node's
own words of its problem. Now the view moves the nodes it names above it as it comes, and a fit while it shows keeps
them there; the notice stays as wide as it was, and closes from the keyboard. Its Show why, pressed as that move is
under way, opens the failed node's settings with why it failed in sight, and the view is still after."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import ConsoleLog
from tests.e2e.studio import create_project, drawn_box, fit_view, inside, node, overlap

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


#: A drawing, not a picture: stored as an upload, a run fails on it, saying why at length; its long name (it is said
#: in the failure too) makes the node's settings longer than the panel's room at both sizes.
DRAWING = (
    "the-studio-logo-drawn-for-the-spring-campaign-final-version-approved-by-the-client-in-march-with-the-new-colours"
    "-and-the-round-corners-for-print-web-and-the-shop-windows-second-pass-after-the-legal-review-of-the-wordmark.svg"
)
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'


@pytest.mark.parametrize("size", SIZES)
def test_show_why_opens_the_failed_node_with_its_failure_in_sight_and_the_view_still(
    page: Page, api: httpx.Client, artifacts: Path, console: ConsoleLog, size: str
) -> None:
    page.set_viewport_size(SIZES[size])  # type: ignore[arg-type]
    stored = api.post("/api/v1/assets", files={"file": (DRAWING, SVG, "application/octet-stream")})
    assert stored.status_code == 201, stored.text
    drawing = {"asset_id": stored.json()["id"], "filename": DRAWING}
    # the failing upload lowest, where the notice stands: its coming moves the view
    upload = {"id": "image-1", "type": "input.image", "params": drawing, "position": {"x": 0, "y": 0}}
    invert = {"id": "invert-1", "type": "tool.invert", "params": {}, "position": {"x": 0, "y": -600}}
    workflow_id = create_project(api, f"A drawing at {size}", [upload, invert], [("image-1", "invert-1")])
    page.goto(f"/editor?id={workflow_id}")
    expect(node(page, "image-1")).to_be_visible()
    page.wait_for_function(STILL)

    page.get_by_test_id("run").click()
    notice = page.get_by_test_id("notice")
    expect(notice).to_contain_text("Image Upload failed")
    notice.get_by_role("button", name="Show why").click()  # as the view moves the node clear of the notice
    expect(notice).to_have_count(0)
    panel = page.get_by_test_id("settings-panel")
    expect(panel).to_be_visible()
    # the move cut short, the notice gone: the view says it is still
    expect(page.locator(".react-flow")).not_to_have_attribute("data-view-moving", "true")
    page.wait_for_function(SETTLED, arg=panel.element_handle())

    # why it failed, read whole where the panel shows its settings, without scrolling
    failure = panel.get_by_test_id("settings-run-note")
    expect(failure).to_contain_text(f"“{DRAWING}” can't be used: this file is an SVG")
    body = panel.locator("[data-side-panel-body]")
    # longer than the panel has room for: it scrolled to the failure (it opened at the top, the failure cut off)
    scrolled = body.evaluate("body => [body.scrollHeight, body.clientHeight, body.scrollTop]")
    assert scrolled[0] > scrolled[1] and scrolled[2] > 0, scrolled
    shown = drawn_box(body)
    words = drawn_box(failure)
    assert inside(words, shown), f"the failure {words} is not all in sight in the panel {shown}"
    assert inside(drawn_box(panel), drawn_box(page.get_by_test_id("canvas")))
    page.screenshot(path=str(artifacts / f"show-why-{size}.png"))
    # the browser logs the drawing's refused previews (the node's, the panel's) itself
    console.errors[:] = [error for error in console.errors if error != REFUSED]
