"""Landing and docs pages load without console errors; the docs list every node type; the theme is remembered."""

from __future__ import annotations

import httpx
from playwright.sync_api import Page, expect


def test_landing_leads_to_the_dashboard(page: Page) -> None:
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Karate AI")
    page.get_by_role("link", name="Open the studio").click()
    expect(page.get_by_test_id("dashboard")).to_be_visible()


def test_docs_describe_every_node_type_from_the_registry(page: Page, api: httpx.Client) -> None:
    count = len(api.get("/api/v1/nodes").json()["nodes"])
    page.goto("/docs")
    expect(page.get_by_test_id("node-doc")).to_have_count(count)
    expect(page.locator("[id='tool.blur']")).to_contain_text("Radius")


def test_docs_open_with_the_user_guide_the_support_agent_answers_from(page: Page, api: httpx.Client) -> None:
    sections = api.get("/api/v1/help/guide").json()["sections"]
    page.goto("/docs#guide-running-and-cancelling")
    shown = page.get_by_test_id("guide-section")
    expect(shown).to_have_count(len(sections))
    running = page.locator("#guide-running-and-cancelling")
    expect(running).to_contain_text("press Cancel in the top bar")
    expect(running).to_be_in_viewport()  # a link to a section lands on it


def test_theme_choice_is_remembered(page: Page) -> None:
    page.goto("/")
    dark_before = page.evaluate("document.documentElement.classList.contains('dark')")
    page.get_by_test_id("theme-toggle").click()
    page.reload()
    assert page.evaluate("document.documentElement.classList.contains('dark')") is (not dark_before)
