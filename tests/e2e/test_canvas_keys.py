"""The canvas by keyboard alone, without a mouse: the canvas itself is a Tab stop whose arrow keys move the view
(a selected node still moves with them), L on a node opens a chooser that connects one of its outputs to another
node's input (undoable, saved), and on a large graph zoomed in Tab reaches every node in turn, each brought into
view, though xyflow draws only the nodes in view. Tab takes the nodes in the order they are seen, after an undo too;
Delete takes the connection or node in the focus ring before the selection; the full-size viewer keeps Tab inside
it; Escape in the palette's search empties it before anything closes."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx
import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from tests.e2e.studio import (
    create_project,
    drawn_box,
    edges,
    inside,
    node,
    overlap,
    upload_picture,
    wait_open,
    wait_stored,
)

CANVAS_STOP = "[data-testid=canvas] > .react-flow"
FOCUSED_NODE = "() => document.activeElement?.closest('.react-flow__node')?.getAttribute('data-id') ?? null"
OUTLINE = "(e) => { const s = getComputedStyle(e); return s.outlineStyle === 'none' ? 0 : parseFloat(s.outlineWidth) }"
FOCUSED_NAME = "() => document.activeElement?.dataset.testid ?? document.activeElement?.getAttribute('class') ?? ''"
SELECTED = re.compile(r"\bselected\b")
ZOOM = "() => new DOMMatrix(getComputedStyle(document.querySelector('.react-flow__viewport')).transform).a"
STORED_LINK = "(doc, [source, target]) => doc.edges.some((e) => e.source === source && e.target === target)"


@pytest.fixture
def chain(api: httpx.Client) -> str:
    """Photo → Invert, and a Blur and a Save not yet connected, left to right."""
    asset = upload_picture(api, Image.new("RGB", (48, 32), (200, 60, 30)))
    return create_project(
        api,
        "Keys",
        [
            {"id": "photo", "type": "input.image", "params": {"asset_id": asset["id"]}, "position": {"x": 0, "y": 0}},
            {"id": "invert", "type": "tool.invert", "params": {}, "position": {"x": 360, "y": 0}},
            {"id": "blur", "type": "tool.blur", "params": {}, "position": {"x": 720, "y": 0}},
            {"id": "save", "type": "output.save", "params": {}, "position": {"x": 1080, "y": 0}},
        ],
        [("photo", "invert")],
    )


def _open(page: Page, workflow_id: str) -> None:
    page.goto(f"/editor?id={workflow_id}")
    wait_open(page)
    expect(page.locator(".react-flow__node").first).to_be_visible()


def _focused_node(page: Page) -> str | None:
    found = page.evaluate(FOCUSED_NODE)
    return str(found) if found else None


def _tab_to_canvas(page: Page, limit: int = 60) -> None:
    """Tab from the Run button until the canvas itself has the focus."""
    page.get_by_test_id("run").focus()
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement?.matches(s)", CANVAS_STOP):
            return
    raise AssertionError(f"{limit} Tabs from Run did not reach the canvas")


def _tab_to_node(page: Page, node_id: str, limit: int = 40) -> None:
    """Tab until the node `node_id` itself has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(id) => document.activeElement?.matches(`.react-flow__node[data-id='${id}']`)", node_id):
            return
    raise AssertionError(f"{limit} Tabs did not reach the node {node_id}")


def _tab_on(page: Page, key: str = "Tab", limit: int = 10) -> str:
    """Press `key` (Tab or Shift+Tab) until the focus is on another node (or a field of one) than now; its id."""
    start = _focused_node(page)
    for _ in range(limit):
        page.keyboard.press(key)
        now = _focused_node(page)
        if now is not None and now != start:
            return now
    raise AssertionError(f"{limit} presses of {key} from {start} reached no other node")


def _tab_until(page: Page, selector: str, key: str = "Tab", limit: int = 30) -> list[str]:
    """Press `key` until the focused element matches `selector`; what had the focus on the way (its test id, else its
    class), the last one included."""
    passed: list[str] = []
    for _ in range(limit):
        page.keyboard.press(key)
        passed.append(page.evaluate(FOCUSED_NAME))
        if page.evaluate("(s) => !!document.activeElement?.matches(s)", selector):
            return passed
    raise AssertionError(f"{limit} presses of {key} did not reach {selector}: {passed}")


def _wait_moved(page: Page, node_id: str, x: float, y: float) -> None:
    """Wait for the node `node_id` to be drawn with its top-left at (x, y) on the page (a pixel either way)."""
    page.wait_for_function(
        """([id, x, y]) => {
          const box = document.querySelector(`.react-flow__node[data-id='${id}']`)?.getBoundingClientRect();
          return !!box && Math.abs(box.x - x) < 1 && Math.abs(box.y - y) < 1;
        }""",
        arg=[node_id, x, y],
    )


def test_arrow_keys_on_the_canvas_move_the_view_and_on_a_selected_node_move_the_node(page: Page, chain: str) -> None:
    _open(page, chain)
    _tab_to_canvas(page)
    assert page.locator(CANVAS_STOP).evaluate(OUTLINE) >= 2  # reached by keyboard: it wears a ring
    start = drawn_box(node(page, "invert"))
    page.keyboard.press("ArrowRight")  # shows what is to the right: the graph moves left
    _wait_moved(page, "invert", start["x"] - 80, start["y"])
    page.keyboard.press("Shift+ArrowUp")  # further: four steps
    _wait_moved(page, "invert", start["x"] - 80, start["y"] + 320)
    expect(page.locator(CANVAS_STOP)).to_be_focused()

    # on a node (reached with Tab, which brings it into view), selected (Enter), the arrows move the node, not the view
    _tab_to_node(page, "photo")
    page.keyboard.press("Enter")
    expect(node(page, "photo")).to_have_class(re.compile(r"\bselected\b"))
    photo, invert = drawn_box(node(page, "photo")), drawn_box(node(page, "invert"))
    page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "(x) => document.querySelector(`.react-flow__node[data-id='photo']`).getBoundingClientRect().x > x + 1",
        arg=photo["x"],
    )
    _wait_moved(page, "invert", invert["x"], invert["y"])  # the view stayed


def test_l_on_a_node_connects_it_by_keyboard_undoably_and_the_connection_is_saved(
    page: Page, chain: str, artifacts: Path
) -> None:
    _open(page, chain)
    expect(edges(page)).to_have_count(1)
    _tab_to_canvas(page)
    _tab_to_node(page, "invert")
    page.keyboard.press("l")
    chooser = page.get_by_test_id("connect-chooser")
    expect(chooser).to_be_visible()
    expect(chooser.get_by_role("combobox")).to_be_focused()
    # only what a drag would connect, in words: Invert's image into Blur's image or mask, or Save Image's image
    options = chooser.get_by_role("option")
    expect(options).to_have_count(3)
    assert options.evaluate_all("(os) => os.map((o) => o.getAttribute('aria-label'))") == [
        "Invert's image output to Blur's image input",
        "Invert's image output to Blur's mask input",
        "Invert's image output to Save Image's image input",
    ]
    assert inside(drawn_box(chooser), {"x": 0, "y": 0, "width": 1440, "height": 900})
    assert not overlap(drawn_box(chooser), drawn_box(node(page, "invert")))
    page.screenshot(path=str(artifacts / "connect-chooser.png"))

    page.keyboard.type("save")
    expect(options).to_have_count(1)
    page.keyboard.press("Enter")
    expect(chooser).to_have_count(0)
    expect(edges(page)).to_have_count(2)
    expect(node(page, "invert")).to_be_focused()

    page.keyboard.press("Control+z")  # one undo step, as a drag's connection
    expect(edges(page)).to_have_count(1)
    page.keyboard.press("Control+Shift+z")
    expect(edges(page)).to_have_count(2)

    workflow_id = chain
    wait_stored(page, workflow_id, STORED_LINK, ["invert", "save"])
    page.reload()
    wait_open(page)
    expect(edges(page)).to_have_count(2)

    # Escape connects nothing and gives the focus back to the node
    _tab_to_canvas(page)
    _tab_to_node(page, "blur")
    page.keyboard.press("l")
    expect(chooser).to_be_visible()
    page.keyboard.press("Escape")
    expect(chooser).to_have_count(0)
    expect(node(page, "blur")).to_be_focused()
    expect(edges(page)).to_have_count(2)


def _grid(count: int, per_row: int) -> list[dict[str, Any]]:
    return [
        {
            "id": f"n{i}",
            "type": "tool.invert",
            "params": {},
            "position": {"x": (i % per_row) * 360, "y": (i // per_row) * 240},
        }
        for i in range(count)
    ]


def test_tab_reaches_every_node_of_a_large_graph_zoomed_in_each_brought_into_view(
    page: Page, api: httpx.Client
) -> None:
    workflow_id = create_project(api, "301 nodes", _grid(301, 20), [])
    _open(page, workflow_id)
    zoom_in = page.get_by_role("button", name="Zoom In")
    zoom_in.focus()
    for _ in range(30):  # by keyboard, on the zoom-in button: zoomed in, xyflow draws only the nodes in view
        if page.evaluate(ZOOM) >= 1:
            break
        page.keyboard.press("Enter")
    drawn = page.locator(".react-flow__node")
    expect(drawn).not_to_have_count(301)
    assert node(page, "n0").count() == 0  # the first node, top left, is out of view, not drawn

    canvas = drawn_box(page.get_by_test_id("canvas"))
    _tab_to_canvas(page)
    page.keyboard.press("Tab")
    expect(node(page, "n0")).to_be_focused()  # brought into view from out of it
    assert inside(drawn_box(node(page, "n0")), canvas)
    for index in range(1, 24):  # along the first row (out of view from its fifth node) and on into the second
        assert _tab_on(page) == f"n{index}"
        expect(node(page, f"n{index}")).to_be_focused()
        assert inside(drawn_box(node(page, f"n{index}")), canvas), f"n{index} is focused out of view"
    assert drawn.count() < 301
    for index in (22, 21, 20, 19):  # Shift+Tab comes back the same way, from the second row to the end of the first
        assert _tab_on(page, "Shift+Tab") == f"n{index}"
        assert inside(drawn_box(node(page, f"n{index}")), canvas), f"n{index} is focused out of view"


def test_delete_takes_the_focused_connection_or_node_before_the_selection_undoably(page: Page, chain: str) -> None:
    _open(page, chain)
    _tab_to_canvas(page)
    _tab_to_node(page, "blur")
    page.keyboard.press("Enter")  # Blur selected
    expect(node(page, "blur")).to_have_class(SELECTED)
    _tab_until(page, ".react-flow__edge")  # on to the connection Photo → Invert, in its focus ring
    page.keyboard.press("Delete")
    expect(edges(page)).to_have_count(0)  # the connection went, not the node selected
    expect(node(page, "blur")).to_have_count(1)
    page.keyboard.press("Control+z")
    expect(edges(page)).to_have_count(1)

    # nothing selected: Backspace on a focused connection deletes it, with no Enter first
    page.keyboard.press("Escape")
    expect(page.locator(".react-flow__node.selected")).to_have_count(0)
    _tab_to_canvas(page)
    _tab_until(page, ".react-flow__edge")
    page.keyboard.press("Backspace")
    expect(edges(page)).to_have_count(0)
    expect(page.locator(".react-flow__node")).to_have_count(4)

    # a node in the focus ring goes, not another one selected
    _tab_to_canvas(page)
    _tab_to_node(page, "blur")
    page.keyboard.press("Enter")
    _tab_to_node(page, "save")
    page.keyboard.press("Delete")
    expect(node(page, "save")).to_have_count(0)
    expect(node(page, "blur")).to_have_count(1)
    page.keyboard.press("Control+z")
    expect(node(page, "save")).to_have_count(1)


def test_tab_takes_the_nodes_in_screen_order_after_an_undo_and_an_upload_field_is_one_stop(
    page: Page, chain: str
) -> None:
    _open(page, chain)
    _tab_to_canvas(page)
    _tab_to_node(page, "invert")
    page.keyboard.press("Delete")  # the node in the focus ring
    expect(node(page, "invert")).to_have_count(0)
    page.keyboard.press("Control+z")
    expect(node(page, "invert")).to_have_count(1)
    drawn = page.evaluate("() => [...document.querySelectorAll('.react-flow__node')].map((n) => n.dataset.id)")
    assert drawn[-1] == "invert", drawn  # brought back last in the page: Tab does not follow the page's order

    _tab_to_canvas(page)
    page.keyboard.press("Tab")
    expect(node(page, "photo")).to_be_focused()
    # Photo's picture is one stop (its drop area, Enter picks a file) beside its ⤢, never the file input behind it
    inside_photo = _tab_until(page, ".react-flow__node[data-id='invert']")[:-1]
    assert "upload-drop" in inside_photo, inside_photo
    assert "upload-input" not in inside_photo, inside_photo
    assert [_tab_on(page) for _ in range(2)] == ["blur", "save"]

    for expected in ("blur", "invert", "photo"):  # Shift+Tab comes back the same way
        assert _tab_on(page, "Shift+Tab") == expected
    passed = _tab_until(page, CANVAS_STOP, "Shift+Tab")  # and from the first node to the canvas before it
    assert _focused_node(page) is None
    assert "upload-input" not in passed, passed


def test_the_full_size_viewer_keeps_tab_inside_it_and_gives_the_focus_back_on_close(page: Page, chain: str) -> None:
    _open(page, chain)
    opener = node(page, "photo").get_by_test_id("upload-open-viewer")
    expect(opener).to_be_visible()
    _tab_to_canvas(page)
    _tab_to_node(page, "photo")
    _tab_until(page, "[data-testid=upload-open-viewer]")
    page.keyboard.press("Enter")
    viewer = page.get_by_test_id("viewer")
    expect(viewer).to_be_visible()
    in_viewer = "() => !!document.activeElement?.closest('[data-testid=viewer]')"
    for key in ["Tab"] * 8 + ["Shift+Tab"] * 8:
        page.keyboard.press(key)
        assert page.evaluate(in_viewer), f"{key} left the viewer for {page.evaluate(FOCUSED_NAME)}"
    page.keyboard.press("Escape")
    expect(viewer).to_have_count(0)
    expect(opener).to_be_focused()


def test_escape_in_the_palette_search_empties_it_before_the_panel_on_top_closes(page: Page, chain: str) -> None:
    _open(page, chain)
    _tab_to_canvas(page)
    page.keyboard.press("g")  # the Results panel, on top
    gallery = page.get_by_test_id("gallery")
    expect(gallery).to_be_visible()
    search = page.get_by_label("Search nodes")
    search.focus()
    page.keyboard.type("blur")
    expect(page.get_by_test_id("palette-results")).to_be_visible()
    page.keyboard.press("Escape")
    expect(search).to_have_value("")
    expect(search).to_be_focused()
    expect(gallery).to_be_visible()
    page.keyboard.press("Escape")  # the search empty: Escape is the editor's, which closes the panel on top
    expect(gallery).to_have_count(0)
