"""What a new user met: a workflow file written for `karate run` names its picture by path ("photo.jpg", beside the
file); opened in the studio, its upload node was silently empty. Now the node says which picture to drop in it, a
notice after opening says how many pictures to add and which, and the path never reaches the server. And a node that
waits on a node of a misspelt type names it as the canvas does and says to replace or remove it, not in the command
line's words."""

from __future__ import annotations

import json
import re
from pathlib import Path

import httpx
from playwright.sync_api import Page, expect

from tests.e2e.studio import drop_files, fit_view, node, png_file

EDITOR_URL = re.compile(r"/editor\?id=([0-9a-f-]+)")
CLI_FILE = {
    "schema_version": 1,
    "nodes": [
        {"id": "photo", "type": "input.image", "params": {"path": "photo.jpg"}, "position": {"x": 0, "y": 0}},
        {"id": "logo", "type": "input.image", "params": {"path": "brand/logo.png"}, "position": {"x": 0, "y": 420}},
        {"id": "blurr", "type": "tool.blurr", "params": {}, "position": {"x": 340, "y": 0}},
        {"id": "save", "type": "output.save", "params": {}, "position": {"x": 680, "y": 0}},
        # something that runs, so the run goes ahead and leaves the rest out, each saying why
        {"id": "words", "type": "input.prompt", "params": {"text": "night city"}, "position": {"x": 340, "y": 420}},
    ],
    "edges": [
        {"id": "e1", "source": "photo", "sourceHandle": "image", "target": "blurr", "targetHandle": "image"},
        {"id": "e2", "source": "blurr", "sourceHandle": "image", "target": "save", "targetHandle": "image"},
    ],
}
# namesakes are numbered in the order added, as their ids sort: "logo" before "photo"
NOTICE = (
    "This workflow uses 2 pictures from your computer, which the studio can't open by their names: drop “photo.jpg” "
    "into Image Upload (2) and “logo.png” into Image Upload (1)."
)


def test_a_cli_workflow_file_opens_asking_for_its_pictures_and_a_waiting_node_names_the_misspelt_one(
    page: Page, api: httpx.Client, tmp_path: Path, artifacts: Path
) -> None:
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto("/dashboard")
    drop_files(
        page,
        [("Poster.json", "application/json", json.dumps(CLI_FILE).encode())],
        200,
        200,
        on=page.get_by_test_id("dashboard"),
    )
    page.wait_for_url(EDITOR_URL)
    match = EDITOR_URL.search(page.url)
    assert match is not None
    expect(page.get_by_test_id("notice")).to_have_text(NOTICE)
    photo = node(page, "photo")
    expect(photo.get_by_test_id("node-error")).to_have_text("This workflow uses “photo.jpg”: drop that picture here.")
    expect(node(page, "logo").get_by_test_id("node-error")).to_contain_text("“logo.png”")
    stored = api.get(f"/api/v1/workflows/{match.group(1)}").json()["document"]["nodes"]
    assert all("path" not in n["params"] for n in stored)  # the server never gets a path from the studio
    fit_view(page)
    page.screenshot(path=str(artifacts / "named-files-opened.png"))

    # run: the Save waits on the misspelt node, named as the canvas names it, with what to do
    page.get_by_test_id("run").click()
    waiting = node(page, "save").get_by_test_id("node-error")
    expect(waiting).to_have_text("Waits for tool.blurr: replace or remove tool.blurr, whose type is unknown.")
    expect(waiting).to_have_attribute("data-tone", "muted")
    expect(photo.get_by_test_id("node-error")).to_have_attribute("data-tone", "error")
    page.screenshot(path=str(artifacts / "named-files-waiting-on-unknown.png"))

    # the picture dropped into its node: its note goes; once both are in, the notice goes too
    picture = png_file(tmp_path).read_bytes()
    drop_files(page, [("photo.jpg", "image/png", picture)], 20, 20, on=photo.get_by_test_id("upload-drop"))
    expect(photo.get_by_test_id("upload-file")).to_contain_text("photo.jpg")
    expect(photo.get_by_test_id("node-error")).to_have_count(0)
    logo = node(page, "logo")
    drop_files(page, [("logo.png", "image/png", picture)], 20, 20, on=logo.get_by_test_id("upload-drop"))
    expect(logo.get_by_test_id("node-error")).to_have_count(0)
    expect(page.get_by_text(NOTICE)).to_have_count(0)
    page.screenshot(path=str(artifacts / "named-files-added.png"))
