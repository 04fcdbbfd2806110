"""A node's settings the moment the editor opens, its live document still syncing (held back here for as long as the
test needs): on the node and in its settings panel the fields show their values, take no input and say why; once the
document has synced they take input, and what is set is kept. Before, they looked editable and a slider set then
snapped back, the edit lost without a word, and the reason was only a tooltip. An Image Upload node whose picture's
record is slow to come says it loads the picture, not that one is to be chosen. A photo dropped on the canvas, or a
node clicked in, meanwhile is refused saying why (before: nothing happened, or the photo was stored and its node
refused without a word)."""

from __future__ import annotations

import io
from pathlib import Path

import httpx
from PIL import Image
from playwright.sync_api import Page, Route, expect

from tests.e2e.studio import canvas_pane, create_project, drop_files, node, upload_node, wait_stored
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
        # on screen too, once above the fields (before: only the tooltip, never seen on a phone)
        expect(form.get_by_role("status")).to_have_text(OPENING)
        expect(form.get_by_label("Radius", exact=True)).to_be_disabled()
        expect(form.get_by_label("Kind", exact=True)).to_be_disabled()
    page.screenshot(path=str(artifacts / "fields-while-opening.png"))

    link.release()
    expect(page.get_by_test_id("connection-status")).to_have_attribute("data-state", "live")
    for form in (on_node, in_panel):
        expect(form).not_to_have_attribute("title", OPENING)
        expect(form.get_by_role("status")).to_have_count(0)
        expect(form.get_by_label("Radius", exact=True)).to_be_enabled()
        expect(form.get_by_label("Kind", exact=True)).to_be_enabled()
    radius = on_node.get_by_label("Radius", exact=True)
    radius.fill("12")
    expect(radius).to_have_value("12")
    expect(in_panel.get_by_label("Radius", exact=True)).to_have_value("12")
    wait_stored(page, workflow_id, "(doc) => doc.nodes.find((n) => n.id === 'blur-1').params.radius === 12")
    page.screenshot(path=str(artifacts / "fields-once-open.png"))


def _asset_record(url: str) -> bool:
    """A request for an asset's record (its name, size, URL), not for its file (`/content`)."""
    return "/api/v1/assets/" in url and "/content" not in url


def test_a_held_picture_says_it_loads_until_its_record_comes_and_offers_no_choosing_meanwhile(
    page: Page, api: httpx.Client, artifacts: Path
) -> None:
    held: list[Route] = []  # the picture's record, answered once the field has been looked at meanwhile
    page.route(_asset_record, lambda route: held.append(route))
    buffer = io.BytesIO()
    Image.new("RGB", (320, 200), (40, 120, 200)).save(buffer, "PNG")
    photo, _ = upload_node(api, "photo", "input.image", "beach at dusk.png", buffer.getvalue(), "image/png")
    page.goto(f"/editor?id={create_project(api, 'Opened slowly', [photo], [])}")

    field = node(page, "photo").get_by_test_id("upload-drop")
    # before: "Drop an image or click to choose" for as long as the record took, and the picture was picked again
    expect(field.get_by_role("status")).to_have_text("Loading the picture…")
    expect(field).not_to_contain_text("choose")
    expect(node(page, "photo").get_by_test_id("upload-file")).to_have_text("beach at dusk.png")
    page.screenshot(path=str(artifacts / "upload-while-its-record-loads.png"))

    assert held, "the page asked for the picture's record"
    for route in held:
        route.continue_()
    picture = field.get_by_alt_text("Uploaded")
    expect(picture).to_have_js_property("complete", True)
    expect(field.get_by_role("status")).to_have_count(0)
    expect(node(page, "photo").get_by_test_id("upload-facts")).to_have_text("320 × 200")
    page.screenshot(path=str(artifacts / "upload-once-its-record-came.png"))


def test_a_photo_dropped_and_a_node_clicked_in_as_the_project_opens_are_refused_saying_why(
    page: Page, api: httpx.Client
) -> None:
    link = HeldLink()
    page.route_web_socket(COLLAB, link.route)
    uploads: list[str] = []
    page.on(
        "request",
        lambda request: (
            uploads.append(request.url) if request.method == "POST" and request.url.endswith("/api/v1/assets") else None
        ),
    )
    workflow_id = create_project(api, "Opened slowly", [], [])
    page.goto(f"/editor?id={workflow_id}")
    expect(page.get_by_test_id("connection-status")).to_have_attribute("data-state", "connecting")

    photo = io.BytesIO()
    Image.new("RGB", (64, 48), "teal").save(photo, "PNG")
    # dropped at once, not waiting for the project to open as drop_files does on the canvas
    drop_files(page, [("beach.png", "image/png", photo.getvalue())], 300, 200, on=canvas_pane(page))
    notice = page.get_by_test_id("notice")
    expect(notice).to_have_text("“beach.png” was not added: the project is still opening; drop it again in a moment.")
    page.locator("[data-testid=palette-item][data-node-type='tool.blur']").click()
    expect(notice).to_have_text("The Blur node was not added: the project is still opening; add it again in a moment.")
    expect(page.locator(".react-flow__node")).to_have_count(0)
    assert uploads == []  # nothing stored that no node would hold

    link.release()
    drop_files(page, [("beach.png", "image/png", photo.getvalue())], 300, 200)
    expect(page.locator(".react-flow__node")).to_have_count(1)
