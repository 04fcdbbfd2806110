"""On a phone (390 x 844): the full-size viewer's top bar stays readable (its title shows, cut short if need be,
its position keeps to one line, provenance takes a row of its own rather than crowd Download), and the comment
tool's pill says what to do in a phone's words ("Tap", no Esc key), whole, on the screen and clear of Run. On a
desktop (1280 x 800) both say all their words, on one row."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
from PIL import Image
from playwright.sync_api import FloatRect, Locator, Page, expect

from tests.e2e.studio import create_project, drawn_box, node, upload_picture

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
FINISHED = re.compile(r"^(completed|cached)$")


def _apart(one: FloatRect, other: FloatRect) -> bool:
    """Whether two boxes do not overlap."""
    return (
        one["x"] + one["width"] <= other["x"] + 0.5
        or other["x"] + other["width"] <= one["x"] + 0.5
        or one["y"] + one["height"] <= other["y"] + 0.5
        or other["y"] + other["height"] <= one["y"] + 0.5
    )


def _whole(locator: Locator) -> bool:
    """Whether an element's text shows whole (not cut with an ellipsis)."""
    return bool(locator.evaluate("el => el.scrollWidth <= el.clientWidth"))


def _open_project(page: Page, api: httpx.Client) -> None:
    """Image → Invert → Save, open in the editor."""
    asset = upload_picture(api, Image.new("RGB", (800, 500), (40, 90, 200)))
    workflow_id = create_project(
        api,
        "Walk fixes",
        [
            {"id": "photo", "type": "input.image", "params": {"asset_id": asset["id"]}, "position": {"x": 0, "y": 0}},
            {"id": "invert", "type": "tool.invert", "params": {}, "position": {"x": 320, "y": 0}},
            {"id": "save", "type": "output.save", "params": {"filename": "walk"}, "position": {"x": 640, "y": 0}},
        ],
        [("photo", "invert"), ("invert", "save")],
    )
    page.goto(f"/editor?id={workflow_id}")
    expect(node(page, "save")).to_be_visible()


def test_on_a_phone_the_viewers_bar_and_the_comment_pill_stay_readable(
    page: Page, api: httpx.Client, artifacts: Path
) -> None:
    page.set_viewport_size(PHONE)
    _open_project(page, api)

    # the comment tool's pill: a phone's words, all of them inside the toolbar
    pill = _comment_pill(page)
    expect(pill).to_be_visible()
    assert " ".join(pill.inner_text().split()) == "Tap to comment · Done"  # the words shown: no Esc key to press
    expect(pill.get_by_role("button", name="Done", exact=True)).to_be_visible()
    page.screenshot(path=str(artifacts / "walk-comment-pill-phone.png"))
    assert _whole(pill.get_by_text("Tap to comment ·")), "the pill's words are cut"
    drawn = drawn_box(pill)
    assert drawn["x"] >= 0 and drawn["x"] + drawn["width"] <= PHONE["width"], drawn
    assert _apart(drawn, drawn_box(page.get_by_test_id("run"))), "the pill covers Run"
    pill.get_by_role("button", name="Done", exact=True).click()
    expect(pill).to_have_count(0)

    page.get_by_test_id("run").click()
    expect(node(page, "save").get_by_test_id("node-status")).to_have_attribute("data-status", FINISHED)
    # zoomed out to fit a phone, nodes draw no previews: the Results panel (in the More menu) opens the viewer
    page.get_by_test_id("toolbar-more").click()
    page.get_by_test_id("toggle-gallery").click()
    page.get_by_test_id("gallery").get_by_role("button", name="Open Save Image image full size").click()
    viewer = page.get_by_role("dialog", name="Result viewer")
    title, position = viewer.get_by_test_id("viewer-title"), viewer.get_by_test_id("viewer-position")
    expect(title).to_have_text("Save Image · image")
    expect(position).to_have_text("3 / 3")
    download, close = viewer.get_by_test_id("viewer-download"), viewer.get_by_role("button", name="Close viewer")
    expect(download).to_be_visible()
    opening = viewer.get_by_test_id("provenance-open")
    expect(opening).to_be_visible()  # the run recorded the version it ran

    assert drawn_box(title)["width"] >= 60, "the title shows"
    line = float(position.evaluate("el => parseFloat(getComputedStyle(el).lineHeight)"))
    assert drawn_box(position)["height"] <= line + 1, "the position keeps to one line"
    boxes = {
        name: drawn_box(part)
        for name, part in {
            "title": title,
            "position": position,
            "download": download,
            "close": close,
            "open": opening,
        }.items()
    }
    for name, box in boxes.items():
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], f"{name} runs off the screen: {box}"
    names = list(boxes)
    for i, one in enumerate(names):
        for other in names[i + 1 :]:
            assert _apart(boxes[one], boxes[other]), f"{one} and {other} overlap: {boxes}"
    # provenance on a row of its own, under the title and Download
    assert boxes["open"]["y"] >= boxes["download"]["y"] + boxes["download"]["height"] - 0.5, boxes
    page.screenshot(path=str(artifacts / "walk-viewer-phone.png"))


def test_on_a_desktop_the_comment_pill_and_the_viewers_bar_say_it_all(
    page: Page, api: httpx.Client, artifacts: Path
) -> None:
    page.set_viewport_size(DESKTOP)
    _open_project(page, api)
    pill = _comment_pill(page)
    assert " ".join(pill.inner_text().split()) == "Click to comment Done (Esc)"  # whole: there is room
    assert _whole(pill.get_by_text("Click to comment"))
    page.screenshot(path=str(artifacts / "walk-comment-pill-desktop.png"))
    page.keyboard.press("Escape")
    expect(pill).to_have_count(0)

    page.get_by_test_id("run").click()
    expect(node(page, "save").get_by_test_id("node-status")).to_have_attribute("data-status", FINISHED)
    node(page, "save").get_by_test_id("preview-image").click()
    viewer = page.get_by_role("dialog", name="Result viewer")
    opening = viewer.get_by_test_id("provenance-open")
    expect(opening).to_be_visible()
    assert opening.inner_text() == "Open that version as a project"  # its long words: there is room
    title, download = viewer.get_by_test_id("viewer-title"), viewer.get_by_test_id("viewer-download")
    assert _whole(title)
    assert abs(drawn_box(opening)["y"] - drawn_box(download)["y"]) < 4, "provenance stays on the bar's one row"
    page.screenshot(path=str(artifacts / "walk-viewer-desktop.png"))


def _comment_pill(page: Page) -> Locator:
    """Turn the comment tool on with its key (C, nothing focused); the pill the toolbar then shows."""
    page.evaluate("document.activeElement?.blur()")
    page.keyboard.press("c")
    return page.get_by_test_id("comment-mode-hint")
