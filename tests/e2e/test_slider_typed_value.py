"""A number shown as a slider (Blur's Radius, 0 to 200 in half steps) takes an exact value typed: its value beside
the slider opens into a box (a phone shows its number pad), 12.5 typed there is the node's and is kept over a reload;
999 or "abc" is refused in words under the slider while the node keeps its last good value. Before, the slider could
only be dragged or stepped, and clicking its value did nothing. The same box works in the node's Settings panel."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import ConsoleLog, open_page
from tests.e2e.studio import create_project, node, wait_stored

STORED = "(doc, radius) => doc.nodes.find((n) => n.id === 'blur').params.radius === radius"


def test_a_radius_typed_is_kept_and_one_out_of_range_or_not_a_number_is_refused_in_words(
    page: Page, api: httpx.Client, artifacts: Path
) -> None:
    blur_node = {"id": "blur", "type": "tool.blur", "params": {"radius": 4}, "position": {"x": 0, "y": 0}}
    workflow_id = create_project(api, "Soft focus", [blur_node], [])
    page.goto(f"/editor?id={workflow_id}")
    expect(page.get_by_test_id("connection-status")).to_have_attribute("data-state", "live")
    blur = node(page, "blur")
    slider = blur.get_by_role("slider", name="Radius")
    value = blur.get_by_role("button", name="Type a value for Radius")
    box = blur.get_by_role("textbox", name="Radius")

    value.click()
    expect(box).to_be_focused()
    expect(box).to_have_attribute("inputmode", "decimal")  # a phone's number pad
    box.fill("12.5")
    box.press("Enter")
    expect(box).to_have_count(0)
    expect(value).to_contain_text("12.5")
    expect(slider).to_have_value("12.5")
    wait_stored(page, workflow_id, STORED, 12.5)

    page.reload()
    expect(page.get_by_test_id("connection-status")).to_have_attribute("data-state", "live")
    expect(slider).to_have_value("12.5")
    expect(value).to_contain_text("12.5")

    value.click()
    box.fill("999")
    problem = blur.get_by_test_id("field-problem")
    expect(problem).to_have_text("Radius must be a number from 0 to 200 (the node keeps 12.5 until then)")
    box.press("Enter")  # refused: the box stays, with what was typed, to be put right
    expect(box).to_have_value("999")
    expect(slider).to_have_value("12.5")
    page.screenshot(path=str(artifacts / "slider-typed-refused.png"))

    box.fill("abc")
    expect(problem).to_have_text(
        'Radius must be a number from 0 to 200; "abc" is not a number (the node keeps 12.5 until then)'
    )
    box.press("Escape")  # puts the node's value back
    expect(box).to_have_count(0)
    expect(problem).to_have_count(0)
    expect(value).to_contain_text("12.5")
    expect(value).to_be_focused()
    wait_stored(page, workflow_id, STORED, 12.5)

    # the same in the node's settings, and the node shows what was typed there
    blur.click(button="right")
    page.get_by_role("menuitem", name="Settings").click()
    panel = page.get_by_test_id("settings-panel")
    panel.get_by_role("button", name="Type a value for Radius").click()
    panel.get_by_role("textbox", name="Radius").fill("20")
    panel.get_by_role("textbox", name="Radius").press("Enter")
    expect(slider).to_have_value("20")
    page.screenshot(path=str(artifacts / "slider-typed-settings.png"))
    wait_stored(page, workflow_id, STORED, 20)


def test_a_radius_that_is_no_number_is_refused_once_on_its_node_and_put_right_by_typing(
    page: Page, api: httpx.Client, console: ConsoleLog
) -> None:
    blur_node = {"id": "blur", "type": "tool.blur", "params": {"radius": "abc"}, "position": {"x": 0, "y": 0}}
    workflow_id = create_project(api, "From a file", [blur_node], [])
    page.goto(f"/editor?id={workflow_id}")
    expect(page.get_by_test_id("connection-status")).to_have_attribute("data-state", "live")
    blur = node(page, "blur")
    page.get_by_role("button", name="Run", exact=True).click()
    expect(page.get_by_role("alert").filter(has_text="Can't run yet")).to_contain_text(
        "Blur: Radius must be a number from 0 to 200"
    )
    console.errors[:] = [error for error in console.errors if not re.search(r"status of 422", error)]
    expect(blur.get_by_test_id("field-problem")).to_have_text(
        'Radius must be a number from 0 to 200; "abc" is not a number; type a number or drag the slider'
    )
    expect(blur.get_by_text("Radius must be a number from 0 to 200")).to_have_count(1)  # not again in its box

    blur.get_by_role("button", name="Type a value for Radius").click()
    blur.get_by_role("textbox", name="Radius").fill("12.5")
    blur.get_by_role("textbox", name="Radius").press("Enter")
    expect(blur.get_by_text("Radius must be a number from 0 to 200")).to_have_count(0)
    wait_stored(page, workflow_id, STORED, 12.5)


def test_a_phone_types_the_radius_on_its_number_pad(
    browser: Browser, server: str, api: httpx.Client, console: ConsoleLog, artifacts: Path
) -> None:
    blur_node = {"id": "blur", "type": "tool.blur", "params": {"radius": 4}, "position": {"x": 0, "y": 0}}
    workflow_id = create_project(api, "On the train", [blur_node], [])
    with open_page(browser, server, console, phone=True) as phone:
        phone.goto(f"/editor?id={workflow_id}")
        expect(phone.get_by_test_id("connection-status")).to_have_attribute("data-state", "live")
        blur = node(phone, "blur")
        blur.get_by_role("button", name="Type a value for Radius").tap()
        box = blur.get_by_role("textbox", name="Radius")
        expect(box).to_be_focused()
        expect(box).to_have_attribute("inputmode", "decimal")
        box.fill("999")
        expect(blur.get_by_test_id("field-problem")).to_contain_text("Radius must be a number from 0 to 200")
        phone.screenshot(path=str(artifacts / "slider-typed-phone.png"))
        box.fill("12.5")
        box.press("Enter")
        expect(blur.get_by_role("slider", name="Radius")).to_have_value("12.5")
        wait_stored(phone, workflow_id, STORED, 12.5)
