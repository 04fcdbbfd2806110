"""A cancelled run says so: a notice of how many of its nodes finished (their results are kept), and its entry in
the History counts them. The run is a fake provider's job held open (`hang`) until it is cancelled: no sleeps."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.test_history import model_page, model_server, replicate, run_prompt_into_flux
from tests.providers.fakes import FakeProvider

__all__ = ["model_page", "model_server", "replicate"]  # the fixtures this module's tests use


def test_a_cancelled_run_says_how_many_nodes_finished_and_the_history_counts_them(
    model_page: Page, replicate: FakeProvider
) -> None:
    page = model_page
    replicate.hang = True  # the model's job stays running until the run is cancelled
    try:
        run_prompt_into_flux(page)
        # the top bar counts the nodes done as they finish: the prompt, not the model's job held open
        expect(page.get_by_test_id("run-progress")).to_have_text("1 of 2 done")

        page.get_by_test_id("cancel-run").click()
        expect(page.get_by_test_id("notice")).to_have_text("Run cancelled: 1 of 2 nodes finished; its result is kept.")
        expect(page.get_by_test_id("run")).to_be_visible()

        page.get_by_test_id("toggle-history").click()
        run = page.get_by_test_id("history-item")
        expect(run).to_have_attribute("data-status", "cancelled")
        expect(run.get_by_test_id("history-facts")).to_contain_text("1 of 2 nodes done")
    finally:
        replicate.hang = False
