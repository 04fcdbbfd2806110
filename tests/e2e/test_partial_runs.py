"""The valid part always runs (issue 11): a node that cannot run shows why while the rest runs, "Run this
node" works beside a broken branch, and a slow local tool shows its percent and the time it has taken."""

from __future__ import annotations

import random
import re
from typing import Any

import httpx
from PIL import Image, ImageDraw
from playwright.sync_api import Page, expect

from tests.e2e.studio import connect, create_project, fit_view, node, upload_picture

FINISHED = re.compile(r"^(completed|cached)$")
NEEDS_IMAGE = "Connect an image to Blur's Image input"


def _upload(api: httpx.Client, size: tuple[int, int]) -> str:
    """A picture no other test has (so nothing is cached): shapes in random colours."""
    picture = Image.new("RGB", size, tuple(random.randrange(256) for _ in range(3)))
    draw = ImageDraw.Draw(picture)
    for _ in range(40):
        x, y = random.randrange(size[0]), random.randrange(size[1])
        draw.ellipse((x, y, x + size[0] // 8, y + size[1] // 8), fill=tuple(random.randrange(256) for _ in range(3)))
    return str(upload_picture(api, picture)["id"])


def _two_branches(api: httpx.Client) -> str:
    """Photo → Invert → Save in a row; below it a Blur that nothing feeds, saved by a second Save."""
    return create_project(
        api,
        "Partial",
        [
            {
                "id": "photo",
                "type": "input.image",
                "params": {"asset_id": _upload(api, (160, 100))},
                "position": {"x": 0, "y": 0},
            },
            {"id": "invert", "type": "tool.invert", "params": {}, "position": {"x": 320, "y": 0}},
            {"id": "save", "type": "output.save", "params": {}, "position": {"x": 640, "y": 0}},
            {"id": "loose", "type": "tool.blur", "params": {}, "position": {"x": 320, "y": 520}},
            {"id": "save2", "type": "output.save", "params": {}, "position": {"x": 640, "y": 520}},
        ],
        [("photo", "invert"), ("invert", "save"), ("loose", "save2")],
    )


def test_run_runs_the_valid_branch_and_the_unconnected_node_shows_its_problem(
    page: Page, api: httpx.Client, artifacts: Any
) -> None:
    page.goto(f"/editor?id={_two_branches(api)}")
    expect(node(page, "save")).to_be_visible()
    page.get_by_test_id("run").click()
    # the notice counts root problems: the Save that only waits for the blur is named, not counted, and told apart
    # from the other Save Image by the order they were added in (their ids: "save" before "save2")
    expect(page.get_by_test_id("notice")).to_have_text(
        f"1 node can't run yet: {NEEDS_IMAGE}; Save Image (2) waits for it."
    )
    expect(node(page, "save").get_by_test_id("node-status")).to_have_attribute("data-status", FINISHED)
    expect(node(page, "save").get_by_test_id("preview-image")).to_be_visible()
    loose = node(page, "loose")
    expect(loose.get_by_test_id("node-status")).to_have_attribute("data-status", "blocked")
    expect(loose.get_by_test_id("node-status")).to_have_text("Can't run")
    expect(loose.get_by_test_id("node-error")).to_have_text(NEEDS_IMAGE)
    # the editor shows a dependant's reason from a capital, in a neutral box
    expect(node(page, "save2").get_by_test_id("node-error")).to_have_text(
        f"Needs Blur, which can't run yet: {NEEDS_IMAGE}"
    )
    fit_view(page)
    page.screenshot(path="/tmp/shots-h5/partial-run.png")


def test_run_this_node_on_a_valid_branch_works_while_another_branch_is_broken(page: Page, api: httpx.Client) -> None:
    page.goto(f"/editor?id={_two_branches(api)}")
    expect(node(page, "invert")).to_be_visible()
    node(page, "invert").click(button="right")
    page.get_by_role("menuitem", name="Run this node").click()
    expect(node(page, "invert").get_by_test_id("node-status")).to_have_attribute("data-status", FINISHED)
    expect(node(page, "invert").get_by_test_id("preview-image")).to_be_visible()
    # only what that node needs was checked and run: the broken branch says nothing, the save did not run
    expect(node(page, "loose").get_by_test_id("node-status")).to_have_count(0)
    expect(node(page, "save").get_by_test_id("node-status")).to_have_count(0)
    expect(page.get_by_test_id("notice")).to_have_count(0)


def test_a_slow_upscale_shows_its_percent_and_the_time_it_has_taken(page: Page, api: httpx.Client) -> None:
    workflow_id = create_project(
        api,
        "Partial",
        [
            {
                "id": "photo",
                "type": "input.image",
                "params": {"asset_id": _upload(api, (1600, 1200))},
                "position": {"x": 0, "y": 0},
            },
            {
                "id": "upscale",
                "type": "tool.upscale",
                "params": {"scale": 4, "sharpen": 1.0},
                "position": {"x": 320, "y": 0},
            },
        ],
        [("photo", "upscale")],
    )
    page.goto(f"/editor?id={workflow_id}")
    expect(node(page, "upscale")).to_be_visible()
    page.get_by_test_id("run").click()
    status = node(page, "upscale").get_by_test_id("node-status")
    expect(status).to_have_attribute("data-status", "running")
    expect(status.get_by_test_id("node-percent")).to_have_text(re.compile(r"^ ([1-9]\d?)%$"), timeout=60_000)
    expect(status.get_by_test_id("node-elapsed")).to_have_text(re.compile(r"^[1-9]\d* s$"), timeout=60_000)
    expect(status).to_have_text(re.compile(r"^Running \d+% · \d+ s$"))
    node(page, "upscale").screenshot(path="/tmp/shots-h5/upscale-progress.png")
    expect(status).to_have_attribute("data-status", "completed", timeout=180_000)


def test_connecting_the_node_that_could_not_run_clears_its_problem(page: Page, api: httpx.Client) -> None:
    page.goto(f"/editor?id={_two_branches(api)}")
    expect(node(page, "save")).to_be_visible()
    fit_view(page)
    page.get_by_test_id("run").click()
    loose = node(page, "loose")
    expect(loose.get_by_test_id("node-error")).to_have_text(NEEDS_IMAGE)
    connect(page, "photo", "image", "loose", "image")  # the problem is fixed: its words go at once
    expect(page.locator(".react-flow__edge")).to_have_count(4)
    expect(loose.get_by_test_id("node-error")).to_have_count(0)
    expect(loose.locator("[data-testid=node-status][data-status=blocked]")).to_have_count(0)


def test_an_edge_that_names_none_of_a_nodes_inputs_is_drawn_apart_and_the_run_says_what_to_do(
    page: Page, api: httpx.Client
) -> None:
    """A document written by a script may connect a node without naming the input: with one input that is clear,
    with several (Blur: image, mask) the engine leaves the node out, so the canvas must not draw it as if it fed
    the first input."""
    created = api.post(
        "/api/v1/workflows",
        json={
            "title": "Unnamed input",
            "document": {
                "schema_version": 1,
                "nodes": [
                    {
                        "id": "photo",
                        "type": "input.image",
                        "params": {"asset_id": _upload(api, (120, 80))},
                        "position": {"x": 0, "y": 0},
                    },
                    {"id": "blur", "type": "tool.blur", "params": {}, "position": {"x": 360, "y": 0}},
                ],
                "edges": [{"id": "loose", "source": "photo", "sourceHandle": "image", "target": "blur"}],
            },
        },
    )
    assert created.status_code == 201, created.text
    page.goto(f"/editor?id={created.json()['id']}")
    loose = page.get_by_role("group", name=re.compile("^Edge from Image Upload to Blur, attached to none"))
    expect(loose).to_have_attribute(
        "aria-label",
        "Edge from Image Upload to Blur, attached to none of its inputs: connect Image Upload to one of them",
    )
    expect(loose.locator(".react-flow__edge-path")).to_have_css("stroke-dasharray", "6px, 4px")
    page.get_by_test_id("run").click()
    blur = node(page, "blur")
    expect(blur.get_by_test_id("node-status")).to_have_text("Can't run")
    expect(blur.get_by_test_id("node-error")).to_have_text(
        "A connection into Blur does not say which input it feeds (Image or Mask); connect it to one of them"
    )
    # mended as a person would: the loose edge deleted, the picture connected to Blur's image input
    loose.focus()  # by keyboard: an edge takes the focus, Enter selects it
    page.keyboard.press("Enter")
    page.keyboard.press("Delete")
    expect(loose).to_have_count(0)
    connect(page, "photo", "image", "blur", "image")
    expect(page.get_by_role("group", name="Edge from Image Upload to Blur's image input")).to_have_count(1)
    page.get_by_test_id("run").click()
    expect(blur.get_by_test_id("node-status")).to_have_attribute("data-status", FINISHED)
