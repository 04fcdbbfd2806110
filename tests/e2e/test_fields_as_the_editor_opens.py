"""A node's settings the moment the editor opens, its live document still syncing (held back here for as long as the
test needs): on the node and in its settings panel the fields show their values, take no input and say why; once the
document has synced they take input, and what is set is kept. Before, they looked editable and a slider set then
snapped back, the edit lost without a word."""

from __future__ import annotations

from pathlib import Path

import httpx
from playwright.sync_api import Page, expect

from tests.e2e.studio import create_project, node, wait_stored
from tests.e2e.test_toolbar import COLLAB, HeldLink

OPENING = "Opening the project… its settings can be changed in a moment"


def test_fields_wait_disabled_while_the_project_opens_and_keep_what_is_set_once_open(
    page: Page, api: httpx.Client, artifacts: Path
) -> None:
    link = HeldLink()
    page.route_web_socket(COLLAB, link.route)
    blur = {"id": "blur-1", "type": "tool.blur", "params": {"radius": 4}, "position": {"x": 0, "y": 0}}
    workflow_id = create_project(api, "Opened slowly", [blur], [])
    page.goto(f"/editor?id={workflow_id}")
    expect(page.get_by_test_id("connection-status")).to_have_attribute("data-state", "connecting")

    on_node = node(page, "blur-1").get_by_test_id("param-form")
    node(page, "blur-1").click(button="right")
    page.get_by_role("menuitem", name="Settings").click()
    in_panel = page.get_by_test_id("settings-panel").get_by_test_id("param-form")
    for form in (on_node, in_panel):
        expect(form).to_have_accessible_name(OPENING)  # read out on entering the fields, and their tooltip
        expect(form).to_have_attribute("title", OPENING)
        expect(form.get_by_label("Radius", exact=True)).to_be_disabled()
        expect(form.get_by_label("Kind", exact=True)).to_be_disabled()
    page.screenshot(path=str(artifacts / "fields-while-opening.png"))

    link.release()
    expect(page.get_by_test_id("connection-status")).to_have_attribute("data-state", "live")
    for form in (on_node, in_panel):
        expect(form).not_to_have_attribute("title", OPENING)
        expect(form.get_by_label("Radius", exact=True)).to_be_enabled()
        expect(form.get_by_label("Kind", exact=True)).to_be_enabled()
    radius = on_node.get_by_label("Radius", exact=True)
    radius.fill("12")
    expect(radius).to_have_value("12")
    expect(in_panel.get_by_label("Radius", exact=True)).to_have_value("12")
    wait_stored(page, workflow_id, "(doc) => doc.nodes.find((n) => n.id === 'blur-1').params.radius === 12")
    page.screenshot(path=str(artifacts / "fields-once-open.png"))
