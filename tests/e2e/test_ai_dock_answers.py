"""The AI dock's answers in a real browser against the real offline planner: a plan applied is said to be, and the
same request sent again says so before it adds a second copy; "which one?" offers a button per node, and the node
picked is the one that changes (the canvas numbers the namesakes as the dock does, and outlines the one a choice
points at); "make both blurs stronger" changes both though one is selected; "make them all stronger" changes each
node and names it as the canvas does ("Blur (1)", in the headline and in the list of changes alike); a dismissed
request is back in the field to reword; changes said in words to the photo on the canvas edit that photo; a tool
added for a setting says where it goes and what it sets."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
from PIL import Image
from playwright.sync_api import Page, expect

from tests.e2e.studio import create_project, node, upload_picture, wait_stored

SHOTS = Path("/tmp/team/shots")


def instruct(page: Page, text: str) -> None:
    field = page.get_by_label("Instruction for the AI")
    field.fill(text)
    field.press("Enter")


def two_blurs(api: httpx.Client) -> str:
    """A project with an Image Upload feeding two Blurs, one above the other; its id."""
    nodes = [
        {"id": "image-1", "type": "input.image", "params": {}, "position": {"x": 0, "y": 100}},
        {"id": "blur-1", "type": "tool.blur", "params": {"radius": 4}, "position": {"x": 320, "y": 0}},
        {"id": "blur-2", "type": "tool.blur", "params": {"radius": 4}, "position": {"x": 320, "y": 260}},
    ]
    return create_project(api, "Two blurs", nodes, [("image-1", "blur-1"), ("image-1", "blur-2")])


def test_which_one_is_answered_by_clicking_the_node_and_only_that_node_changes(page: Page, api: httpx.Client) -> None:
    workflow_id = two_blurs(api)
    page.goto(f"/editor?id={workflow_id}")
    expect(page.get_by_test_id("studio-node")).to_have_count(3)
    instruct(page, "make it stronger")
    question = page.get_by_test_id("plan-question")
    expect(question).to_contain_text("Which one should change")
    choices = question.get_by_test_id("plan-choice")
    expect(choices).to_have_text(["Blur (1)", "Blur (2)"])
    # the canvas numbers the Blurs as the dock names them, and a choice pointed at outlines its node
    expect(node(page, "blur-1").get_by_test_id("node-number")).to_have_text("(1)")
    expect(node(page, "blur-2").get_by_test_id("node-number")).to_have_text("(2)")
    expect(node(page, "image-1").get_by_test_id("node-number")).to_have_count(0)
    choices.filter(has_text="Blur (2)").hover()
    outline = page.get_by_test_id("pointed-node")
    expect(outline).to_have_attribute("data-node-id", "blur-2")
    box, target = outline.bounding_box(), node(page, "blur-2").bounding_box()
    assert box is not None and target is not None and abs(box["y"] - target["y"]) < 2, (box, target)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "ai-dock-which-one.png"))

    choices.filter(has_text="Blur (2)").click()
    dock = page.get_by_test_id("ai-dock")
    expect(dock.get_by_test_id("plan-summary")).to_have_text("Blur (2): Radius 8")
    expect(node(page, "blur-2")).to_contain_class("selected")
    dock.get_by_role("button", name="Apply").click()
    expect(dock.get_by_test_id("plan-applied")).to_contain_text("Applied: Blur (2): Radius 8")
    page.screenshot(path=str(SHOTS / "ai-dock-applied.png"))
    radii = "(doc) => doc.nodes.filter((n) => n.type === 'tool.blur').map((n) => n.params.radius).join() === '4,8'"
    wait_stored(page, workflow_id, radii)  # the lower Blur changed, the upper one as it was


def test_make_them_all_stronger_names_each_blur(page: Page, api: httpx.Client) -> None:
    page.goto(f"/editor?id={two_blurs(api)}")
    instruct(page, "make them all stronger")
    dock = page.get_by_test_id("ai-dock")
    expect(dock.get_by_test_id("plan-summary")).to_have_text("Blur (1): Radius 8; Blur (2): Radius 8")
    expect(dock.get_by_test_id("plan-changes").locator("li")).to_have_text(
        ["Blur (1): Radius 4 → 8", "Blur (2): Radius 4 → 8"]
    )


def test_both_blurs_change_though_one_was_just_selected(page: Page, api: httpx.Client) -> None:
    page.goto(f"/editor?id={two_blurs(api)}")
    node(page, "blur-2").get_by_test_id("node-title").click()
    expect(node(page, "blur-2")).to_contain_class("selected")
    instruct(page, "make both blurs stronger")
    dock = page.get_by_test_id("ai-dock")
    expect(dock.get_by_test_id("plan-summary")).to_have_text("Blur (1): Radius 8; Blur (2): Radius 8")


def test_a_tool_added_for_a_setting_says_where_and_what_it_sets(page: Page, api: httpx.Client) -> None:
    photo = [{"id": "image-1", "type": "input.image", "params": {}, "position": {"x": 0, "y": 0}}]
    page.goto(f"/editor?id={create_project(api, 'Photo', photo, [])}")
    instruct(page, "set the brightness of the photo to 20")
    dock = page.get_by_test_id("ai-dock")
    expect(dock.get_by_test_id("plan-summary")).to_have_text("Adjust after Image Upload: Brightness 20")


def test_a_dismissed_request_is_back_in_the_field_and_an_applied_one_is_not(page: Page, api: httpx.Client) -> None:
    page.goto(f"/editor?id={two_blurs(api)}")
    field = page.get_by_label("Instruction for the AI")
    dock = page.get_by_test_id("ai-dock")
    instruct(page, "make it stronger")
    expect(dock.get_by_test_id("plan-question")).to_be_visible()
    field.fill("")
    dock.get_by_role("button", name="Dismiss").click()
    expect(dock).to_have_attribute("data-phase", "idle")
    expect(field).to_have_value("make it stronger")
    expect(field).to_be_focused()

    instruct(page, "make them all stronger")
    expect(dock).to_have_attribute("data-phase", "preview")
    dock.get_by_role("button", name="Discard").click()
    expect(field).to_have_value("make them all stronger")
    field.press("Enter")
    expect(dock).to_have_attribute("data-phase", "preview")
    dock.get_by_role("button", name="Apply", exact=True).click()
    expect(dock.get_by_test_id("plan-applied")).to_be_visible()
    expect(field).to_have_value("")
    dock.get_by_role("button", name="Dismiss").click()
    expect(field).to_have_value("")


def test_changes_said_to_the_photo_on_the_canvas_edit_that_photo(page: Page, api: httpx.Client) -> None:
    picture = upload_picture(api, Image.new("RGB", (96, 64), "skyblue"))
    photo = [
        {"id": "image-1", "type": "input.image", "params": {"asset_id": picture["id"]}, "position": {"x": 0, "y": 0}}
    ]
    page.goto(f"/editor?id={create_project(api, 'Beach photo', photo, [])}")
    expect(page.get_by_test_id("studio-node")).to_have_count(1)
    instruct(page, "make the sky more dramatic and remove the person")
    dock = page.get_by_test_id("ai-dock")
    expect(dock.get_by_test_id("plan-summary")).to_have_text(
        re.compile(r"^Prompt → .+: edits the photo in Image Upload$")
    )
    expect(page.get_by_test_id("ghost-node")).to_have_count(2)  # the prompt and the edit: no new picture drawn
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "ai-dock-photo-edit.png"))


def test_the_same_request_sent_again_says_it_was_applied_before_adding_a_second_copy(
    page: Page, api: httpx.Client
) -> None:
    page.goto(f"/editor?id={two_blurs(api)}")
    instruct(page, "add an invert after the upper blur")
    dock = page.get_by_test_id("ai-dock")
    expect(dock).to_have_attribute("data-phase", "preview")
    dock.get_by_role("button", name="Apply", exact=True).click()
    expect(dock.get_by_test_id("plan-applied")).to_contain_text("Applied: Invert")
    expect(page.get_by_test_id("studio-node")).to_have_count(4)
    page.get_by_label("Instruction for the AI").press("Enter")  # the field is empty: nothing is sent again
    expect(dock).to_have_attribute("data-phase", "applied")

    instruct(page, "add an invert after the upper blur")
    expect(dock.get_by_test_id("plan-again")).to_contain_text("Applying it again adds a second copy")
    expect(dock.get_by_role("button", name="Apply again")).to_be_visible()
    page.screenshot(path=str(SHOTS / "ai-dock-applied-again.png"))
    dock.get_by_role("button", name="Discard").click()
    expect(page.get_by_test_id("studio-node")).to_have_count(4)
