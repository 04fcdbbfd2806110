"""Help in a real browser: a question typed into the Help page is answered from the user guide and the node docs,
with links to the sections it drew on, which open on /docs, and is still listed after a reload; a blank question is
refused in words."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect


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
