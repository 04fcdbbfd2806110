"""Opening a large picture full size: while its file is on its way, the viewer shows the preview the editor already
drew of it, enlarged, under a spinner that says the full picture loads, then the picture itself; a file that does not
come is said in words with what to do. Comparing two pictures, each side does the same on its side of the divider. On
a phone, an upload field asks to tap, not to drop or click."""

from __future__ import annotations

import io
import re
from pathlib import Path

import httpx
from PIL import Image
from playwright.sync_api import Browser, Locator, Page, Route, expect

from tests.e2e.conftest import ConsoleLog
from tests.e2e.studio import create_project, node, upload_picture

PICTURE = (3000, 2000)
FINISHED = re.compile(r"^(completed|cached)$")
COLOURS = {"photo": (40, 120, 200), "sky": (60, 180, 90), "sunset": (230, 140, 40)}


#: What a viewer says of a full-size picture that did not come.
UNREADABLE = (
    "The full-size picture could not be loaded or shown: check your connection and open it again, or use Download "
    "to open the file in another app."
)


def _full_file(url: str) -> bool:
    """A request for a picture's file itself, not for a thumbnail of it (`size=`) or a download."""
    return "/content" in url and "size=" not in url and "download=" not in url


def _colour_at(page: Page, x: float, y: float) -> tuple[int, int, int]:
    pixel = Image.open(io.BytesIO(page.screenshot(clip={"x": x, "y": y, "width": 1, "height": 1}))).convert("RGB")
    red, green, blue = pixel.getpixel((0, 0))  # type: ignore[misc]
    return int(red), int(green), int(blue)


def _near(colour: tuple[int, int, int], expected: tuple[int, int, int]) -> bool:
    """Within what a thumbnail's lossy encoding changes of a flat colour."""
    return all(abs(a - b) <= 12 for a, b in zip(colour, expected, strict=True))


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
    expect(viewer.get_by_role("alert")).to_have_text(UNREADABLE)
    expect(viewer.get_by_role("status")).to_have_count(0)
    expect(viewer.get_by_test_id("viewer-download")).to_be_visible()
    # the browser reports the failed request it was told to fail
    console.errors[:] = [error for error in console.errors if "ERR_FAILED" not in error]


def test_the_results_panel_and_the_viewer_show_the_preview_the_canvas_drew(
    page: Page, api: httpx.Client, artifacts: Path
) -> None:
    held = _open_upload(page, api)
    page.get_by_test_id("run").click()
    expect(node(page, "photo").get_by_test_id("node-status")).to_have_attribute("data-status", FINISHED)
    drawn = str(node(page, "photo").get_by_alt_text("Uploaded").evaluate("img => img.src"))
    thumbnails: list[str] = []
    page.on("request", lambda request: thumbnails.append(request.url) if "size=" in request.url else None)

    page.get_by_test_id("toggle-gallery").click()
    picture = page.get_by_test_id("gallery").get_by_test_id("preview-image")
    expect(picture).to_have_js_property("complete", True)
    expect(picture).to_have_js_property("src", drawn)
    assert set(thumbnails) <= {drawn}  # the file the upload field drew, drawn again: none of another size asked for
    page.get_by_role("button", name="Open Image Upload image full size").click()
    viewer = page.get_by_role("dialog", name="Result viewer")
    expect(viewer.get_by_role("status")).to_have_text("Loading the full-size picture…")
    expect(viewer.get_by_test_id("viewer-preview")).to_have_js_property("src", drawn)
    expect(viewer.get_by_role("status")).to_have_css("opacity", "1")
    page.screenshot(path=str(artifacts / "viewer-loading-from-results.png"))
    assert set(thumbnails) <= {drawn}
    for request in held:
        request.continue_()
    expect(viewer.get_by_test_id("viewer-image")).to_be_visible()


def _compare_with_a_held_picture(page: Page, api: httpx.Client) -> tuple[Locator, list[Route]]:
    """Three large pictures in Image Upload nodes; the viewer opened on the first, compared (Compare takes the second,
    whose pixels it reads to tell them apart) and then switched to the third, whose file's requests are held
    (returned) until the test lets them go."""
    assets = {name: upload_picture(api, Image.new("RGB", PICTURE, colour)) for name, colour in COLOURS.items()}
    uploads = [
        {"id": name, "type": "input.image", "params": {"asset_id": asset["id"]}, "position": {"x": 320 * i, "y": 0}}
        for i, (name, asset) in enumerate(assets.items())
    ]
    page.goto(f"/editor?id={create_project(api, 'Sunsets', uploads, [])}")
    for name in assets:
        expect(node(page, name).get_by_alt_text("Uploaded")).to_have_js_property("complete", True)
    node(page, "photo").get_by_test_id("upload-open-viewer").click()
    viewer = page.get_by_role("dialog", name="Result viewer")
    expect(viewer.get_by_test_id("viewer-image")).to_have_js_property("complete", True)
    viewer.get_by_role("button", name="Compare").click()
    chooser = viewer.get_by_role("combobox", name="Compare with")
    expect(chooser).to_have_value("sky:asset_id")
    expect(viewer.get_by_test_id("viewer-compared-image")).to_have_js_property("complete", True)

    held: list[Route] = []
    sunset = assets["sunset"]["id"]

    def hold(route: Route) -> None:
        held.append(route)

    page.route(lambda url: _full_file(url) and sunset in url, hold)
    # the held request is answered by `hold` before the next call to the page returns
    with page.expect_request(lambda request: _full_file(request.url) and sunset in request.url):
        chooser.select_option("sunset:asset_id")
    return viewer, held


def test_comparing_with_a_large_picture_says_on_its_side_that_it_loads(
    page: Page, api: httpx.Client, artifacts: Path
) -> None:
    viewer, held = _compare_with_a_held_picture(page, api)
    side = viewer.get_by_test_id("viewer-compared")
    expect(side.get_by_role("status")).to_have_text("Loading the full-size picture…")
    expect(viewer.get_by_role("status")).to_have_count(1)  # the picture opened has come: it says nothing
    preview = side.get_by_test_id("viewer-compared-preview")
    expect(preview).to_have_js_property("complete", True)
    assert "size=256" in (preview.get_attribute("src") or "")  # the one its upload field drew
    expect(side.get_by_role("status")).to_have_css("opacity", "1")
    # said on its own side of the divider (two uploads: the one compared with is Before, on the left)
    words, handle = side.get_by_role("status").bounding_box(), viewer.get_by_test_id("compare-handle").bounding_box()
    assert words and handle and words["x"] + words["width"] < handle["x"]
    # and drawn there is the sunset's preview, not an empty side nor its chequerboard over the preview
    assert _near(_colour_at(page, words["x"], words["y"] - 100), COLOURS["sunset"])
    page.screenshot(path=str(artifacts / "viewer-compare-loading.png"))

    assert len(held) == 1
    held[0].continue_()
    expect(viewer.get_by_role("status")).to_have_count(0)
    expect(preview).to_have_count(0)
    expect(side.get_by_test_id("viewer-compared-image")).to_have_js_property("complete", True)
    page.screenshot(path=str(artifacts / "viewer-compare-loaded.png"))


def test_a_compared_picture_that_does_not_come_says_what_to_do_on_its_side(
    page: Page, api: httpx.Client, console: ConsoleLog, artifacts: Path
) -> None:
    viewer, held = _compare_with_a_held_picture(page, api)
    side = viewer.get_by_test_id("viewer-compared")
    expect(side.get_by_role("status")).to_be_visible()
    held[0].abort()
    expect(side.get_by_role("alert")).to_have_text(UNREADABLE)
    expect(viewer.get_by_role("status")).to_have_count(0)
    expect(viewer.get_by_test_id("viewer-image")).to_be_visible()  # the picture opened stays on its side
    page.screenshot(path=str(artifacts / "viewer-compare-failed.png"))
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
