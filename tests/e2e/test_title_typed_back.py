"""The project's title typed and typed back as it was (a letter added, then deleted) is not unsaved: left with Enter,
Tab or Escape, the top bar says "Saved" (it said "Unsaved title" for good), and leaving the page asks nothing."""

from __future__ import annotations

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.e2e.studio import create_project, wait_saved

#: Whether leaving the page now would ask first (the editor's beforeunload handler).
LEAVING_ASKS = """() => {
    const leaving = new Event("beforeunload", { cancelable: true });
    window.dispatchEvent(leaving);
    return leaving.defaultPrevented;
}"""


@pytest.mark.parametrize("key", ["Enter", "Tab", "Escape"])
def test_a_title_typed_back_as_it_was_is_saved(page: Page, api: httpx.Client, key: str) -> None:
    workflow_id = create_project(api, "Mood board", [], [])
    page.goto(f"/editor?id={workflow_id}")
    wait_saved(page)
    title = page.get_by_label("Project title")
    title.click()
    title.press("End")
    title.press("x")
    expect(page.get_by_test_id("save-state")).to_have_attribute("data-state", "dirty")
    title.press("Backspace")
    title.press(key)
    expect(title).to_have_value("Mood board")
    wait_saved(page)
    expect(page.get_by_test_id("connection-status")).to_have_text("Saved")
    assert page.evaluate(LEAVING_ASKS) is False
    assert api.get(f"/api/v1/workflows/{workflow_id}").json()["title"] == "Mood board"
