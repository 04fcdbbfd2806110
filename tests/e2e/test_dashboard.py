"""The dashboard in a real browser: empty state, New Project, newest first, Delete, Move all to trash."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
from playwright.sync_api import Page, expect

from tests.e2e.conftest import ConsoleLog
from tests.e2e.studio import drawn_box, new_project
from tests.e2e.test_accounts import EXPECTED_REFUSAL


def _clear(api: httpx.Client) -> None:
    for item in api.get("/api/v1/workflows", params={"limit": 200}).json()["items"]:
        api.delete(f"/api/v1/workflows/{item['id']}")


def test_empty_dashboard_guides_to_the_first_project(page: Page, api: httpx.Client, artifacts: Path) -> None:
    assert api.post("/api/v1/workflows", json={"title": "Old poster"}).status_code == 201
    _clear(api)
    page.goto("/dashboard")
    # with every project in the trash, the dashboard says where they are
    expect(page.get_by_test_id("empty-state")).to_contain_text("in the Trash below, where")
    assert api.delete("/api/v1/trash").status_code == 200
    page.reload()  # a user with no project at all
    expect(page.get_by_test_id("empty-state")).to_contain_text("Your first project starts here")
    page.get_by_role("button", name="Create your first project").click()
    page.wait_for_url("**/editor?id=*")
    expect(page.get_by_test_id("editor")).to_be_visible()


def test_projects_are_listed_newest_first_and_can_be_deleted(page: Page, api: httpx.Client, artifacts: Path) -> None:
    _clear(api)
    first = new_project(page)
    second = new_project(page)
    page.goto("/dashboard")
    cards = page.get_by_test_id("workflow-card")
    expect(cards).to_have_count(2)
    assert cards.nth(0).get_attribute("data-workflow-id") == second
    assert cards.nth(1).get_attribute("data-workflow-id") == first
    page.screenshot(path=str(artifacts / "dashboard.png"), full_page=True)

    cards.nth(1).get_by_role("button", name="Delete").click()
    expect(cards).to_have_count(1)
    assert api.get(f"/api/v1/workflows/{first}").status_code == 404


def _choose_move_all_to_trash(page: Page) -> None:
    page.get_by_role("button", name="Actions on all projects").click()
    page.get_by_role("menuitem", name="Move all to trash…").click()


def test_move_all_to_trash_asks_first(page: Page, api: httpx.Client) -> None:
    _clear(api)
    new_project(page)
    new_project(page)
    page.goto("/dashboard")
    expect(page.get_by_test_id("workflow-card")).to_have_count(2)
    _choose_move_all_to_trash(page)
    page.get_by_role("button", name="Cancel").click()
    expect(page.get_by_test_id("workflow-card")).to_have_count(2)
    _choose_move_all_to_trash(page)
    page.get_by_role("button", name="Move all to trash").click()
    expect(page.get_by_test_id("empty-state")).to_be_visible()
    assert api.get("/api/v1/workflows").json()["items"] == []


def test_on_a_phone_the_list_menu_is_a_menu_away_from_the_search(
    page: Page, api: httpx.Client, artifacts: Path
) -> None:
    _clear(api)
    new_project(page)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/dashboard")
    expect(page.get_by_test_id("workflow-card")).to_have_count(1)
    expect(page.get_by_role("button", name=re.compile("clear", re.I))).to_have_count(0)
    search = drawn_box(page.get_by_test_id("project-search"))
    more = page.get_by_role("button", name="Actions on all projects")
    # with the list it acts on, below the page's header row of search and New Project
    assert drawn_box(more)["y"] > search["y"] + search["height"]

    more.focus()
    page.keyboard.press("Enter")
    menu = page.get_by_role("menu", name="Actions on all projects")
    item = menu.get_by_role("menuitem", name="Move all to trash…")
    expect(item).to_be_focused()
    page.keyboard.press("ArrowUp")
    expect(item).to_be_focused()
    page.screenshot(path=str(artifacts / "dashboard-phone-list-menu.png"), animations="disabled")
    page.keyboard.press("Escape")
    expect(menu).to_have_count(0)
    expect(more).to_be_focused()
    expect(page.get_by_test_id("workflow-card")).to_have_count(1)


def test_a_link_to_a_project_that_is_not_there_says_so_in_words_and_leads_back(page: Page, console: ConsoleLog) -> None:
    alert = page.get_by_role("alert")
    for link in (f"/editor?id={'0' * 32}", "/editor?id=0000cut-short"):
        page.goto(link)
        expect(alert).to_contain_text("This project can't be opened")
        expect(alert).to_contain_text("does not exist (any more), or it is not shared with you")
        expect(alert).not_to_contain_text("/api/")  # the API's words for scripts are not shown to a person
        expect(alert).not_to_contain_text("hexadecimal")
    alert.get_by_role("link", name="Back to your projects").click()
    expect(page.get_by_test_id("dashboard")).to_be_visible()
    console.errors[:] = [
        error for error in console.errors if not EXPECTED_REFUSAL.search(error) and "status of 422" not in error
    ]
