"""Landing and docs pages load without console errors; the docs list every node type and never scroll sideways on
a phone; the theme is remembered."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page, expect

PHONE = {"width": 375, "height": 800}


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


@pytest.mark.parametrize("address", ["/docs", "/docs#model.recraft_v3"])
def test_docs_never_scroll_sideways_on_a_phone_wide_tables_scroll_in_place(
    page: Page, api: httpx.Client, artifacts: Path, address: str
) -> None:
    recraft = next(spec for spec in api.get("/api/v1/nodes").json()["nodes"] if spec["type"] == "model.recraft_v3")
    assert recraft["params_schema"]["properties"], "Recraft V3 has settings: its table is the wide one"
    page.set_viewport_size(PHONE)
    page.goto(address)
    article = page.locator("[id='model.recraft_v3']")
    expect(article.get_by_role("table")).to_be_visible()
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]
    # the table keeps its columns: wider than the phone, it scrolls inside its own box
    scroller = article.get_by_test_id("settings-table")
    assert scroller.evaluate("box => box.scrollWidth > box.clientWidth && getComputedStyle(box).overflowX === 'auto'")
    article.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / f"docs-phone{'-recraft' if '#' in address else ''}.png"))


def test_theme_choice_is_remembered(page: Page) -> None:
    page.goto("/")
    dark_before = page.evaluate("document.documentElement.classList.contains('dark')")
    page.get_by_test_id("theme-toggle").click()
    page.reload()
    assert page.evaluate("document.documentElement.classList.contains('dark')") is (not dark_before)
