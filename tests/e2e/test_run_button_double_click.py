"""Run turns into Cancel in the same spot as it is pressed. A designer's double click on Run, after a run that
finished, starts one run: its second click cancels neither that run nor the one before it, and no notice names a run
by its id ("Run 44f48de5… has already completed")."""

from __future__ import annotations

import io
import re
from pathlib import Path

import httpx
from PIL import Image
from playwright.sync_api import Page, Request, expect

from tests.e2e.studio import create_project, node, upload_node

RUN_ID = re.compile(r"\b[0-9a-f]{8,}\b")


def picture_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (220, 120, 40)).save(buffer, "PNG")
    return buffer.getvalue()


def test_a_double_click_on_run_starts_one_run_and_cancels_nothing(
    page: Page, api: httpx.Client, artifacts: Path
) -> None:
    photo, _ = upload_node(api, "photo", "input.image", "photo.png", picture_png(), "image/png")
    workflow_id = create_project(
        api,
        "Soft photo",
        [
            photo,
            {"id": "blur", "type": "tool.blur", "params": {"radius": 3}, "position": {"x": 340, "y": 0}},
            {"id": "save", "type": "output.save", "params": {}, "position": {"x": 680, "y": 0}},
        ],
        [("photo", "blur"), ("blur", "save")],
    )
    page.goto(f"/editor?id={workflow_id}")
    saved = node(page, "save").get_by_test_id("node-status")
    page.get_by_test_id("run").click()  # a run that finishes: the editor still knows its id afterwards
    expect(saved).to_have_text("Done")
    expect(page.get_by_test_id("run-phase")).to_have_attribute("data-phase", "completed")

    cancels: list[str] = []

    def on_request(request: Request) -> None:
        if request.method == "DELETE" and "/api/v1/runs/" in request.url:
            cancels.append(request.url)

    page.on("request", on_request)
    page.get_by_test_id("run").dblclick()

    expect(saved).to_have_text("Cached")  # the new run took the unchanged graph from the cache, and finished
    expect(page.get_by_test_id("run-phase")).to_have_attribute("data-phase", "completed")
    expect(page.get_by_test_id("run")).to_be_visible()
    page.get_by_test_id("toggle-history").click()
    runs = page.get_by_test_id("history").get_by_test_id("history-item")
    expect(runs).to_have_count(2)  # the first run and one new one: a double click is one press of Run
    expect(runs.nth(0)).to_have_attribute("data-status", "completed")
    page.screenshot(path=str(artifacts / "run-button-double-click.png"))

    assert cancels == [], f"the double click sent a cancel: {cancels}"
    for notice in page.get_by_test_id("notice").all_inner_texts() + page.get_by_role("alert").all_inner_texts():
        assert "already completed" not in notice and not RUN_ID.search(notice), notice
