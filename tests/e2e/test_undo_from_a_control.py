"""Ctrl+Z right after changing a setting with a slider or a select, its control still focused, takes the change back
as it would from anywhere on the canvas (it did nothing: the editor left every key pressed in a field to the field,
and a slider or a select has no undo of its own); Ctrl+Shift+Z puts it back. A text field keeps its own Ctrl+Z."""

from __future__ import annotations

import httpx
from playwright.sync_api import Page, expect

from tests.e2e.studio import create_project, node


def test_ctrl_z_from_a_focused_slider_or_select_undoes_the_change_it_made(page: Page, api: httpx.Client) -> None:
    workflow_id = create_project(
        api,
        "Soft poster",
        [{"id": "blur", "type": "tool.blur", "params": {"radius": 2}, "position": {"x": 0, "y": 0}}],
        [],
    )
    page.goto(f"/editor?id={workflow_id}")
    blur = node(page, "blur")
    radius = blur.get_by_label("Radius", exact=True).first
    kind = blur.get_by_label("Kind", exact=True)
    expect(radius).to_have_value("2")
    expect(page.get_by_test_id("connection-status")).to_have_attribute("data-state", "live")

    radius.focus()
    page.keyboard.press("ArrowRight")  # a slider's own key: one step up
    expect(radius).to_have_value("2.5")
    page.keyboard.press("Control+z")
    expect(radius).to_have_value("2")
    expect(radius).to_be_focused()  # the undo did not take the focus away
    page.keyboard.press("Control+Shift+z")
    expect(radius).to_have_value("2.5")

    kind.focus()  # as a click opening it does
    kind.select_option(label="Box")
    expect(kind.locator("option:checked")).to_have_text("Box")
    expect(kind).to_be_focused()
    page.keyboard.press("Control+z")
    expect(kind.locator("option:checked")).to_have_text("Gaussian")
    expect(radius).to_have_value("2.5")  # one step: the slider's change stays
