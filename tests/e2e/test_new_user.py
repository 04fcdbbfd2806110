"""What a new user met in the studio: Enter sends a comment and a reply in a node's thread (Shift+Enter a new line),
the AI dock's buttons fit a phone's width, and Download workflow saves a file named after the project that
`karate run` runs as it is."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import httpx
from playwright.sync_api import Page, ViewportSize, expect

from tests.e2e.conftest import ROOT, studio_env
from tests.e2e.studio import create_project, drag_from_palette, new_project, node

PHONE: ViewportSize = {"width": 390, "height": 844}


def _inside_the_screen(page: Page, testid: str) -> None:
    """Every button of the element `testid` lies wholly within the phone's width."""
    buttons = page.get_by_test_id(testid).get_by_role("button")
    assert buttons.count() > 0
    for index in range(buttons.count()):
        box = buttons.nth(index).bounding_box()
        name = buttons.nth(index).get_attribute("aria-label") or buttons.nth(index).inner_text()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (name, box)


def test_enter_sends_a_comment_and_a_reply_on_a_node(page: Page, api: httpx.Client) -> None:
    workflow_id = new_project(page)
    drag_from_palette(page, "tool.blur", 420, 200)
    page.get_by_test_id("comment-tool").click()
    node(page, "blur-1").click(position={"x": 40, "y": 14})
    page.get_by_test_id("comment-input").fill("Softer blur here?")
    page.get_by_test_id("comment-input").press("Enter")
    thread = page.get_by_test_id("comment-thread")
    expect(thread).to_contain_text("Softer blur here?")

    box = thread.get_by_test_id("comment-input")
    box.type("Yes:")
    box.press("Shift+Enter")
    box.type("radius 4")
    expect(box).to_have_value("Yes:\nradius 4")
    box.press("Enter")
    expect(thread.get_by_test_id("comment")).to_have_count(2)
    expect(thread.get_by_test_id("comment").nth(1)).to_contain_text("radius 4")
    expect(box).to_have_value("")
    threads = api.get(f"/api/v1/workflows/{workflow_id}/comments").json()["items"]
    assert [(t["body"], [r["body"] for r in t["replies"]]) for t in threads] == [
        ("Softer blur here?", ["Yes:\nradius 4"])
    ]


def test_the_ai_docks_buttons_fit_a_phone(page: Page, artifacts: Path) -> None:
    new_project(page)
    drag_from_palette(page, "input.image", 200, 200)
    page.set_viewport_size(PHONE)
    _inside_the_screen(page, "ai-dock")

    field = page.get_by_label("Instruction for the AI")
    field.fill("add a blur after the image")
    field.press("Enter")
    dock = page.get_by_test_id("ai-dock")
    expect(dock).to_have_attribute("data-phase", "preview")
    for name in ("Apply", "Discard", "Collapse the AI dock", "Hide the AI dock"):
        expect(dock.get_by_role("button", name=name)).to_be_in_viewport(ratio=1)
    _inside_the_screen(page, "ai-dock")
    assert page.evaluate("() => document.scrollingElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=str(artifacts / "phone-ai-dock-preview.png"))

    dock.get_by_role("button", name="Discard").click()
    expect(page.get_by_test_id("ghost-node")).to_have_count(0)


def test_download_workflow_saves_a_file_karate_run_runs(page: Page, api: httpx.Client, tmp_path: Path) -> None:
    painter = {"id": "paint", "type": "tool.painter", "params": {"width": 16, "height": 16}}
    blur = {"id": "blur", "type": "tool.blur", "params": {"radius": 2}, "position": {"x": 300, "y": 0}}
    save = {"id": "save", "type": "output.save", "params": {}, "position": {"x": 600, "y": 0}}
    links = [("paint", "blur"), ("blur", "save")]
    workflow_id = create_project(api, 'Holiday: poster/v2 "final"', [painter, blur, save], links)
    page.goto(f"/editor?id={workflow_id}")
    expect(page.get_by_test_id("studio-node")).to_have_count(3)

    with page.expect_download() as started:
        page.get_by_role("button", name="Download workflow").click()
    download = started.value
    assert download.suggested_filename == "Holiday poster v2 final.json"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    document = json.loads(path.read_text())
    assert document["schema_version"] == 1
    assert [n["id"] for n in document["nodes"]] == ["paint", "blur", "save"]
    assert {(e["source"], e["target"]) for e in document["edges"]} == {("paint", "blur"), ("blur", "save")}

    out = tmp_path / "out"
    command = [sys.executable, "-m", "karate", "run", str(path), "--out", str(out), "--data-dir", str(tmp_path / "d")]
    result = subprocess.run(command, cwd=ROOT, env=studio_env(), capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert [file.name for file in out.iterdir()] == ["save.png"]

    # on a phone the same button is in the More menu, in words
    page.set_viewport_size(PHONE)
    page.get_by_test_id("toolbar-more").click()
    menu = page.get_by_test_id("toolbar-menu")
    expect(menu.get_by_role("button", name="Download workflow")).to_have_text("Download workflow")
