"""The Results panel of a large project: 301 results open at once and scroll without freezing the page, a designer
finds one by typing part of its name, and opens it full size from the keyboard as with a click."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from tests.e2e.studio import create_project

TOOLS = 300
TOOL_TYPES = ["tool.blur", "tool.invert", "tool.adjust"]  # cheap, and they keep the picture's size
#: The one node a designer named, among 300 of their type's names.
NAMED = (137, "Hero shot")

# Installed before the page's own scripts: every main-thread task over 50 ms.
LONG_TASKS_JS = """
window.__longTasks = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) window.__longTasks.push([entry.startTime, entry.duration]);
}).observe({ type: "longtask", buffered: true });
"""

# Opens the panel and resolves when the frame showing its first items has been painted: the milliseconds from the
# click, and the items then in the page.
OPEN_JS = """() => new Promise((resolve) => {
  const start = performance.now();
  document.querySelector("[data-testid=toggle-gallery]").click();
  const painted = () => {  // a task queued in a frame's animation callback runs once that frame is painted
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve({ ms: performance.now() - start,
      drawn: document.querySelectorAll("[data-testid=gallery-item]").length });
    channel.port2.postMessage(null);
  };
  const check = () => document.querySelector("[data-testid=gallery-item]") ? requestAnimationFrame(painted)
    : requestAnimationFrame(check);
  check();
})"""

# Scrolls the list from its top to its end, 600 px a frame (a quick flick of a wheel), and says how long that took,
# how many frames, the longest of them, and the most cards drawn at once; a list that draws more at its end (as the
# panel did before it drew only what is in view) is followed until it has no more.
SCROLL_JS = """(list) => new Promise((resolve) => {
  list.scrollTop = 0;
  const start = performance.now();
  const frames = [];
  let last = start;
  let drawn = 0;
  const step = (now) => {
    frames.push(now - last);
    last = now;
    drawn = Math.max(drawn, list.querySelectorAll("[data-testid=gallery-item]").length);
    const end = list.scrollTop + list.clientHeight >= list.scrollHeight - 1;
    if (end && !list.querySelector("[data-testid=gallery-more]")) {
      resolve({ ms: performance.now() - start, frames: frames.length, longestFrame: Math.max(...frames), drawn });
      return;
    }
    list.scrollTop += 600;
    requestAnimationFrame(step);
  };
  requestAnimationFrame(step);
})"""


def _picture() -> bytes:
    buffer = io.BytesIO()
    Image.linear_gradient("L").resize((64, 48)).convert("RGB").save(buffer, "PNG")
    return buffer.getvalue()


def _large_project(api: httpx.Client) -> str:
    """One Image Upload feeding 300 tools side by side: 301 results, one named by the designer."""
    asset = api.post("/api/v1/assets", files={"file": ("gradient.png", _picture(), "image/png")}).json()["id"]
    nodes: list[dict[str, Any]] = [
        {"id": "upload", "type": "input.image", "params": {"asset_id": asset}, "position": {"x": -320, "y": 0}}
    ]
    for index in range(TOOLS):
        row, col = divmod(index, 20)
        tool = {
            "id": f"t{index}",
            "type": TOOL_TYPES[index % 3],
            "params": {},
            "position": {"x": col * 320, "y": row * 420},
        }
        if index == NAMED[0]:
            tool["title"] = NAMED[1]
        nodes.append(tool)
    return create_project(api, "Results", nodes, [("upload", f"t{index}") for index in range(TOOLS)])


@pytest.fixture(scope="module")
def large_project(server: str) -> Iterator[str]:
    """The project, its run started: the editor opened on it follows the run to its end."""
    with httpx.Client(base_url=server, timeout=30) as api:
        workflow_id = _large_project(api)
        started = api.post("/api/v1/runs", json={"workflow_id": workflow_id})
        assert started.status_code in (200, 201, 202), started.text
    yield workflow_id


def _open_finished(page: Page, workflow_id: str) -> None:
    page.goto(f"/editor?id={workflow_id}")
    expect(page.locator(".react-flow__node")).to_have_count(TOOLS + 1)
    done = page.locator("[data-testid=node-status][data-status=completed]")
    expect(done).to_have_count(TOOLS + 1, timeout=120_000)


def test_301_results_open_at_once_and_scroll_without_a_freeze(page: Page, large_project: str, artifacts: Path) -> None:
    page.add_init_script(LONG_TASKS_JS)
    _open_finished(page, large_project)
    long_tasks = "(since) => window.__longTasks.filter(([start, duration]) => start + duration >= since)"

    def opened() -> dict[str, Any]:
        since = page.evaluate("performance.now()")
        figures: dict[str, Any] = page.evaluate(OPEN_JS)
        figures["long_tasks_ms"] = [duration for _, duration in page.evaluate(long_tasks, since)]
        return figures

    first = opened()  # the canvas moves clear of the panel meanwhile
    page.get_by_role("button", name="Close Result gallery").click()
    again = opened()  # the canvas is clear of it already: the panel's own cost
    scroller = page.get_by_test_id("gallery").locator(".overflow-y-auto")
    scrolled_at = page.evaluate("performance.now()")
    scrolling = page.evaluate(SCROLL_JS, scroller.element_handle())
    scrolling["long_tasks_ms"] = [duration for _, duration in page.evaluate(long_tasks, scrolled_at)]
    figures = {"opening": first, "opening_again": again, "scrolling": scrolling}
    (artifacts / "results_panel_figures.json").write_text(json.dumps(figures, indent=2))

    expect(page.get_by_test_id("gallery-count")).to_have_text(f"{TOOLS + 1} results")
    last = page.get_by_test_id("gallery-item").last
    expect(last).to_have_attribute("aria-posinset", str(TOOLS + 1))  # scrolled to the last of them
    expect(last).to_be_in_viewport()
    # a screenful of cards, however many results: what makes opening and scrolling cost what a short list does
    assert max(first["drawn"], again["drawn"], scrolling["drawn"]) <= 12, figures
    # bounds a busy 2-core machine keeps (measured there: under 300 ms to the first cards painted, and no task over
    # 130 ms, on opening; bench figures in the report that brought this in)
    assert first["ms"] < 1500 and again["ms"] < 1000, figures
    assert max(first["long_tasks_ms"] + again["long_tasks_ms"], default=0) <= 500, figures


def test_a_result_found_by_its_name_opens_full_size_from_the_keyboard(page: Page, large_project: str) -> None:
    _open_finished(page, large_project)
    page.get_by_test_id("toggle-gallery").click()
    panel = page.get_by_test_id("gallery")
    search = panel.get_by_role("searchbox", name="Find a result")
    search.fill("HERO")
    expect(panel.get_by_test_id("gallery-name")).to_have_text(["Results - Hero shot.png"])
    expect(panel.get_by_test_id("gallery-count")).to_have_text(f"1 of {TOOLS + 1} results")

    search.press("ArrowDown")  # on to the list: its one stop is the card found
    card = panel.get_by_test_id("gallery-item")
    expect(card).to_be_focused()
    page.keyboard.press("Enter")
    viewer = page.get_by_role("dialog", name="Result viewer")
    expect(viewer.get_by_test_id("viewer-title")).to_have_text(f"{NAMED[1]} · image")
    page.keyboard.press("Escape")
    expect(viewer).to_have_count(0)
    expect(card).to_be_focused()  # back where the keyboard was

    search.fill("sunset")
    expect(panel.get_by_test_id("gallery-none-found")).to_contain_text("No result matches “sunset”.")
    panel.get_by_role("button", name="Show all results").click()
    expect(panel.get_by_test_id("gallery-count")).to_have_text(f"{TOOLS + 1} results")
    expect(search).to_have_value("")
