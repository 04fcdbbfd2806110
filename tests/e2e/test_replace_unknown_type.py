"""What a new user met: a hand-written workflow file with a typo in a node's type ("tool.blurr") opened with that node
saying the project "may come from a newer version", and replacing it took four steps (add a Blur, wire it, enter its
settings again, delete the old one). Now the node leads with the likely typo ("did you mean Blur?") and a "Replace
with Blur" button makes it a Blur in place, keeping its wires and the settings Blur has, as one edit that every tab
open on the project sees and one undo takes back."""

from __future__ import annotations

import json
import re
from pathlib import Path

import httpx
from PIL import Image
from playwright.sync_api import Page, expect

from tests.e2e.studio import edges, fit_view, node, upload_picture, wait_stored

EDITOR_URL = re.compile(r"/editor\?id=([0-9a-f-]+)")


def _misspelt_file(tmp_path: Path, asset_id: str) -> Path:
    """A workflow file written by hand: a picture → “tool.blurr” (for tool.blur) with a radius and a setting Blur
    lacks → Save Image."""
    document = {
        "schema_version": 1,
        "nodes": [
            {"id": "photo", "type": "input.image", "params": {"asset_id": asset_id}, "position": {"x": 0, "y": 0}},
            {
                "id": "blurr",
                "type": "tool.blurr",
                "title": "Soften",
                "params": {"radius": 5, "sigma": 2},
                "position": {"x": 340, "y": 0},
            },
            {"id": "save", "type": "output.save", "params": {}, "position": {"x": 680, "y": 0}},
        ],
        "edges": [
            {"id": "e1", "source": "photo", "sourceHandle": "image", "target": "blurr", "targetHandle": "image"},
            {"id": "e2", "source": "blurr", "sourceHandle": "image", "target": "save", "targetHandle": "image"},
        ],
    }
    path = tmp_path / "Soft poster.json"
    path.write_text(json.dumps(document))
    return path


def test_a_misspelt_node_type_is_replaced_in_place_with_the_one_meant_and_one_undo_brings_it_back(
    page: Page, api: httpx.Client, tmp_path: Path, artifacts: Path
) -> None:
    picture = upload_picture(api, Image.new("RGB", (64, 48), (200, 40, 40)))
    page.goto("/dashboard")
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Open workflow file").click()
    chooser.value.set_files(str(_misspelt_file(tmp_path, picture["id"])))
    page.wait_for_url(EDITOR_URL)
    match = EDITOR_URL.search(page.url)
    assert match is not None
    workflow_id = match.group(1)

    unknown = node(page, "blurr")
    note = unknown.get_by_test_id("node-unknown-type")
    expect(note).to_contain_text("This studio has no “tool.blurr” node: did you mean Blur?")
    expect(note).not_to_contain_text("newer version")
    expect(unknown.get_by_test_id("node-unknown-replace")).to_have_count(0)  # the button does what those words said
    expect(edges(page)).to_have_count(2)
    fit_view(page)
    page.screenshot(path=str(artifacts / "replace-unknown-type-before.png"))

    # a second tab on the project sees the replacement as any other edit
    other = page.context.new_page()
    other.goto(f"/editor?id={workflow_id}")
    expect(node(other, "blurr").get_by_test_id("node-unknown-type")).to_be_visible()

    before = unknown.bounding_box()
    unknown.get_by_role("button", name="Replace with Blur").click()

    replaced = node(page, "blurr")
    expect(replaced.get_by_test_id("studio-node")).to_have_attribute("data-node-type", "tool.blur")
    expect(replaced.get_by_test_id("node-unknown-type")).to_have_count(0)
    expect(replaced.get_by_test_id("node-title")).to_contain_text("Soften")  # its name stays
    expect(replaced.get_by_label("Radius", exact=True).first).to_have_value("5")
    expect(edges(page)).to_have_count(2)
    after = replaced.bounding_box()
    assert before is not None and after is not None
    assert (after["x"], after["y"]) == (before["x"], before["y"])  # in place (taller: it has Blur's settings now)
    page.screenshot(path=str(artifacts / "replace-unknown-type-after.png"))
    expect(node(other, "blurr").get_by_test_id("studio-node")).to_have_attribute("data-node-type", "tool.blur")
    wait_stored(
        page,
        workflow_id,
        "(doc) => doc.nodes.some((n) => n.id === 'blurr' && n.type === 'tool.blur' && n.params.radius === 5"
        " && !('sigma' in n.params)) && doc.edges.length === 2",
    )

    # it runs as any Blur
    page.get_by_test_id("run").click()
    for node_id in ("blurr", "save"):
        expect(node(page, node_id).get_by_test_id("node-status")).to_have_attribute("data-status", "completed")
    expect(node(page, "save").get_by_test_id("preview-image")).to_be_visible()
    page.screenshot(path=str(artifacts / "replace-unknown-type-ran.png"))

    # one undo: the node of the misspelt type is back, with its settings and wires, here and in the other tab
    canvas = page.locator(".react-flow__pane")
    canvas.click(position={"x": 40, "y": 600})
    page.keyboard.press("Control+z")
    back = node(page, "blurr")
    expect(back.get_by_test_id("studio-node")).to_have_attribute("data-node-type", "tool.blurr")
    expect(back.get_by_test_id("node-unknown-type")).to_contain_text("did you mean Blur?")
    expect(edges(page)).to_have_count(2)
    expect(node(other, "blurr").get_by_test_id("studio-node")).to_have_attribute("data-node-type", "tool.blurr")
    wait_stored(
        page,
        workflow_id,
        "(doc) => doc.nodes.some((n) => n.id === 'blurr' && n.type === 'tool.blurr' && n.params.sigma === 2)",
    )
    page.screenshot(path=str(artifacts / "replace-unknown-type-undone.png"))
    other.close()
