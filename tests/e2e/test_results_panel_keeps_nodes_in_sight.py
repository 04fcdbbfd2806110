"""Opening the Results panel over the canvas's right edge keeps in sight the node a designer just ran (the Save node
at the graph's right end), and opening a node's settings keeps that node in sight beside them, so its preview can
be watched while it is edited: the view moves clear of the panel, the saved graph does not, and closing the panel
leaves the view where it is."""

from __future__ import annotations

import io
import re
from contextlib import suppress
from pathlib import Path
from typing import Any

import httpx
import pytest
from PIL import Image
from playwright.sync_api import Locator, Page, ViewportSize, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.e2e.studio import create_project, drawn_box, node, overlap, upload_node

#: A laptop's page and a desktop's, where the graph fitted on opening reaches under where the panel opens.
SCREENS: list[ViewportSize] = [{"width": 1280, "height": 800}, {"width": 1440, "height": 900}]
FINISHED = re.compile(r"^(completed|cached)$")
#: Whether a node is drawn whole left of the panel (the view takes up to 200 ms to get there).
LEFT_OF_PANEL = "([node, panel]) => node.getBoundingClientRect().right <= panel.getBoundingClientRect().left"


def _row_project(api: httpx.Client) -> str:
    """Image → Blur → Save, laid left to right across the page."""
    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), (40, 120, 200)).save(buffer, "PNG")
    image, _ = upload_node(api, "photo", "input.image", "photo.png", buffer.getvalue(), "image/png")
    nodes = [
        image,
        {"id": "blur", "type": "tool.blur", "params": {"radius": 6}, "position": {"x": 360, "y": 0}},
        {"id": "save", "type": "output.save", "params": {"filename": "blurred"}, "position": {"x": 720, "y": 0}},
    ]
    return create_project(api, "Row", nodes, [("photo", "blur"), ("blur", "save")])


def _placed(api: httpx.Client, workflow_id: str) -> dict[str, Any]:
    """Where the project's nodes are, as saved."""
    return {n["id"]: n["position"] for n in api.get(f"/api/v1/workflows/{workflow_id}").json()["document"]["nodes"]}


def _closing_leaves_the_view(
    page: Page, api: httpx.Client, workflow_id: str, placed: dict[str, Any], close: str, panel: Locator
) -> None:
    """Closing the panel (its button named `close`) leaves the view where it is, and the graph itself never moved."""
    beside = drawn_box(node(page, "save"))
    page.get_by_role("button", name=close).click()
    expect(panel).to_have_count(0)
    assert drawn_box(node(page, "save")) == beside
    assert _placed(api, workflow_id) == placed


@pytest.mark.parametrize("screen", SCREENS, ids=lambda screen: f"{screen['width']}x{screen['height']}")
def test_the_results_panel_opens_beside_the_saved_node_not_over_it(
    page: Page, api: httpx.Client, screen: ViewportSize, artifacts: Path
) -> None:
    page.set_viewport_size(screen)
    workflow_id = _row_project(api)
    placed = _placed(api, workflow_id)
    page.goto(f"/editor?id={workflow_id}")
    save = node(page, "save")
    expect(save).to_be_visible()
    page.get_by_role("button", name="Run", exact=True).click()
    expect(save.get_by_test_id("node-status")).to_have_attribute("data-status", FINISHED)
    # a run leaves the Results panel closed: it opens from the toolbar
    panel = page.get_by_test_id("gallery")
    expect(panel).to_have_count(0)

    page.get_by_test_id("toggle-gallery").click()
    expect(page.get_by_test_id("gallery-item").first).to_be_visible()
    with suppress(PlaywrightTimeoutError):  # the view never got clear of the panel: the assertion below says so
        page.wait_for_function(LEFT_OF_PANEL, arg=[save.element_handle(), panel.element_handle()], timeout=5_000)
    assert not overlap(drawn_box(save), drawn_box(panel)), "the Results panel opened over the Save node"
    for node_id in ("photo", "blur"):
        assert not overlap(drawn_box(node(page, node_id)), drawn_box(panel))
    page.screenshot(path=str(artifacts / f"results-panel-beside-save-{screen['width']}.png"))

    _closing_leaves_the_view(page, api, workflow_id, placed, "Close Result gallery", panel)


@pytest.mark.parametrize("panel_id", ["comments", "versions"])
def test_comments_and_versions_open_beside_the_graph_not_over_it(page: Page, api: httpx.Client, panel_id: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 800})
    workflow_id = _row_project(api)
    page.goto(f"/editor?id={workflow_id}")
    save = node(page, "save")
    expect(save).to_be_visible()
    panel = page.get_by_test_id(f"{panel_id}-panel")

    page.get_by_test_id(f"toggle-{panel_id}").click()
    expect(panel).to_be_visible()
    with suppress(PlaywrightTimeoutError):  # the view never got clear of the panel: the assertion below says so
        page.wait_for_function(LEFT_OF_PANEL, arg=[save.element_handle(), panel.element_handle()], timeout=5_000)
    for node_id in ("photo", "blur", "save"):
        assert not overlap(drawn_box(node(page, node_id)), drawn_box(panel)), f"{panel_id} opened over {node_id}"


def test_a_nodes_settings_open_beside_it_not_over_it(page: Page, api: httpx.Client, artifacts: Path) -> None:
    page.set_viewport_size({"width": 1280, "height": 800})
    workflow_id = _row_project(api)
    placed = _placed(api, workflow_id)
    page.goto(f"/editor?id={workflow_id}")
    save = node(page, "save")
    expect(save).to_be_visible()
    panel = page.get_by_test_id("settings-panel")
    # the graph fitted on opening reaches under where the panel opens
    assert drawn_box(save)["x"] + drawn_box(save)["width"] > page.viewport_size["width"] - 332  # type: ignore[index]

    save.click(button="right")
    page.get_by_role("menuitem", name="Settings").click()
    expect(panel).to_contain_text("Save Image settings")
    with suppress(PlaywrightTimeoutError):  # the view never got clear of the panel: the assertion below says so
        page.wait_for_function(LEFT_OF_PANEL, arg=[save.element_handle(), panel.element_handle()], timeout=5_000)
    assert not overlap(drawn_box(save), drawn_box(panel)), "the Save node's settings opened over the Save node"
    for node_id in ("photo", "blur"):
        assert not overlap(drawn_box(node(page, node_id)), drawn_box(panel))
    page.screenshot(path=str(artifacts / "settings-panel-beside-its-node.png"))

    _closing_leaves_the_view(page, api, workflow_id, placed, "Close Node settings", panel)
