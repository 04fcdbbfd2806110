"""Accounts mode in a real browser, work and access that end under an open project: edits made offline as the
sign-in expires go into the same project after signing in again (the page's own saves meanwhile do not count as
someone else's), or, when the project was changed elsewhere meanwhile, into a new project that says so and leads back
to the first; a member taken off a share is told what happened and what to do, with a way to the dashboard."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import ConsoleLog, open_page
from tests.e2e.studio import EDITOR_URL, drag_from_palette, new_project, wait_saved, wait_stored
from tests.e2e.test_accounts import EXPECTED_REFUSAL, PASSWORD, _email, _sign_in, _sign_up

OFFLINE_FETCH = "net::ERR_INTERNET_DISCONNECTED"  # Chromium logs each request it refuses while offline


@pytest.fixture
def page(browser: Browser, accounts_server: str, console: ConsoleLog) -> Iterator[Page]:
    with open_page(browser, accounts_server, console) as opened:
        yield opened
        console.errors[:] = [
            error for error in console.errors if not EXPECTED_REFUSAL.search(error) and OFFLINE_FETCH not in error
        ]


def test_edits_made_offline_as_the_sign_in_expires_go_into_the_same_project_after_its_own_saves(
    page: Page, accounts_server: str
) -> None:
    page.goto("/signup")
    email = _sign_up(page)
    workflow_id = new_project(page)
    expect(page.get_by_test_id("connection-status")).to_have_attribute("data-state", "live")
    drag_from_palette(page, "input.prompt", 300, 200)  # saved: the project moves on from the version it opened at
    wait_saved(page)
    wait_stored(page, workflow_id, "(document) => document.nodes.length === 1")

    page.context.set_offline(True)
    expect(page.get_by_test_id("offline-banner")).to_be_visible()
    drag_from_palette(page, "tool.blur", 600, 300)  # made offline: only this page has it
    expect(page.locator(".react-flow__node")).to_have_count(2)
    page.context.clear_cookies()  # the sign-in ends meanwhile (as when it expires)
    page.context.set_offline(False)  # the link comes back, finds the sign-in gone, and the page asks to sign in
    page.wait_for_url("**/signin?next=*")
    expect(page.get_by_role("status")).to_contain_text("your unsaved changes are kept")
    _sign_in(page, email)
    page.wait_for_url(f"**/editor?id={workflow_id}")  # the same project, not a recovered copy
    expect(page.locator(".react-flow__node")).to_have_count(2)
    wait_stored(page, workflow_id, "(document) => document.nodes.length === 2")
    titles = page.evaluate("() => fetch('/api/v1/workflows?limit=50').then((r) => r.json())")
    assert [item["title"] for item in titles["items"] if "(recovered)" in item["title"]] == []


def test_edits_kept_as_the_sign_in_expires_go_to_a_new_project_said_so_when_someone_else_changed_it(
    page: Page, accounts_server: str, artifacts: Path
) -> None:
    page.goto("/signup")
    email = _sign_up(page)
    workflow_id = new_project(page)
    expect(page.get_by_test_id("connection-status")).to_have_attribute("data-state", "live")
    drag_from_palette(page, "input.prompt", 300, 200)
    wait_saved(page)
    wait_stored(page, workflow_id, "(document) => document.nodes.length === 1")
    page.context.set_offline(True)
    expect(page.get_by_test_id("offline-banner")).to_be_visible()
    drag_from_palette(page, "tool.blur", 600, 300)  # made offline
    # meanwhile the project changes elsewhere (another window of this account, signed in apart)
    elsewhere = httpx.Client(base_url=accounts_server, timeout=10)
    signed_in = elsewhere.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    elsewhere.headers["x-csrf-token"] = signed_in.json()["csrf_token"]
    stored = elsewhere.get(f"/api/v1/workflows/{workflow_id}").json()
    changed = {
        **stored["document"],
        "nodes": [{**n, "params": {"text": "from elsewhere"}} for n in stored["document"]["nodes"]],
    }
    assert elsewhere.patch(f"/api/v1/workflows/{workflow_id}", json={"document": changed}).status_code == 200
    page.context.clear_cookies()
    page.context.set_offline(False)
    page.wait_for_url("**/signin?next=*")
    _sign_in(page, email)
    page.wait_for_url(EDITOR_URL)
    assert workflow_id not in page.url  # a new project
    notice = page.get_by_test_id("notice")
    expect(notice).to_contain_text('saved here, in a new project: "Untitled project" was changed elsewhere')
    page.screenshot(path=str(artifacts / "draft-recovered.png"))
    notice.get_by_role("button", name=re.compile(r"^Open ")).click()
    page.wait_for_url(f"**/editor?id={workflow_id}")
    expect(page.locator(".react-flow__node textarea")).to_have_value("from elsewhere")  # the other change, kept


def test_a_member_taken_off_a_share_is_told_what_happened_and_what_to_do(
    page: Page, accounts_server: str, artifacts: Path
) -> None:
    owner = httpx.Client(base_url=accounts_server, timeout=10)
    signed_up = owner.post("/api/v1/auth/signup", json={"email": _email(), "password": PASSWORD, "name": "Grace"})
    assert signed_up.status_code == 201, signed_up.text
    owner.headers["x-csrf-token"] = signed_up.json()["csrf_token"]
    made = owner.post(
        "/api/v1/workflows", json={"title": "Moodboard", "document": {"schema_version": 1, "nodes": [], "edges": []}}
    )
    assert made.status_code == 201, made.text
    workflow_id = made.json()["id"]
    page.goto("/signup")
    email = _sign_up(page)
    shared = owner.post(f"/api/v1/workflows/{workflow_id}/shares", json={"email": email, "role": "editor"})
    assert shared.status_code == 201, shared.text

    page.goto(f"/editor?id={workflow_id}")
    expect(page.get_by_test_id("connection-status")).to_have_attribute("data-state", "live")
    drag_from_palette(page, "input.prompt", 300, 200)
    wait_saved(page)
    revoked = owner.delete(f"/api/v1/workflows/{workflow_id}/shares/{shared.json()['user_id']}")
    assert revoked.status_code == 204, revoked.text

    banner = page.get_by_test_id("offline-banner")
    expect(banner).to_contain_text("Its owner stopped sharing this project with you")
    expect(banner).to_contain_text(re.compile(r"Your edits up to \d"))
    expect(banner).to_contain_text("ask its owner to share it with you again")
    expect(page.get_by_test_id("save-state")).to_have_count(0)  # no red "Not saving" with nothing to do about it
    page.screenshot(path=str(artifacts / "access-removed.png"))
    banner.get_by_role("link", name="Go to your projects").click()
    page.wait_for_url("**/dashboard")
