"""Results that stay: a reopened project shows its last run's statuses, previews and results; the History panel
lists the project's runs and shows an older one on the canvas; a reload in the middle of a run follows it to
its end. The slow run is a fake provider's job held open (`hang`) until the page has reloaded: no sleeps."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tests.e2e.conftest import ConsoleLog, open_page, running_studio
from tests.e2e.studio import choose_file, connect, drag_from_palette, edges, new_project, node, png_file, wait_saved
from tests.providers.fakes import FAKES, TEST_KEY, FakeProvider

ASSET = re.compile(r"/api/v1/assets/([0-9a-f]{64})/content")
FLUX = "model.flux_pro_1_1_ultra"


def status(page: Page, node_id: str) -> Locator:
    return node(page, node_id).get_by_test_id("node-status")


def preview_asset(page: Page, node_id: str) -> str:
    """The asset id of the picture a node's preview shows."""
    preview = node(page, node_id).get_by_test_id("preview-image")
    expect(preview).to_be_visible()
    match = ASSET.search(preview.get_attribute("src") or "")
    assert match is not None
    return match.group(1)


def results_shown(page: Page) -> list[str]:
    """The assets the Results panel shows, in its order; it is opened for this if it is closed."""
    if not page.get_by_test_id("gallery").is_visible():
        page.get_by_test_id("toggle-gallery").click()
    items = page.get_by_test_id("gallery-item")
    expect(items.first).to_be_visible()
    expect(items.locator("img").first).to_have_js_property("complete", True)
    return [
        ASSET.search(src or "").group(1)  # type: ignore[union-attr]
        for src in items.locator("img").evaluate_all("imgs => imgs.map((img) => img.getAttribute('src'))")
    ]


def build_blur(page: Page, picture: Path) -> str:
    """A new project with an uploaded picture blurred; returns its id."""
    workflow_id = new_project(page)
    drag_from_palette(page, "input.image", 120, 150)
    drag_from_palette(page, "tool.blur", 480, 150)
    connect(page, "image-1", "image", "blur-1", "image")
    expect(edges(page)).to_have_count(1)
    choose_file(node(page, "image-1").get_by_test_id("upload-input"), picture)
    expect(node(page, "image-1").get_by_role("img", name="Uploaded")).to_be_visible()
    return workflow_id


def run_to_the_end(page: Page) -> None:
    page.get_by_test_id("run").click()
    expect(page.get_by_test_id("run-phase")).to_have_attribute("data-phase", "completed")
    expect(status(page, "blur-1")).to_have_attribute("data-status", "completed")


def test_a_reopened_project_shows_its_last_runs_statuses_previews_and_results(
    page: Page, tmp_path: Path, artifacts: Path
) -> None:
    build_blur(page, png_file(tmp_path, (10, 160, 90)))  # a picture of its own: its run is not from the cache
    run_to_the_end(page)
    blurred = preview_asset(page, "blur-1")
    results_shown(page)
    expect(page.get_by_test_id("gallery-item")).to_have_count(2)  # the upload's picture and the blurred one
    results = results_shown(page)
    assert blurred in results
    wait_saved(page)

    page.reload()
    expect(status(page, "blur-1")).to_have_attribute("data-status", "completed")
    expect(status(page, "image-1")).to_have_attribute("data-status", "completed")
    assert preview_asset(page, "blur-1") == blurred
    page.wait_for_function(  # the picture arrives after its element shows: the same check, polled
        "img => img.complete && img.naturalWidth > 0",
        arg=node(page, "blur-1").get_by_test_id("preview-image").element_handle(),
        timeout=15_000,
    )
    # the same results; their order follows the nodes', which the live document does not keep for new nodes
    assert sorted(results_shown(page)) == sorted(results)
    page.screenshot(path=str(artifacts / "history-reopened.png"))
    expect(page.get_by_test_id("run-phase")).to_have_attribute("data-phase", "completed")


def test_picking_an_older_run_in_the_history_shows_its_results_on_the_canvas(
    page: Page, tmp_path: Path, artifacts: Path
) -> None:
    build_blur(page, png_file(tmp_path, (200, 120, 30)))
    run_to_the_end(page)
    first = preview_asset(page, "blur-1")
    (tmp_path / "second").mkdir()
    choose_file(node(page, "image-1").get_by_test_id("upload-input"), png_file(tmp_path / "second", (40, 90, 220)))
    expect(node(page, "image-1").get_by_role("img", name="Uploaded")).to_be_visible()
    page.get_by_test_id("run").click()
    expect(page.get_by_test_id("run-phase")).to_have_attribute("data-phase", "completed")
    expect(node(page, "blur-1").get_by_test_id("preview-image")).not_to_have_attribute("src", re.compile(first))
    second = preview_asset(page, "blur-1")

    page.get_by_test_id("toggle-history").click()
    history = page.get_by_test_id("history")
    runs = history.get_by_test_id("history-item")
    expect(runs).to_have_count(2)
    expect(runs.nth(0)).to_have_attribute("aria-current", "true")  # the newest, on the canvas now
    for index in range(2):
        expect(runs.nth(index)).to_have_attribute("data-status", "completed")
        expect(runs.nth(index)).to_contain_text(re.compile(r"Completed\s*\d{1,2}:\d{2}"))
        expect(runs.nth(index)).to_contain_text(re.compile(r"\d+(\.\d)? m?s"))  # how long it took
    thumbnails = history.get_by_test_id("history-thumbnail")
    expect(thumbnails).to_have_count(2)
    assert [
        ASSET.search(thumbnails.nth(i).get_attribute("src") or "").group(1)  # type: ignore[union-attr]
        for i in range(2)
    ] == [second, first]
    expect(thumbnails.nth(1)).to_have_js_property("complete", True)
    assert thumbnails.nth(1).evaluate("img => img.naturalWidth > 0")
    page.screenshot(path=str(artifacts / "history.png"))

    runs.nth(1).click()
    expect(runs.nth(1)).to_have_attribute("aria-current", "true")
    expect(node(page, "blur-1").get_by_test_id("preview-image")).to_have_attribute("src", re.compile(first))
    expect(status(page, "blur-1")).to_have_attribute("data-status", "completed")
    shown = results_shown(page)
    assert first in shown and second not in shown

    # the canvas says it shows an older run (its fields are today's), until Back to latest or a new run
    banner = page.get_by_test_id("picked-run-banner")
    expect(banner).to_contain_text(
        re.compile(r"Showing the run of .*\d{1,2}:\d{2}:\d{2}.* — the fields show your current settings")
    )
    page.screenshot(path=str(artifacts / "history-picked-banner.png"))
    banner.get_by_role("button", name="Back to latest").click()
    expect(banner).to_have_count(0)
    page.get_by_test_id("toggle-history").click()  # the Results panel took its place
    expect(runs.nth(0)).to_have_attribute("aria-current", "true")
    expect(node(page, "blur-1").get_by_test_id("preview-image")).to_have_attribute("src", re.compile(second))
    runs.nth(1).click()
    expect(banner).to_be_visible()
    page.get_by_test_id("run").click()
    expect(banner).to_have_count(0)
    expect(page.get_by_test_id("run-phase")).to_have_attribute("data-phase", "completed")

    # a run of nodes deleted since says so, and opens the graph it ran as a project of its own
    node(page, "blur-1").get_by_test_id("node-title").click()
    page.keyboard.press("Delete")
    expect(node(page, "blur-1")).to_have_count(0)
    if not page.get_by_test_id("history").is_visible():
        page.get_by_test_id("toggle-history").click()
    runs.nth(1).click()
    expect(banner).to_contain_text("1 of its nodes is not on the canvas any more")
    workflow_url = page.url
    banner.get_by_role("button", name="Open its graph as a project").click()
    expect(page).not_to_have_url(workflow_url)
    expect(node(page, "blur-1")).to_be_visible()


# --- a reload while a run is under way ------------------------------------------------------------------


@pytest.fixture(scope="module")
def replicate() -> Iterator[FakeProvider]:
    fake = FAKES["replicate"]()
    fake.start()
    yield fake
    fake.stop()


@pytest.fixture(scope="module")
def model_server(replicate: FakeProvider, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    env = {
        "REPLICATE_API_TOKEN": TEST_KEY,
        "KARATE_REPLICATE_BASE_URL": replicate.url,
        "KARATE_PROVIDER_POLL_INTERVAL": "0.02",
        "KARATE_PROVIDER_POLL_MAX_INTERVAL": "0.05",
        "KARATE_PROVIDER_CALL_TIMEOUT": "10",
        "KARATE_REPLICATE_WAIT_SECONDS": "0",
    }
    with running_studio(tmp_path_factory.mktemp("karate-history"), env) as base:
        yield base


@pytest.fixture
def model_page(browser: Browser, model_server: str, console: ConsoleLog, replicate: FakeProvider) -> Iterator[Page]:
    replicate.reset()
    with open_page(browser, model_server, console) as page:
        yield page


def run_prompt_into_flux(page: Page) -> None:
    """A new project of a Prompt feeding Flux Pro 1.1 Ultra, run until the model's job is half done."""
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


def test_a_reload_in_the_middle_of_a_run_follows_it_to_its_end(model_page: Page, replicate: FakeProvider) -> None:
    page = model_page
    replicate.hang = True  # the job stays running until the page has reloaded
    run_prompt_into_flux(page)

    page.reload()
    expect(status(page, "flux_pro_1_1_ultra-1")).to_contain_text("Running 50%")
    expect(page.get_by_test_id("cancel-run")).to_be_visible()  # the run is this page's again
    replicate.hang = False
    expect(status(page, "flux_pro_1_1_ultra-1")).to_have_attribute("data-status", "completed")
    expect(node(page, "flux_pro_1_1_ultra-1").get_by_test_id("preview-image")).to_be_visible()
    expect(page.get_by_test_id("run")).to_be_visible()

    page.get_by_test_id("toggle-history").click()
    run = page.get_by_test_id("history-item")
    expect(run).to_have_count(1)
    expect(run).to_have_attribute("data-status", "completed")
    expect(run).to_contain_text("6 credits")  # Flux Pro 1.1 Ultra's catalog price


# --- what a reload shows of nodes edited since the run, and a run that changes nothing saved ---------------


def not_failed(page: Page, node_id: str) -> None:
    """The node shows no problem: no error and no failed or blocked status."""
    expect(node(page, node_id).get_by_test_id("node-error")).to_have_count(0)
    expect(
        node(page, node_id).locator(
            "[data-testid=node-status][data-status=failed], [data-testid=node-status][data-status=blocked]"
        )
    ).to_have_count(0)


def test_a_node_filled_after_its_run_flagged_it_shows_no_problem_after_a_reload(
    page: Page, tmp_path: Path, artifacts: Path
) -> None:
    build_blur(page, png_file(tmp_path, (90, 30, 160)))
    drag_from_palette(page, "input.image", 120, 480)
    drag_from_palette(page, "tool.invert", 480, 480)
    connect(page, "image-2", "image", "invert-1", "image")
    expect(edges(page)).to_have_count(2)
    page.get_by_test_id("run").click()
    expect(status(page, "blur-1")).to_have_attribute("data-status", "completed")
    expect(status(page, "image-2")).to_have_attribute("data-status", re.compile("blocked|failed"))
    (tmp_path / "later").mkdir()
    choose_file(node(page, "image-2").get_by_test_id("upload-input"), png_file(tmp_path / "later", (5, 5, 5)))
    expect(node(page, "image-2").get_by_role("img", name="Uploaded")).to_be_visible()
    wait_saved(page)

    page.reload()
    expect(status(page, "blur-1")).to_have_attribute("data-status", "completed")  # results stay
    not_failed(page, "image-2")  # filled since: the run's "upload a picture first" no longer applies
    not_failed(page, "invert-1")  # nor to what it feeds
    page.screenshot(path=str(artifacts / "history-edited-since.png"))


def test_a_run_without_edits_ends_saved_not_unsaved(page: Page, api: httpx.Client, tmp_path: Path) -> None:
    workflow_id = build_blur(page, png_file(tmp_path, (30, 200, 200)))
    wait_saved(page)
    page.evaluate("""() => {
        const indicator = document.querySelector('[data-testid=save-state]');
        window.__saveStates = [];
        new MutationObserver(() => window.__saveStates.push(indicator.dataset.state))
            .observe(indicator, { attributes: true, attributeFilter: ['data-state'] });
    }""")
    run_to_the_end(page)
    # a run is no edit: nothing to save, never "Unsaved changes"; the dashboard's picture of the project is the
    # server's to choose from its runs (tests/e2e/test_dashboard_walk_cards.py), so the run writes none into it
    wait_saved(page)
    assert not {"dirty", "saving"} & set(page.evaluate("() => window.__saveStates"))
    expect(page.get_by_test_id("save-state")).to_have_text("Saved")
    assert "thumbnail" not in api.get(f"/api/v1/workflows/{workflow_id}").json()["document"]
