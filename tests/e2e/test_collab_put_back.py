"""A node one collaborator changed and another deleted, put back, seen from both sides in two browser profiles
(accounts mode: two people): the one whose change went is told who deleted it; once she puts it back, the one who
deleted it is told who did, rather than seeing it reappear unexplained. Waits are on what the pages show."""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path

from playwright.sync_api import Browser, expect

from tests.e2e.conftest import ConsoleLog, open_page
from tests.e2e.studio import connect, drag_from_palette, edges, node
from tests.e2e.test_accounts import EXPECTED_REFUSAL, _sign_up_by_api
from tests.e2e.test_collab import _ada_starts_a_project, _share_and_open


def test_the_one_who_deleted_a_node_is_told_who_put_it_back(
    browser: Browser, accounts_server: str, console: ConsoleLog, artifacts: Path
) -> None:
    editor = _sign_up_by_api(accounts_server)  # Grace
    with ExitStack() as pages:
        ada = pages.enter_context(open_page(browser, accounts_server, console))
        grace = pages.enter_context(open_page(browser, accounts_server, console))
        workflow_id = _ada_starts_a_project(ada)
        drag_from_palette(ada, "tool.invert", 920, 150)
        connect(ada, "image-1", "image", "blur-1", "image")
        _share_and_open(ada, grace, workflow_id, editor, "editor")

        # Ada names the blur; Grace deletes it
        blur = node(ada, "blur-1")
        blur.get_by_test_id("node-title").dblclick()
        blur.get_by_test_id("node-title-input").fill("Soft focus")
        blur.get_by_test_id("node-title-input").press("Enter")
        expect(node(grace, "blur-1").get_by_test_id("node-title")).to_have_text("Soft focus")
        node(grace, "blur-1").get_by_test_id("node-title").click()
        grace.keyboard.press("Delete")
        expect(node(ada, "blur-1")).to_have_count(0)

        # Ada is told, by name, and puts it back for everyone
        told = ada.get_by_test_id("notice")
        expect(told).to_contain_text("Grace deleted “Soft focus”, which you changed.")
        expect(grace.get_by_test_id("notice")).to_have_count(0)
        ada.get_by_test_id("notice-action").click()
        expect(told).to_have_count(0)

        # Grace sees it come back, and is told who put it back; Ada, who did, is told nothing more
        expect(node(grace, "blur-1").get_by_test_id("node-title")).to_have_text("Soft focus")
        expect(edges(grace)).to_have_count(1)
        notice = grace.get_by_test_id("notice")
        expect(notice).to_have_text("Ada Lovelace put back “Soft focus”.")
        grace.screenshot(path=str(artifacts / "collab-put-back-told.png"))
        expect(ada.get_by_test_id("notice")).to_have_count(0)
        # what Grace's page asked before she signed in was refused, as it should be
        console.errors[:] = [error for error in console.errors if not EXPECTED_REFUSAL.search(error)]
