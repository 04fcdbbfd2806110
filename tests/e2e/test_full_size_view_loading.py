"""Opening a large picture full size: while its file is on its way, the viewer shows the preview the editor already
drew of it, enlarged, under a spinner that says the full picture loads, then the picture itself; a file that does not
come is said in words with what to do. On a phone, an upload field asks to tap, not to drop or click."""

from __future__ import annotations

from pathlib import Path

import httpx
from PIL import Image
from playwright.sync_api import Browser, Page, Route, expect

from tests.e2e.conftest import ConsoleLog
from tests.e2e.studio import create_project, node, upload_picture

PICTURE = (3000, 2000)


def _full_file(url: str) -> bool:
    """A request for a picture's file itself, not for a thumbnail of it (`size=`) or a download."""
    return "/content" in url and "size=" not in url and "download=" not in url


def _open_upload(page: Page, api: httpx.Client) -> list[Route]:
    """An Image Upload node holding a large picture, opened in the editor; the requests for the full file that the
    page makes from now on are held (returned) until the test lets them go."""
    asset = upload_picture(api, Image.new("RGB", PICTURE, (40, 120, 200)))
    photo = {"id": "photo", "type": "input.image", "params": {"asset_id": asset["id"]}, "position": {"x": 0, "y": 0}}
    workflow_id = create_project(api, "Upscale", [photo], [])
    page.goto(f"/editor?id={workflow_id}")
    expect(node(page, "photo").get_by_alt_text("Uploaded")).to_be_visible()
    held: list[Route] = []

    def hold(route: Route) -> None:
        held.append(route)

    page.route(_full_file, hold)
    return held


def test_a_large_picture_shows_its_preview_and_says_it_loads_until_it_has_come(
    page: Page, api: httpx.Client, artifacts: Path
) -> None:
    held = _open_upload(page, api)
    node(page, "photo").get_by_test_id("upload-open-viewer").click()
    viewer = page.get_by_role("dialog", name="Result viewer")
    expect(viewer.get_by_role("status")).to_have_text("Loading the full-size picture…")
    preview = viewer.get_by_test_id("viewer-preview")
    expect(preview).to_have_js_property("complete", True)
    assert "size=256" in (preview.get_attribute("src") or "")  # the one the upload field drew: no wait for it
    assert preview.evaluate("img => img.naturalWidth") > 0
    expect(viewer.get_by_role("status")).to_have_css("opacity", "1")  # faded in after a moment, for the picture
    page.screenshot(path=str(artifacts / "viewer-loading.png"))

    assert len(held) == 1
    held[0].continue_()
    expect(viewer.get_by_role("status")).to_have_count(0)
    expect(preview).to_have_count(0)
    expect(viewer.get_by_test_id("viewer-image")).to_be_visible()
    expect(viewer.get_by_text(f"{PICTURE[0]} × {PICTURE[1]}")).to_be_visible()
    page.screenshot(path=str(artifacts / "viewer-loaded.png"))


def test_a_picture_that_does_not_come_says_what_to_do(page: Page, api: httpx.Client, console: ConsoleLog) -> None:
    held = _open_upload(page, api)
    node(page, "photo").get_by_test_id("upload-open-viewer").click()
    viewer = page.get_by_role("dialog", name="Result viewer")
    expect(viewer.get_by_role("status")).to_be_visible()
    held[0].abort()
    expect(viewer.get_by_role("alert")).to_have_text(
        "The full-size picture could not be loaded or shown: check your connection and open it again, or use "
        "Download to open the file in another app."
    )
    expect(viewer.get_by_role("status")).to_have_count(0)
    expect(viewer.get_by_test_id("viewer-download")).to_be_visible()
    # the browser reports the failed request it was told to fail
    console.errors[:] = [error for error in console.errors if "ERR_FAILED" not in error]


def test_an_upload_field_on_a_phone_asks_to_tap(
    browser: Browser, server: str, api: httpx.Client, artifacts: Path
) -> None:
    photo = {"id": "photo", "type": "input.image", "params": {}, "position": {"x": 0, "y": 0}}
    workflow_id = create_project(api, "Phone upload", [photo], [])
    context = browser.new_context(
        base_url=server, viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True
    )
    try:
        page = context.new_page()
        page.goto(f"/editor?id={workflow_id}")
        field = node(page, "photo").get_by_test_id("upload-drop")
        expect(field).to_have_text("Tap to choose an image")
        page.screenshot(path=str(artifacts / "phone-upload-field.png"))
    finally:
        context.close()
