"""Comments and the selection on a phone (390 x 844) and a desktop (1280 x 800): a thread's card opens wholly on the
visible canvas, below the toolbar and above the AI dock, by either edge of the screen; Escape clears the selection
once nothing else is open, so that a node clicked in from the palette starts afresh rather than chain."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import FloatRect, Page, expect

from tests.e2e.studio import create_project, edges, node

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


def _box(page: Page, testid: str) -> FloatRect:
    box = page.get_by_test_id(testid).bounding_box()
    assert box is not None, f"{testid} is not drawn"
    return box


def _open_project(page: Page, api: httpx.Client, title: str) -> str:
    """A project with one Blur node (so the empty canvas's hint is not drawn), open in the editor."""
    blur = {"id": "blur-1", "type": "tool.blur", "params": {}, "position": {"x": 0, "y": 0}}
    workflow_id = create_project(api, title, [blur], [])
    page.goto(f"/editor?id={workflow_id}")
    expect(node(page, "blur-1")).to_be_visible()
    return workflow_id


def _comment_at(page: Page, x: float, y: float, words: str) -> None:
    """Post a comment at a spot of the screen with the comment tool (C); its thread opens."""
    page.evaluate("document.activeElement?.blur()")
    page.keyboard.press("c")
    expect(page.locator(".react-flow[data-commenting]")).to_have_count(1)
    page.mouse.click(x, y)
    page.get_by_test_id("comment-input").fill(words)
    page.get_by_test_id("comment-input").press("Enter")
    expect(page.get_by_test_id("comment-thread")).to_contain_text(words)


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_threads_card_opens_wholly_on_the_canvas_by_either_edge(
    page: Page, api: httpx.Client, artifacts: Path, size: dict[str, int]
) -> None:
    """Beside a pin near the left edge, near the right edge, and (on a phone, where there is room on neither side)
    in between: the card, its reply box and Resolve lie inside the screen, under the toolbar and over the AI dock."""
    page.set_viewport_size(size)
    _open_project(page, api, "Comments by the edges")
    canvas, dock = _box(page, "canvas"), _box(page, "ai-dock")
    # the corner panels there are (a phone shows its minimap only when asked for)
    corners = [panel.bounding_box() for panel in page.locator(".react-flow__controls, .react-flow__minimap").all()]
    lowest = min(corner["y"] for corner in corners if corner is not None) - 30  # a click there reaches the canvas
    name = "phone" if size == PHONE else "desktop"
    spots = {"left": canvas["x"] + 24, "middle": canvas["x"] + 150, "right": canvas["x"] + canvas["width"] - 24}
    for side, x in spots.items():
        for height in ("high", "low"):
            y = canvas["y"] + 100 if height == "high" else lowest
            words = f"By the {side}, {height}"
            _comment_at(page, x, y, words)
            card = _box(page, "comment-thread")
            drawn = page.get_by_test_id("comment-thread").locator("xpath=..").bounding_box()  # with its padding
            assert drawn is not None
            where = f"{words}: card {drawn}, canvas {canvas}, dock {dock}"
            assert drawn["x"] >= 0 and drawn["x"] + drawn["width"] <= size["width"], where
            assert drawn["x"] >= canvas["x"] and drawn["x"] + drawn["width"] <= canvas["x"] + canvas["width"], where
            assert drawn["y"] >= canvas["y"], where  # not under the toolbar
            assert drawn["y"] + drawn["height"] <= dock["y"], where  # not under the AI dock
            assert card["width"] > 200, where  # room for its words, not squeezed
            expect(page.get_by_test_id("comment-resolve")).to_be_in_viewport(ratio=1)
            expect(page.get_by_test_id("comment-thread").get_by_test_id("comment-input")).to_be_in_viewport(ratio=1)
            page.screenshot(path=str(artifacts / f"comment-card-{name}-{side}-{height}.png"))
            page.keyboard.press("Escape")  # the thread closes, then the comment tool
            expect(page.get_by_test_id("comment-thread")).to_have_count(0)
            page.keyboard.press("Escape")
            expect(page.locator(".react-flow[data-commenting]")).to_have_count(0)


def test_escape_clears_the_selection_once_nothing_else_is_open(page: Page, api: httpx.Client) -> None:
    """Escape closes the node's menu first and keeps the node selected; the next Escape clears the selection; a node
    clicked in from the palette then goes on its own, not wired from the node that was selected."""
    page.set_viewport_size(DESKTOP)
    _open_project(page, api, "Escape deselects")
    blur = node(page, "blur-1")
    blur.click(position={"x": 40, "y": 14})
    expect(blur).to_have_class(re.compile(r"\bselected\b"))
    blur.click(button="right", position={"x": 40, "y": 14})
    expect(page.get_by_role("menu")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.get_by_role("menu")).to_have_count(0)
    expect(page.locator(".react-flow__node.selected")).to_have_count(1)
    page.keyboard.press("Escape")
    expect(page.locator(".react-flow__node.selected")).to_have_count(0)
    page.locator("[data-testid=palette-item][data-node-type='tool.invert']").click()
    expect(page.locator(".react-flow__node")).to_have_count(2)
    expect(edges(page)).to_have_count(0)
