"""What a new user met: a workflow file the studio itself downloaded ("Download workflow") could not be opened again.
Now dropping it on the dashboard, or choosing it with "Open workflow file", makes a new project of it (titled after
the file, numbered apart from a project of that title as desktop apps do: "Night poster (2)"; nodes of unknown types
kept), dropping it on a canvas offers to open it as a new project, and a file that is no workflow, or one the server
refuses, is refused in words."""

from __future__ import annotations

import json
import re
from pathlib import Path

import httpx
from playwright.sync_api import Page, expect

from tests.e2e.conftest import ConsoleLog
from tests.e2e.studio import create_project, download_workflow, drop_files, node
from tests.e2e.test_canvas_media import _mp4v_project

EDITOR_URL = re.compile(r"/editor\?id=([0-9a-f-]+)")


def _download(page: Page, api: httpx.Client, tmp_path: Path) -> Path:
    """A project with a Blur, a node of a type this studio lacks and a Save, downloaded as its workflow file."""
    nodes = [
        {"id": "blur", "type": "tool.blur", "params": {"radius": 3}, "position": {"x": 0, "y": 0}},
        {"id": "blurr", "type": "tool.blurr", "params": {}, "position": {"x": 340, "y": 0}},
        {"id": "save", "type": "output.save", "params": {}, "position": {"x": 680, "y": 0}},
    ]
    workflow_id = create_project(api, "Night poster", nodes, [("blur", "blurr"), ("blurr", "save")])
    page.goto(f"/editor?id={workflow_id}")
    expect(page.get_by_test_id("studio-node")).to_have_count(3)
    path = download_workflow(page, tmp_path)
    assert path.name == "Night poster.json"
    return path


def _opened(page: Page, api: httpx.Client, before: str) -> dict[str, object]:
    """The project the page went to (not `before`), once its nodes are drawn."""
    page.wait_for_url(lambda url: EDITOR_URL.search(url) is not None and before not in url)
    match = EDITOR_URL.search(page.url)
    assert match is not None
    expect(page.get_by_test_id("studio-node")).to_have_count(3)
    expect(node(page, "blurr").get_by_test_id("node-unknown-type")).to_be_visible()
    return dict(api.get(f"/api/v1/workflows/{match.group(1)}").json())


def test_a_downloaded_workflow_opens_again_from_the_dashboard(
    page: Page, api: httpx.Client, tmp_path: Path, artifacts: Path, console: ConsoleLog
) -> None:
    path = _download(page, api, tmp_path)
    first = EDITOR_URL.search(page.url)
    assert first is not None

    # dropped on the dashboard: a new project of it, titled after the file, opened
    page.goto("/dashboard")
    dashboard = page.get_by_test_id("dashboard")
    drop_files(page, [(path.name, "application/json", path.read_bytes())], 200, 200, on=dashboard)
    made = _opened(page, api, first.group(1))
    # the project it was downloaded from is on the dashboard: this one is numbered apart from it, as a desktop app
    # numbers a second "Night poster"
    assert re.fullmatch(r"Night poster \(\d+\)", str(made["title"])), made["title"]
    assert made["document"]["nodes"] == json.loads(path.read_text())["nodes"]  # type: ignore[index]

    # a file that is no workflow, chosen with the button: refused, saying what a workflow file is
    page.goto("/dashboard")
    notes = tmp_path / "notes.json"
    notes.write_text('{"name": "my app"}')
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Open workflow file").click()
    chooser.value.set_files(str(notes))
    expect(page.get_by_role("alert")).to_have_text(
        "“notes.json” is not a workflow file: it holds no list of nodes. A workflow file is the .json file that "
        "“Download workflow” in the editor saves: it lists a graph's nodes and connections."
    )
    page.screenshot(path=str(artifacts / "walk3-open-workflow-file-refused.png"))

    # one the server refuses: its words, naming the file
    bad = tmp_path / "Broken.json"
    bad.write_text(json.dumps({"schema_version": 1, "nodes": [{"id": "n" * 300, "type": "tool.blur"}], "edges": []}))
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Open workflow file").click()
    chooser.value.set_files(str(bad))
    expect(page.get_by_role("alert")).to_contain_text("“Broken.json” could not be opened as a project: ")
    expect(page.get_by_role("alert")).to_have_text(
        "“Broken.json” could not be opened as a project: Id in document.nodes[0] must be at most 200 characters. "
        "Correct that in the file, or download the workflow again from the project it came from."
    )
    console.errors.remove("Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)")
    page.screenshot(path=str(artifacts / "walk3-open-workflow-file-server-refused.png"))

    # the workflow file, chosen with the button: opened
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Open workflow file").click()
    chooser.value.set_files(str(path))
    again = _opened(page, api, str(made["id"]))
    assert again["id"] != made["id"]
    assert re.fullmatch(r"Night poster \(\d+\)", str(again["title"])) and again["title"] != made["title"]
    page.screenshot(path=str(artifacts / "walk3-open-workflow-file-opened.png"))
    page.goto("/dashboard")  # the dashboard tells them apart
    for title in (made["title"], again["title"]):
        card_title = page.get_by_test_id("workflow-card").get_by_role("link", name=str(title), exact=True)
        expect(card_title).to_have_count(1)
    page.screenshot(path=str(artifacts / "walk3-open-workflow-file-dashboard.png"))


def test_a_workflow_file_dropped_on_a_canvas_is_offered_as_a_new_project(
    page: Page, api: httpx.Client, tmp_path: Path, artifacts: Path
) -> None:
    path = _download(page, api, tmp_path)
    first = EDITOR_URL.search(page.url)
    assert first is not None
    drop_files(page, [(path.name, "application/json", path.read_bytes())], 300, 400)
    expect(
        page.get_by_text(
            "“Night poster.json” is a workflow file. Open it as a new project? This project stays as it is."
        )
    ).to_be_visible()
    expect(page.get_by_test_id("studio-node")).to_have_count(3)  # nothing added to this graph
    page.screenshot(path=str(artifacts / "walk3-workflow-file-on-canvas.png"))
    page.get_by_role("button", name="Open as new project").click()
    made = _opened(page, api, first.group(1))
    assert re.fullmatch(r"Night poster \(\d+\)", str(made["title"])), made["title"]


def test_an_unplayable_video_in_an_upload_field_is_told_clear_of_its_full_size_button(
    page: Page, api: httpx.Client, tmp_path: Path, artifacts: Path
) -> None:
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"/editor?id={_mp4v_project(api, tmp_path)}")
    clip = node(page, "clip")
    words = clip.get_by_test_id("upload-video-unplayable")
    expect(words).to_be_visible()
    said, button = words.bounding_box(), clip.get_by_test_id("upload-open-viewer").bounding_box()
    assert said is not None and button is not None
    apart = said["x"] + said["width"] <= button["x"] or said["y"] >= button["y"] + button["height"]
    assert apart, f"the words {said} run under the ⤢ {button}"
    clip.screenshot(path=str(artifacts / "walk3-unplayable-video-field.png"))
