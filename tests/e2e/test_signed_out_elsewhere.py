"""Accounts mode in a real browser: signing out in one tab ends the project open in another tab of the same browser
at once (the studio closes its live link), saying why, before any further edit of it can reach the project; signing
in again brings the person back to the project as they left it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import ConsoleLog, open_page
from tests.e2e.studio import drag_from_palette, new_project, wait_stored
from tests.e2e.test_accounts import EXPECTED_REFUSAL, _sign_in, _sign_up


@pytest.fixture
def page(browser: Browser, accounts_server: str, console: ConsoleLog) -> Iterator[Page]:
    with open_page(browser, accounts_server, console) as opened:
        yield opened
        console.errors[:] = [error for error in console.errors if not EXPECTED_REFUSAL.search(error)]


def test_signing_out_in_another_tab_ends_the_open_project_at_once(page: Page) -> None:
    page.goto("/signup")
    email = _sign_up(page)
    workflow_id = new_project(page)
    expect(page.get_by_test_id("connection-status")).to_have_attribute("data-state", "live")
    drag_from_palette(page, "input.prompt", 300, 200)
    wait_stored(page, workflow_id, "(document) => document.nodes.length === 1")

    other_tab = page.context.new_page()
    other_tab.goto("/dashboard")
    other_tab.get_by_test_id("account-menu").click()
    other_tab.get_by_test_id("sign-out").click()
    other_tab.wait_for_url("**/signin")

    # the editor's tab is told by the studio itself, without touching anything
    page.wait_for_url("**/signin?next=*")
    expect(page.get_by_role("status")).to_contain_text("You were signed out")
    _sign_in(page, email)
    page.wait_for_url(f"**/editor?id={workflow_id}")
    expect(page.get_by_test_id("connection-status")).to_have_attribute("data-state", "live")
    expect(page.locator(".react-flow__node")).to_have_count(1)
    other_tab.close()
