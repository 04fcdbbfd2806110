"""The canvas by keyboard alone: a node or a connection reached with Tab wears a ring (a click shows none), Tab
reaches the nodes before the connections, Ctrl+Enter runs from a node's field and Escape leaves the field for its
node, the node menu and its Settings give the focus back to the node, and a node deleted or renamed leaves the
focus on the canvas, not at the page's start."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from tests.e2e.studio import create_project, node, upload_picture, wait_open

FINISHED = re.compile(r"^(completed|cached)$")
FOCUSED_ID = "() => document.activeElement?.closest('.react-flow__node, .react-flow__edge')?.getAttribute('data-id')"
OUTLINE = "(e) => { const s = getComputedStyle(e); return s.outlineStyle === 'none' ? 0 : parseFloat(s.outlineWidth) }"
HALO = "(e) => parseFloat(getComputedStyle(e.querySelector('.react-flow__edge-interaction')).strokeOpacity)"


@pytest.fixture
def chain(api: httpx.Client) -> str:
    """Photo → Invert → Save, left to right."""
    asset = upload_picture(api, Image.new("RGB", (48, 32), (200, 60, 30)))
    return create_project(
        api,
        "Keyboard chain",
        [
            {"id": "photo", "type": "input.image", "params": {"asset_id": asset["id"]}, "position": {"x": 0, "y": 0}},
            {"id": "invert", "type": "tool.invert", "params": {}, "position": {"x": 360, "y": 0}},
            {"id": "save", "type": "output.save", "params": {}, "position": {"x": 720, "y": 0}},
        ],
        [("photo", "invert"), ("invert", "save")],
    )


def _open(page: Page, workflow_id: str) -> None:
    page.goto(f"/editor?id={workflow_id}")
    wait_open(page)
    expect(node(page, "save")).to_be_visible()


def _focused(page: Page) -> str | None:
    found = page.evaluate(FOCUSED_ID)
    return str(found) if found else None


def _tab_to(page: Page, selector: str, limit: int = 80) -> None:
    """Tab until `selector` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => !!document.activeElement?.matches(s)", selector):
            return
    raise AssertionError(f"{limit} Tabs reached no {selector}")


def _tab_until_on_canvas(page: Page, limit: int = 80) -> str:
    """Tab from the Run button until a node or a connection has the focus; its id."""
    page.get_by_test_id("run").focus()
    for _ in range(limit):
        page.keyboard.press("Tab")
        if reached := _focused(page):
            return reached
    raise AssertionError(f"{limit} Tabs from Run reached no node and no connection")


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_a_node_and_a_connection_reached_by_tab_wear_a_ring_a_click_none(page: Page, chain: str, theme: str) -> None:
    page.add_init_script(f"localStorage.setItem('karate-theme', '{theme}')")
    _open(page, chain)
    assert node(page, "photo").evaluate(OUTLINE) == 0
    assert page.locator(".react-flow__edge").first.evaluate(HALO) == 0
    page.get_by_test_id("run").focus()
    _tab_to(page, ".react-flow__node")
    assert page.locator(".react-flow__node:focus").evaluate(OUTLINE) >= 2
    _tab_to(page, ".react-flow__edge")
    focused_connection = page.locator(".react-flow__edge:focus")
    expect(focused_connection).to_have_count(1)
    assert focused_connection.evaluate(HALO) > 0

    node(page, "invert").get_by_text("Invert", exact=True).first.click()  # with the mouse: no ring
    expect(node(page, "invert")).to_have_class(re.compile(r"\bselected\b"))
    assert node(page, "invert").evaluate(OUTLINE) == 0


def test_tab_reaches_every_node_before_any_connection_and_shift_tab_comes_back(page: Page, chain: str) -> None:
    _open(page, chain)
    assert _tab_until_on_canvas(page) == "photo"
    reached: list[str] = ["photo"]
    for _ in range(60):
        page.keyboard.press("Tab")
        on = _focused(page)
        if on is None:
            break
        if on != reached[-1]:
            reached.append(on)
    edge_ids = page.locator(".react-flow__edge").evaluate_all("(es) => es.map((e) => e.dataset.id)")
    assert reached[:3] == ["photo", "invert", "save"]
    assert sorted(reached[3:]) == sorted(edge_ids)

    # back from the first connection: the last node's last control, then the nodes, then the toolbar
    page.locator(".react-flow__edge").first.focus()
    page.keyboard.press("Shift+Tab")
    assert _focused(page) == "save"


def test_ctrl_enter_runs_from_a_node_field_and_escape_leaves_the_field_for_its_node(page: Page, chain: str) -> None:
    _open(page, chain)
    filename = node(page, "save").get_by_label("Filename", exact=True)
    filename.focus()
    page.keyboard.type("kb-poster")
    page.keyboard.press("Control+Enter")
    expect(node(page, "save").get_by_test_id("node-status")).to_have_attribute("data-status", FINISHED)
    expect(filename).to_be_focused()
    expect(filename).to_have_value("kb-poster")

    page.keyboard.press("Escape")
    expect(node(page, "save")).to_be_focused()
    page.keyboard.press("Enter")  # selected, on purpose: Delete deletes it, and the focus stays on the canvas
    page.keyboard.press("Delete")
    expect(node(page, "save")).to_have_count(0)
    assert _focused(page) == "invert"


def test_the_node_menu_settings_and_a_rename_give_the_focus_back_to_the_node(page: Page, chain: str) -> None:
    _open(page, chain)
    invert = node(page, "invert")
    invert.focus()
    page.keyboard.press("Shift+F10")
    menu = page.get_by_test_id("node-menu")
    expect(menu).to_be_visible()
    page.keyboard.press("Escape")
    expect(menu).to_have_count(0)
    expect(invert).to_be_focused()

    page.keyboard.press("Shift+F10")
    menu.get_by_role("menuitem", name="Settings").focus()
    page.keyboard.press("Enter")
    settings = page.get_by_test_id("settings-panel")
    expect(settings.get_by_role("heading")).to_be_focused()
    page.keyboard.press("Escape")
    expect(settings).to_have_count(0)
    expect(invert).to_be_focused()

    page.keyboard.press("Enter")  # selects it: F2 renames the selected node
    page.keyboard.press("F2")
    page.keyboard.type("Negative")
    page.keyboard.press("Enter")
    expect(invert).to_contain_text("Negative")
    expect(invert).to_be_focused()


def test_results_and_history_take_the_focus_and_give_it_back(page: Page, chain: str) -> None:
    _open(page, chain)
    for toggle, panel in (("toggle-gallery", "gallery"), ("toggle-history", "history")):
        opener = page.get_by_test_id(toggle)
        opener.focus()
        page.keyboard.press("Enter")
        opened = page.get_by_test_id(panel)
        expect(opened.get_by_role("heading").first).to_be_focused()
        page.keyboard.press("Escape")
        expect(opened).to_have_count(0)
        expect(opener).to_be_focused()


def test_the_help_sheet_holds_the_focus_while_open(page: Page, chain: str, artifacts: Path) -> None:
    _open(page, chain)
    node(page, "invert").focus()
    page.keyboard.press("Shift+?")
    sheet = page.get_by_test_id("shortcuts-help")
    expect(sheet).to_be_visible()
    for _ in range(4):
        page.keyboard.press("Tab")
        assert page.evaluate("() => !!document.activeElement?.closest('[data-testid=shortcuts-help]')")
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("() => !!document.activeElement?.closest('[data-testid=shortcuts-help]')")
    page.keyboard.press("Escape")
    expect(sheet).to_have_count(0)
    expect(node(page, "invert")).to_be_focused()
