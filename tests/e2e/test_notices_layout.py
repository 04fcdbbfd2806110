"""A notice and the AI dock on a desktop (1440 x 900) and a phone (390 x 844): a refusal stands above the dock, however
tall the dock has grown (its "Applied:" line, a phone's second row of buttons), covering neither the dock's bar nor
its lines, nor the zoom controls lifted above the dock beside it (a phone's lowest was covered), nor a phone's map (too
little room beside it: above both); and the dock's field shows its placeholder whole while Dismiss takes room beside
it."""

from __future__ import annotations

from contextlib import suppress
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.e2e.conftest import ConsoleLog
from tests.e2e.studio import create_project, drawn_box, node, overlap

SIZES = {"desktop": {"width": 1440, "height": 900}, "phone": {"width": 390, "height": 844}}
#: Whether an element and what is in it have ended their animations (a notice fades in rising 4 px).
SETTLED = "(element) => element.getAnimations({ subtree: true }).every((a) => a.playState === 'finished')"
#: Whether an element's top is below `y`.
BELOW = "([element, y]) => element.getBoundingClientRect().top > y"


def _shows_placeholder_whole(field: Locator) -> bool:
    """Whether the field's placeholder fits it: typed in as its value, it would not scroll."""
    return bool(
        field.evaluate(
            """(input) => {
                const typed = input.value;
                input.value = input.placeholder;
                const fits = input.scrollWidth <= input.clientWidth;
                input.value = typed;
                return fits;
            }"""
        )
    )


@pytest.mark.parametrize("size", SIZES)
def test_a_refusal_stands_above_the_ai_dock_and_its_applied_line(
    page: Page, api: httpx.Client, artifacts: Path, console: ConsoleLog, size: str
) -> None:
    page.set_viewport_size(SIZES[size])
    image = {"id": "image-1", "type": "input.image", "params": {}, "position": {"x": 0, "y": 0}}
    page.goto(f"/editor?id={create_project(api, f'Notices on a {size}', [image], [])}")
    expect(node(page, "image-1")).to_be_visible()

    dock = page.get_by_test_id("ai-dock")
    field = dock.get_by_label("Instruction for the AI")
    expect(field).to_have_attribute(
        "placeholder",
        "Describe a workflow, e.g. “upload an image, blur it, invert and save”"
        if size == "desktop"
        else "Describe a workflow",
    )
    assert _shows_placeholder_whole(field)
    field.fill("blur it, invert it and save it as a jpg")
    field.press("Enter")
    expect(dock.get_by_test_id("plan-summary")).to_have_text("Blur → Invert → Save Image")
    dock.get_by_role("button", name="Apply").click()
    applied = dock.get_by_test_id("plan-applied")
    expect(applied).to_contain_text("Applied:")
    expect(field).to_have_value("")

    # Dismiss beside the empty field: its placeholder, in fewer words where need be, is shown whole
    expect(dock.get_by_role("button", name="Dismiss")).to_be_visible()
    assert _shows_placeholder_whole(field), field.get_attribute("placeholder")

    # a refusal (the upload has no picture): above the dock as tall as it now is, over neither its bar nor its lines
    page.get_by_test_id("run").click()
    notice = page.get_by_test_id("notice")
    expect(notice).to_contain_text("Upload an image into Image Upload first")
    # the browser logs the refused run itself; nothing else may be logged
    console.errors.remove("Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)")
    # measured where it stands, not while it fades in (rising 4 px)
    page.wait_for_function(SETTLED, arg=notice.element_handle())
    notice_box, dock_box = drawn_box(notice), drawn_box(dock)
    page.screenshot(path=str(artifacts / f"notice-above-ai-dock-{size}.png"))
    assert notice_box["y"] + notice_box["height"] <= dock_box["y"], (notice_box, dock_box)
    # just above the dock: clear of the zoom controls beside it, not lifted over the nodes above them
    assert dock_box["y"] - (notice_box["y"] + notice_box["height"]) <= 16, (notice_box, dock_box)
    controls = page.locator(".react-flow__controls")
    for line in (applied, dock.get_by_test_id("ai-dock-bar"), controls):
        assert not overlap(notice_box, drawn_box(line)), f"the notice {notice_box} covers {line}"
    assert notice_box["y"] >= 0 and notice_box["x"] >= 0
    assert notice_box["x"] + notice_box["width"] <= SIZES[size]["width"]

    # the "Applied:" line dismissed: the dock is its bar again, and the notice comes down with it
    dock.get_by_role("button", name="Dismiss").click()
    expect(applied).to_have_count(0)
    expect(notice).to_be_visible()
    with suppress(PlaywrightTimeoutError):  # the dock's new height reaches the notice a frame later
        page.wait_for_function(BELOW, arg=[notice.element_handle(), notice_box["y"]], timeout=5_000)
    lower = drawn_box(notice)
    assert lower["y"] > notice_box["y"]
    assert lower["y"] + lower["height"] <= drawn_box(dock)["y"]
    assert not overlap(lower, drawn_box(controls)), f"the notice {lower} covers the zoom controls"


def test_a_notice_on_a_phone_keeps_clear_of_the_map_shown_beside_it(
    page: Page, api: httpx.Client, artifacts: Path, console: ConsoleLog
) -> None:
    page.set_viewport_size(SIZES["phone"])
    image = {"id": "image-1", "type": "input.image", "params": {}, "position": {"x": 0, "y": 0}}
    page.goto(f"/editor?id={create_project(api, 'A notice beside the map', [image], [])}")
    expect(node(page, "image-1")).to_be_visible()
    page.get_by_test_id("run").click()
    notice = page.get_by_test_id("notice")
    expect(notice).to_contain_text("Upload an image into Image Upload first")
    console.errors.remove("Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)")

    # the map shown while the notice is: the notice makes room for it (it covered the map's left half); the room
    # between the map and the zoom controls too narrow to read in (a column ~190 px wide, words broken mid-word), it
    # stands above them both at a readable width
    page.get_by_test_id("map-toggle").click()
    minimap = page.locator(".react-flow__minimap")
    expect(minimap).to_be_visible()
    page.wait_for_function("""() => {
        const notice = document.querySelector("[data-testid=notice]")?.getBoundingClientRect();
        const panels = [".react-flow__minimap", ".react-flow__controls"].map(
            (selector) => document.querySelector(selector).getBoundingClientRect());
        return Boolean(notice) && panels.every((panel) => notice.bottom <= panel.top);
    }""")
    page.screenshot(path=str(artifacts / "notice-above-map-phone.png"))
    notice_box = drawn_box(notice)
    for panel in (minimap, page.locator(".react-flow__controls")):
        assert not overlap(notice_box, drawn_box(panel)), f"the notice {notice_box} covers {panel}"
    assert notice_box["width"] >= 280, notice_box  # a readable line, not a few letters to one
    assert notice_box["x"] >= 0 and notice_box["x"] + notice_box["width"] <= SIZES["phone"]["width"]
