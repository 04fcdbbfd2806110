"""The editor in a real browser against a real server: build, connect, upload, run, cache, menus,
undo/redo, the AI dock, autosave across a reload, and deleting the project."""

from __future__ import annotations

import base64
import hashlib
import io
import re
import wave
from itertools import pairwise
from pathlib import Path

import httpx
from playwright.sync_api import Page, expect

from tests.e2e.conftest import ConsoleLog
from tests.e2e.studio import (
    canvas_pane,
    choose_file,
    connect,
    drag_from_palette,
    drop_files,
    edges,
    fit_view,
    new_project,
    node,
    png_file,
    video_clip,
    wait_saved,
)


def test_build_upload_run_and_rerun_from_cache(page: Page, api: httpx.Client, tmp_path: Path, artifacts: Path) -> None:
    workflow_id = new_project(page)
    drag_from_palette(page, "input.image", 120, 150)
    drag_from_palette(page, "tool.blur", 480, 150)
    drag_from_palette(page, "output.save", 840, 150)
    for node_id in ("image-1", "blur-1", "save-1"):
        expect(node(page, node_id)).to_be_visible()

    connect(page, "image-1", "image", "blur-1", "image")
    connect(page, "blur-1", "image", "save-1", "image")
    expect(edges(page)).to_have_count(2)

    choose_file(node(page, "image-1").get_by_test_id("upload-input"), png_file(tmp_path))
    expect(node(page, "image-1").get_by_role("img", name="Uploaded")).to_be_visible()

    page.get_by_test_id("run").click()
    save = node(page, "save-1")
    expect(save.get_by_test_id("node-status")).to_have_attribute("data-status", "completed")
    expect(save.get_by_test_id("preview-image")).to_be_visible()
    expect(node(page, "blur-1").get_by_test_id("preview-image")).to_be_visible()
    # the picture itself arrives after its element shows: wait until it has loaded (the same check, polled)
    loaded = "img => img.complete && img.naturalWidth > 0"
    page.wait_for_function(loaded, arg=save.get_by_test_id("preview-image").element_handle(), timeout=15_000)
    fit_view(page)
    page.screenshot(path=str(artifacts / "editor.png"))

    page.get_by_test_id("run").click()
    for node_id in ("image-1", "blur-1", "save-1"):
        expect(node(page, node_id).get_by_test_id("node-status")).to_have_attribute("data-status", "cached")

    page.get_by_test_id("toggle-gallery").click()
    expect(page.get_by_test_id("gallery-item").first).to_be_visible()
    download = page.get_by_test_id("gallery").get_by_role("link", name="Download").first
    expect(download).to_have_attribute("href", re.compile(r"^/api/v1/assets/[0-9a-f]{64}/content"))

    wait_saved(page)
    saved = api.get(f"/api/v1/workflows/{workflow_id}").json()["document"]
    assert sorted(n["type"] for n in saved["nodes"]) == ["input.image", "output.save", "tool.blur"]
    assert len(saved["edges"]) == 2
    assert "thumbnail" not in saved  # the run writes no picture into it: the server pictures the project's card

    # edited since the run: the results it and the nodes below it show are no longer what the graph makes, and say
    # so, after a reload too; the upload above them is still what it was
    node(page, "blur-1").get_by_label("Radius").fill("9")
    wait_saved(page)
    for reload in (False, True):
        if reload:
            page.reload()
        for node_id, shown in (("image-1", "Cached"), ("blur-1", "Changed"), ("save-1", "Changed")):
            expect(node(page, node_id).get_by_test_id("node-status")).to_have_text(shown)

    # run only the edited node: its result is new, the one below it was made from the old and still says so
    node(page, "blur-1").click(button="right")
    page.get_by_role("menuitem", name="Run this node").click()
    for reload in (False, True):
        if reload:
            page.reload()
        expect(node(page, "blur-1").get_by_test_id("node-status")).to_have_text("Done")
        expect(node(page, "save-1").get_by_test_id("node-status")).to_have_text("Changed")


def test_an_image_file_dropped_on_the_canvas_becomes_an_uploaded_image_node(
    page: Page, api: httpx.Client, tmp_path: Path
) -> None:
    new_project(page)
    data = png_file(tmp_path, color=(40, 90, 220)).read_bytes()
    box = canvas_pane(page).bounding_box()
    assert box is not None
    transfer = page.evaluate_handle(
        """(b64) => {
          const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
          const transfer = new DataTransfer();
          transfer.items.add(new File([bytes], "dropped.png", { type: "image/png" }));
          return transfer;
        }""",
        base64.b64encode(data).decode("ascii"),
    )
    at = {"dataTransfer": transfer, "clientX": box["x"] + 300, "clientY": box["y"] + 200}
    canvas_pane(page).dispatch_event("dragover", at)
    canvas_pane(page).dispatch_event("drop", at)

    dropped = node(page, "image-1")
    expect(dropped.get_by_role("img", name="Uploaded")).to_be_visible()
    asset_id = hashlib.sha256(data).hexdigest()
    metadata = api.get(f"/api/v1/assets/{asset_id}")
    assert metadata.status_code == 200 and metadata.json()["filename"] == "dropped.png"


def _sound() -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(bytes(1600))
    return buffer.getvalue()


def test_files_dropped_together_become_an_upload_node_each_side_by_side(page: Page, tmp_path: Path) -> None:
    new_project(page)
    picture = png_file(tmp_path).read_bytes()
    files = [
        ("photo.png", "image/png", picture),
        ("clip.mp4", "video/mp4", video_clip(tmp_path)),
        ("voice.wav", "audio/wav", _sound()),
    ]
    drop_files(page, files, 150, 120)
    expect(node(page, "image-1").get_by_role("img", name="Uploaded")).to_be_visible()
    # an mp4v clip, which Chromium can't play: its node says so and links to the file
    expect(node(page, "video-1").get_by_role("link", name="Download video")).to_have_attribute(
        "href", re.compile(r"/api/v1/assets/")
    )
    expect(node(page, "audio-1").get_by_test_id("upload-audio")).to_be_visible()
    expect(page.get_by_test_id("pending-upload")).to_have_count(0)
    boxes = [node(page, key).bounding_box() for key in ("image-1", "video-1", "audio-1")]
    assert all(box is not None for box in boxes)
    for left, right in pairwise(boxes):  # in a row, in the order dropped, none on another
        assert left is not None and right is not None
        assert right["x"] >= left["x"] + left["width"] and right["y"] == left["y"]


def test_a_refused_drop_says_why_file_by_file_and_leaves_nothing_to_undo(page: Page, console: ConsoleLog) -> None:
    new_project(page)
    drop_files(page, [("notes.jpg", "image/jpeg", b"just some notes\n"), ("readme.txt", "text/plain", b"hi")], 300, 200)
    notice = page.get_by_test_id("notice")
    expect(notice).to_contain_text("2 files were not added")
    expect(notice).to_contain_text("“readme.txt”: drop an image, a video or a sound")
    expect(notice).to_contain_text("“notes.jpg”: this file is not an image the studio can read; choose an image")
    expect(page.locator(".react-flow__node")).to_have_count(0)
    expect(page.get_by_role("button", name="Undo")).to_be_disabled()  # no step brings back an empty node
    canvas_pane(page).click(position={"x": 50, "y": 50})
    page.keyboard.press("Control+z")
    expect(page.locator(".react-flow__node")).to_have_count(0)
    console.errors.remove("Failed to load resource: the server responded with a status of 415 (Unsupported Media Type)")


def test_running_before_uploading_says_in_words_to_upload_an_image_first(page: Page, console: ConsoleLog) -> None:
    new_project(page)
    drag_from_palette(page, "input.image", 150, 150)
    drag_from_palette(page, "output.save", 550, 150)
    connect(page, "image-1", "image", "save-1", "image")
    drag_from_palette(page, "tool.blur", 150, 450)
    page.get_by_test_id("run").click()
    # nothing can run: the notice names each problem with its node (in the server's order), not only the first
    notice = page.get_by_test_id("notice")
    expect(notice).to_have_text(re.compile(r"^Can't run yet: .+; .+$"))
    expect(notice).to_contain_text("Upload an image into Image Upload first")
    expect(notice).to_contain_text("Connect an image to Blur's Image input")
    expect(node(page, "image-1").get_by_test_id("node-error")).to_have_text("Upload an image into Image Upload first")
    # refused before it ran, no node failed: each with a problem can't run yet, until that problem is fixed
    for node_id in ("image-1", "blur-1"):
        expect(node(page, node_id).get_by_test_id("node-status")).to_have_text("Can't run")
    expect(page.locator("[data-testid=node-status][data-status=failed]")).to_have_count(0)
    connect(page, "image-1", "image", "blur-1", "image")
    expect(node(page, "blur-1").get_by_test_id("node-status")).to_have_count(0)
    expect(node(page, "image-1").get_by_test_id("node-status")).to_have_text("Can't run")
    refused = "Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)"
    console.errors.remove(refused)  # the browser logs the refused run itself; nothing else may be logged


def test_a_url_node_says_what_is_wrong_with_its_address_when_the_field_is_left(page: Page) -> None:
    new_project(page)
    drag_from_palette(page, "input.image_url", 200, 150)
    address = node(page, "image_url-1").get_by_label("URL")
    expect(address).to_have_attribute("placeholder", "e.g. https://example.com/photo.jpg")
    address.fill("www.example.com/cat.png")
    expect(node(page, "image_url-1").get_by_test_id("field-problem")).to_have_count(0)  # still typing
    address.press("Tab")
    expect(node(page, "image_url-1").get_by_test_id("field-problem")).to_have_text(
        "URL must be a web address starting with http:// or https://, such as https://example.com/photo.jpg"
    )
    address.fill("https://www.example.com/cat.png")
    expect(node(page, "image_url-1").get_by_test_id("field-problem")).to_have_count(0)


def test_a_save_node_shows_quality_only_for_jpeg_and_webp(page: Page) -> None:
    new_project(page)
    drag_from_palette(page, "output.save", 200, 150)
    save = node(page, "save-1")
    expect(save.get_by_label("Format").locator("option:checked")).to_have_text("PNG")
    expect(save.get_by_label("Quality")).to_have_count(0)
    save.get_by_label("Format").select_option(label="JPG")
    expect(save.get_by_label("Quality")).to_be_visible()
    save.get_by_label("Format").select_option(label="PNG")
    expect(save.get_by_label("Quality")).to_have_count(0)


def test_wrong_type_connection_is_refused_with_a_hint(page: Page) -> None:
    new_project(page)
    drag_from_palette(page, "input.prompt", 150, 150)
    drag_from_palette(page, "tool.blur", 550, 150)
    connect(page, "prompt-1", "text", "blur-1", "image")
    expect(page.get_by_test_id("notice")).to_contain_text("can't feed Blur's image input")
    expect(edges(page)).to_have_count(0)


def test_context_menu_duplicate_delete_and_undo_redo(page: Page) -> None:
    new_project(page)
    drag_from_palette(page, "tool.invert", 300, 200)
    nodes = page.locator(".react-flow__node")
    expect(nodes).to_have_count(1)

    node(page, "invert-1").locator(".text-\\[13px\\]").click(button="right")
    page.get_by_role("menuitem", name="Duplicate").click()
    expect(nodes).to_have_count(2)

    node(page, "invert-2").click(button="right", position={"x": 20, "y": 60})
    page.get_by_role("menuitem", name="Delete").click()
    expect(nodes).to_have_count(1)

    canvas_pane(page).click(position={"x": 50, "y": 50})
    page.keyboard.press("Control+z")
    expect(nodes).to_have_count(2)
    page.keyboard.press("Control+Shift+z")
    expect(nodes).to_have_count(1)

    node(page, "invert-1").click(button="right")
    page.get_by_role("menuitem", name="Settings").click()
    expect(page.get_by_test_id("settings-panel")).to_contain_text("Invert settings")


def test_quick_add_and_shortcut_help(page: Page) -> None:
    new_project(page)
    canvas_pane(page).dblclick(position={"x": 400, "y": 300})
    page.get_by_label("Node name").fill("upscale")
    page.keyboard.press("Enter")
    expect(node(page, "upscale-1")).to_be_visible()
    canvas_pane(page).click(position={"x": 50, "y": 50})
    page.keyboard.press("?")
    expect(page.get_by_test_id("shortcuts-help")).to_contain_text("Undo")


def test_ai_dock_builds_a_chain_as_one_step_and_it_survives_a_reload(page: Page, api: httpx.Client) -> None:
    workflow_id = new_project(page)
    page.get_by_label("Instruction for the AI").fill("upload an image, blur it, invert and save")
    dock = page.get_by_test_id("ai-dock")
    dock.get_by_role("button", name="Build", exact=True).click()
    expect(page.get_by_test_id("ghost-node")).to_have_count(4)  # previewed, not yet in the graph
    expect(page.get_by_test_id("studio-node")).to_have_count(0)
    dock.get_by_role("button", name="Apply", exact=True).click()
    expect(page.get_by_test_id("ghost-node")).to_have_count(0)
    for node_id in ("image-1", "blur-1", "invert-1", "save-1"):
        expect(node(page, node_id)).to_be_visible()
    expect(edges(page)).to_have_count(3)

    page.get_by_role("button", name="Undo").click()
    expect(page.locator(".react-flow__node")).to_have_count(0)
    page.get_by_role("button", name="Redo").click()
    expect(page.locator(".react-flow__node")).to_have_count(4)

    wait_saved(page)
    page.reload()
    expect(page.locator(".react-flow__node")).to_have_count(4)
    expect(edges(page)).to_have_count(3)

    page.goto("/dashboard")
    card = page.locator(f"[data-testid=workflow-card][data-workflow-id='{workflow_id}']")
    card.get_by_role("button", name="Delete").click()
    expect(card).to_have_count(0)
    assert api.get(f"/api/v1/workflows/{workflow_id}").status_code == 404
