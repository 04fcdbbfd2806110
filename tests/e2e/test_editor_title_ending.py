"""The editor's title in a real browser: a long-titled copy's title uses the bar's free room and, where it is still
cut, keeps the ending that tells the copy from its original (" (copy 2)") in sight, the whole title on hover; it is
renamed in place as before; on a phone nothing in the bar overlaps."""

from __future__ import annotations

from pathlib import Path

import httpx
from playwright.sync_api import Locator, Page, expect

from tests.e2e.studio import create_project, drawn_box, overlap, wait_saved

SHOTS = Path("/tmp/shots-editor-title")
SHORTER = "Spring campaign 2026 – hero shot for the spring launch (copy 2)"
LONGER = (
    "Spring campaign 2026 – hero shot for the spring launch, retouched for print, the web and the shop windows of "
    "every store in the north (copy 2)"
)


def _open(page: Page, api: httpx.Client, title: str) -> None:
    page.goto(f"/editor?id={create_project(api, title, [], [])}")
    expect(page.get_by_label("Project title")).to_have_value(title)


def _cut(locator: Locator) -> bool:
    """Whether the text in `locator` is cut (wider than its box, past rounding to whole pixels)."""
    return bool(locator.evaluate("(el) => el.scrollWidth > el.clientWidth + 1"))


def _check_bar(page: Page, title: str, width: int) -> None:
    """The title shows its ending whole, inside its box and clear of the bar's buttons; its whole on hover."""
    display = page.get_by_test_id("title-display")
    expect(display).to_have_text(title)  # the words are all there: only the base may be cut, by the browser
    ending = display.get_by_test_id("card-title-ending")
    expect(ending).to_have_text(" (copy 2)")
    box, end = drawn_box(page.get_by_test_id("title-box")), drawn_box(ending)
    assert box["x"] <= end["x"] and end["x"] + end["width"] <= box["x"] + box["width"] + 0.5, (box, end)
    for button in (page.get_by_role("button", name="Undo"), page.get_by_test_id("run")):
        assert not overlap(box, drawn_box(button))
    assert page.evaluate("() => document.scrollingElement.scrollWidth") <= width
    field = page.get_by_label("Project title")
    expect(field).to_have_attribute("title", title)
    field.hover()
    hovered = page.evaluate("() => document.querySelector(':hover:not(:has(:hover))')?.getAttribute('title')")
    assert hovered == title  # the pointer over the title shows the whole of it


def test_a_long_copy_title_keeps_its_ending_in_sight(page: Page, api: httpx.Client) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width, height in ((1440, 900), (1280, 800)):
        page.set_viewport_size({"width": width, "height": height})
        _open(page, api, SHORTER)
        page.screenshot(path=str(SHOTS / f"title-{width}.png"))
        _check_bar(page, SHORTER, width)
        if width == 1440:  # the bar has room for it there: shown whole, not cut at 224 px as before
            assert not _cut(page.get_by_test_id("card-title").locator("span").first)

        _open(page, api, LONGER)
        page.screenshot(path=str(SHOTS / f"title-long-{width}.png"))
        _check_bar(page, LONGER, width)
        assert _cut(page.get_by_test_id("card-title").locator("span").first)  # too long for the bar: the base is cut


def test_the_title_is_renamed_in_place_and_saved(page: Page, api: httpx.Client) -> None:
    page.set_viewport_size({"width": 1280, "height": 800})
    workflow_id = create_project(api, LONGER, [], [])
    page.goto(f"/editor?id={workflow_id}")
    field = page.get_by_label("Project title")
    expect(page.get_by_test_id("title-display")).to_be_visible()
    field.click(position={"x": 20, "y": 10})  # a click on the title as shown (it lies over the field)
    expect(field).to_be_focused()
    expect(page.get_by_test_id("title-display")).to_have_count(0)  # typing, the field shows the whole title
    page.screenshot(path=str(SHOTS / "title-editing.png"))
    field.press("End")
    field.press_sequentially(" final")
    field.press("Enter")
    expect(page.get_by_test_id("title-display")).to_have_text(LONGER + " final")
    wait_saved(page)
    assert api.get(f"/api/v1/workflows/{workflow_id}").json()["title"] == LONGER + " final"


def test_on_a_phone_the_title_overlaps_nothing(page: Page, api: httpx.Client) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    _open(page, api, LONGER)
    box = drawn_box(page.get_by_test_id("title-box"))
    for other in (page.get_by_test_id("run"), page.get_by_test_id("toolbar-more")):
        assert not overlap(box, drawn_box(other))
    expect(page.get_by_test_id("title-display").get_by_test_id("card-title-ending")).to_be_visible()
    assert page.evaluate("() => document.scrollingElement.scrollWidth") <= 390
    page.screenshot(path=str(SHOTS / "title-390.png"))
