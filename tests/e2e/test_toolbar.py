"""The editor's top bar in a real browser: a title typed the moment the editor opens (its live document still
connecting) is kept and saved; Escape closes the Results and History panels; on a phone the bar fits the screen."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
from playwright.sync_api import Page, WebSocketRoute, expect

from tests.e2e.studio import create_project, new_project, node, wait_saved

COLLAB = re.compile(r"/api/v1/collab/")
SHOTS = Path("/tmp/shots-toolbar")
WORDS = re.compile(r"[A-Za-z]{3,}( [A-Za-z']+)*")


class HeldLink:
    """The live document's connection with the server's messages held back until `release`: the editor stays
    "connecting" (its first sync has not come) for as long as the test needs."""

    def __init__(self) -> None:
        self.held: list[tuple[WebSocketRoute, str | bytes]] = []
        self.released = False

    def route(self, socket: WebSocketRoute) -> None:
        server = socket.connect_to_server()  # the page's messages go on to the server as they are

        def from_server(message: str | bytes) -> None:
            if self.released:
                socket.send(message)
            else:
                self.held.append((socket, message))

        server.on_message(from_server)

    def release(self) -> None:
        self.released = True
        for socket, message in self.held:
            socket.send(message)
        self.held.clear()


def test_a_title_typed_as_the_editor_opens_is_kept_and_saved(page: Page, api: httpx.Client) -> None:
    link = HeldLink()
    page.route_web_socket(COLLAB, link.route)
    workflow_id = new_project(page)
    expect(page.get_by_test_id("connection-status")).to_have_attribute("data-state", "connecting")
    title = page.get_by_label("Project title")
    title.fill("Holiday pictures")
    title.press("Enter")
    expect(title).to_have_value("Holiday pictures")  # before: put back to "Untitled project" at once

    link.release()
    expect(page.get_by_test_id("connection-status")).to_have_attribute("data-state", "live")
    wait_saved(page)
    assert api.get(f"/api/v1/workflows/{workflow_id}").json()["title"] == "Holiday pictures"
    page.reload()
    expect(page.get_by_label("Project title")).to_have_value("Holiday pictures")


def test_a_title_typed_just_before_going_back_to_the_dashboard_is_on_its_card(page: Page, api: httpx.Client) -> None:
    workflow_id = new_project(page)
    wait_saved(page)
    title = page.get_by_label("Project title")
    title.fill("Left at once")
    page.go_back()  # before the title's save was due
    page.wait_for_url("**/dashboard")
    expect(page.get_by_test_id("workflow-card").filter(has_text="Left at once")).to_have_count(1)
    assert api.get(f"/api/v1/workflows/{workflow_id}").json()["title"] == "Left at once"


def test_escape_closes_the_results_and_history_panels_but_not_from_the_title_field(page: Page) -> None:
    new_project(page)
    wait_saved(page)
    for toggle, panel in (("toggle-gallery", "gallery"), ("toggle-history", "history")):
        page.get_by_test_id(toggle).click()
        expect(page.get_by_test_id(panel)).to_be_visible()
        page.keyboard.press("Escape")
        expect(page.get_by_test_id(panel)).to_have_count(0)

    # Escape in the title field takes back what was typed there, and only that
    page.get_by_test_id("toggle-history").click()
    title = page.get_by_label("Project title")
    title.fill("Not wanted")
    title.press("Escape")
    expect(title).to_have_value("Untitled project")
    expect(page.get_by_test_id("history")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.get_by_test_id("history")).to_have_count(0)


def _scroll_width(page: Page) -> int:
    return int(page.evaluate("() => document.scrollingElement.scrollWidth"))


def test_the_top_bar_fits_a_phone_and_keeps_every_button_on_a_desktop(page: Page) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    new_project(page)
    wait_saved(page)
    page.get_by_label("Project title").fill("Blur, Invert, Upscale and 1 more step for the holiday pictures")
    page.get_by_label("Project title").press("Enter")

    page.set_viewport_size({"width": 1280, "height": 800})
    for testid in ("toggle-comments", "toggle-versions", "toggle-gallery", "toggle-history", "theme-toggle", "run"):
        expect(page.get_by_test_id(testid)).to_be_visible()
    expect(page.get_by_test_id("toolbar-more")).to_be_hidden()
    page.screenshot(path=str(SHOTS / "toolbar-1280.png"))
    assert _scroll_width(page) <= 1280

    page.set_viewport_size({"width": 375, "height": 800})
    expect(page.get_by_test_id("run")).to_be_visible()
    expect(page.get_by_test_id("toggle-history")).to_be_hidden()
    page.screenshot(path=str(SHOTS / "toolbar-375.png"))
    assert _scroll_width(page) <= 375
    bar = page.get_by_role("banner").bounding_box()
    assert bar is not None and bar["x"] + bar["width"] <= 375

    # the buttons that do not fit are in the More menu, which closes on choosing one and on Escape
    page.get_by_test_id("toolbar-more").click()
    expect(page.get_by_test_id("toggle-history")).to_be_visible()
    page.screenshot(path=str(SHOTS / "toolbar-375-more.png"))
    assert _scroll_width(page) <= 375
    page.get_by_test_id("toggle-history").click()
    expect(page.get_by_test_id("history")).to_be_visible()
    expect(page.get_by_test_id("toggle-gallery")).to_be_hidden()
    page.get_by_test_id("toolbar-more").click()
    expect(page.get_by_test_id("toggle-gallery")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.get_by_test_id("toggle-gallery")).to_be_hidden()
    expect(page.get_by_test_id("history")).to_be_visible()  # one Escape, one thing closed: the menu over it


def _focused_test_id(page: Page) -> str | None:
    return page.evaluate("() => document.activeElement?.getAttribute('data-testid') ?? null")  # type: ignore[no-any-return]


def test_more_on_a_phone_is_a_menu_of_the_keyboard_and_on_a_desktop_its_buttons_stay_in_the_bar(
    page: Page, api: httpx.Client, artifacts: Path
) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    image = {"id": "image-1", "type": "input.image", "params": {}, "position": {"x": 0, "y": 0}}
    page.goto(f"/editor?id={create_project(api, 'The More menu', [image], [])}")
    expect(node(page, "image-1")).to_be_visible()
    more = page.get_by_test_id("toolbar-more")

    # opened, it is a menu with the focus on its first item (before: a box of buttons, the focus left on ···)
    more.click()
    expect(page.get_by_test_id("toggle-history")).to_be_visible()
    page.screenshot(path=str(artifacts / "toolbar-more-menu-phone.png"))
    expect(more).to_have_attribute("aria-haspopup", "menu")
    menu = page.get_by_role("menu", name="More")
    expect(menu).to_be_visible()
    items = menu.locator('[role="menuitem"], [role="menuitemcheckbox"]')
    # every item named in words, and showing them beside its icon (before: "↶", "↷", "?" and a nameless theme switch)
    for item in items.all():
        expect(item).to_have_accessible_name(WORDS)
        assert WORDS.search(item.inner_text()), (
            f"{item.get_attribute('aria-label')} shows no words: {item.inner_text()!r}"
        )
    names = [item.get_attribute("data-testid") for item in items.all() if item.is_enabled()]
    assert "toggle-history" in names and "theme-toggle" in names, names
    page.wait_for_function("(id) => document.activeElement?.getAttribute('data-testid') === id", arg=names[0])

    # the arrows move round its items, Home and End go to its ends
    page.keyboard.press("ArrowDown")
    assert _focused_test_id(page) == names[1]
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert _focused_test_id(page) == names[-1]
    page.keyboard.press("Home")
    assert _focused_test_id(page) == names[0]
    page.keyboard.press("End")
    assert _focused_test_id(page) == names[-1]

    # Escape closes it and gives the focus back to ···; Tab and a press outside close it too
    page.keyboard.press("Escape")
    expect(menu).to_be_hidden()
    expect(more).to_be_focused()
    page.keyboard.press("Enter")
    expect(menu).to_be_visible()
    page.keyboard.press("ArrowDown")
    page.screenshot(path=str(artifacts / "toolbar-more-menu-keyboard-phone.png"))
    page.keyboard.press("Tab")
    expect(menu).to_be_hidden()
    more.click()
    expect(menu).to_be_visible()
    page.mouse.click(200, 400)
    expect(menu).to_be_hidden()

    # wide enough for them, they are the bar's own buttons: no menu, no menu items
    page.set_viewport_size({"width": 1440, "height": 900})
    expect(more).to_be_hidden()
    expect(page.get_by_test_id("toggle-history")).to_be_visible()
    expect(page.get_by_role("button", name="History")).to_be_visible()
    expect(page.get_by_role("menu")).to_have_count(0)
    expect(page.locator('[role^="menuitem"]')).to_have_count(0)
    page.screenshot(path=str(artifacts / "toolbar-wide-desktop.png"))
