"""What a new user met on the canvas: a video Chromium cannot decode says so and offers its file, on its node and in
the viewer; tools clicked in from the palette build a chain, each after and wired from the one selected; on a phone
the minimap shows when asked for and small, the React Flow attribution clear of it; a comment card hides what lies
behind it."""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

import httpx
from playwright.sync_api import Page, expect

from tests.e2e.studio import create_project, drawn_box, edges, new_project, node, overlap, video_clip

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
UNPLAYABLE = "This video can't be played in the browser; download it to watch it"
# The node `id` drawn whole inside the canvas, above the AI dock floating over its foot (waits out a view animation).
IN_VIEW = """(id) => {
  const pane = document.querySelector('.react-flow').getBoundingClientRect();
  const dock = document.querySelector('[data-testid=ai-dock]').getBoundingClientRect();
  const r = document.querySelector(`.react-flow__node[data-id='${id}']`).getBoundingClientRect();
  return r.left >= pane.left && r.right <= pane.right && r.top >= pane.top && r.bottom <= dock.top;
}"""


def _mp4v_project(api: httpx.Client, tmp_path: Path) -> str:
    """A project of one Video Upload node holding a clip in MPEG-4 Part 2 (mp4v), which Chromium has no decoder for."""
    answer = api.post("/api/v1/assets", files={"file": ("clip.mp4", video_clip(tmp_path), "video/mp4")})
    assert answer.status_code == 201, answer.text
    upload = {
        "id": "clip",
        "type": "input.video",
        "params": {"asset_id": answer.json()["id"]},
        "position": {"x": 0, "y": 0},
    }
    return create_project(api, "Clip", [upload], [])


def test_a_video_the_browser_cannot_play_says_so_on_its_node_and_in_the_viewer(
    page: Page, api: httpx.Client, tmp_path: Path, artifacts: Path
) -> None:
    page.set_viewport_size(DESKTOP)
    page.goto(f"/editor?id={_mp4v_project(api, tmp_path)}")
    clip = node(page, "clip")
    expect(clip.get_by_test_id("upload-video-unplayable")).to_have_text(UNPLAYABLE)
    page.screenshot(path=str(artifacts / "unplayable-video-node.png"))
    choosers: list[object] = []
    page.on("filechooser", lambda chooser: choosers.append(chooser))
    with page.expect_download() as saved:
        clip.get_by_role("link", name="Download video").click()
    assert saved.value.suggested_filename == "clip.mp4"  # the uploaded file's own name
    assert choosers == []  # the upload field around the link did not open the file picker too

    page.get_by_test_id("run").click()
    expect(clip.get_by_test_id("node-status")).to_have_attribute("data-status", re.compile("^(completed|cached)$"))
    page.get_by_test_id("toggle-gallery").click()
    page.get_by_test_id("gallery").get_by_role("button", name="Open Video Upload video full size").click()
    viewer = page.get_by_role("dialog", name="Result viewer")
    expect(viewer.get_by_test_id("viewer-video-unplayable")).to_have_text(UNPLAYABLE)
    page.screenshot(path=str(artifacts / "unplayable-video-viewer.png"))
    with page.expect_download() as saved:
        viewer.get_by_test_id("viewer-video-download").click()
    assert saved.value.suggested_filename == "clip.mp4"


def test_tools_clicked_in_from_the_palette_one_after_another_build_a_chain(page: Page, artifacts: Path) -> None:
    page.set_viewport_size(DESKTOP)
    new_project(page)
    chain = [
        ("input.image", "image-1"),
        ("tool.blur", "blur-1"),
        ("tool.invert", "invert-1"),
        ("output.save", "save-1"),
    ]
    for count, (node_type, node_id) in enumerate(chain, start=1):
        page.locator(f"[data-testid=palette-item][data-node-type='{node_type}']").click()
        expect(page.locator(".react-flow__node")).to_have_count(count)
        expect(page.locator(".react-flow__node.selected")).to_have_attribute(
            "data-id", node_id
        )  # the next goes after it
    expect(edges(page)).to_have_count(3)
    page.wait_for_function(IN_VIEW, arg="save-1")  # past the view's edge, the view followed the chain
    page.screenshot(path=str(artifacts / "palette-chain-followed.png"))
    for source, target in (("image-1", "blur-1"), ("blur-1", "invert-1"), ("invert-1", "save-1")):
        expect(
            page.locator(f".react-flow__edge[data-testid='rf__edge-e-{source}-image-{target}-image']")
        ).to_have_count(1)
    page.locator(".react-flow__controls-fitview").click()
    page.wait_for_function(
        """() => [...document.querySelectorAll('.react-flow__node')].every((n) => {
          const r = n.getBoundingClientRect(), pane = document.querySelector('.react-flow').getBoundingClientRect();
          return r.left >= pane.left && r.right <= pane.right; })"""
    )
    page.screenshot(path=str(artifacts / "palette-chain.png"))
    boxes = [drawn_box(node(page, node_id)) for _, node_id in chain]
    for left, right in pairwise(boxes):  # in a row, in click order, none on another
        assert right["x"] >= left["x"] + left["width"] and abs(right["y"] - left["y"]) < 1
    page.keyboard.press("Control+z")  # one undo takes back the last node and its connection
    expect(page.locator(".react-flow__node")).to_have_count(3)
    expect(edges(page)).to_have_count(2)


def test_a_phones_minimap_shows_when_asked_small_and_the_attribution_clear_of_it_and_the_controls(
    page: Page, api: httpx.Client, artifacts: Path
) -> None:
    nodes = [{"id": f"n{i}", "type": "tool.blur", "params": {}, "position": {"x": i * 300, "y": 0}} for i in range(3)]
    workflow_id = create_project(api, "Minimap", nodes, [])
    for name, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        page.goto(f"/editor?id={workflow_id}")
        expect(node(page, "n0")).to_be_attached()
        minimap, attribution = page.locator(".react-flow__minimap"), page.locator(".react-flow__attribution")
        if name == "phone":  # it hid nodes: on a phone it shows only when asked for, and goes again
            expect(minimap).to_have_count(0)
            page.get_by_role("button", name="Show map").click()
            page.get_by_role("button", name="Hide map").click()
            expect(minimap).to_have_count(0)
            page.get_by_role("button", name="Show map").click()
        else:
            expect(page.get_by_test_id("map-toggle")).to_have_count(0)
        expect(attribution).to_be_visible()  # kept, as the project chose (index.css)
        drawn = drawn_box(minimap)
        assert (drawn["width"], drawn["height"]) == ((120, 90) if name == "phone" else (200, 150)), drawn
        label = drawn_box(attribution)
        for panel in (drawn, drawn_box(page.locator(".react-flow__controls"))):
            assert not overlap(label, panel), (name, label, panel)
        assert label["x"] + label["width"] <= size["width"] and label["y"] + label["height"] <= size["height"]
        page.screenshot(path=str(artifacts / f"minimap-{name}.png"))


def test_a_comment_card_hides_the_node_behind_it_in_both_themes(page: Page, api: httpx.Client, artifacts: Path) -> None:
    nodes = [{"id": "blur-1", "type": "tool.blur", "params": {}, "position": {"x": 0, "y": 0}}]
    nodes.append({"id": "invert-1", "type": "tool.invert", "params": {}, "position": {"x": 290, "y": 0}})
    workflow_id = create_project(api, "Comments", nodes, [])
    answer = api.post(f"/api/v1/workflows/{workflow_id}/comments", json={"body": "Softer?", "node_id": "blur-1"})
    assert answer.status_code == 201, answer.text
    page.set_viewport_size(DESKTOP)
    page.goto(f"/editor?id={workflow_id}")
    for theme in ("light", "dark"):
        page.get_by_test_id("comment-pin").click()
        card = page.get_by_test_id("comment-thread").locator("xpath=..")
        expect(card).to_be_visible()
        colour = card.evaluate("card => getComputedStyle(card).backgroundColor")
        assert "/" not in colour and not colour.startswith("rgba"), f"{theme}: {colour}"  # no alpha: opaque
        page.screenshot(path=str(artifacts / f"comment-card-{theme}.png"))
        page.keyboard.press("Escape")
        expect(card).to_have_count(0)
        if theme == "light":
            page.get_by_role("button", name="Switch to dark theme").click()
            expect(page.locator("html")).to_have_class(re.compile(r"\bdark\b"))
