"""AI model nodes in the browser: a studio whose Replicate, fal and Runway point at the fake providers runs
Prompt → Flux Pro 1.1 Ultra → Upscale → Runway Gen-4 from the editor; a studio without keys says what to set.

The fakes run in this process, so a test holds a job open (`hang`) until the editor shows its progress,
then lets it finish: no sleeps, and every progress state is seen for certain."""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tests.e2e.conftest import ConsoleLog, open_page, running_studio
from tests.e2e.studio import connect, drag_from_palette, edges, fit_view, new_project, node
from tests.providers.fakes import FAKES, TEST_KEY, FakeProvider

FLUX, RUNWAY = "model.flux_pro_1_1_ultra", "model.runway_gen_4"
PROMPT = "a red fox crossing fresh snow at dawn"
OTHER_PROMPT = "a lighthouse in a storm"
CANCEL_PROMPT = "an orchard under a harvest moon"
KEPT_PROMPT = "a paper boat on a city canal"
FAILED_LATER_PROMPT = "a kite above the dunes"
FAST_PROVIDERS = {
    "KARATE_PROVIDER_POLL_INTERVAL": "0.02",
    "KARATE_PROVIDER_POLL_MAX_INTERVAL": "0.05",
    "KARATE_PROVIDER_RETRY_BASE_DELAY": "0.01",
    "KARATE_PROVIDER_RETRY_MAX_DELAY": "0.05",
    "KARATE_PROVIDER_MAX_RETRIES": "1",
    "KARATE_PROVIDER_CALL_TIMEOUT": "10",
    # Replicate would otherwise answer image jobs within the create call, with no progress to show.
    "KARATE_REPLICATE_WAIT_SECONDS": "0",
}

# Records every text a node's progress line shows, however briefly (a fall-over notice lasts one poll).
WATCH_PROGRESS = """() => {
  window.__progressSeen = [];
  new MutationObserver(() => {
    for (const line of document.querySelectorAll("[data-testid=node-progress-message]")) {
      const node = line.closest(".react-flow__node")?.getAttribute("data-id");
      const text = `${node}: ${line.textContent}`;
      if (window.__progressSeen.at(-1) !== text) window.__progressSeen.push(text);
    }
  }).observe(document.body, { subtree: true, childList: true, characterData: true });
}"""


@pytest.fixture(scope="module")
def fakes() -> Iterator[dict[str, FakeProvider]]:
    servers = {name: FAKES[name]() for name in ("replicate", "fal", "runway")}
    for server in servers.values():
        server.start()
    yield servers
    for server in servers.values():
        server.stop()


@pytest.fixture(scope="module")
def model_server(fakes: dict[str, FakeProvider], tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    env = {
        "REPLICATE_API_TOKEN": TEST_KEY,
        "FAL_KEY": TEST_KEY,
        "RUNWAYML_API_SECRET": TEST_KEY,
        "KARATE_REPLICATE_BASE_URL": fakes["replicate"].url,
        "KARATE_FAL_BASE_URL": fakes["fal"].url,
        "KARATE_FAL_REST_URL": fakes["fal"].url,
        "KARATE_RUNWAY_BASE_URL": fakes["runway"].url,
        **FAST_PROVIDERS,
    }
    with running_studio(tmp_path_factory.mktemp("karate-models"), env) as base:
        yield base


@pytest.fixture
def model_page(
    browser: Browser, model_server: str, console: ConsoleLog, fakes: dict[str, FakeProvider]
) -> Iterator[Page]:
    for fake in fakes.values():
        fake.reset()
    with open_page(browser, model_server, console) as page:
        yield page


def add_node(page: Page, node_type: str, title: str, x: int, y: int) -> None:
    """Find a node in the palette by its title (model sections start folded) and drag it onto the canvas."""
    search = page.get_by_label("Search nodes")
    search.fill(title)
    drag_from_palette(page, node_type, x, y)
    search.fill("")


def status(page: Page, node_id: str) -> Locator:
    return node(page, node_id).get_by_test_id("node-status")


def build_prompt_to_upscale(page: Page, prompt: str) -> None:
    """A new project: a Prompt saying `prompt` → Flux Pro 1.1 Ultra → Upscale."""
    new_project(page)
    add_node(page, "input.prompt", "Prompt", 30, 90)
    add_node(page, FLUX, "Flux Pro 1.1 Ultra", 330, 90)
    add_node(page, "tool.upscale", "Upscale", 630, 90)
    node(page, "prompt-1").locator("textarea").fill(prompt)
    connect(page, "prompt-1", "text", "flux_pro_1_1_ultra-1", "prompt")
    connect(page, "flux_pro_1_1_ultra-1", "image", "upscale-1", "image")


def build_prompt_to_video(page: Page) -> None:
    """Prompt → Flux Pro 1.1 Ultra → Upscale → Runway Gen-4, the prompt wired into Runway too."""
    build_prompt_to_upscale(page, PROMPT)
    add_node(page, RUNWAY, "Runway Gen-4", 930, 90)
    connect(page, "upscale-1", "image", "runway_gen_4-1", "image")
    connect(page, "prompt-1", "text", "runway_gen_4-1", "prompt")
    expect(edges(page)).to_have_count(4)


def test_prompt_to_video_runs_through_the_providers_with_progress_on_each_model(
    model_page: Page, fakes: dict[str, FakeProvider], artifacts: Path
) -> None:
    page = model_page
    replicate, runway = fakes["replicate"], fakes["runway"]
    runway.output_kind = "video"
    replicate.hang = runway.hang = True  # each job stays running until the editor has shown its progress
    build_prompt_to_video(page)

    flux, video = node(page, "flux_pro_1_1_ultra-1"), node(page, "runway_gen_4-1")
    expect(flux.get_by_test_id("model-provider")).to_have_text("via Replicate")
    expect(flux.get_by_test_id("model-credits")).to_have_text("6 credits")
    expect(video.get_by_test_id("model-provider")).to_have_text("via Runway")
    expect(video.get_by_test_id("model-credits")).to_have_text("50 credits")
    # one statement of the route that runs it; the unconfirmed Replicate route it falls over to is in its hover text
    expect(video.get_by_test_id("model-provider")).to_have_attribute("data-status", "confirmed")
    expect(video.get_by_test_id("model-provider")).to_have_attribute(
        "title", re.compile(r"on Runway, a route confirmed .* the run tries Replicate \(unconfirmed\)\.$")
    )

    page.get_by_test_id("run").click()
    expect(status(page, "flux_pro_1_1_ultra-1")).to_contain_text("Running 50%")
    expect(flux.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "50")
    replicate.hang = False
    expect(status(page, "flux_pro_1_1_ultra-1")).to_have_attribute("data-status", "completed")
    expect(flux.get_by_test_id("preview-image")).to_be_visible()
    expect(status(page, "upscale-1")).to_have_attribute("data-status", "completed")
    expect(status(page, "runway_gen_4-1")).to_contain_text("Running 50%")
    runway.hang = False
    expect(status(page, "runway_gen_4-1")).to_have_attribute("data-status", "completed")
    # the fake's clip is a bare MP4 header, which no browser can decode: the node says so in words, not an empty frame
    expect(video.get_by_test_id("preview-video-unplayable")).to_have_text(
        re.compile(r"can't be played in the browser; download it")
    )
    fit_view(page)
    page.screenshot(path=str(artifacts / "editor-models.png"))

    created = replicate.received("POST", "/v1/models/black-forest-labs/flux-1.1-pro-ultra/predictions")
    assert len(created) == 1
    assert created[0].headers["authorization"] == f"Bearer {TEST_KEY}" and "prefer" not in created[0].headers
    assert created[0].json["input"]["prompt"] == PROMPT and created[0].json["input"]["aspect_ratio"] == "1:1"
    assert replicate.received("GET", "/v1/predictions/"), "the editor's run polled the prediction"
    assert fakes["fal"].requests == []  # Replicate answered, so fal was never asked

    tasks = runway.received("POST", "/v1/image_to_video")
    assert len(tasks) == 1
    task = tasks[0].json
    assert task["model"] == "gen4_turbo" and task["promptText"] == PROMPT and task["ratio"] == "1280:720"
    header, data = task["promptImage"].split(",", 1)
    assert header == "data:image/png;base64"
    assert base64.b64decode(data).startswith(b"\x89PNG")  # the upscaled picture, inline
    assert tasks[0].headers["x-runway-version"] == "2024-11-06"


def test_a_failing_provider_falls_over_to_the_next_and_the_node_says_so(
    model_page: Page, fakes: dict[str, FakeProvider]
) -> None:
    page = model_page
    replicate, fal = fakes["replicate"], fakes["fal"]
    replicate.add_fault(
        "POST",
        r"/predictions$",
        503,
        {"title": "Service Unavailable", "detail": "maintenance", "status": 503},
        times=10,
    )
    new_project(page)
    add_node(page, "input.prompt", "Prompt", 60, 120)
    add_node(page, FLUX, "Flux Pro 1.1 Ultra", 420, 120)
    # Another prompt than the other test's, or the studio's cache would answer without asking a provider.
    node(page, "prompt-1").locator("textarea").fill(OTHER_PROMPT)
    connect(page, "prompt-1", "text", "flux_pro_1_1_ultra-1", "prompt")
    page.evaluate(WATCH_PROGRESS)

    fal.pause()  # fal answers only once the node has said it fell over to fal
    page.get_by_test_id("run").click()
    expect(node(page, "flux_pro_1_1_ultra-1").get_by_test_id("node-progress-message")).to_contain_text(
        "Replicate failed"
    )
    fal.resume()
    expect(status(page, "flux_pro_1_1_ultra-1")).to_have_attribute("data-status", "completed")
    expect(node(page, "flux_pro_1_1_ultra-1").get_by_test_id("preview-image")).to_be_visible()

    seen: list[str] = page.evaluate("window.__progressSeen")
    fallover = [line for line in seen if "Replicate failed" in line]
    assert fallover and fallover[0].startswith("flux_pro_1_1_ultra-1: ") and fallover[0].endswith("; trying fal")
    assert len(replicate.received("POST", "/predictions")) == 2  # one try and one retry (max retries 1)
    submitted = fal.received("POST", "/fal-ai/flux-pro/v1.1-ultra")
    assert len(submitted) == 1 and submitted[0].json["prompt"] == OTHER_PROMPT
    assert submitted[0].headers["authorization"] == f"Key {TEST_KEY}"


def test_cancel_stops_a_running_model_its_dependants_and_the_provider_job(
    model_page: Page, fakes: dict[str, FakeProvider]
) -> None:
    page = model_page
    replicate = fakes["replicate"]
    replicate.hang = True  # the job runs until it is cancelled
    build_prompt_to_upscale(page, CANCEL_PROMPT)  # not cached by another test's run

    page.get_by_test_id("run").click()
    expect(status(page, "flux_pro_1_1_ultra-1")).to_contain_text("Running 50%")
    page.get_by_test_id("cancel-run").click()
    expect(status(page, "flux_pro_1_1_ultra-1")).to_have_attribute("data-status", "cancelled")
    expect(status(page, "upscale-1")).to_have_attribute("data-status", "cancelled")
    expect(page.get_by_test_id("run")).to_be_visible()  # the toolbar offers Run again

    created = replicate.received("POST", "/v1/models/black-forest-labs/flux-1.1-pro-ultra/predictions")
    assert len(created) == 1 and created[0].json["input"]["prompt"] == CANCEL_PROMPT
    replicate.wait_for(lambda fake: fake.cancelled, timeout=10)
    cancels = replicate.received("POST", "/cancel")
    assert len(cancels) == 1, "cancelling the run cancels the prediction at the provider too"
    assert replicate.cancelled == [cancels[0].path.split("/")[-2]]


def test_a_cancelled_run_leaves_the_pictures_made_before_it_in_place_after_a_reload_too(
    model_page: Page, fakes: dict[str, FakeProvider]
) -> None:
    page = model_page
    replicate = fakes["replicate"]
    build_prompt_to_upscale(page, KEPT_PROMPT)
    page.get_by_test_id("run").click()
    expect(status(page, "upscale-1")).to_have_attribute("data-status", "completed")
    made = re.search(
        r"/assets/(\w+)/", node(page, "upscale-1").get_by_test_id("preview-image").get_attribute("src") or ""
    )
    assert made is not None

    replicate.hang = True  # the next job runs until it is cancelled
    try:
        node(page, "prompt-1").locator("textarea").fill(f"{KEPT_PROMPT}, in winter")
        page.get_by_test_id("run").click()
        expect(status(page, "flux_pro_1_1_ultra-1")).to_contain_text("Running 50%")
        page.get_by_test_id("cancel-run").click()
        expect(page.get_by_test_id("run")).to_be_visible()
    finally:
        replicate.hang = False
    for reload in (False, True):
        if reload:
            page.reload()
        for node_id in ("flux_pro_1_1_ultra-1", "upscale-1"):
            # the picture the last finished run made stays, marked as made from the prompt before the edit
            expect(status(page, node_id)).to_have_text("Changed")
            expect(node(page, node_id).get_by_test_id("preview-image")).to_be_visible()
        expect(node(page, "upscale-1").get_by_test_id("preview-image")).to_have_attribute(
            "src", re.compile(f"/assets/{made.group(1)}/")
        )


def test_a_run_that_fails_leaves_the_last_pictures_in_place_marked_as_earlier_after_a_reload_too(
    model_page: Page, fakes: dict[str, FakeProvider]
) -> None:
    page = model_page
    build_prompt_to_upscale(page, FAILED_LATER_PROMPT)
    page.get_by_test_id("run").click()
    expect(status(page, "upscale-1")).to_have_attribute("data-status", "completed")
    made = node(page, "upscale-1").get_by_test_id("preview-image").get_attribute("src") or ""
    assert "/assets/" in made

    for fake in fakes.values():  # every provider of the model fails the next job
        fake.fail_job = "NSFW content detected"
    node(page, "prompt-1").locator("textarea").fill(f"{FAILED_LATER_PROMPT}, at night")
    page.get_by_test_id("run").click()
    expect(status(page, "flux_pro_1_1_ultra-1")).to_have_attribute("data-status", "failed")
    for reload in (False, True):
        if reload:
            page.reload()
            expect(status(page, "flux_pro_1_1_ultra-1")).to_have_attribute("data-status", "failed")
        expect(status(page, "upscale-1")).to_have_attribute("data-status", "skipped")
        for node_id in ("flux_pro_1_1_ultra-1", "upscale-1"):
            # the picture the last good run made stays in place, said to be an earlier one (it said "No result yet")
            expect(node(page, node_id).get_by_test_id("preview-image")).to_be_visible()
            expect(node(page, node_id).get_by_test_id("result-remaking")).to_have_text("Earlier result")
        expect(node(page, "upscale-1").get_by_test_id("preview-image")).to_have_attribute(
            "src", re.compile(re.escape(made.split("?")[0]))
        )


def test_without_keys_a_model_says_what_to_set_and_ready_to_run_hides_it(page: Page) -> None:
    new_project(page)
    add_node(page, FLUX, "Flux Pro 1.1 Ultra", 300, 150)
    flux = node(page, "flux_pro_1_1_ultra-1")
    expect(flux.get_by_test_id("model-unconfigured")).to_have_text(
        "Not configured — set REPLICATE_API_TOKEN or FAL_KEY on the studio's server"
    )
    expect(flux.get_by_test_id("model-provider")).to_have_count(0)
    expect(flux.get_by_test_id("model-credits")).to_have_text("6 credits")

    palette = page.get_by_test_id("palette")
    flux_item = palette.locator(f"[data-testid=palette-item][data-node-type='{FLUX}']")
    search = page.get_by_label("Search nodes")
    search.fill("Flux Pro 1.1 Ultra")
    expect(flux_item).to_have_attribute("data-ready", "false")
    page.get_by_test_id("ready-filter").check()
    expect(flux_item).to_have_count(0)
    search.fill("")
    expect(palette.locator("[data-testid=palette-item][data-node-type='tool.upscale']")).to_be_visible()
    expect(palette.locator("[data-testid=palette-item][data-node-type='input.prompt']")).to_be_visible()
    # The Vectorizer can run in the studio itself (vtracer), so it stays among the models that are ready.
    search.fill("Vectorizer")
    expect(palette.locator("[data-testid=palette-item][data-node-type='model.vectorizer']")).to_be_visible()
    page.get_by_test_id("ready-filter").uncheck()
    search.fill("Flux Pro 1.1 Ultra")
    expect(flux_item).to_be_visible()
