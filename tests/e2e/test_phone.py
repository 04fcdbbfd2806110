"""The studio on a phone (375 px wide): the editor's node palette starts hidden behind a Nodes button and closes
once a node is added, with its ✕ or with Escape, while a desktop keeps it beside the canvas; the docs' contents open
from a Contents button; the editor's brand leads back to the user's projects."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.e2e.studio import new_project

PHONE = {"width": 375, "height": 812}


def _canvas_width(page: Page) -> float:
    box = page.get_by_test_id("canvas").bounding_box()
    assert box is not None
    return box["width"]


def test_the_palette_opens_over_a_phones_canvas_only_when_asked(page: Page, artifacts: Path) -> None:
    new_project(page)
    expect(page.get_by_test_id("palette")).to_be_visible()  # a desktop: beside the canvas, no button
    expect(page.get_by_test_id("open-palette")).to_be_hidden()

    page.set_viewport_size(PHONE)
    expect(page.get_by_test_id("palette")).to_be_hidden()
    assert _canvas_width(page) == PHONE["width"]  # the whole width is the canvas
    page.screenshot(path=str(artifacts / "phone-editor.png"))

    page.get_by_test_id("open-palette").click()
    expect(page.get_by_test_id("palette")).to_be_visible()
    expect(page.get_by_test_id("close-palette")).to_be_focused()
    page.screenshot(path=str(artifacts / "phone-editor-palette.png"))
    page.locator("[data-testid=palette-item][data-node-type='tool.blur']").click()
    expect(page.get_by_test_id("palette")).to_be_hidden()  # closed: the node added is in view
    expect(page.locator(".react-flow__node")).to_have_count(1)
    expect(page.locator(".react-flow__node")).to_be_in_viewport()

    page.get_by_test_id("open-palette").click()
    page.keyboard.press("Escape")
    expect(page.get_by_test_id("palette")).to_be_hidden()
    page.get_by_test_id("open-palette").click()
    page.get_by_test_id("close-palette").click()
    expect(page.get_by_test_id("palette")).to_be_hidden()
    expect(page.get_by_test_id("open-palette")).to_be_focused()


def test_the_docs_contents_open_on_a_phone_and_lead_to_a_node(page: Page, artifacts: Path) -> None:
    page.set_viewport_size(PHONE)
    page.goto("/docs")
    expect(page.get_by_test_id("node-doc").first).to_be_attached()
    contents = page.get_by_role("navigation", name="Docs contents")
    expect(contents).to_be_hidden()
    page.get_by_test_id("docs-contents-toggle").click()
    expect(contents).to_be_visible()
    page.screenshot(path=str(artifacts / "phone-docs-contents.png"))
    contents.get_by_role("link", name="Blur", exact=True).click()
    expect(contents).to_be_hidden()
    expect(page.locator("[id='tool.blur'] h3")).to_be_in_viewport()
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]
    # still at hand far down the page
    expect(page.get_by_test_id("docs-contents-toggle")).to_be_in_viewport()


def test_the_editors_brand_leads_to_the_users_projects(page: Page) -> None:
    new_project(page)
    page.set_viewport_size(PHONE)
    page.get_by_role("link", name="Karate AI – Design Studio: Your projects").first.click()
    expect(page.get_by_test_id("dashboard")).to_be_visible()
    assert page.url.endswith("/dashboard")
