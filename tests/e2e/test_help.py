"""Help in a real browser: a question typed into the Help page is answered from the user guide and the node docs,
with links to the sections it drew on, which open on /docs, and is still listed after a reload; a blank question is
refused in words. In a studio with accounts, a question the docs do not answer waits for a person; the team's reply
(posted through the API by an admin) shows in the asker's thread, marked new, and the asker writes back and closes
it."""

from __future__ import annotations

import re
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import ROOT, ConsoleLog, open_page, studio_env

PASSWORD = "correct horse battery"
NONSENSE = "xyzzy plugh qwertyuiop"  # nothing in the docs matches it
REPLY = "Press Share in the top bar, then add your colleague's email as an editor."


def test_a_question_is_answered_from_the_docs_and_kept(page: Page, artifacts: Path) -> None:
    page.goto("/dashboard")
    page.get_by_role("link", name="Help").click()
    page.wait_for_url("**/help")
    page.get_by_role("button", name="Ask").click()
    expect(page.get_by_role("alert")).to_have_text("Write your question first.")

    page.get_by_test_id("help-question").fill("How do I remove the background of a photo?")
    page.get_by_role("button", name="Ask").click()
    ticket = page.get_by_test_id("help-ticket").first
    expect(ticket).to_have_attribute("data-status", "answered")
    expect(ticket.get_by_test_id("help-answer")).to_contain_text("Remove Background")
    page.screenshot(path=str(artifacts / "help.png"), full_page=True)

    page.get_by_test_id("help-question").fill("How do I cancel a run?")
    page.get_by_role("button", name="Ask").click()
    expect(page.get_by_test_id("help-ticket")).to_have_count(2)
    cancel = page.get_by_test_id("help-ticket").first
    expect(cancel.get_by_test_id("help-answer")).to_contain_text("press Cancel in the top bar")

    page.reload()
    expect(page.get_by_test_id("help-ticket").nth(1)).to_contain_text("How do I remove the background of a photo?")
    page.get_by_test_id("help-ticket").first.get_by_role("link", name="Running and cancelling").click()
    page.wait_for_url("**/docs#guide-running-and-cancelling")
    expect(page.locator("#guide-running-and-cancelling")).to_be_in_viewport()


@pytest.fixture
def asker_page(browser: Browser, accounts_server: str, console: ConsoleLog) -> Iterator[Page]:
    with open_page(browser, accounts_server, console) as opened:
        yield opened
        # Chromium reports the 401 of GET /auth/me before signing in
        console.errors[:] = [error for error in console.errors if not re.search(r"status of 401", error)]


def _admin_client(server: str, data_dir: Path) -> httpx.Client:
    """An admin made with `karate create-user --admin`, signed in through the API with its CSRF token."""
    email = f"root-{uuid.uuid4().hex[:8]}@example.com"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "karate",
            "create-user",
            email,
            "--admin",
            "--password-stdin",
            "--data-dir",
            str(data_dir),
        ],
        input=PASSWORD + "\n",
        text=True,
        check=True,
        cwd=ROOT,
        env=studio_env(),
        capture_output=True,
    )
    client = httpx.Client(base_url=server, timeout=10)
    signed_in = client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    assert signed_in.status_code == 200, signed_in.text
    client.headers["x-csrf-token"] = signed_in.json()["csrf_token"]
    return client


def test_the_teams_reply_shows_in_the_askers_thread_and_the_asker_writes_back_and_closes_it(
    asker_page: Page, accounts_server: str, accounts_data: Path, artifacts: Path
) -> None:
    page, email = asker_page, f"ada-{uuid.uuid4().hex[:8]}@example.com"
    signed_up = httpx.post(
        f"{accounts_server}/api/v1/auth/signup", json={"email": email, "password": PASSWORD, "name": "Ada"}, timeout=10
    )
    assert signed_up.status_code == 201
    page.goto("/signin")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/dashboard")

    page.goto("/help")
    page.get_by_test_id("help-question").fill(NONSENSE)
    page.get_by_role("button", name="Ask").click()
    ticket = page.get_by_test_id("help-ticket").first
    expect(ticket).to_have_attribute("data-status", "open")
    expect(ticket).to_contain_text("waiting for a person")
    ticket_id = (ticket.get_attribute("id") or "").removeprefix("ticket-")

    admin = _admin_client(accounts_server, accounts_data)
    try:
        answered = admin.post(f"/api/v1/agents/support/{ticket_id}/replies", json={"text": REPLY})
    finally:
        admin.close()
    assert answered.status_code == 201, answered.text

    page.reload()
    expect(ticket).to_have_attribute("data-status", "answered")
    reply = ticket.get_by_test_id("help-reply")
    expect(reply).to_contain_text("The studio's team")
    expect(reply).to_contain_text(REPLY)
    expect(ticket.get_by_test_id("help-unread")).to_have_text("New reply")
    page.screenshot(path=str(artifacts / "help-reply.png"), full_page=True)

    ticket.get_by_role("button", name="Reply").click()
    ticket.get_by_label("Your reply").fill("Thank you, that worked.")
    ticket.get_by_role("button", name="Send reply").click()
    expect(ticket.get_by_test_id("help-reply")).to_have_count(2)
    expect(ticket.get_by_test_id("help-reply").nth(1)).to_contain_text("You")
    expect(ticket).to_have_attribute("data-status", "open")
    ticket.get_by_role("button", name="Close question").click()
    expect(ticket).to_have_attribute("data-status", "closed")
    expect(ticket).to_contain_text("Closed: nobody replies to it any more")

    page.reload()  # seen: no longer new, and still closed
    expect(ticket).to_have_attribute("data-status", "closed")
    expect(ticket.get_by_test_id("help-reply")).to_have_count(2)
    expect(ticket.get_by_test_id("help-unread")).to_have_count(0)
