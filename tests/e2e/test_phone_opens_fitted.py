"""A project made on a desktop (five nodes over 1400 px) opened on a phone (390 × 844, touch): the view opens on
whole nodes, its first one drawn readable and clear of the zoom buttons, none cut at the screen's right edge, nor
when a desktop's nodes are 26 px apart (the next node starts past the edge); a desktop still opens on the whole graph.
A plan the AI dock applies on a phone is shown by the same rule: its first new node whole and readable above the dock,
not the whole graph drawn too small to read; a desktop still shows the whole graph."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import PHONE, ConsoleLog, open_page
from tests.e2e.studio import create_project, drawn_box, node


def _row(api: httpx.Client, title: str, types: list[str], step: int, zigzag: int = 0) -> str:
    """A project of one node of each of `types` (ids n0, n1, …) wired in a row `step` px apart, every other one
    `zigzag` px lower."""
    nodes: list[dict[str, Any]] = [
        {"id": f"n{i}", "type": kind, "params": {}, "position": {"x": i * step, "y": 100 + (i % 2) * zigzag}}
        for i, kind in enumerate(types)
    ]
    return create_project(api, title, nodes, [(f"n{i}", f"n{i + 1}") for i in range(len(types) - 1)])


def _desktop_project(api: httpx.Client) -> str:
    return _row(api, "Made on a desktop", ["input.image"] + ["tool.blur"] * 4, 350, zigzag=80)


def _none_cut_at_the_right_edge(page: Page, count: int) -> None:
    for node_id in [f"n{i}" for i in range(count)]:
        box = drawn_box(page.locator(f'.react-flow__node[data-id="{node_id}"]'))
        left, right = box["x"], box["x"] + box["width"]
        assert right <= PHONE["width"] or left >= PHONE["width"], (node_id, box)


def _close_together_project(api: httpx.Client) -> str:
    """Image Upload, Blur and Save Image in a row 26 px apart, as a desktop lays them out (before: Blur was drawn from
    x = 369 to 625 on a phone, a 21-px strip at the screen's right edge)."""
    return _row(api, "Close together on a desktop", ["input.image", "tool.blur", "output.save"], 256 + 26)


@pytest.mark.parametrize(
    ("project", "count", "shot"),
    [(_desktop_project, 5, "phone-opens-fitted.png"), (_close_together_project, 3, "phone-opens-close-nodes.png")],
    ids=["350-px-apart", "26-px-apart"],
)
def test_a_desktop_project_opens_on_whole_readable_nodes_on_a_phone(
    browser: Browser,
    server: str,
    api: httpx.Client,
    console: ConsoleLog,
    artifacts: Path,
    project: Callable[[httpx.Client], str],
    count: int,
    shot: str,
) -> None:
    workflow_id = project(api)
    with open_page(browser, server, console, phone=True) as page:
        page.goto(f"/editor?id={workflow_id}")
        expect(page.get_by_test_id("studio-node")).to_have_count(count)
        page.wait_for_function(SHOWN_READABLE, arg="n0")  # once refitted to the nodes as measured
        page.screenshot(path=str(artifacts / shot))
        _none_cut_at_the_right_edge(page, count)


def test_a_desktop_still_opens_on_the_whole_graph(page: Page, api: httpx.Client) -> None:
    page.goto(f"/editor?id={_desktop_project(api)}")
    expect(page.get_by_test_id("studio-node")).to_have_count(5)
    # every node within the canvas's width once the view has fitted (it fits as the nodes are measured)
    page.wait_for_function("""() => {
        const pane = document.querySelector(".react-flow").getBoundingClientRect();
        const nodes = [...document.querySelectorAll(".react-flow__node")].map((n) => n.getBoundingClientRect());
        return nodes.length === 5 && nodes.every((box) => box.width > 0
            && box.left >= pane.left && box.right <= pane.right);
    }""")


# Whether a node is drawn whole and readable (no smaller than PHONE_MIN_ZOOM) in the canvas's free part: right of the
# zoom buttons, left of the screen's edge, above the AI dock.
SHOWN_READABLE = """(id) => {
    const box = document.querySelector(`.react-flow__node[data-id="${id}"]`)?.getBoundingClientRect();
    const controls = document.querySelector(".react-flow__controls").getBoundingClientRect();
    const dock = document.querySelector("[data-testid=ai-dock]").getBoundingClientRect();
    return Boolean(box) && box.width >= 0.75 * 256 - 1 && box.left >= controls.right && box.right <= innerWidth
        && box.top >= 0 && box.bottom <= dock.top;
}"""


def _apply_a_plan(page: Page) -> None:
    """Ask the AI dock for Blur → Invert → Save Image after the project's one image, and apply it."""
    expect(node(page, "image-1")).to_be_visible()
    field = page.get_by_label("Instruction for the AI")
    field.fill("blur it, invert it and save it as a jpg")
    field.press("Enter")
    dock = page.get_by_test_id("ai-dock")
    expect(dock.get_by_test_id("plan-summary")).to_have_text("Blur → Invert → Save Image")
    dock.get_by_role("button", name="Apply").click()
    expect(dock.get_by_test_id("plan-applied")).to_contain_text("Applied:")
    expect(page.get_by_test_id("studio-node")).to_have_count(4)


def _one_image(api: httpx.Client, title: str) -> str:
    image = {"id": "image-1", "type": "input.image", "params": {}, "position": {"x": 0, "y": 0}}
    return create_project(api, title, [image], [])


def test_a_plan_applied_on_a_phone_shows_its_first_new_node_readable(
    browser: Browser, server: str, api: httpx.Client, console: ConsoleLog, artifacts: Path
) -> None:
    workflow_id = _one_image(api, "Planned on a phone")
    with open_page(browser, server, console, phone=True) as page:
        page.goto(f"/editor?id={workflow_id}")
        _apply_a_plan(page)
        # before: the four nodes fitted whole, each drawn 60 px wide, its words unreadable
        page.wait_for_function(SHOWN_READABLE, arg="blur-1")
        page.screenshot(path=str(artifacts / "phone-plan-applied.png"))
        assert drawn_box(node(page, "blur-1"))["width"] >= 0.75 * 256 - 1


# Whether a node is drawn whole in the canvas, above the AI dock.
SHOWN_WHOLE = """(id) => {
    const box = document.querySelector(`.react-flow__node[data-id="${id}"]`)?.getBoundingClientRect();
    const pane = document.querySelector(".react-flow").getBoundingClientRect();
    const dock = document.querySelector("[data-testid=ai-dock]").getBoundingClientRect();
    return Boolean(box) && box.left >= pane.left && box.right <= pane.right && box.top >= pane.top
        && box.bottom <= dock.top;
}"""


def test_a_plan_applied_on_a_desktop_shows_the_whole_graph(page: Page, api: httpx.Client, artifacts: Path) -> None:
    page.goto(f"/editor?id={_one_image(api, 'Planned on a desktop')}")
    _apply_a_plan(page)
    for node_id in ("image-1", "blur-1", "invert-1", "save-1"):
        page.wait_for_function(SHOWN_WHOLE, arg=node_id)
    page.screenshot(path=str(artifacts / "desktop-plan-applied.png"))
