"""Help in a real browser: a question typed into the Help page is answered from the docs, with links to the
sections it drew on, and is still listed after a reload; a blank question is refused in words."""

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

    page.reload()
    expect(page.get_by_test_id("help-ticket").first).to_contain_text("How do I remove the background of a photo?")
    ticket = page.get_by_test_id("help-ticket").first
    ticket.locator("a[href^='/docs#']").first.click()  # a node's entry in the docs
    page.wait_for_url("**/docs#*")
    expect(page.get_by_test_id("docs")).to_be_visible()
