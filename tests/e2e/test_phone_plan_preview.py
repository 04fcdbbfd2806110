"""The AI dock's preview on a phone (390 × 844, touch): the nodes a plan proposes are shown by the rule a project
opens by, the first of them whole and readable, right of the zoom buttons and above the dock, not the whole plan
fitted too small to read; a desktop still shows the whole plan."""

from __future__ import annotations

from pathlib import Path

import httpx
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import ConsoleLog, open_page
from tests.e2e.studio import create_project, node

# Whether the ghost node planned as `type` is drawn whole and readable (no smaller than PHONE_MIN_ZOOM) in the
# canvas's free part: right of the zoom buttons, left of the screen's edge, above the AI dock; `readable` false: whole
# in the canvas above the dock at any size.
GHOST_SHOWN = """([type, readable]) => {
    const ghost = document.querySelector(`[data-testid=ghost-node][data-node-type="${type}"]`);
    const box = ghost?.closest(".react-flow__node")?.getBoundingClientRect();
    const pane = document.querySelector(".react-flow").getBoundingClientRect();
    const controls = document.querySelector(".react-flow__controls").getBoundingClientRect();
    const dock = document.querySelector("[data-testid=ai-dock]").getBoundingClientRect();
    if (!box || box.top < pane.top || box.bottom > dock.top || box.right > pane.right) return false;
    return readable ? box.width >= 0.75 * 256 - 1 && box.left >= controls.right : box.left >= pane.left;
}"""


def _preview_a_plan(page: Page, api: httpx.Client, title: str) -> None:
    """Open a project of one image and ask the AI dock for Blur → Invert → Save Image after it."""
    image = {"id": "image-1", "type": "input.image", "params": {}, "position": {"x": 0, "y": 0}}
    page.goto(f"/editor?id={create_project(api, title, [image], [])}")
    expect(node(page, "image-1")).to_be_visible()
    field = page.get_by_label("Instruction for the AI")
    field.fill("blur it, invert it and save it as a jpg")
    field.press("Enter")
    expect(page.get_by_test_id("plan-summary")).to_have_text("Blur → Invert → Save Image")
    expect(page.get_by_test_id("ghost-node")).to_have_count(3)


def test_a_plan_previewed_on_a_phone_shows_its_first_new_node_readable(
    browser: Browser, server: str, api: httpx.Client, console: ConsoleLog, artifacts: Path
) -> None:
    with open_page(browser, server, console, phone=True) as page:
        _preview_a_plan(page, api, "Previewed on a phone")
        # before: the image and its three ghosts fitted whole, each drawn about 60 px wide, their words unreadable
        page.wait_for_function(GHOST_SHOWN, arg=["tool.blur", True])
        page.screenshot(path=str(artifacts / "phone-plan-previewed.png"))


def test_a_plan_previewed_on_a_desktop_shows_the_whole_plan(page: Page, api: httpx.Client, artifacts: Path) -> None:
    _preview_a_plan(page, api, "Previewed on a desktop")
    for kind in ("tool.blur", "tool.invert", "output.save"):
        page.wait_for_function(GHOST_SHOWN, arg=[kind, False])
    page.screenshot(path=str(artifacts / "desktop-plan-previewed.png"))
