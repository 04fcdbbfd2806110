"""A result says "Changed" while the graph no longer makes it, and only then: an edit undone (Ctrl+Z) back to exactly
the graph that ran takes the badge away, a change of a setting as a replace of a misspelt node's type ("tool.blurr"
made a Blur); undoing a replace that ran brings "Changed" back, saying what brings the result back (a run cannot: the
studio does not know the misspelt type), and redo takes it away again."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
from PIL import Image
from playwright.sync_api import Locator, Page, expect

from tests.e2e.studio import canvas_pane, create_project, fit_view, node, upload_picture


def _badge(page: Page, node_id: str) -> Locator:
    return node(page, node_id).get_by_test_id("node-status")


def _expect_done(page: Page, *node_ids: str) -> None:
    for node_id in node_ids:
        expect(_badge(page, node_id)).to_have_attribute("data-status", "completed")
        expect(_badge(page, node_id)).not_to_have_attribute("data-changed", "true")


def _expect_changed(page: Page, *node_ids: str) -> None:
    for node_id in node_ids:
        expect(_badge(page, node_id)).to_have_attribute("data-changed", "true")
        expect(_badge(page, node_id)).to_have_text("Changed")


def _undo(page: Page, keys: str = "Control+z") -> None:
    canvas_pane(page).click(position={"x": 40, "y": 600})  # out of any field: the keys are the editor's
    page.keyboard.press(keys)


def test_an_edit_undone_back_to_what_ran_takes_changed_away(page: Page, api: httpx.Client, artifacts: Path) -> None:
    picture = upload_picture(api, Image.new("RGB", (64, 48), (200, 40, 40)))
    workflow_id = create_project(
        api,
        "Soft poster",
        [
            {"id": "photo", "type": "input.image", "params": {"asset_id": picture["id"]}, "position": {"x": 0, "y": 0}},
            {"id": "blurr", "type": "tool.blurr", "params": {"radius": 2, "sigma": 1}, "position": {"x": 340, "y": 0}},
            {"id": "save", "type": "output.save", "params": {}, "position": {"x": 680, "y": 0}},
        ],
        [("photo", "blurr"), ("blurr", "save")],
    )
    page.goto(f"/editor?id={workflow_id}")
    node(page, "blurr").get_by_role("button", name="Replace with Blur").click()
    blur = node(page, "blurr")
    expect(blur.get_by_test_id("studio-node")).to_have_attribute("data-node-type", "tool.blur")
    radius = blur.get_by_label("Radius", exact=True).first
    expect(radius).to_have_value("2")

    page.get_by_test_id("run").click()
    _expect_done(page, "blurr", "save")

    # a setting: 2 → 5 says Changed on the Blur and the node below it; Ctrl+Z back to 2, and they say Done again
    radius.fill("5")
    _expect_changed(page, "blurr", "save")
    _undo(page)
    expect(radius).to_have_value("2")
    _expect_done(page, "blurr", "save")
    fit_view(page)
    page.screenshot(path=str(artifacts / "changed-badge-setting-undone.png"))

    # the replace that ran, undone: the misspelt node is not what ran (Changed); redo, and it is again (Done). A run
    # cannot remake them (the studio has no tool.blurr): their hints say what can, not "run again"
    _undo(page)
    expect(node(page, "blurr").get_by_test_id("studio-node")).to_have_attribute("data-node-type", "tool.blurr")
    _expect_changed(page, "blurr", "save")
    expect(_badge(page, "blurr")).to_have_attribute("title", re.compile(r"replace its type with a known one"))
    expect(_badge(page, "save")).to_have_attribute("title", re.compile(r"replace that node's type with a known one"))
    for node_id in ("blurr", "save"):
        expect(_badge(page, node_id)).not_to_have_attribute("title", re.compile(r"run again to update"))
    page.screenshot(path=str(artifacts / "changed-badge-replace-undone.png"))
    _undo(page, "Control+Shift+z")
    expect(node(page, "blurr").get_by_test_id("studio-node")).to_have_attribute("data-node-type", "tool.blur")
    _expect_done(page, "blurr", "save")
    page.screenshot(path=str(artifacts / "changed-badge-replace-redone.png"))
