"""The AI dock in a real browser against the real planner (offline: no provider is configured): an instruction is
previewed as ghost nodes, applied as one step, run, and undone in one step; Discard and Escape change nothing; an
instruction the planner cannot map is answered with a question and close matches to pick."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

from tests.e2e.studio import choose_file, connect, drag_from_palette, edges, new_project, node, png_file, wait_stored

SHOTS = Path("/tmp/team/shots")


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def instruct(page: Page, text: str) -> None:
    """Type an instruction into the dock and send it, as a person does (Enter)."""
    field = page.get_by_label("Instruction for the AI")
    field.fill(text)
    field.press("Enter")


def studio_nodes(page: Page) -> Locator:
    return page.get_by_test_id("studio-node")


def ghosts(page: Page) -> Locator:
    return page.get_by_test_id("ghost-node")


def test_an_instruction_is_previewed_applied_run_and_undone_in_one_step(page: Page, tmp_path: Path) -> None:
    workflow_id = new_project(page)
    drag_from_palette(page, "input.image", 200, 200)
    choose_file(node(page, "image-1").get_by_test_id("upload-input"), png_file(tmp_path))
    expect(node(page, "image-1").get_by_role("img", name="Uploaded")).to_be_visible()

    instruct(page, "blur it, invert it and save it as a jpg")
    dock = page.get_by_test_id("ai-dock")
    expect(dock.get_by_test_id("plan-summary")).to_have_text("Blur → Invert → Save Image")
    expect(dock.get_by_test_id("plan-credits")).to_have_text("Free: runs locally")
    expect(ghosts(page)).to_have_count(3)
    expect(page.locator(".react-flow__edge.plan-ghost-edge")).to_have_count(3)
    expect(ghosts(page).filter(has_text="Save Image")).to_contain_text("JPG")  # as its Format menu words it
    expect(studio_nodes(page)).to_have_count(1)  # the graph itself is as it was
    shot(page, "ai-dock-preview")

    page.get_by_test_id("ai-dock").get_by_role("button", name="Apply").click()
    expect(ghosts(page)).to_have_count(0)
    expect(studio_nodes(page)).to_have_count(4)
    expect(edges(page)).to_have_count(3)
    expect(node(page, "save-1")).to_have_class(re.compile(r"\bselected\b"))  # the added nodes are selected

    page.get_by_test_id("run").click()
    expect(node(page, "save-1").get_by_test_id("node-status")).to_have_attribute("data-status", "completed")
    expect(node(page, "save-1").get_by_test_id("preview-image")).to_be_visible()
    shot(page, "ai-dock-applied-and-run")

    page.get_by_role("button", name="Undo").click()  # once: the whole plan goes, the uploaded picture stays
    expect(studio_nodes(page)).to_have_count(1)
    expect(edges(page)).to_have_count(0)
    expect(node(page, "image-1").get_by_role("img", name="Uploaded")).to_be_visible()
    wait_stored(page, workflow_id, "(doc) => doc.nodes.length === 1 && doc.edges.length === 0")


def test_a_step_inserted_into_a_chain_shows_the_connection_it_replaces(page: Page) -> None:
    new_project(page)
    drag_from_palette(page, "input.image", 150, 200)
    drag_from_palette(page, "output.save", 700, 200)
    connect(page, "image-1", "image", "save-1", "image")
    expect(edges(page)).to_have_count(1)

    instruct(page, "add a blur before the save")
    expect(ghosts(page)).to_have_count(1)
    replaced = page.locator(".react-flow__edge.plan-removed")
    expect(replaced).to_have_count(1)
    expect(replaced).to_have_attribute("data-id", "e-image-1-image-save-1-image")
    expect(page.locator(".react-flow__edge.plan-ghost-edge")).to_have_count(2)
    shot(page, "ai-dock-insert-preview")

    page.get_by_test_id("ai-dock").get_by_role("button", name="Apply").click()
    expect(studio_nodes(page)).to_have_count(3)
    expect(page.locator(".react-flow__edge[data-id='e-image-1-image-save-1-image']")).to_have_count(0)
    expect(page.locator(".react-flow__edge[data-id='e-image-1-image-blur-1-image']")).to_have_count(1)
    expect(page.locator(".react-flow__edge[data-id='e-blur-1-image-save-1-image']")).to_have_count(1)

    page.get_by_role("button", name="Undo").click()
    expect(studio_nodes(page)).to_have_count(2)
    expect(page.locator(".react-flow__edge[data-id='e-image-1-image-save-1-image']")).to_have_count(1)


def test_discard_and_escape_leave_the_canvas_and_its_history_as_they_were(page: Page) -> None:
    new_project(page)
    drag_from_palette(page, "input.image", 200, 200)
    expect(studio_nodes(page)).to_have_count(1)

    instruct(page, "add a blur after the image")
    expect(ghosts(page)).to_have_count(1)
    page.get_by_test_id("ai-dock").get_by_role("button", name="Discard").click()
    expect(ghosts(page)).to_have_count(0)
    expect(page.get_by_test_id("plan-panel")).to_have_count(0)

    instruct(page, "add a blur after the image")
    expect(ghosts(page)).to_have_count(1)
    page.keyboard.press("Escape")
    expect(ghosts(page)).to_have_count(0)
    expect(studio_nodes(page)).to_have_count(1)
    expect(edges(page)).to_have_count(0)

    page.get_by_role("button", name="Undo").click()  # the node dragged in, not a plan: none was applied
    expect(studio_nodes(page)).to_have_count(0)


def test_an_instruction_it_cannot_map_is_answered_with_a_question_and_close_matches(page: Page) -> None:
    new_project(page)
    instruct(page, "asdf qwerty zxcv")
    question = page.get_by_test_id("plan-question")
    expect(question).to_be_visible()
    expect(question).to_contain_text("?")
    expect(ghosts(page)).to_have_count(0)
    expect(studio_nodes(page)).to_have_count(0)
    suggestions = question.get_by_test_id("plan-suggestion")
    expect(suggestions.first).to_be_visible()
    shot(page, "ai-dock-question")

    picked = suggestions.filter(has_text="upscale")
    text = picked.inner_text()
    picked.click()
    expect(page.get_by_label("Instruction for the AI")).to_have_value(text)
    expect(page.get_by_test_id("plan-preview")).to_be_visible()
    expect(ghosts(page).first).to_be_visible()
