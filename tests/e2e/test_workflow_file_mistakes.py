"""A workflow file written by hand for the command line, cut short or with its nodes keyed by name rather than
listed, was refused on the dashboard with "it is not JSON" or "it holds no list of nodes", and on a canvas with
"neither a picture, a video or a sound, nor a workflow file": nothing said where the file goes wrong (a new user's
walk). Now the place (line and column) or the part to rewrite is named, and the canvas says what the dashboard says."""

from __future__ import annotations

import json
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.e2e.conftest import ConsoleLog
from tests.e2e.studio import drop_files, new_project

CUT_SHORT = '{\n  "nodes": [\n    {"id": "img", "type": "input.image", "params": {"path": "photo.jpg"}},\n    {"id": '


def _open_from_dashboard(page: Page, path: Path) -> None:
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Open workflow file").click()
    chooser.value.set_files(str(path))


def test_a_hand_written_workflow_file_is_refused_saying_where_it_goes_wrong(
    page: Page, tmp_path: Path, artifacts: Path, console: ConsoleLog
) -> None:
    page.goto("/dashboard")
    cut = tmp_path / "poster.json"
    cut.write_text(CUT_SHORT)
    _open_from_dashboard(page, cut)
    expect(page.get_by_role("alert")).to_contain_text(
        "“poster.json” is not a workflow file: it is not valid JSON: it ends at line 4, column 11 before the JSON is "
        "complete (a bracket, brace or quote is not closed)."
    )
    page.screenshot(path=str(artifacts / "workflow-file-cut-short.png"))

    keyed = tmp_path / "keyed.json"
    keyed.write_text(json.dumps({"nodes": {"img": {"type": "input.image", "path": "photo.jpg"}}}))
    _open_from_dashboard(page, keyed)
    expect(page.get_by_role("alert")).to_contain_text(
        "“keyed.json” is not a workflow file: its “nodes” is not a list: write “nodes” as a list, one entry a node: "
    )
    assert "/dashboard" in page.url  # no project was made of either

    # dropped on a canvas: the same words, not "neither a picture, a video or a sound"
    new_project(page)
    drop_files(page, [("poster.json", "application/json", CUT_SHORT.encode())], 300, 200)
    notice = page.get_by_role("alert").filter(has_text="poster.json")
    expect(notice).to_contain_text("“poster.json” was not added: it is not valid JSON: it ends at line 4, column 11")
    expect(notice).not_to_contain_text("neither a picture")
    page.screenshot(path=str(artifacts / "workflow-file-cut-short-canvas.png"))
