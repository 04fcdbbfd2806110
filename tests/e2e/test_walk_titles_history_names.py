"""A new user's walk, three things told apart: a copy's card keeps its "(copy)" in sight when its title is cut (the
whole title on hover); a run in which nothing reached Save Image reads "Nothing saved", not "Completed"; and an
earlier result downloads under the name it was made with, not after a Filename typed since that the node refuses."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx
from PIL import Image
from playwright.sync_api import Locator, Page, expect

from tests.e2e.studio import create_project, drawn_box, node, upload_picture

TITLE = "Spring campaign – hero shot"
REFUSED = 'poster: "final"/v2*?<>|'
SAVED_AS = "Spring campaign - Save Image.png"  # the project's and the node's names: the Filename was blank
FINISHED = re.compile(r"^(completed|cached)$")


def _card(page: Page, title: str) -> Locator:
    """The dashboard card whose title is `title`, exactly."""
    return page.get_by_test_id("workflow-card").filter(has=page.get_by_role("link", name=title, exact=True))


def _photo(api: httpx.Client) -> str:
    return str(upload_picture(api, Image.new("RGB", (64, 48), (200, 90, 40)))["id"])


def _at(node_id: str, node_type: str, x: float, params: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"id": node_id, "type": node_type, "params": params or {}, "position": {"x": x, "y": 0}}


def test_a_copys_card_keeps_its_copy_ending_in_sight_and_says_the_whole_title_on_hover(
    page: Page, api: httpx.Client, artifacts: Path
) -> None:
    create_project(api, TITLE, [], [])
    page.goto("/dashboard")
    original = _card(page, TITLE)
    original.get_by_role("button", name=f"Duplicate {TITLE}").click()
    copy = _card(page, f"{TITLE} (copy)")
    expect(copy).to_be_visible()
    page.screenshot(path=str(artifacts / "walk-copy-card.png"))

    title = copy.get_by_role("link", name=f"{TITLE} (copy)", exact=True)
    expect(title).to_have_attribute("title", f"{TITLE} (copy)")
    expect(original.get_by_role("link", name=TITLE, exact=True)).to_have_attribute("title", TITLE)
    # the title does not fit its card: its base is cut, and "(copy)" shows whole, inside the card's title
    base = copy.get_by_test_id("card-title").locator("span").first
    assert base.evaluate("span => span.scrollWidth > span.clientWidth"), "the title fits: nothing to check"
    ending = copy.get_by_test_id("card-title-ending")
    expect(ending).to_have_text(" (copy)")
    expect(ending).to_be_visible()
    assert ending.evaluate("span => span.scrollWidth <= span.clientWidth")
    drawn, around = drawn_box(ending), drawn_box(copy.get_by_test_id("card-title"))
    assert drawn["x"] + drawn["width"] <= around["x"] + around["width"] + 0.5


def test_a_run_that_saved_nothing_says_so_in_the_history(page: Page, api: httpx.Client, artifacts: Path) -> None:
    # Blur's input is not connected: Blur and the Save after it do not run, so no file is saved
    nodes = [
        _at("photo", "input.image", 0, {"asset_id": _photo(api)}),
        _at("blur", "tool.blur", 320),
        _at("save", "output.save", 640),
    ]
    page.goto(f"/editor?id={create_project(api, 'Unconnected', nodes, [('blur', 'save')])}")
    expect(node(page, "save")).to_be_attached()
    page.get_by_test_id("run").click()
    expect(page.get_by_test_id("run-phase")).to_have_attribute("data-phase", re.compile("^(completed|idle)$"))
    page.get_by_test_id("toggle-history").click()
    run = page.get_by_test_id("history-item").first
    expect(run).to_have_attribute("data-status", "completed")  # the server's status, as it said
    expect(run.get_by_test_id("history-status")).to_have_text("Nothing saved")
    expect(run.get_by_test_id("history-not-run")).to_have_text("2 not run")
    page.screenshot(path=str(artifacts / "walk-history-nothing-saved.png"))


def test_an_earlier_result_downloads_under_the_name_it_was_made_with(
    page: Page, api: httpx.Client, artifacts: Path
) -> None:
    nodes = [_at("photo", "input.image", 0, {"asset_id": _photo(api)}), _at("save", "output.save", 360)]
    page.goto(f"/editor?id={create_project(api, 'Spring campaign', nodes, [('photo', 'save')])}")
    save = node(page, "save")
    expect(save).to_be_attached()
    page.get_by_test_id("run").click()
    expect(save.get_by_test_id("node-status")).to_have_attribute("data-status", FINISHED)

    save.get_by_label("Filename").fill(REFUSED)
    page.get_by_test_id("run").click(force=True)
    # the run refuses the name in words; the file saved before stays, marked as an earlier run's
    expect(save.get_by_test_id("result-frame")).to_contain_text("Earlier result")
    expect(page.get_by_test_id("run-phase")).not_to_have_attribute("data-phase", re.compile("^(running|starting)$"))
    page.screenshot(path=str(artifacts / "walk-refused-filename.png"))
    link = save.get_by_role("link", name=re.compile("^Download"))
    expect(link).to_have_attribute("aria-label", f"Download {SAVED_AS}")
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == SAVED_AS
