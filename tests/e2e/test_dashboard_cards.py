"""The dashboard's cards and the account link of a local studio, in a real browser: a project never run shows the
picture given to it, and /account on a studio without accounts says so instead of showing the projects."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
from PIL import Image
from playwright.sync_api import Page, expect

from tests.e2e.studio import create_project, upload_picture


def test_a_never_run_project_shows_its_picture_on_its_card(page: Page, api: httpx.Client, artifacts: Path) -> None:
    photo = upload_picture(api, Image.new("RGB", (320, 200), (30, 120, 220)))
    node = {"id": "image-1", "type": "input.image", "params": {"asset_id": photo["id"]}, "position": {"x": 0, "y": 0}}
    workflow_id = create_project(api, "Dropped photo", [node], [])
    page.goto("/dashboard")
    card = page.locator(f"[data-testid=workflow-card][data-workflow-id='{workflow_id}']")
    thumbnail = card.get_by_test_id("workflow-thumbnail")
    expect(thumbnail).to_be_visible()
    expect(thumbnail).to_have_attribute("src", re.compile(rf"^/api/v1/assets/{photo['id']}/content\?"))
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=thumbnail.element_handle())
    card.screenshot(path=str(artifacts / "dashboard-card-never-run.png"))


def test_the_account_page_of_a_local_studio_says_it_has_no_accounts(page: Page) -> None:
    page.goto("/account")
    expect(page.get_by_role("heading", name="No accounts on this studio")).to_be_visible()
    assert page.url.endswith("/account")  # not sent on to the projects
    expect(page.get_by_test_id("provider-keys")).to_contain_text("REPLICATE_API_TOKEN")
    expect(page.get_by_test_id("export-data")).to_have_attribute("href", "/api/v1/me/export")
