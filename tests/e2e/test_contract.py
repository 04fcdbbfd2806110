"""One contract between server and editor, in the browser: the editor connects exactly what the engine
accepts (it asks the server's table, GET /api/v1/nodes `connections`), an image feeds a mask input and the run
takes it, a connection the engine refuses is refused with its reason, and the catalog the page loads is what
the published schema describes."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
from playwright.sync_api import Page, expect
from pydantic import TypeAdapter

from karate.api.node_schemas import NodeCatalog
from karate.engine.types import connection_table
from tests.e2e.studio import (
    choose_file,
    connect,
    drag_from_palette,
    edges,
    fit_view,
    handle,
    new_project,
    node,
    png_file,
    wait_saved,
)

SHOTS = Path("/tmp/shots-h7")


def test_an_image_feeds_a_mask_input_and_the_run_accepts_it(page: Page, api: httpx.Client, tmp_path: Path) -> None:
    workflow_id = new_project(page)
    drag_from_palette(page, "input.image", 120, 150)
    drag_from_palette(page, "tool.blur", 480, 150)
    drag_from_palette(page, "output.save", 840, 150)
    connect(page, "image-1", "image", "blur-1", "image")
    connect(page, "image-1", "image", "blur-1", "mask")  # the engine converts an image into a mask
    connect(page, "blur-1", "image", "save-1", "image")
    expect(edges(page)).to_have_count(3)
    expect(page.get_by_test_id("notice")).to_have_count(0)

    choose_file(node(page, "image-1").get_by_test_id("upload-input"), png_file(tmp_path))
    expect(node(page, "image-1").get_by_role("img", name="Uploaded")).to_be_visible()
    with page.expect_response(lambda r: r.url.endswith("/api/v1/runs") and r.request.method == "POST") as answer:
        page.get_by_test_id("run").click()
    assert answer.value.status == 202, answer.value.text()
    sent = json.loads(answer.value.request.post_data or "{}")
    document = sent.get("workflow") or api.get(f"/api/v1/workflows/{workflow_id}").json()["document"]
    assert {(e["source"], e["target"], e["targetHandle"]) for e in document["edges"]} >= {("image-1", "blur-1", "mask")}
    expect(node(page, "save-1").get_by_test_id("node-status")).to_have_attribute("data-status", "completed")
    expect(node(page, "blur-1").get_by_test_id("node-status")).to_have_attribute("data-status", "completed")
    fit_view(page)
    page.screenshot(path=str(SHOTS / "image-feeds-mask.png"))

    wait_saved(page)
    saved = api.get(f"/api/v1/workflows/{workflow_id}").json()["document"]
    assert ("image-1", "blur-1", "mask") in {(e["source"], e["target"], e["targetHandle"]) for e in saved["edges"]}


def test_a_connection_the_engine_refuses_is_refused_with_its_reason(page: Page) -> None:
    new_project(page)
    drag_from_palette(page, "input.prompt", 150, 150)
    drag_from_palette(page, "tool.blur", 550, 150)
    # held over the mask input, the line already says no: red and dashed, before it is dropped
    start = handle(page, "prompt-1", "text", "source").bounding_box()
    end = handle(page, "blur-1", "mask", "target").bounding_box()
    assert start is not None and end is not None
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] / 2)
    page.mouse.down()
    page.mouse.move(end["x"] + end["width"] / 2, end["y"] + end["height"] / 2, steps=12)
    line = page.locator(".react-flow__connection.invalid .react-flow__connection-path")
    expect(line).to_have_css("stroke", "rgb(239, 68, 68)")
    page.mouse.up()
    notice = page.get_by_test_id("notice")
    expect(notice).to_have_text("Prompt's text output can't feed Blur's mask input: connect it to a text input")
    expect(edges(page)).to_have_count(0)
    page.screenshot(path=str(SHOTS / "refused.png"))


def test_the_catalog_the_page_loads_is_the_published_schema(page: Page, api: httpx.Client) -> None:
    with page.expect_response(lambda r: r.url.endswith("/api/v1/nodes")) as answer:
        new_project(page)
    catalog = answer.value.json()
    TypeAdapter(NodeCatalog).validate_python(catalog)
    assert catalog["connections"] == connection_table()
    published = api.get("/openapi.json").json()["components"]["schemas"]
    assert set(catalog) == set(published["NodeCatalog"]["properties"])
    spec_keys = set(published["NodeSpecOut"]["properties"])
    assert all(
        set(spec) <= spec_keys and set(published["NodeSpecOut"]["required"]) <= set(spec) for spec in catalog["nodes"]
    )
    shown = page.locator("[data-testid=palette-item]").evaluate_all("items => items.map(i => i.dataset.nodeType)")
    assert set(shown) <= {spec["type"] for spec in catalog["nodes"]}
