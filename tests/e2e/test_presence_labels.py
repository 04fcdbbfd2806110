"""Whose pointer and selection another page shows on the canvas, without hiding what they point at: a node just
added in one tab keeps its title readable in the other, and the person there is named once beside it (their
pointer's label), not once more by their selection's outline."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, FloatRect, Page, expect

from tests.e2e.conftest import ConsoleLog, open_page
from tests.e2e.studio import canvas_pane, drag_from_palette, drawn_box, node, overlap

ANOTHER_TAB = "You, in another tab"  # how a page names this person's own other tabs
NEAR = 200  # CSS pixels around a node within which a label reads as being about it


@pytest.fixture
def tabs(browser: Browser, server: str, console: ConsoleLog) -> Iterator[tuple[Page, Page]]:
    """Two pages of the local owner: tabs A and B."""
    with open_page(browser, server, console) as a, open_page(browser, server, console) as b:
        yield a, b


def open_live(page: Page, workflow_id: str) -> None:
    page.goto(f"/editor?id={workflow_id}")
    expect(page.get_by_test_id("connection-status")).to_have_attribute("data-state", "live", timeout=20_000)


def near(label: FloatRect, box: FloatRect) -> bool:
    grown: FloatRect = {
        "x": box["x"] - NEAR,
        "y": box["y"] - NEAR,
        "width": box["width"] + 2 * NEAR,
        "height": box["height"] + 2 * NEAR,
    }
    return overlap(label, grown)


def test_a_node_added_in_another_tab_keeps_its_title_readable(
    tabs: tuple[Page, Page], api: httpx.Client, artifacts: Path
) -> None:
    a, b = tabs
    created = api.post("/api/v1/workflows", json={"title": "Two tabs", "document": {"schema_version": 1, "nodes": []}})
    assert created.status_code == 201, created.text
    workflow_id = created.json()["id"]
    open_live(a, workflow_id)
    open_live(b, workflow_id)

    # A adds an Invert where it drops it and moves the pointer a little: the pointer is on its header, and the new
    # node is selected
    drag_from_palette(a, "tool.invert", 420, 260)
    pane = drawn_box(canvas_pane(a))
    a.mouse.move(pane["x"] + 425, pane["y"] + 265)
    added = a.locator(".react-flow__node[data-id^='invert-']")
    expect(added).to_have_count(1)
    node_id = str(added.get_attribute("data-id"))

    # B sees A's pointer and A's selection of the new node
    expect(b.get_by_test_id("remote-cursor")).to_have_count(1)
    expect(b.get_by_test_id("remote-selection")).to_have_attribute("data-node-id", node_id)
    title = node(b, node_id).get_by_test_id("node-title")
    expect(title).to_have_text("Invert")
    expect(title).to_be_visible()  # measured: React Flow shows a node once it knows its size
    # A's pointer is on the node: its name names A there, the outline has none of its own
    expect(b.get_by_test_id("remote-selection")).to_have_attribute("data-named", "false")
    b.screenshot(path=str(artifacts / "presence-labels-two-tabs.png"))

    named_once_off_the_title(b, node_id)

    # A's pointer leaves the canvas: the selection's outline names A itself, above the node, still off its title
    a.mouse.move(pane["x"] + 425, pane["y"] - 40, steps=5)
    expect(b.get_by_test_id("remote-cursor")).to_have_count(0)
    expect(b.get_by_test_id("remote-selection")).to_have_attribute("data-named", "true")
    b.screenshot(path=str(artifacts / "presence-labels-pointer-away.png"))
    named_once_off_the_title(b, node_id)


def named_once_off_the_title(page: Page, node_id: str) -> None:
    """No name on the page covers the node's title, and the other tab is named once by the node."""
    title_box = drawn_box(node(page, node_id).get_by_test_id("node-title"))
    node_box = drawn_box(node(page, node_id))
    labels = page.get_by_test_id("presence-label")
    expect(labels.first).to_be_visible()
    named_near = 0
    for index in range(labels.count()):
        label = labels.nth(index)
        box = drawn_box(label)
        assert not overlap(box, title_box), f"{label.text_content()!r} covers the node's title"
        if ANOTHER_TAB in (label.text_content() or "") and near(box, node_box):
            named_near += 1
    assert named_near == 1, f"'{ANOTHER_TAB}' is shown {named_near} times by the node"
