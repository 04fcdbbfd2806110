"""Nothing is lost: two tabs on one project are two collaborators whose edits merge, edits to a project deleted
elsewhere can be kept as a new one, a deleted project comes back with Undo, the dashboard searches titles, and a
project's title changes only when someone renames it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tests.e2e.conftest import ConsoleLog, open_page
from tests.e2e.studio import EDITOR_URL, drag_from_palette, new_project, node, wait_saved, wait_stored


@pytest.fixture
def second_tab(browser: Browser, server: str, console: ConsoleLog) -> Iterator[Page]:
    """Another browser profile on the same studio: a second tab, or a second person."""
    with open_page(browser, server, console) as opened:
        yield opened


def _shared_project(api: httpx.Client, title: str) -> str:
    created = api.post(
        "/api/v1/workflows",
        json={
            "title": title,
            "document": {
                "schema_version": 1,
                "edges": [],
                "nodes": [{"id": "image-1", "type": "input.image", "params": {}, "position": {"x": 80, "y": 120}}],
            },
        },
    )
    assert created.status_code == 201, created.text
    return str(created.json()["id"])


def _open(page: Page, workflow_id: str) -> None:
    page.goto(f"/editor?id={workflow_id}")
    expect(node(page, "image-1")).to_be_visible()
    expect(page.get_by_test_id("connection-status")).to_have_attribute("data-state", "live")
    wait_saved(page)


def _node_types(api: httpx.Client, workflow_id: str) -> list[str]:
    return sorted(n["type"] for n in api.get(f"/api/v1/workflows/{workflow_id}").json()["document"]["nodes"])


def test_two_tabs_on_one_project_keep_both_edits(
    page: Page, second_tab: Page, api: httpx.Client, artifacts: Path
) -> None:
    workflow_id = _shared_project(api, "Shared poster")
    _open(page, workflow_id)
    _open(second_tab, workflow_id)
    # the first tab adds Blur; the second, opened before it and never reloaded, adds Invert: both are kept
    drag_from_palette(page, "tool.blur", 420, 140)
    wait_saved(page)
    drag_from_palette(second_tab, "tool.invert", 420, 360)
    for tab in (page, second_tab):
        expect(node(tab, "blur-1")).to_be_visible()
        expect(node(tab, "invert-1")).to_be_visible()
        wait_saved(tab)
        expect(tab.get_by_role("alertdialog")).to_have_count(0)  # nothing to resolve: the tabs merge
    second_tab.screenshot(path=str(artifacts / "trust-two-tabs.png"))
    wait_stored(page, workflow_id, "(document) => document.nodes.length === 3")
    assert _node_types(api, workflow_id) == ["input.image", "tool.blur", "tool.invert"]

    # and either goes on from there
    drag_from_palette(second_tab, "output.save", 720, 140)
    expect(node(page, "save-1")).to_be_visible()
    wait_stored(page, workflow_id, "(document) => document.nodes.length === 4")
    assert _node_types(api, workflow_id) == ["input.image", "output.save", "tool.blur", "tool.invert"]


def test_edits_to_a_project_deleted_elsewhere_are_kept_as_a_new_project(
    page: Page, api: httpx.Client, console: ConsoleLog
) -> None:
    workflow_id = _shared_project(api, "Lookbook")
    _open(page, workflow_id)
    page.context.set_offline(True)  # on a train: the edit stays on the page
    drag_from_palette(page, "tool.blur", 420, 140)
    (blur,) = [
        n
        for n in page.locator(".react-flow__node").evaluate_all("ns => ns.map((n) => n.dataset.id)")
        if n.startswith("blur-")
    ]
    assert api.delete(f"/api/v1/workflows/{workflow_id}").status_code == 204  # meanwhile, deleted elsewhere
    page.context.set_offline(False)
    banner = page.get_by_test_id("offline-banner")
    expect(banner).to_have_attribute("data-state", "closed")
    expect(banner).to_contain_text("This project was deleted in another window (it is in your Trash for 30 days)")
    expect(banner).to_contain_text("Your changes since are only on this page.")
    banner.get_by_role("button", name="Keep mine as a new project").click()
    page.wait_for_url(lambda url: EDITOR_URL.search(url) is not None and workflow_id not in url)
    expect(page.get_by_label("Project title")).to_have_value("Lookbook (my copy)")
    expect(page.get_by_test_id("connection-status")).to_have_attribute("data-state", "live")
    expect(node(page, blur)).to_be_visible()
    match = EDITOR_URL.search(page.url)
    assert match is not None
    assert _node_types(api, match.group(1)) == ["input.image", "tool.blur"]
    assert api.get(f"/api/v1/workflows/{workflow_id}").status_code == 404
    # Chromium logs the requests refused offline, and the deleted project's answers
    console.errors[:] = [e for e in console.errors if "ERR_INTERNET_DISCONNECTED" not in e and "(Not Found)" not in e]


def test_a_project_deleted_elsewhere_cannot_be_run_and_its_owner_restores_it_from_the_banner(
    page: Page, api: httpx.Client, console: ConsoleLog
) -> None:
    workflow_id = _shared_project(api, "Catalogue")
    _open(page, workflow_id)
    assert api.delete(f"/api/v1/workflows/{workflow_id}").status_code == 204  # in another window
    banner = page.get_by_test_id("offline-banner")
    expect(banner).to_have_attribute("data-state", "closed")
    run = page.get_by_test_id("run")
    expect(run).to_be_disabled()  # a run of it now would be of a project no one can open
    expect(run).to_have_attribute("title", re.compile("This project was deleted .*: it can't be run from here"))
    banner.get_by_role("button", name="Restore it").click()
    expect(page.get_by_test_id("connection-status")).to_have_attribute("data-state", "live")
    expect(node(page, "image-1")).to_be_visible()
    expect(page.get_by_test_id("run")).to_be_enabled()
    assert api.get(f"/api/v1/workflows/{workflow_id}").status_code == 200
    console.errors[:] = [e for e in console.errors if "(Not Found)" not in e]


def _card(page: Page, workflow_id: str) -> Locator:
    return page.locator(f"[data-testid=workflow-card][data-workflow-id='{workflow_id}']")


def test_deleting_a_project_can_be_undone(page: Page, api: httpx.Client, artifacts: Path) -> None:
    kept = _shared_project(api, "Kept sketches")
    doomed = _shared_project(api, "Product shots")
    page.goto("/dashboard")
    _card(page, doomed).get_by_role("button", name="Delete Product shots").click()
    expect(_card(page, doomed)).to_have_count(0)
    toast = page.get_by_test_id("undo-toast")
    expect(toast).to_contain_text("Moved Product shots to the trash.")
    page.screenshot(path=str(artifacts / "trust-undo-toast.png"))
    assert api.get(f"/api/v1/workflows/{doomed}").status_code == 404

    toast.get_by_role("button", name="Undo").click()
    expect(_card(page, doomed)).to_be_visible()
    expect(toast).to_have_count(0)
    restored = api.get(f"/api/v1/workflows/{doomed}")
    assert restored.status_code == 200 and restored.json()["title"] == "Product shots"
    assert [n["type"] for n in restored.json()["document"]["nodes"]] == ["input.image"]
    expect(_card(page, kept)).to_be_visible()

    # once the toast is gone, the Trash section still brings it back
    _card(page, doomed).get_by_role("button", name="Delete Product shots").click()
    page.get_by_test_id("undo-toast").get_by_role("button", name="Dismiss").click()
    expect(page.get_by_test_id("undo-toast")).to_have_count(0)
    trash = page.get_by_test_id("trash")
    trash.locator("summary").click()
    expect(trash).to_contain_text("kept for 30 days")
    trash.screenshot(path=str(artifacts / "trust-trash.png"))
    trash.get_by_role("button", name="Restore Product shots").click()
    expect(_card(page, doomed)).to_be_visible()
    assert api.get(f"/api/v1/workflows/{doomed}").status_code == 200


def test_moving_all_to_trash_can_be_undone(page: Page, api: httpx.Client) -> None:
    ids = [_shared_project(api, f"Batch {n}") for n in range(3)]
    page.goto("/dashboard")
    cards = page.get_by_test_id("workflow-card")
    expect(_card(page, ids[0])).to_be_visible()
    count = cards.count()
    page.get_by_role("button", name="Actions on all projects").click()
    page.get_by_role("menuitem", name="Move all to trash…").click()
    page.get_by_role("button", name="Move all to trash").click()
    expect(page.get_by_test_id("empty-state")).to_be_visible()
    expect(page.get_by_test_id("undo-toast")).to_contain_text(f"Moved {count} projects to the trash.")
    assert api.get("/api/v1/workflows").json()["total"] == 0

    page.get_by_test_id("undo-toast").get_by_role("button", name="Undo").click()
    expect(cards).to_have_count(count)
    assert api.get("/api/v1/workflows").json()["total"] == count
    assert all(api.get(f"/api/v1/workflows/{i}").status_code == 200 for i in ids)


def test_dashboard_search_filters_projects_by_title(page: Page, api: httpx.Client, artifacts: Path) -> None:
    fox = _shared_project(api, "Red Fox poster")
    den = _shared_project(api, "fox den")
    sky = _shared_project(api, "Blue sky")
    page.goto("/dashboard")
    expect(_card(page, sky)).to_be_visible()
    search = page.get_by_role("searchbox", name="Search projects")
    search.fill("FOX")
    expect(_card(page, sky)).to_have_count(0)
    expect(_card(page, fox)).to_be_visible()
    expect(_card(page, den)).to_be_visible()
    page.screenshot(path=str(artifacts / "trust-search.png"))
    search.fill("no such project here")
    expect(page.get_by_test_id("no-match")).to_contain_text("no such project here")
    expect(page.get_by_test_id("workflow-card")).to_have_count(0)
    search.press("Escape")
    expect(_card(page, sky)).to_be_visible()


def test_a_project_keeps_its_title_as_its_content_changes(page: Page, api: httpx.Client, artifacts: Path) -> None:
    workflow_id = new_project(page)
    title = page.get_by_label("Project title")
    expect(title).to_have_value("Untitled project")

    # what is added to an untitled project does not rename it
    drag_from_palette(page, "tool.blur", 420, 140)
    drag_from_palette(page, "input.prompt", 120, 320)
    node(page, "prompt-1").locator("textarea").fill("a red fox in the snow at dusk")
    wait_saved(page)
    expect(title).to_have_value("Untitled project")
    assert api.get(f"/api/v1/workflows/{workflow_id}").json()["title"] == "Untitled project"

    # a name the designer types is kept, whatever is added afterwards, and after a reload
    title.fill("Fox campaign")
    title.press("Enter")
    wait_saved(page)
    node(page, "prompt-1").locator("textarea").fill("a grey wolf")
    drag_from_palette(page, "tool.invert", 420, 360)
    wait_saved(page)
    page.reload()
    expect(page.get_by_label("Project title")).to_have_value("Fox campaign")
    page.screenshot(path=str(artifacts / "trust-titled.png"), clip={"x": 0, "y": 0, "width": 1440, "height": 420})
    assert api.get(f"/api/v1/workflows/{workflow_id}").json()["title"] == "Fox campaign"
