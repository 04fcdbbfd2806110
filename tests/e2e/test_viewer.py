"""Seeing results: a result opens full size (its real pixels, zoom to 1:1, pan), the viewer steps through the
run's results, downloads under the Save node's file name, compares before and after with a slider and closes
with Escape; result previews never make nodes overlap, in templates or in a graph laid out tightly."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import cv2
import httpx
import numpy as np
import pytest
from PIL import Image
from playwright.sync_api import Browser, Locator, Page, expect

from tests.e2e.conftest import ConsoleLog, open_page, running_studio
from tests.e2e.studio import create_project, drawn_box, inside, node, upload_picture
from tests.media_samples import sample
from tests.providers.fakes import FAKES

RED = (200, 40, 40)
PICTURE = (1600, 1000)  # larger than the viewer, so "Fit" and "1:1" differ
FINISHED = re.compile(r"^(completed|cached)$")
Box = dict[str, float]


def _upload_picture(api: httpx.Client) -> dict[str, Any]:
    """A red picture with a white square in its top-left corner, stored as an asset."""
    picture = Image.new("RGB", PICTURE, RED)
    picture.paste(Image.new("RGB", (200, 200), (255, 255, 255)), (0, 0))
    return upload_picture(api, picture)


def _poster_project(api: httpx.Client) -> str:
    """Image → Invert → Save ("poster"), in a row."""
    asset = _upload_picture(api)
    return create_project(
        api,
        "Poster",
        [
            {"id": "photo", "type": "input.image", "params": {"asset_id": asset["id"]}, "position": {"x": 0, "y": 0}},
            {"id": "invert", "type": "tool.invert", "params": {}, "position": {"x": 320, "y": 0}},
            {"id": "save", "type": "output.save", "params": {"filename": "poster"}, "position": {"x": 640, "y": 0}},
        ],
        [("photo", "invert"), ("invert", "save")],
    )


def _open_and_run(page: Page, workflow_id: str, last: str) -> None:
    page.goto(f"/editor?id={workflow_id}")
    expect(node(page, last)).to_be_visible()
    page.get_by_test_id("run").click()
    # the same picture in an earlier test leaves its results in the cache
    expect(node(page, last).get_by_test_id("node-status")).to_have_attribute("data-status", FINISHED)


def _stage_centre(page: Page) -> tuple[float, float]:
    stage = drawn_box(page.get_by_test_id("viewer-stage"))
    return stage["x"] + stage["width"] / 2, stage["y"] + stage["height"] / 2


def test_a_result_opens_at_full_resolution_zooms_to_real_pixels_and_pans(
    page: Page, api: httpx.Client, artifacts: Path
) -> None:
    _open_and_run(page, _poster_project(api), "save")
    node(page, "save").get_by_test_id("preview-image").click()
    viewer = page.get_by_role("dialog", name="Result viewer")
    expect(viewer).to_be_visible()
    image = viewer.get_by_test_id("viewer-image")
    expect(image).to_have_js_property("complete", True)

    saved = node(page, "save").get_by_test_id("preview-image").get_attribute("src") or ""
    stored = api.get(f"/api/v1/assets/{saved.split('/assets/')[1].split('/')[0]}").json()
    natural = image.evaluate("img => [img.naturalWidth, img.naturalHeight]")
    assert natural == [stored["width"], stored["height"]] == list(PICTURE)  # the file itself, not a thumbnail
    assert "size=" not in (image.get_attribute("src") or "")
    expect(viewer.get_by_text(f"{PICTURE[0]} × {PICTURE[1]}")).to_be_visible()

    stage = drawn_box(viewer.get_by_test_id("viewer-stage"))  # opened fitted: all of it in view, smaller than 1:1
    assert inside(drawn_box(image), stage) and drawn_box(image)["width"] < PICTURE[0]
    page.screenshot(path=str(artifacts / "viewer-fit.png"))

    viewer.get_by_role("button", name="Actual size").click()
    expect(viewer.get_by_test_id("viewer-zoom")).to_have_text("100%")
    actual = drawn_box(image)
    assert (round(actual["width"]), round(actual["height"])) == PICTURE  # one picture pixel per CSS pixel

    x, y = _stage_centre(page)  # drag the picture 240 px left and 150 px up
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x - 120, y - 75, steps=4)
    page.mouse.move(x - 240, y - 150, steps=4)
    page.mouse.up()
    moved = drawn_box(image)
    assert (round(moved["x"] - actual["x"]), round(moved["y"] - actual["y"])) == (-240, -150)
    assert round(moved["width"]) == PICTURE[0]  # panning does not zoom
    page.screenshot(path=str(artifacts / "viewer-actual-size.png"))

    page.mouse.wheel(0, -300)  # the wheel zooms in around the pointer
    expect(viewer.get_by_test_id("viewer-zoom")).not_to_have_text("100%")
    assert drawn_box(image)["width"] > PICTURE[0]
    viewer.get_by_role("button", name="Fit").click()
    expect(viewer.get_by_test_id("viewer-zoom")).not_to_have_text("100%")
    assert inside(drawn_box(image), drawn_box(viewer.get_by_test_id("viewer-stage")))
    fitted = drawn_box(image)["width"]
    viewer.get_by_role("button", name="Zoom in").click()
    assert drawn_box(image)["width"] > fitted
    viewer.get_by_role("button", name="Zoom out").click()
    assert abs(drawn_box(image)["width"] - fitted) < 1


def test_the_viewer_steps_through_results_downloads_by_file_name_and_closes_with_escape(
    page: Page, api: httpx.Client, artifacts: Path
) -> None:
    _open_and_run(page, _poster_project(api), "save")
    node(page, "save").get_by_test_id("preview-image").click()
    viewer = page.get_by_role("dialog", name="Result viewer")
    title, position = viewer.get_by_test_id("viewer-title"), viewer.get_by_test_id("viewer-position")
    expect(title).to_have_text("Save Image · image")
    expect(position).to_have_text("3 / 3")  # the upload, the inverted picture, the saved file

    with page.expect_download() as saved:
        viewer.get_by_test_id("viewer-download").click()
    assert saved.value.suggested_filename == "poster.png"  # the Save node's file name

    page.keyboard.press("ArrowLeft")
    expect(title).to_have_text("Invert · image")
    expect(position).to_have_text("2 / 3")
    with page.expect_download() as intermediate:
        viewer.get_by_test_id("viewer-download").click()
    assert intermediate.value.suggested_filename == "Poster - Invert.png"  # the project's and the node's names
    viewer.get_by_role("button", name="Previous result").click()
    expect(title).to_have_text("Image Upload · image")
    page.keyboard.press("ArrowLeft")  # past the first comes the last
    expect(position).to_have_text("3 / 3")
    viewer.get_by_role("button", name="Next result").click()
    expect(position).to_have_text("1 / 3")
    page.keyboard.press("ArrowRight")
    expect(title).to_have_text("Invert · image")

    page.keyboard.press("Delete")  # keys meant for the viewer never reach the canvas under it
    page.keyboard.press("Escape")
    expect(viewer).to_have_count(0)
    expect(page.locator(".react-flow__node")).to_have_count(3)

    page.get_by_test_id("toggle-gallery").click()  # the Results panel opens the same viewer
    expect(page.get_by_test_id("gallery").get_by_test_id("preview-image")).to_have_count(3)
    page.screenshot(path=str(artifacts / "gallery.png"))
    page.get_by_test_id("gallery").get_by_role("button", name="Open Save Image image full size").click()
    expect(title).to_have_text("Save Image · image")
    page.keyboard.press("Escape")
    expect(viewer).to_have_count(0)


def test_results_keep_their_place_in_the_panel_and_the_viewer_while_a_run_makes_them_again(
    page: Page, api: httpx.Client
) -> None:
    _open_and_run(page, _poster_project(api), "save")
    # the node's picture opened before the Results panel floats over the canvas's right side, where Save sits (with
    # the panel fading in, a fresh-clone CI once saw this click open nothing)
    node(page, "save").get_by_test_id("preview-image").click()
    viewer = page.get_by_role("dialog", name="Result viewer")
    expect(viewer.get_by_test_id("viewer-title")).to_have_text("Save Image · image")
    page.keyboard.press("Escape")
    page.get_by_test_id("toggle-gallery").click()
    gallery = page.get_by_test_id("gallery")
    expect(gallery.get_by_test_id("preview-image")).to_have_count(3)

    held: list[Any] = []  # the run's POST, answered only once the page has been looked at meanwhile
    page.route("**/api/v1/runs", lambda route: held.append(route))
    page.get_by_test_id("run").click()
    expect(node(page, "save").get_by_test_id("node-status")).not_to_have_attribute("data-status", FINISHED)
    # on the canvas too: the node keeps its last picture, dimmed, saying what it is doing
    expect(node(page, "save").get_by_test_id("result-remaking")).to_have_text("Queued")
    expect(node(page, "save").get_by_test_id("preview-image")).to_be_visible()
    # every result still listed, the ones being made again said so (before: the list emptied, and jumped)
    expect(gallery.get_by_test_id("preview-image")).to_have_count(3)
    facts = gallery.get_by_test_id("gallery-facts")
    expect(facts).to_contain_text(["Image Upload · image", "Invert · image", "Save Image · image"])
    expect(facts.filter(has_text="being made again")).to_have_count(2)  # not the upload: no run makes it
    gallery.get_by_role("button", name="Open Save Image image full size").click()
    expect(viewer.get_by_test_id("viewer-title")).to_have_text("Save Image · image · being made again")
    expect(viewer.get_by_test_id("viewer-position")).to_have_text("3 / 3")

    held[0].continue_()
    page.unroute("**/api/v1/runs")
    expect(viewer.get_by_test_id("viewer-title")).to_have_text("Save Image · image")  # made: itself again
    page.keyboard.press("Escape")
    expect(facts.filter(has_text="being made again")).to_have_count(0)
    expect(node(page, "save").get_by_test_id("result-remaking")).to_have_count(0)


def test_a_heic_photo_is_shown_converted_in_the_viewer_and_downloads_as_the_original(
    page: Page, api: httpx.Client, artifacts: Path
) -> None:
    photo = sample("heic")  # 300×200; Chromium cannot decode HEIC itself
    answer = api.post("/api/v1/assets", files={"file": ("IMG_4722.HEIC", photo, "image/heic")})
    assert answer.status_code == 201, answer.text
    position = {"x": 0, "y": 0}
    nodes = [{"id": "photo", "type": "input.image", "params": {"asset_id": answer.json()["id"]}, "position": position}]
    _open_and_run(page, create_project(api, "Holiday", nodes, []), "photo")
    page.get_by_test_id("toggle-gallery").click()
    page.get_by_test_id("gallery").get_by_role("button", name="Open Image Upload image full size").click()
    viewer = page.get_by_role("dialog", name="Result viewer")
    image = viewer.get_by_test_id("viewer-image")
    expect(image).to_have_js_property("complete", True)
    assert image.evaluate("img => [img.naturalWidth, img.naturalHeight]") == [300, 200]  # drawn: not a black stage
    expect(image).to_have_attribute("src", re.compile(r"display=true"))
    expect(viewer.get_by_test_id("viewer-converted")).to_have_text(
        "Shown converted from HEIC; Download gives the original file"
    )
    expect(viewer.get_by_text("300 × 200")).to_be_visible()
    page.screenshot(path=str(artifacts / "viewer-heic.png"))
    with page.expect_download() as saved:
        viewer.get_by_test_id("viewer-download").click()
    assert saved.value.suggested_filename == "IMG_4722.HEIC"  # the photo's own name, not the project's
    assert Path(saved.value.path()).read_bytes() == photo


def test_one_picture_in_two_upload_nodes_is_named_and_downloaded_by_each_nodes_name(
    page: Page, api: httpx.Client
) -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (30, 160, 90)).save(buffer, "JPEG")
    uploads = [
        api.post("/api/v1/assets", files={"file": (name, buffer.getvalue(), "image/jpeg")})
        for name in ("board.jpg", "a.png")
    ]  # the same bytes, renamed: one asset, which now reads a.png
    asset_id = uploads[0].json()["id"]
    assert uploads[1].json()["id"] == asset_id
    nodes = [
        {"id": node_id, "type": "input.image", "params": {"asset_id": asset_id, "filename": name}, "position": at}
        for node_id, name, at in (("board", "board.jpg", {"x": 0, "y": 0}), ("copy", "a.png", {"x": 400, "y": 0}))
    ]
    _open_and_run(page, create_project(api, "Boards", nodes, []), "copy")
    page.get_by_test_id("toggle-gallery").click()
    gallery = page.get_by_test_id("gallery")
    expect(gallery.get_by_test_id("gallery-name")).to_have_text(["board.jpg", "a.png"])
    downloads = gallery.get_by_role("link", name="Download")
    expect(downloads).to_have_count(2)  # each link shows once its file's address has come (useAssetUrl)
    for link, name in zip(downloads.all(), ("board.jpg", "a.jpg"), strict=True):
        with page.expect_download() as saved:
            link.click()
        assert saved.value.suggested_filename == name  # a JPEG never downloads as .png


def test_a_download_is_named_safely_with_the_extension_of_its_type(api: httpx.Client) -> None:
    asset = _upload_picture(api)
    shown = api.get(asset["url"])
    assert shown.headers["content-disposition"] == 'inline; filename="photo.png"'
    for wanted, name in (("poster", "poster.png"), ("../../etc/passwd", "_.._etc_passwd.png"), ("", "photo.png")):
        saved = api.get(f"{asset['url']}&download={quote(wanted)}")
        assert saved.status_code == 200 and saved.content == shown.content
        assert saved.headers["content-disposition"] == f'attachment; filename="{name}"'


def _colour_at(page: Page, x: float, y: float) -> tuple[int, int, int]:
    shot = Image.open(io.BytesIO(page.screenshot(clip={"x": x, "y": y, "width": 1, "height": 1})))
    red, green, blue = shot.convert("RGB").getpixel((0, 0))  # type: ignore[misc]
    return int(red), int(green), int(blue)


def _near(colour: tuple[int, int, int], expected: tuple[int, int, int]) -> bool:
    return all(abs(a - b) <= 6 for a, b in zip(colour, expected, strict=True))


def test_before_and_after_are_compared_with_a_slider(page: Page, api: httpx.Client, artifacts: Path) -> None:
    _open_and_run(page, _poster_project(api), "save")
    node(page, "invert").get_by_test_id("preview-image").click()
    viewer = page.get_by_role("dialog", name="Result viewer")
    expect(viewer.get_by_test_id("viewer-image")).to_have_js_property("complete", True)
    viewer.get_by_role("button", name="Compare").click()
    expect(viewer.get_by_role("combobox", name="Compare with")).to_have_value("photo:image")  # the node's input

    handle = viewer.get_by_role("slider", name="Before and after divider")
    expect(handle).to_have_attribute("aria-valuenow", "50")
    image = drawn_box(viewer.get_by_test_id("viewer-image"))
    inverted = tuple(255 - c for c in RED)
    row = image["y"] + image["height"] * 0.75  # below the white square
    left, right = image["x"] + image["width"] * 0.3, image["x"] + image["width"] * 0.7
    assert _near(_colour_at(page, left, row), RED) and _near(_colour_at(page, right, row), inverted)

    grip = drawn_box(handle)
    stage = drawn_box(viewer.get_by_test_id("viewer-stage"))
    page.mouse.move(grip["x"] + grip["width"] / 2, grip["y"] + grip["height"] / 2)
    page.mouse.down()
    page.mouse.move(stage["x"] + stage["width"] * 0.8, grip["y"] + grip["height"] / 2, steps=8)
    page.mouse.up()
    expect(handle).to_have_attribute("aria-valuenow", "80")
    assert _near(_colour_at(page, right, row), RED)  # the before now reaches past 70%
    page.screenshot(path=str(artifacts / "viewer-compare.png"))

    handle.focus()
    page.keyboard.press("Home")  # the keyboard moves it too, and arrows on it do not change the result
    expect(handle).to_have_attribute("aria-valuenow", "0")
    expect(viewer.get_by_test_id("viewer-title")).to_have_text("Invert · image")
    assert _near(_colour_at(page, left, row), inverted)


def _shown_whole(chooser: Locator) -> bool:
    """Whether a closed <select> has room for the whole of its chosen option's words, beside its arrow."""
    return bool(
        chooser.evaluate(
            """(select) => {
                const style = getComputedStyle(select);
                const pen = document.createElement("canvas").getContext("2d");
                pen.font = style.font;
                const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
                return pen.measureText(select.selectedOptions[0].text).width + 16 <= room;  // 16: the arrow
            }"""
        )
    )


def test_the_compare_chooser_shows_its_choice_whole(page: Page, api: httpx.Client, artifacts: Path) -> None:
    _open_and_run(page, _poster_project(api), "save")
    node(page, "invert").get_by_test_id("preview-image").click()
    viewer = page.get_by_role("dialog", name="Result viewer")
    viewer.get_by_role("button", name="Compare").click()
    chooser = viewer.get_by_role("combobox", name="Compare with")
    expect(chooser).to_have_value("photo:image")
    page.screenshot(path=str(artifacts / "viewer-compare-chooser.png"))
    # "Input · Image Upload · image", not "Input · Image Upload · ima…"; the words also on hover, where long ones end
    assert _shown_whole(chooser), chooser.evaluate("(select) => [select.clientWidth, select.selectedOptions[0].text]")
    expect(chooser).to_have_attribute("title", "Input · Image Upload · image")


def test_on_a_phone_the_compare_bar_fits_the_screen(page: Page, api: httpx.Client, artifacts: Path) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    _open_and_run(page, _poster_project(api), "photo")
    expect(node(page, "invert").get_by_test_id("node-status")).to_have_attribute("data-status", FINISHED)
    node(page, "photo").get_by_test_id("upload-open-viewer").click()
    viewer = page.get_by_role("dialog", name="Result viewer")
    viewer.get_by_role("button", name="Compare").click()
    chooser = viewer.get_by_role("combobox", name="Compare with")
    expect(chooser).to_have_value("invert:image")  # what was made from the original
    # the bar wraps: every control of it is on the screen, the chooser wide enough to read (it ran off the edge)
    for control in (viewer.get_by_test_id("viewer-zoom-bar"), chooser, viewer.get_by_role("button", name="Compare")):
        box = drawn_box(control)
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box
    assert drawn_box(chooser)["width"] >= 150
    assert _shown_whole(chooser)  # "Result · Invert · image"
    page.screenshot(path=str(artifacts / "viewer-compare-phone.png"))


def test_compare_opened_on_the_original_puts_it_before_and_the_result_after(
    page: Page, api: httpx.Client, artifacts: Path
) -> None:
    _open_and_run(page, _poster_project(api), "save")
    page.get_by_test_id("toggle-gallery").click()
    page.get_by_role("button", name="Open Image Upload image full size").click()
    viewer = page.get_by_role("dialog", name="Result viewer")
    expect(viewer.get_by_test_id("viewer-title")).to_have_text("Image Upload · image")
    expect(viewer.get_by_test_id("viewer-image")).to_have_js_property("complete", True)
    viewer.get_by_role("button", name="Compare").click()
    # an original has no input: it is compared with what was made from it, and stays the Before
    expect(viewer.get_by_role("combobox", name="Compare with")).to_have_value("invert:image")
    expect(viewer.get_by_test_id("compare-before-label")).to_have_text("Before · Image Upload · image")
    expect(viewer.get_by_test_id("compare-after-label")).to_have_text("After · Invert · image")
    expect(viewer.get_by_test_id("viewer-compared-image")).to_have_js_property("complete", True)

    image = drawn_box(viewer.get_by_test_id("viewer-image"))
    inverted = tuple(255 - c for c in RED)
    row = image["y"] + image["height"] * 0.75  # below the white square
    left, right = image["x"] + image["width"] * 0.3, image["x"] + image["width"] * 0.7
    assert _near(_colour_at(page, left, row), RED) and _near(_colour_at(page, right, row), inverted)
    page.screenshot(path=str(artifacts / "viewer-compare-from-original.png"))

    handle = viewer.get_by_role("slider", name="Before and after divider")
    handle.focus()
    page.keyboard.press("End")  # all Before: the original over the whole picture
    expect(handle).to_have_attribute("aria-valuenow", "100")
    assert _near(_colour_at(page, right, row), RED)


@pytest.fixture(scope="module")
def describing_studio(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A studio whose Image Describer answers from a fake local Ollama, so a run gives a text result."""
    ollama = FAKES["ollama"]()
    ollama.start()
    try:
        with running_studio(tmp_path_factory.mktemp("karate-describe"), {"OLLAMA_HOST": ollama.url}) as base:
            yield base
    finally:
        ollama.stop()


def test_a_text_result_opens_in_the_viewer(browser: Browser, describing_studio: str, console: ConsoleLog) -> None:
    with (
        httpx.Client(base_url=describing_studio, timeout=10) as api,
        open_page(browser, describing_studio, console) as page,
    ):
        _open_a_text_result(page, api)


def _open_a_text_result(page: Page, api: httpx.Client) -> None:
    asset = _upload_picture(api)
    workflow_id = create_project(
        api,
        "Caption",
        [
            {"id": "photo", "type": "input.image", "params": {"asset_id": asset["id"]}, "position": {"x": 0, "y": 0}},
            {"id": "describe", "type": "tool.describe", "params": {}, "position": {"x": 320, "y": 0}},
        ],
        [("photo", "describe")],
    )
    _open_and_run(page, workflow_id, "describe")
    text = node(page, "describe").get_by_test_id("preview-text")
    expect(text).not_to_be_empty()
    text.click()
    viewer = page.get_by_role("dialog", name="Result viewer")
    expect(viewer.get_by_test_id("viewer-text")).to_have_text(text.inner_text())
    with page.expect_download() as saved:
        viewer.get_by_test_id("viewer-download").click()
    assert saved.value.suggested_filename == "Caption - Image Describer.txt"
    page.keyboard.press("Escape")
    expect(viewer).to_have_count(0)


def _video_project(api: httpx.Client, tmp_path: Path, fourcc: str, suffix: str, mime: str) -> tuple[str, str]:
    """A project of one Video Upload node holding a ten-frame clip encoded with `fourcc`: its id and the clip's."""
    clip = tmp_path / f"clip.{suffix}"
    writer = cv2.VideoWriter(str(clip), cv2.VideoWriter_fourcc(*fourcc), 10, (64, 48))
    for shade in range(0, 200, 20):
        writer.write(np.full((48, 64, 3), shade, np.uint8))
    writer.release()
    answer = api.post("/api/v1/assets", files={"file": (clip.name, clip.read_bytes(), mime)})
    assert answer.status_code == 201, answer.text
    asset_id = answer.json()["id"]
    node_doc = {"id": "clip", "type": "input.video", "params": {"asset_id": asset_id}, "position": {"x": 0, "y": 0}}
    return create_project(api, "Clip", [node_doc], []), asset_id


def test_a_video_result_opens_in_a_player(page: Page, api: httpx.Client, tmp_path: Path) -> None:
    workflow_id, asset_id = _video_project(api, tmp_path, "VP80", "webm", "video/webm")
    _open_and_run(page, workflow_id, "clip")
    page.get_by_test_id("toggle-gallery").click()
    page.get_by_test_id("gallery").get_by_role("button", name="Open Video Upload video full size").click()
    viewer = page.get_by_role("dialog", name="Result viewer")
    player = viewer.get_by_test_id("viewer-video")
    expect(player).to_have_attribute("src", re.compile(rf"/assets/{asset_id}/content"))
    assert player.evaluate("video => video.controls")
    expect(viewer.get_by_test_id("viewer-zoom-bar")).to_have_count(0)  # a player has its own controls
    with page.expect_download() as saved:
        viewer.get_by_test_id("viewer-download").click()
    assert saved.value.suggested_filename == "clip.webm"  # the uploaded file's own name


def test_a_video_the_browser_cannot_play_says_to_download_it(page: Page, api: httpx.Client, tmp_path: Path) -> None:
    workflow_id, _ = _video_project(api, tmp_path, "mp4v", "mp4", "video/mp4")  # MPEG-4 Part 2: Chromium has no decoder
    _open_and_run(page, workflow_id, "clip")
    page.get_by_test_id("toggle-gallery").click()
    gallery = page.get_by_test_id("gallery")
    expect(gallery.get_by_test_id("preview-video-unplayable")).to_have_text(
        "This video can't be played in the browser; download it to watch it"
    )
    gallery.get_by_role("button", name="Open Video Upload video full size").click()
    viewer = page.get_by_role("dialog", name="Result viewer")
    expect(viewer.get_by_test_id("viewer-video-unplayable")).to_contain_text("download it to watch it")
    with page.expect_download() as saved:
        viewer.get_by_test_id("viewer-download").click()
    assert saved.value.suggested_filename == "clip.mp4"  # the uploaded file's own name


# --- layout: previews never make nodes overlap ------------------------------------------------------------


def _node_boxes(page: Page) -> dict[str, Box]:
    """Each node's box on the canvas, in flow units (what the layout is made of, whatever the zoom)."""
    return dict(
        page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('.react-flow__node')]
        .map((el) => { const m = new DOMMatrixReadOnly(getComputedStyle(el).transform);
          return [el.dataset.id, { x: m.m41, y: m.m42, width: el.offsetWidth, height: el.offsetHeight }]; }))""")
    )


def _overlaps(boxes: dict[str, Box]) -> list[tuple[str, str]]:
    names = sorted(boxes)
    return [
        (a, b)
        for i, a in enumerate(names)
        for b in names[i + 1 :]
        if boxes[a]["x"] < boxes[b]["x"] + boxes[b]["width"]
        and boxes[b]["x"] < boxes[a]["x"] + boxes[a]["width"]
        and boxes[a]["y"] < boxes[b]["y"] + boxes[b]["height"]
        and boxes[b]["y"] < boxes[a]["y"] + boxes[a]["height"]
    ]


def _wait_for_uploads(page: Page, count: int) -> None:
    """Until the upload fields show their `count` pictures: a node is its full height only then."""
    page.wait_for_function(
        """(count) => { const shown = [...document.querySelectorAll(
        '.react-flow__node img[alt=Uploaded]')]; return shown.length >= count
        && shown.every((img) => img.complete && img.naturalWidth > 0); }""",
        arg=count,
    )


def _wait_for_previews(page: Page) -> None:
    """Until every result preview on the canvas has drawn its picture."""
    page.wait_for_function("""() => [...document.querySelectorAll('[data-testid=preview-image]')]
        .every((img) => img.complete && img.naturalWidth > 0)""")


def _wait_until_run_ends(page: Page) -> None:
    page.wait_for_function(
        """() => { const all = [...document.querySelectorAll('[data-testid=node-status]')];
        return all.length > 0 && all.every((s) => FINAL.includes(s.dataset.status)); }""".replace(
            "FINAL", str(["completed", "cached", "failed", "skipped", "blocked", "cancelled"])
        )
    )


def test_every_template_opens_and_runs_without_overlapping_nodes(
    page: Page, api: httpx.Client, artifacts: Path
) -> None:
    templates = api.get("/api/v1/templates").json()["items"]
    assert templates, "the studio seeds its templates from examples/"
    for index, template in enumerate(templates):
        page.goto("/dashboard")
        page.get_by_test_id("template").filter(has_text=template["title"]).click()
        expect(page.locator(".react-flow__node")).to_have_count(template["node_count"])
        types = [n["type"] for n in api.get(f"/api/v1/workflows/{template['id']}").json()["document"]["nodes"]]
        _wait_for_uploads(page, types.count("input.image"))
        before = _node_boxes(page)
        assert _overlaps(before) == [], f"{template['title']}: nodes overlap when opened"
        if any(kind.startswith("model.") for kind in types):
            continue  # AI models do not run without provider keys; their boxes were checked above
        page.get_by_test_id("run").click()
        _wait_until_run_ends(page)
        statuses = page.get_by_test_id("node-status").evaluate_all("all => all.map((s) => s.dataset.status)")
        assert all(FINISHED.match(status) for status in statuses), f"{template['title']}: {statuses}"
        _wait_for_previews(page)
        after = _node_boxes(page)
        assert _overlaps(after) == [], f"{template['title']}: nodes overlap after a run"
        assert {k: b["height"] for k, b in after.items()} == {k: b["height"] for k, b in before.items()}
        page.screenshot(path=str(artifacts / f"template-{index}-after-run.png"))


def test_a_tightly_laid_out_graph_stays_apart_after_a_run(page: Page, api: httpx.Client, artifacts: Path) -> None:
    asset = _upload_picture(api)
    chain = [
        ("photo", "input.image", {"asset_id": asset["id"]}),
        ("channels", "tool.channels", {}),
        ("blur", "tool.blur", {}),
        ("invert", "tool.invert", {}),
        ("save", "output.save", {}),
    ]
    links = [("photo", "channels"), ("channels", "blur"), ("blur", "invert"), ("blur", "save")]

    columns = [["photo", "channels"], ["blur", "invert"], ["save"]]

    def nodes(places: dict[str, tuple[float, float]]) -> list[dict[str, Any]]:
        return [
            {"id": key, "type": kind, "params": params, "position": {"x": places[key][0], "y": places[key][1]}}
            for key, kind, params in chain
        ]

    # a row, far enough apart to measure each node as it draws itself before any run
    draft = create_project(api, "Draft", nodes({key: (i * 290.0, 0.0) for i, (key, _, _) in enumerate(chain)}), links)
    page.goto(f"/editor?id={draft}")
    expect(page.locator(".react-flow__node")).to_have_count(len(chain))
    _wait_for_uploads(page, 1)
    expect(node(page, "save").get_by_label("Filename")).to_be_visible()  # near enough to draw every field
    drawn = _node_boxes(page)
    heights = {key: box["height"] for key, box in drawn.items()}
    width = max(box["width"] for box in drawn.values())

    places: dict[str, tuple[float, float]] = {}  # columns 12 px apart, each node 12 px below the one above
    for column, keys in enumerate(columns):
        top = 0.0
        for key in keys:
            places[key] = (column * (width + 12), top)
            top += heights[key] + 12
    tight = create_project(api, "Tight", nodes(places), links)
    _open_and_run(page, tight, "save")
    _wait_until_run_ends(page)
    _wait_for_uploads(page, 1)
    expect(node(page, "channels").get_by_test_id("preview-image")).to_have_count(5)
    _wait_for_previews(page)
    after = _node_boxes(page)
    assert _overlaps(after) == []
    assert {key: box["height"] for key, box in after.items()} == heights  # a run leaves every node its size
    page.locator(".react-flow__controls-fitview").click()
    page.screenshot(path=str(artifacts / "column-after-run.png"))
