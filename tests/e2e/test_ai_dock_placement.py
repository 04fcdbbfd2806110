"""The AI dock on a small laptop (1024 x 700) and a tablet (820 x 1180): it stands over the canvas, centred there, never
over the node palette beside it (it hid the palette's last entries); with the Results panel open it keeps clear of the
panel, narrower where it must be, and the minimap stays in sight below the panel (the dock, spanning it, had lifted it
under the panel)."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page, ViewportSize, expect

from tests.e2e.studio import create_project, drawn_box, node, overlap

SCREENS: dict[str, ViewportSize] = {"laptop": {"width": 1024, "height": 700}, "tablet": {"width": 820, "height": 1180}}
#: Whether an element and what is in it have ended their animations (a panel fades in rising 4 px).
SETTLED = "(element) => element.getAnimations({ subtree: true }).every((a) => a.playState === 'finished')"
#: Whether the dock, the panel and the minimap keep clear of one another, as drawn now.
APART = """(panel) => {
    const box = (selector) => document.querySelector(selector).getBoundingClientRect();
    const [dock, side, map] = ["[data-testid=ai-dock]", panel, ".react-flow__minimap"].map(box);
    const overlap = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    return !overlap(dock, side) && !overlap(dock, map) && !overlap(side, map);
}"""


def _open(page: Page, api: httpx.Client, screen: str) -> None:
    page.set_viewport_size(SCREENS[screen])
    image = {"id": "image-1", "type": "input.image", "params": {}, "position": {"x": 0, "y": 0}}
    adjust = {"id": "adjust-1", "type": "tool.adjust", "params": {}, "position": {"x": 360, "y": 0}}
    page.goto(f"/editor?id={create_project(api, f'Dock on a {screen}', [image, adjust], [])}")
    expect(node(page, "image-1")).to_be_visible()


@pytest.mark.parametrize("screen", SCREENS)
def test_the_ai_dock_stands_over_the_canvas_centred_clear_of_the_palette(
    page: Page, api: httpx.Client, artifacts: Path, screen: str
) -> None:
    _open(page, api, screen)
    dock, palette, canvas = (drawn_box(page.get_by_test_id(name)) for name in ("ai-dock", "palette", "canvas"))
    page.screenshot(path=str(artifacts / f"ai_dock_{screen}.png"))
    assert not overlap(dock, palette), f"the AI dock {dock} covers the palette {palette}"
    assert dock["x"] >= canvas["x"] and dock["x"] + dock["width"] <= canvas["x"] + canvas["width"]
    middle = canvas["x"] + canvas["width"] / 2
    assert abs(dock["x"] + dock["width"] / 2 - middle) <= 1, "the AI dock is not centred over the canvas"
    # the palette's last entry, scrolled to, is not under anything
    last = page.get_by_test_id("palette-item").last
    last.scroll_into_view_if_needed()
    box = drawn_box(last)
    hit = page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y)?.closest('[data-testid=palette]') !== null",
        [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
    )
    assert hit, "the palette's last entry is covered"


def _open_panel(page: Page, panel: str) -> None:
    """Results (its key, G), or the settings of the Adjust node (its menu): long enough to reach down to the minimap."""
    if panel == "gallery":
        page.keyboard.press("g")
    else:
        node(page, "adjust-1").click(button="right")
        page.get_by_role("menuitem", name="Settings").click()


@pytest.mark.parametrize("panel", ["gallery", "settings-panel"])
@pytest.mark.parametrize("screen", SCREENS)
def test_with_a_side_panel_open_the_dock_and_the_minimap_keep_clear_of_it(
    page: Page, api: httpx.Client, artifacts: Path, screen: str, panel: str
) -> None:
    _open(page, api, screen)
    _open_panel(page, panel)
    opened = page.get_by_test_id(panel)
    expect(opened).to_be_visible()
    page.wait_for_function(SETTLED, arg=opened.element_handle())
    minimap = page.locator(".react-flow__minimap")
    expect(minimap).to_be_visible()
    page.wait_for_function(APART, arg=f"[data-testid={panel}]", timeout=5_000)
    page.screenshot(path=str(artifacts / f"ai_dock_{screen}_{panel}.png"))
    dock, palette, canvas, map_box = (
        drawn_box(locator)
        for locator in (
            page.get_by_test_id("ai-dock"),
            page.get_by_test_id("palette"),
            page.get_by_test_id("canvas"),
            minimap,
        )
    )
    assert not overlap(dock, palette)
    assert dock["x"] >= canvas["x"]
    # the dock does not span the minimap, so does not lift it: it stays in its corner, below where panels end
    assert dock["x"] + dock["width"] <= map_box["x"], f"the AI dock {dock} spans the minimap {map_box}"
    assert canvas["y"] + canvas["height"] - (map_box["y"] + map_box["height"]) <= 16
