"""A walk through the dashboard's pictures in a real browser: a project run in the editor shows its result on its
card (the server chooses it from the run; the editor writes none), a project whose input is a video shows a still
of it, and each template shows what it makes."""

from __future__ import annotations

import re
from pathlib import Path

import cv2
import httpx
import numpy as np
from playwright.sync_api import Locator, Page, expect

from tests.e2e.studio import choose_file, connect, drag_from_palette, edges, new_project, node, png_file, wait_saved

ASSET = re.compile(r"/api/v1/assets/([0-9a-f]{64})/")
LOADED = "img => img.complete && img.naturalWidth > 0"


def card(page: Page, workflow_id: str) -> Locator:
    return page.locator(f"[data-testid=workflow-card][data-workflow-id='{workflow_id}']")


def wait_for_card_picture(page: Page, workflow_id: str, asset_id: str) -> None:
    """Wait until the project's card, as the dashboard's list gives it, pictures `asset_id`: a run's records are
    written just after its last event, and the list reads them. Each poll starts one fetch and reads the last."""
    page.evaluate("() => { window.__cardCheck = { busy: false, ok: false }; }")
    page.wait_for_function(
        """([workflowId, assetId]) => {
          const state = window.__cardCheck;
          if (!state.busy) {
            state.busy = true;
            fetch("/api/v1/workflows?limit=200")
              .then((answer) => answer.json())
              .then((page) => {
                const item = page.items.find((w) => w.id === workflowId);
                state.ok = !!item?.thumbnail_url?.startsWith(`/api/v1/assets/${assetId}/`);
              }, () => { state.ok = false; })
              .finally(() => { state.busy = false; });
          }
          return state.ok;
        }""",
        arg=[workflow_id, asset_id],
        polling=100,
        timeout=20_000,
    )


def test_a_project_run_in_the_editor_shows_its_result_on_its_card(
    page: Page, api: httpx.Client, tmp_path: Path, artifacts: Path
) -> None:
    workflow_id = new_project(page)
    drag_from_palette(page, "input.image", 120, 150)
    drag_from_palette(page, "tool.invert", 480, 150)
    connect(page, "image-1", "image", "invert-1", "image")
    expect(edges(page)).to_have_count(1)
    choose_file(node(page, "image-1").get_by_test_id("upload-input"), png_file(tmp_path, (250, 140, 20)))
    expect(node(page, "image-1").get_by_role("img", name="Uploaded")).to_be_visible()
    wait_saved(page)
    page.get_by_test_id("run").click()
    expect(page.get_by_test_id("run-phase")).to_have_attribute("data-phase", "completed")
    preview = node(page, "invert-1").get_by_test_id("preview-image")
    expect(preview).to_be_visible()
    match = ASSET.search(preview.get_attribute("src") or "")
    assert match is not None
    inverted = match.group(1)

    wait_for_card_picture(page, workflow_id, inverted)
    page.goto("/dashboard")
    thumbnail = card(page, workflow_id).get_by_test_id("workflow-thumbnail")
    expect(thumbnail).to_have_attribute("src", re.compile(rf"^/api/v1/assets/{inverted}/content\?"))
    page.wait_for_function(LOADED, arg=thumbnail.element_handle())
    expect(card(page, workflow_id).get_by_test_id("workflow-node-count")).to_have_text("2 nodes")
    card(page, workflow_id).screenshot(path=str(artifacts / "dashboard-walk-run-card.png"))
    # the editor wrote no picture into the project: the card is the server's choice
    assert "thumbnail" not in api.get(f"/api/v1/workflows/{workflow_id}").json()["document"]


def test_a_project_whose_input_is_a_video_shows_a_still_of_it(
    page: Page, api: httpx.Client, tmp_path: Path, artifacts: Path
) -> None:
    path = tmp_path / "clip.mp4"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), 10, (160, 96))
    for frame in range(20):  # black for half a second, then green: the still is a little way in
        writer.write(np.full((96, 160, 3), (60, 200, 40) if frame >= 5 else (0, 0, 0), np.uint8))
    writer.release()
    uploaded = api.post("/api/v1/assets", files={"file": ("clip.mp4", path.read_bytes(), "video/mp4")})
    assert uploaded.status_code == 201, uploaded.text
    clip = uploaded.json()["id"]
    document = {"schema_version": 1, "nodes": [{"id": "clip", "type": "input.video", "params": {"asset_id": clip}}]}
    made = api.post("/api/v1/workflows", json={"title": "A clip", "document": {**document, "edges": []}})
    assert made.status_code == 201, made.text

    page.goto("/dashboard")
    thumbnail = card(page, made.json()["id"]).get_by_test_id("workflow-thumbnail")
    expect(thumbnail).to_have_attribute("src", re.compile(rf"^/api/v1/assets/{clip}/content\?"))
    page.wait_for_function(LOADED, arg=thumbnail.element_handle())
    shown = page.evaluate(
        """img => {
          const canvas = document.createElement("canvas");
          [canvas.width, canvas.height] = [img.naturalWidth, img.naturalHeight];
          const drawn = canvas.getContext("2d");
          drawn.drawImage(img, 0, 0);
          return Array.from(drawn.getImageData(canvas.width >> 1, canvas.height >> 1, 1, 1).data.slice(0, 3));
        }""",
        thumbnail.element_handle(),
    )
    assert shown[1] > 150 and shown[0] < 90 and shown[2] < 120, shown  # green, not the black first frame
    card(page, made.json()["id"]).screenshot(path=str(artifacts / "dashboard-walk-video-card.png"))


def test_each_template_shows_what_it_makes(page: Page, api: httpx.Client, artifacts: Path) -> None:
    templates = api.get("/api/v1/templates").json()["items"]
    assert templates
    page.goto("/dashboard")
    shown = page.get_by_test_id("template")
    expect(shown).to_have_count(len(templates))
    for template in templates:
        picked = shown.filter(has_text=template["title"])
        thumbnail = picked.get_by_test_id("workflow-thumbnail")
        expect(thumbnail).to_have_attribute("src", template["thumbnail_url"])
        page.wait_for_function(LOADED, arg=thumbnail.element_handle())
    page.get_by_role("heading", name="Start from a template").scroll_into_view_if_needed()
    page.locator("section[aria-labelledby=templates-heading]").screenshot(
        path=str(artifacts / "dashboard-walk-templates.png")
    )
