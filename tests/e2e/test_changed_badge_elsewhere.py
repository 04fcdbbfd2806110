""" "Changed" compares against the latest run a page knows of, wherever it was started: a run started in another tab
of the same project (shown here live, as runs are shared), and one this page picks up under way as it opens, make
every result they bring say "Changed" once a node above it is edited here, those the run had still queued when this
page took it up too. The run is a fake provider's job held open (`hang`) while this page picks it up: no sleeps."""

from __future__ import annotations

from pathlib import Path

import httpx
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import ConsoleLog, open_page
from tests.e2e.studio import node, wait_saved
from tests.e2e.test_history import FLUX, model_page, model_server, replicate, status
from tests.providers.fakes import FakeProvider

__all__ = ["model_page", "model_server", "replicate"]  # the fixtures this module's tests use


def _boat_project(server: str, text: str) -> str:
    """Prompt → Flux Pro 1.1 Ultra → Save Image, the prompt `text` (each test its own: no run is a cache hit)."""
    nodes = [
        {"id": "prompt", "type": "input.prompt", "params": {"text": text}, "position": {"x": 0, "y": 0}},
        {"id": "flux", "type": FLUX, "params": {}, "position": {"x": 340, "y": 0}},
        {"id": "save", "type": "output.save", "params": {}, "position": {"x": 680, "y": 0}},
    ]
    wires = [("prompt", "text", "flux", "prompt"), ("flux", "image", "save", "image")]
    edges = [
        {"id": f"e{i}", "source": source, "sourceHandle": out, "target": target, "targetHandle": into}
        for i, (source, out, target, into) in enumerate(wires)
    ]
    with httpx.Client(base_url=server, timeout=10) as api:
        created = api.post(
            "/api/v1/workflows",
            json={"title": "Boat", "document": {"schema_version": 1, "nodes": nodes, "edges": edges}},
        )
    assert created.status_code == 201, created.text
    return str(created.json()["id"])


def _expect_done(page: Page) -> None:
    for node_id in ("flux", "save"):
        expect(status(page, node_id)).to_have_attribute("data-status", "completed")
        expect(status(page, node_id)).not_to_have_attribute("data-changed", "true")


def _edit_prompt_and_expect_changed(page: Page) -> None:
    node(page, "prompt").locator("textarea").fill("a paper boat on a stormy sea")
    for node_id in ("flux", "save"):
        expect(status(page, node_id)).to_have_attribute("data-changed", "true")
        expect(status(page, node_id)).to_have_text("Changed")


def test_a_run_started_in_another_tab_makes_an_edit_here_say_changed(
    model_page: Page, browser: Browser, model_server: str, console: ConsoleLog, replicate: FakeProvider, artifacts: Path
) -> None:
    here = model_page
    here.goto(f"/editor?id={_boat_project(model_server, 'a paper boat on a quiet canal')}")
    replicate.hang = True  # the model's job stays running until this page has the run on screen
    try:
        with open_page(browser, model_server, console) as there:
            there.goto(here.url)
            expect(node(there, "flux")).to_be_attached()
            there.get_by_test_id("run").click()
            expect(status(here, "flux")).to_contain_text("Running 50%")  # the other tab's run, shown here live
            expect(status(here, "save")).to_have_attribute("data-status", "pending")
            replicate.hang = False
            _expect_done(here)
            _edit_prompt_and_expect_changed(here)
            here.screenshot(path=str(artifacts / "changed-after-a-run-in-another-tab.png"))
            wait_saved(here)
            for node_id in ("flux", "save"):  # the tab that ran it sees the edit, and says the same
                expect(status(there, node_id)).to_have_attribute("data-changed", "true")
    finally:
        replicate.hang = False


def test_a_run_this_page_picks_up_under_way_as_it_opens_makes_an_edit_say_changed(
    model_page: Page, browser: Browser, model_server: str, console: ConsoleLog, replicate: FakeProvider
) -> None:
    workflow_id = _boat_project(model_server, "a paper boat at dawn")
    replicate.hang = True
    try:
        with open_page(browser, model_server, console) as there:
            there.goto(f"/editor?id={workflow_id}")
            there.get_by_test_id("run").click()
            expect(status(there, "flux")).to_contain_text("Running 50%")
            here = model_page
            here.goto(f"/editor?id={workflow_id}")
            expect(status(here, "flux")).to_contain_text("Running 50%")  # followed from its record to its end
            expect(status(here, "save")).to_have_attribute("data-status", "pending")
            replicate.hang = False
            _expect_done(here)
            _edit_prompt_and_expect_changed(here)
    finally:
        replicate.hang = False
