"""A cancelled run says so: a notice of how many of its nodes finished (their results are kept), and its entry in
the History counts them. The run is a fake provider's job held open (`hang`) until it is cancelled: no sleeps."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.studio import connect, drag_from_palette, new_project, node
from tests.e2e.test_history import FLUX, model_page, model_server, replicate, status
from tests.providers.fakes import FakeProvider

__all__ = ["model_page", "model_server", "replicate"]  # the fixtures this module's tests use


def test_a_cancelled_run_says_how_many_nodes_finished_and_the_history_counts_them(
    model_page: Page, replicate: FakeProvider
) -> None:
    page = model_page
    replicate.hang = True  # the model's job stays running until the run is cancelled
    try:
        new_project(page)
        search = page.get_by_label("Search nodes")
        for node_type, title, x in (("input.prompt", "Prompt", 60), (FLUX, "Flux Pro 1.1 Ultra", 400)):
            search.fill(title)
            drag_from_palette(page, node_type, x, 120)
        search.fill("")
        node(page, "prompt-1").locator("textarea").fill("a paper boat on a quiet canal")
        connect(page, "prompt-1", "text", "flux_pro_1_1_ultra-1", "prompt")
        page.get_by_test_id("run").click()
        expect(status(page, "flux_pro_1_1_ultra-1")).to_contain_text("Running 50%")

        page.get_by_test_id("cancel-run").click()
        expect(page.get_by_test_id("notice")).to_have_text("Run cancelled: 1 of 2 nodes finished; its result is kept.")
        expect(page.get_by_test_id("run")).to_be_visible()

        page.get_by_test_id("toggle-history").click()
        run = page.get_by_test_id("history-item")
        expect(run).to_have_attribute("data-status", "cancelled")
        expect(run.get_by_test_id("history-facts")).to_contain_text("1 of 2 nodes done")
    finally:
        replicate.hang = False
