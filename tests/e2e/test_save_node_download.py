"""A Save node downloads its saved file from its own result frame, under its picture: with the mouse or the keyboard,
under the name the full-size viewer gives it, the very pixels saved, without moving the node; on a phone too, clear
of ⤢. A node that saved no file has no Download. Its frame is never blank once it is done (the picture fed to it
stands in while its file's own preview is made), and says the picture's size under it, as a tool's frame does."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import numpy as np
from PIL import Image
from playwright.sync_api import Browser, Download, Locator, Page, Route, ViewportSize, expect

from tests.e2e.conftest import ConsoleLog, open_page
from tests.e2e.studio import create_project, drawn_box, node, overlap, upload_picture

PHONE: ViewportSize = {"width": 390, "height": 844}
FINISHED = re.compile(r"^(completed|cached)$")
SAVED_AS = "Launch - Save Image.png"  # the project's and the node's names, as the viewer names it


def _picture(seed: int) -> Image.Image:
    """A 96 × 64 picture of random colours: any pixel changed on the way shows."""
    pixels = np.random.default_rng(seed).integers(0, 256, (64, 96, 3), dtype=np.uint8)
    return Image.fromarray(pixels, "RGB")


def _launch_project(api: httpx.Client, picture: Image.Image) -> str:
    """Image → Save (no file name of its own), the Save node under the image, so a phone's narrow view holds both."""
    asset = upload_picture(api, picture)
    return create_project(
        api,
        "Launch",
        [
            {"id": "photo", "type": "input.image", "params": {"asset_id": asset["id"]}, "position": {"x": 0, "y": 0}},
            {"id": "save", "type": "output.save", "params": {}, "position": {"x": 0, "y": 420}},
        ],
        [("photo", "save")],
    )


def _download_link(page: Page) -> Locator:
    return node(page, "save").get_by_role("link", name=f"Download {SAVED_AS}")


def _open_and_run(page: Page, workflow_id: str) -> None:
    page.goto(f"/editor?id={workflow_id}")
    expect(node(page, "save")).to_be_attached()
    expect(node(page, "save").get_by_role("link")).to_have_count(0)  # nothing saved yet: nothing to download
    page.get_by_test_id("run").click()
    expect(node(page, "save").get_by_test_id("node-status")).to_have_attribute("data-status", FINISHED)


def _assert_saved(download: Download, picture: Image.Image) -> None:
    assert download.suggested_filename == SAVED_AS
    with Image.open(download.path()) as saved:
        assert saved.format == "PNG"
        assert np.array_equal(np.asarray(saved.convert("RGB")), np.asarray(picture))


def test_a_save_node_downloads_its_file_by_mouse_and_keyboard_without_moving(
    page: Page, api: httpx.Client, artifacts: Path
) -> None:
    picture = _picture(1)
    _open_and_run(page, _launch_project(api, picture))
    link = _download_link(page)
    expect(link).to_be_visible()
    expect(link).to_have_text("Download")
    expect(node(page, "photo").get_by_role("link", name=re.compile("^Download"))).to_have_count(0)
    page.screenshot(path=str(artifacts / "save-node-download.png"))

    with page.expect_download() as by_mouse:
        link.click()
    _assert_saved(by_mouse.value, picture)
    expect(page.get_by_role("dialog", name="Result viewer")).to_have_count(0)  # it downloads; it opens nothing

    link.focus()
    with page.expect_download() as by_keyboard:
        page.keyboard.press("Enter")
    _assert_saved(by_keyboard.value, picture)

    # pressed and pulled, the link moves no node: the node stays where it is on the canvas
    before, start = drawn_box(node(page, "save")), drawn_box(link)
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] / 2)
    page.mouse.down()
    page.mouse.move(start["x"] + 120, start["y"] + 90, steps=8)
    page.mouse.up()
    assert drawn_box(node(page, "save")) == before


def test_a_save_nodes_download_is_tapped_on_a_phone_clear_of_the_full_size_button(
    browser: Browser, server: str, api: httpx.Client, console: ConsoleLog, artifacts: Path
) -> None:
    picture = _picture(2)
    workflow_id = _launch_project(api, picture)
    with open_page(browser, server, console) as page:
        page.set_viewport_size(PHONE)
        _open_and_run(page, workflow_id)
        link = _download_link(page)
        link.scroll_into_view_if_needed()
        expect(link).to_be_in_viewport()
        full_size = node(page, "save").get_by_role("button", name="Open image full size")
        assert not overlap(drawn_box(link), drawn_box(full_size))
        page.screenshot(path=str(artifacts / "save-node-download-phone.png"))
        with page.expect_download() as tapped:
            link.click()
        _assert_saved(tapped.value, picture)


# Each animation frame from now on, whether the Save node says Done (or Cached) over a frame with no picture drawn in
# it: no image whose pixels are in and that is not hidden (a shimmer, or a picture still on its way, is blank).
WATCH_BLANK = """() => {
  window.__blankDone = [];
  const watch = () => {
    const save = document.querySelector(".react-flow__node[data-id='save']");
    const status = save?.querySelector('[data-testid=node-status]')?.getAttribute('data-status');
    const drawn = [...(save?.querySelectorAll('[data-testid=result-frame] img') ?? [])]
      .some((img) => img.complete && img.naturalWidth > 0 && getComputedStyle(img).opacity !== '0');
    if ((status === 'completed' || status === 'cached') && !drawn) window.__blankDone.push(performance.now());
    if (!window.__stopWatching) requestAnimationFrame(watch);
  };
  requestAnimationFrame(watch);
}"""


def test_a_save_nodes_frame_shows_its_picture_and_size_as_soon_as_it_is_done(
    page: Page, api: httpx.Client, artifacts: Path
) -> None:
    # large enough that its saved file's preview takes the server a moment to make
    asset = upload_picture(api, _picture(3).resize((900, 600)))
    workflow_id = create_project(
        api,
        "Launch",
        [
            {"id": "photo", "type": "input.image", "params": {"asset_id": asset["id"]}, "position": {"x": 0, "y": 0}},
            {"id": "blur", "type": "tool.blur", "params": {"radius": 2}, "position": {"x": 320, "y": 0}},
            {"id": "save", "type": "output.save", "params": {}, "position": {"x": 640, "y": 0}},
        ],
        [("photo", "blur"), ("blur", "save")],
    )
    page.goto(f"/editor?id={workflow_id}")
    save, blur = node(page, "save"), node(page, "blur")
    page.get_by_test_id("run").click()
    expect(save.get_by_test_id("node-status")).to_have_attribute("data-status", FINISHED)
    # the picture's size in the frame's corner, as the Blur's above it says it
    expect(blur.get_by_test_id("result-size")).to_have_text("900 × 600")
    expect(save.get_by_test_id("result-size")).to_have_text("900 × 600")
    expect(blur.locator("[data-testid=result-frame] [aria-busy]")).to_have_count(0)  # the Blur's picture is drawn

    # a new file of the same picture (a JPEG now): the Blur's is reused, and the Save's frame is never blank
    save.get_by_label("Format").select_option(label="JPG")
    page.evaluate(WATCH_BLANK)
    page.get_by_test_id("run").click()
    expect(save.get_by_test_id("node-status")).to_have_attribute("data-status", FINISHED)
    expect(save.get_by_test_id("result-size")).to_have_text("900 × 600")
    expect(save.locator("[data-testid=result-frame] [aria-busy]")).to_have_count(0)  # its own preview is in
    page.evaluate("() => { window.__stopWatching = true; }")
    assert page.evaluate("() => window.__blankDone.length") == 0
    expect(save.get_by_role("link", name="Download Launch - Save Image.jpg")).to_be_visible()
    save.screenshot(path=str(artifacts / "save-node-frame-after-run.png"))


# Whether the Save node's frame has a picture on its way (an image whose pixels are not in yet).
ON_ITS_WAY = """() => [...document.querySelectorAll(".react-flow__node[data-id='save'] [data-testid=result-frame] img")]
  .some((img) => !img.complete)"""
TWO_FRAMES = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"


def test_a_second_run_keeps_each_frames_picture_until_the_new_one_is_drawn(
    page: Page, api: httpx.Client, artifacts: Path
) -> None:
    # an upscale's result made again: the Save node's stand-in (the Upscale's new picture) is on its way too
    asset = upload_picture(api, _picture(4).resize((800, 600)))
    workflow_id = create_project(
        api,
        "Launch",
        [
            {"id": "photo", "type": "input.image", "params": {"asset_id": asset["id"]}, "position": {"x": 0, "y": 0}},
            {"id": "upscale", "type": "tool.upscale", "params": {"scale": 2}, "position": {"x": 320, "y": 0}},
            {"id": "save", "type": "output.save", "params": {}, "position": {"x": 640, "y": 0}},
        ],
        [("photo", "upscale"), ("upscale", "save")],
    )
    page.goto(f"/editor?id={workflow_id}")
    save = node(page, "save")
    page.get_by_test_id("run").click()
    expect(save.get_by_test_id("node-status")).to_have_attribute("data-status", FINISHED)
    expect(save.locator("[data-testid=result-frame] [aria-busy]")).to_have_count(0)  # its first picture is drawn

    # run again at 3× (the same scale again would be reused from the cache): both pictures are made anew, and their
    # previews are held back until the Save node says Done over its frame, as a large preview keeps one waiting
    node(page, "upscale").get_by_label("Scale").select_option(index=1)
    held: list[Route] = []

    def hold(route: Route) -> None:
        if held_back:
            held.append(route)
        else:
            route.continue_()

    held_back = True
    page.route(re.compile(r"[?&]size=512"), hold)
    page.evaluate(WATCH_BLANK)
    page.get_by_test_id("run").click()
    expect(save.get_by_test_id("node-status")).not_to_have_attribute("data-status", FINISHED)
    expect(save.get_by_test_id("node-status")).to_have_attribute("data-status", FINISHED)
    page.wait_for_function(ON_ITS_WAY)
    page.evaluate(TWO_FRAMES)
    save.screenshot(path=str(artifacts / "save-node-frame-while-new-picture-loads.png"))
    assert page.evaluate("() => window.__blankDone") == []  # the last picture stays until the new one is in
    held_back = False
    for route in held:
        route.continue_()

    expect(save.get_by_test_id("result-size")).to_have_text("2400 × 1800")
    expect(save.locator("[data-testid=result-frame] [aria-busy]")).to_have_count(0)  # the new picture is drawn
    page.evaluate("() => { window.__stopWatching = true; }")
    assert page.evaluate("() => window.__blankDone") == []
    save.screenshot(path=str(artifacts / "save-node-frame-after-second-run.png"))


def test_a_second_unnamed_save_downloads_under_the_name_its_run_gave_it(page: Page, api: httpx.Client) -> None:
    """The server names a project's unnamed saved files (as `karate run` writes them): the node's Download says and
    uses that name, the one the run's record has, never the node's id."""
    picture = _picture(4)
    asset = upload_picture(api, picture)
    workflow_id = create_project(
        api,
        "Launch",
        [
            {"id": "photo", "type": "input.image", "params": {"asset_id": asset["id"]}, "position": {"x": 0, "y": 0}},
            {"id": "save", "type": "output.save", "params": {}, "position": {"x": 0, "y": 420}},
            {"id": "save-2", "type": "output.save", "params": {}, "position": {"x": 360, "y": 420}},
        ],
        [("photo", "save"), ("photo", "save-2")],
    )
    _open_and_run(page, workflow_id)
    expect(node(page, "save-2").get_by_test_id("node-status")).to_have_attribute("data-status", FINISHED)
    link = node(page, "save-2").get_by_role("link", name="Download Launch - Save Image-2.png")
    with page.expect_download() as saved:
        link.click()
    assert saved.value.suggested_filename == "Launch - Save Image-2.png"
    runs = api.get("/api/v1/runs", params={"workflow_id": workflow_id}).json()["items"]
    record = api.get(f"/api/v1/runs/{runs[0]['id']}").json()
    assert record["nodes"]["save-2"]["outputs"]["image"]["filename"] == "Launch - Save Image-2.png"
