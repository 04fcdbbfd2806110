""" "Changed" follows the server's cache keys: a bypassed node does not run, so what it is set to makes no part of what
the nodes it is wired around to make. A setting of a bypassed node changed leaves the result below it Done (a run would
take it from the cache, as the run here shows); its bypass turned off is a change, and says so."""

from __future__ import annotations

from pathlib import Path

import httpx
from PIL import Image
from playwright.sync_api import Page, expect

from tests.e2e.studio import create_project, node, upload_picture


def test_a_setting_of_a_bypassed_node_changes_nothing_below_it(page: Page, api: httpx.Client, artifacts: Path) -> None:
    picture = upload_picture(api, Image.new("RGB", (64, 48), (40, 160, 90)))
    workflow_id = create_project(
        api,
        "Muted blur",
        [
            {"id": "photo", "type": "input.image", "params": {"asset_id": picture["id"]}, "position": {"x": 0, "y": 0}},
            {
                "id": "blur",
                "type": "tool.blur",
                "params": {"radius": 2},
                "bypass": True,
                "position": {"x": 340, "y": 0},
            },
            {"id": "invert", "type": "tool.invert", "params": {}, "position": {"x": 680, "y": 0}},
        ],
        [("photo", "blur"), ("blur", "invert")],
    )
    page.goto(f"/editor?id={workflow_id}")
    invert = node(page, "invert").get_by_test_id("node-status")
    page.get_by_test_id("run").click()
    expect(invert).to_have_attribute("data-status", "completed")

    node(page, "blur").get_by_label("Radius", exact=True).first.fill("9")
    expect(node(page, "blur").get_by_label("Radius", exact=True).first).to_have_value("9")
    expect(invert).to_have_text("Done")
    expect(invert).not_to_have_attribute("data-changed", "true")
    page.screenshot(path=str(artifacts / "changed-badge-bypassed-setting.png"))
    page.get_by_test_id("run").click()  # the server agrees: the Invert's result is the one it had
    expect(invert).to_have_text("Cached")

    node(page, "blur").click(position={"x": 60, "y": 14})  # its title bar: selected, out of any field
    page.keyboard.press("Control+b")  # the bypass off: the Blur runs now, and the Invert's result is not what it makes
    expect(node(page, "blur").get_by_test_id("node-bypassed")).to_have_count(0)
    expect(invert).to_have_attribute("data-changed", "true")
