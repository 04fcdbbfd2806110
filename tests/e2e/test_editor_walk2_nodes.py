"""What a new user met on the canvas: a node of a misspelt type ("tool.blurr") wired into an Invert showed no ports,
so its wires were hidden and the Invert looked unconnected; and a photo put in an Image Upload node could not be
opened full size. Now the unknown node draws the ports its wires use and says how to replace it, and a held photo
opens full size from its ⤢, a HEIC one drawn from the server's converted copy."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
from PIL import Image
from playwright.sync_api import Page, expect

from tests.e2e.studio import create_project, edges, handle, node, upload_node, upload_picture
from tests.media_samples import sample

DESKTOP = {"width": 1280, "height": 800}


def test_a_node_of_a_misspelt_type_shows_its_wires_and_says_how_to_replace_it(
    page: Page, api: httpx.Client, artifacts: Path
) -> None:
    photo = upload_picture(api, Image.new("RGB", (64, 48), (200, 40, 40)))
    nodes = [
        {"id": "photo", "type": "input.image", "params": {"asset_id": photo["id"]}, "position": {"x": 0, "y": 0}},
        {"id": "blurr", "type": "tool.blurr", "params": {"radius": 4}, "position": {"x": 340, "y": 0}},
        {"id": "invert", "type": "tool.invert", "params": {}, "position": {"x": 680, "y": 0}},
    ]
    page.set_viewport_size(DESKTOP)
    page.goto(f"/editor?id={create_project(api, 'Misspelt', nodes, [('photo', 'blurr'), ('blurr', 'invert')])}")
    unknown = node(page, "blurr")
    expect(unknown.get_by_test_id("node-unknown-type")).to_contain_text(
        "This studio has no “tool.blurr” node: did you mean Blur?"
    )
    expect(unknown.get_by_role("button", name="Replace with Blur")).to_be_visible()
    # its wires are drawn, ending on handles named as the wires name its ports
    for kind in ("target", "source"):
        expect(handle(page, "blurr", "image", kind)).to_be_visible()
        expect(handle(page, "blurr", "image", kind)).to_have_attribute("data-port-type", "image")
    expect(edges(page)).to_have_count(2)
    for edge in edges(page).all():
        expect(edge.locator("path.react-flow__edge-path")).to_have_attribute("d", re.compile(r"^M"))
    into_invert = page.locator(".react-flow__edge[data-id='e1'] path.react-flow__edge-path")
    box = into_invert.bounding_box()
    target = handle(page, "invert", "image", "target").bounding_box()
    assert box is not None and target is not None
    assert abs(box["x"] + box["width"] - (target["x"] + target["width"] / 2)) < 8  # it ends on Invert's input
    page.screenshot(path=str(artifacts / "walk2-unknown-node-wires.png"))

    # no new wire starts from a port whose type nothing says
    assert "connectable" not in (handle(page, "blurr", "image", "source").get_attribute("class") or "").split()
    assert "connectable" in (handle(page, "invert", "image", "target").get_attribute("class") or "").split()


def test_a_heic_photo_in_an_upload_field_opens_full_size_converted_before_any_run(
    page: Page, api: httpx.Client, artifacts: Path
) -> None:
    photo = sample("heic")  # 300×200; Chromium cannot decode HEIC itself
    upload, asset_id = upload_node(api, "photo", "input.image", "IMG_4722.HEIC", photo, "image/heic")
    page.set_viewport_size(DESKTOP)
    page.goto(f"/editor?id={create_project(api, 'Holiday', [upload], [])}")
    field = node(page, "photo")
    expect(field.get_by_role("img", name="Uploaded")).to_have_js_property("complete", True)
    choosers: list[object] = []
    page.on("filechooser", lambda chooser: choosers.append(chooser))

    field.get_by_role("button", name="Open IMG_4722.HEIC full size").click()
    viewer = page.get_by_role("dialog", name="Result viewer")
    expect(viewer.get_by_test_id("viewer-title")).to_have_text("Image Upload · Image")
    image = viewer.get_by_test_id("viewer-image")
    expect(image).to_have_attribute("src", re.compile(rf"/assets/{asset_id}/content.*display=true"))
    expect(image).to_have_js_property("complete", True)
    assert image.evaluate("img => [img.naturalWidth, img.naturalHeight]") == [300, 200]  # drawn, not broken
    expect(viewer.get_by_test_id("viewer-unreadable")).to_have_count(0)
    expect(viewer.get_by_test_id("viewer-converted")).to_have_text(
        "Shown converted from HEIC; Download gives the original file"
    )
    page.screenshot(path=str(artifacts / "walk2-upload-heic-viewer.png"))
    with page.expect_download() as saved:
        viewer.get_by_test_id("viewer-download").click()
    assert saved.value.suggested_filename == "IMG_4722.HEIC"
    page.keyboard.press("Escape")
    expect(viewer).to_have_count(0)
    assert choosers == []  # the ⤢ opened the viewer, not the file picker
