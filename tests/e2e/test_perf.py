"""A large graph runs without freezing the page: a 200-node run of local tools, started from the editor, shows
done soon after the server finishes, no main-thread task blocks the page for long, a click during the run is
answered, and its Results panel opens and scrolls to the last of its 200 results without a freeze."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

import httpx
from PIL import Image
from playwright.sync_api import Page, expect

NODES = 200
PER_ROW = 25
TOOLS = ["tool.blur", "tool.invert", "tool.adjust"]  # cheap, and they keep the picture's size

# Installed before the page's own scripts: every main-thread task over 50 ms, when the browser got the clicks
# on Run and on the shortcuts button, and when the shortcuts dialog appeared.
PROBES_JS = """
window.__longTasks = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) window.__longTasks.push([entry.startTime, entry.duration]);
}).observe({ type: "longtask", buffered: true });
window.__clicks = {};
document.addEventListener("click", (event) => {
  const target = event.target.closest ? event.target : null;
  if (target?.closest("[data-testid=run]")) window.__clicks.run = event.timeStamp;
  // timeStamp: when the browser got the click, however long the page then took to handle it
  if (target?.closest("[aria-label='Keyboard shortcuts']")) window.__clicks.help = event.timeStamp;
}, true);
new MutationObserver(() => {
  if (!window.__helpShown && document.querySelector("[data-testid=shortcuts-help]")) {
    window.__helpShown = performance.now();
  }
}).observe(document, { childList: true, subtree: true });
"""

# The moment the page shows the run over: its phase is final and every status badge on the canvas is final.
SHOWN_DONE_JS = """() => new Promise((resolve) => {
  const FINAL = new Set(["completed", "cached", "failed", "skipped", "blocked", "cancelled"]);
  const check = () => {
    const phase = document.querySelector("[data-testid=run-phase]")?.getAttribute("data-phase");
    const over = ["completed", "failed", "cancelled"].includes(phase);
    const nodes = over ? document.querySelectorAll(".react-flow__node").length : 0;
    const badges = over ? [...document.querySelectorAll("[data-testid=node-status]")] : [];
    if (over && badges.length === nodes && badges.every((b) => FINAL.has(b.getAttribute("data-status")))) {
      resolve({ at: performance.now(), nodes });
    } else {
      requestAnimationFrame(check);
    }
  };
  check();
})"""


def picture_png() -> bytes:
    """A 320 x 240 gradient: enough pixels that the tools take a moment, small enough for 200 results on disk."""
    image = Image.linear_gradient("L").resize((320, 240)).convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def large_graph(asset_id: str) -> dict[str, Any]:
    """One Image Upload feeding 8 rows of chained Blur / Invert / Adjust: 200 nodes, 199 edges."""
    nodes: list[dict[str, Any]] = [
        {"id": "upload", "type": "input.image", "params": {"asset_id": asset_id}, "position": {"x": -320, "y": 0}}
    ]
    edges = []
    for index in range(NODES - 1):
        row, col = divmod(index, PER_ROW)
        nodes.append(
            {
                "id": f"t{index}",
                "type": TOOLS[index % len(TOOLS)],
                "params": {},
                "position": {"x": col * 320, "y": row * 420},
            }
        )
        edges.append(
            {
                "id": f"e{index}",
                "source": "upload" if col == 0 else f"t{index - 1}",
                "sourceHandle": "image",
                "target": f"t{index}",
                "targetHandle": "image",
            }
        )
    return {"schema_version": 1, "nodes": nodes, "edges": edges}


def server_seconds(record: dict[str, Any]) -> float:
    """How long the server took over the run, from its record: created to finished."""
    finished, created = (datetime.fromisoformat(record[key]) for key in ("finished_at", "created_at"))
    return (finished - created).total_seconds()


def test_a_200_node_run_shows_done_soon_after_the_server_and_never_freezes_the_page(
    page: Page, api: httpx.Client
) -> None:
    asset = api.post("/api/v1/assets", files={"file": ("gradient.png", picture_png(), "image/png")}).json()["id"]
    workflow = api.post("/api/v1/workflows", json={"title": "Large graph", "document": large_graph(asset)}).json()
    page.add_init_script(PROBES_JS)
    page.goto(f"/editor?id={workflow['id']}")
    expect(page.locator(".react-flow__node")).to_have_count(NODES)  # zoomed out to fit: every node is drawn

    with page.expect_response(lambda r: r.url.endswith("/api/v1/runs") and r.request.method == "POST") as answer:
        page.get_by_test_id("run").click()
    # the page answers a click while the run goes on
    page.get_by_role("button", name="Keyboard shortcuts").click()
    expect(page.get_by_test_id("shortcuts-help")).to_be_visible()
    shown = page.evaluate(SHOWN_DONE_JS)
    probes = page.evaluate(
        "() => ({ clicks: window.__clicks, helpShown: window.__helpShown, tasks: window.__longTasks })"
    )
    record = api.get(f"/api/v1/runs/{answer.value.json()['id']}").json()

    assert record["status"] == "completed" and len(record["nodes"]) == NODES
    assert shown["nodes"] == NODES
    clicks = probes["clicks"]
    assert clicks["help"] < shown["at"], "the shortcuts button was clicked after the page showed the run done"
    answered_ms = probes["helpShown"] - clicks["help"]
    assert answered_ms < 1000, f"a click during the run took {answered_ms:.0f} ms to answer"

    server_ms = server_seconds(record) * 1000
    page_ms = shown["at"] - clicks["run"]
    # generous bounds, so a busy CI machine passes; bench/web/editor_bench.py measures against the real targets
    assert page_ms <= 2 * server_ms + 1000, (
        f"the page showed the run done after {page_ms:.0f} ms; the server took {server_ms:.0f} ms"
    )
    during = [
        duration for start, duration in probes["tasks"] if start + duration >= clicks["run"] and start <= shown["at"]
    ]
    # a freeze is what this guards against (the page stuck for seconds, as a 1,000-event re-render once did); one
    # pause of 250-400 ms was seen in two full-suite runs on a shared 2-core machine (2026-12-02), none alone
    assert max(during, default=0) <= 500, f"main-thread tasks during the run (ms): {sorted(during)[-5:]}"

    # the Results panel opens without freezing the page, and scrolling it reaches every result
    page.keyboard.press("Escape")  # the shortcuts dialog opened during the run
    expect(page.get_by_test_id("shortcuts-help")).to_have_count(0)
    opened_at = page.evaluate("performance.now()")
    page.get_by_test_id("toggle-gallery").click()
    cards = page.get_by_test_id("gallery-item")
    expect(cards.first).to_be_visible()
    scroller = page.get_by_test_id("gallery").locator(".overflow-y-auto")
    scroller.evaluate("(list) => { list.scrollTop = list.scrollHeight; }")
    # the upload and every tool's picture: the list is as long as all of them, and draws those in view
    expect(cards.last).to_have_attribute("aria-posinset", str(NODES))
    expect(cards.last).to_be_in_viewport()
    tasks = page.evaluate("window.__longTasks")
    opening = [duration for start, duration in tasks if start + duration >= opened_at]
    assert max(opening, default=0) <= 200, f"main-thread tasks opening and scrolling Results (ms): {opening}"
