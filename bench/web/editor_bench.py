"""Editor benchmark, side by side, in one Chromium: a 200-node run against the server, and the 500-node
editor against a bare @xyflow/react page.

Starts `karate serve` on a free port with a throwaway data folder (serving the web build in
KARATE_WEB_DIST, or web/dist), builds the bare React Flow page of bench/web/bare/ from web/node_modules
into a temporary folder, and drives Debian's Chromium (headless, via Playwright):

1. A 200-node run, started with the page's Run button (a fresh run, then the same run again, all cached):
   - page complete: from the click on Run until the page shows the run over (the run phase is final and
     every node's status badge on the canvas is final);
   - server: the run record's own time, from `created_at` to `finished_at`;
   - the longest main-thread task between the click and page complete (PerformanceObserver "longtask").
   Targets: page complete within 1.5 x server + 300 ms; no task over 100 ms.
2. The 500-node editor and the bare page with 500 default nodes (same grid, same edges):
   - time to interactive: from navigation start until every node of the view is in the DOM and the main
     thread has answered two animation frames in a row;
   - panning frame rate: the page drags its own canvas, one mouse move per animation frame, for a few
     seconds, and counts frames.
   Targets: the editor's TTI within 1.5 x the bare page's, its frame rate at least 0.7 x.

Usage: .venv/bin/python bench/web/editor_bench.py [--runs 3] [--note "..."] [--out bench/web/results.json]
"""

from __future__ import annotations

import argparse
import functools
import http.server
import io
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from PIL import Image
from playwright.sync_api import Browser, Page, ViewportSize, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
BARE = Path(__file__).resolve().parent / "bare"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT: ViewportSize = {"width": 1440, "height": 900}
PER_ROW = 25
EDITOR_TOOLS = ["tool.blur", "tool.invert", "tool.adjust", "tool.upscale"]
RUN_TOOLS = ["tool.blur", "tool.invert", "tool.adjust"]  # cheap, and they keep the picture's size


def editor_graph(count: int) -> dict[str, Any]:
    """`count` nodes on a 25-wide grid: an Image Upload at each row's start feeding a chain of tools."""
    nodes, edges = [], []
    for index in range(count):
        row, col = divmod(index, PER_ROW)
        node_type = "input.image" if col == 0 else EDITOR_TOOLS[index % len(EDITOR_TOOLS)]
        nodes.append({"id": f"n{index}", "type": node_type, "params": {}, "position": {"x": col * 320, "y": row * 420}})
        if col > 0:
            edges.append(
                {
                    "id": f"e{index}",
                    "source": f"n{index - 1}",
                    "sourceHandle": "image",
                    "target": f"n{index}",
                    "targetHandle": "image",
                }
            )
    return {"schema_version": 1, "nodes": nodes, "edges": edges}


def run_graph(count: int, asset_id: str) -> dict[str, Any]:
    """One Image Upload of `asset_id` feeding rows of 25 chained cheap tools: `count` nodes in all."""
    nodes: list[dict[str, Any]] = [
        {"id": "upload", "type": "input.image", "params": {"asset_id": asset_id}, "position": {"x": -320, "y": 0}}
    ]
    edges = []
    for index in range(count - 1):
        row, col = divmod(index, PER_ROW)
        node_id = f"t{index}"
        nodes.append(
            {
                "id": node_id,
                "type": RUN_TOOLS[index % len(RUN_TOOLS)],
                "params": {},
                "position": {"x": col * 320, "y": row * 420},
            }
        )
        source = "upload" if col == 0 else f"t{index - 1}"
        edges.append(
            {"id": f"e{index}", "source": source, "sourceHandle": "image", "target": node_id, "targetHandle": "image"}
        )
    return {"schema_version": 1, "nodes": nodes, "edges": edges}


def picture_png(shade: int = 0) -> bytes:
    """A small test picture (96 x 64 PNG): a red square on white; each `shade` a different picture."""
    image = Image.new("RGB", (96, 64), (255, 255, 255))
    image.paste(Image.new("RGB", (48, 32), (220, 40 + shade % 200, 40)), (24, 16))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def studio(data_dir: str, web_dist: Path) -> Iterator[str]:
    """`karate serve` on a free port over `data_dir`, serving `web_dist`; yields its base URL."""
    port = _free_port()
    env = {**os.environ, "KARATE_WEB_DIST": str(web_dist)}
    process = subprocess.Popen(
        [sys.executable, "-m", "karate", "serve", "--host", "127.0.0.1", "--port", str(port), "--data-dir", data_dir],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    try:
        for line in process.stderr:
            if "Uvicorn running on" in line:
                break
        else:
            raise RuntimeError("karate serve did not start")
        threading.Thread(target=lambda: [None for _ in process.stderr or ()], daemon=True).start()
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=15)


def build_bare(out_dir: Path) -> None:
    """Build bench/web/bare/ with the editor's Vite and node_modules into `out_dir`."""
    subprocess.run(
        ["npx", "vite", "build", "--config", str(BARE / "vite.config.mjs"), "--outDir", str(out_dir)],
        cwd=ROOT / "web",
        check=True,
        capture_output=True,
    )


@contextmanager
def static_site(folder: Path) -> Iterator[str]:
    """A plain HTTP server for `folder` on a free port; yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (the base class's name)
        pass


# Recorded from the page's first moment: every main-thread task over 50 ms, in performance.now() time.
LONG_TASKS_JS = """
window.__longTasks = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) window.__longTasks.push([entry.startTime, entry.duration]);
}).observe({ type: "longtask", buffered: true });
document.addEventListener("click", (event) => {
  if (event.target.closest && event.target.closest("[data-testid=run]")) window.__runClicked = event.timeStamp;
}, true);
"""

# Resolves with the moment the page shows the run over: a final run phase and every badge on the canvas final.
RUN_SHOWN_DONE_JS = """() => new Promise((resolve) => {
  const FINAL = new Set(["completed", "cached", "failed", "skipped", "blocked", "cancelled"]);
  const check = () => {
    const phase = document.querySelector("[data-testid=run-phase]")?.getAttribute("data-phase");
    const over = ["completed", "failed", "cancelled"].includes(phase);  // checked first: it is cheap
    const nodes = over ? document.querySelectorAll(".react-flow__node") : [];
    const badges = over ? [...document.querySelectorAll("[data-testid=node-status]")] : [];
    if (over && badges.length === nodes.length
        && badges.every((badge) => FINAL.has(badge.getAttribute("data-status")))) {
      resolve({ at: performance.now(), nodes: nodes.length });
    } else {
      requestAnimationFrame(check);
    }
  };
  check();
})"""

READY_JS = """(count) => new Promise((resolve) => {
  const check = () => {
    if (document.querySelectorAll(".react-flow__node").length >= count) {
      requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now())));
    } else {
      requestAnimationFrame(check);
    }
  };
  check();
})"""

# Drags the canvas from inside the page, one mouse move per animation frame (d3-zoom reads plain mouse
# events), and counts frames: the same input for every page, whatever the load on the driving process.
PAN_JS = """(seconds) => new Promise((resolve) => {
  const pane = document.querySelector(".react-flow__pane");
  const box = pane.getBoundingClientRect();
  const cx = box.left + box.width / 2, cy = box.top + box.height / 2;
  const mouse = (type, target, x, y) => target.dispatchEvent(new MouseEvent(type, { bubbles: true,
    cancelable: true, view: window, clientX: x, clientY: y, button: 0, buttons: type === "mouseup" ? 0 : 1 }));
  mouse("mousedown", pane, cx, cy);
  const start = performance.now();
  let frames = 0;
  let longest = 0;
  let last = start;
  const tick = (now) => {
    frames++;
    longest = Math.max(longest, now - last);
    last = now;
    const t = (now - start) / 1000;
    const dx = 300 * Math.sin(t * 2), dy = 100 * Math.cos(t * 2);
    if (now - start < seconds * 1000) {
      mouse("mousemove", window, cx + dx, cy + dy);
      requestAnimationFrame(tick);
    } else {
      mouse("mouseup", window, cx + dx, cy + dy);
      resolve({ fps: frames / ((now - start) / 1000), longest_frame_ms: longest });
    }
  };
  requestAnimationFrame(tick);
})"""


def measure_run(page: Page, base: str, workflow_id: str) -> dict[str, Any]:
    """Click Run on the open editor and time it against the server's run record (see the module doc)."""
    # as a user re-runs: the page has saved what the last run changed (its dashboard thumbnail)
    page.locator("[data-testid=save-state][data-state=saved]").wait_for()
    page.evaluate("() => { window.__runClicked = null; }")
    with page.expect_response(lambda r: r.url.endswith("/api/v1/runs") and r.request.method == "POST") as answer:
        page.get_by_test_id("run").click()
    run_id = answer.value.json()["id"]
    shown = page.evaluate(RUN_SHOWN_DONE_JS)
    clicked = page.evaluate("() => window.__runClicked")
    tasks = page.evaluate("() => window.__longTasks")
    during = [duration for start, duration in tasks if start + duration >= clicked and start <= shown["at"]]
    record = httpx.get(f"{base}/api/v1/runs/{run_id}", timeout=30).json()
    server_ms = (
        datetime.fromisoformat(record["finished_at"]) - datetime.fromisoformat(record["created_at"])
    ).total_seconds() * 1000
    cached = sum(1 for node in record["nodes"].values() if node["cached"])
    return {
        "status": record["status"],
        "nodes": len(record["nodes"]),
        "cached_nodes": cached,
        "nodes_on_canvas": shown["nodes"],
        "server_ms": round(server_ms, 1),
        "page_ms": round(shown["at"] - clicked, 1),
        "longest_task_ms": round(max(during, default=0.0), 1),
        "long_tasks": len(during),
    }


def run_samples(browser: Browser, base: str, nodes: int, runs: int) -> list[dict[str, Any]]:
    """`runs` samples, each on a new copy of the graph: a first run (nothing cached), then the same run again."""
    samples = []
    for index in range(runs):
        # a picture of its own for each sample, so that every node of its first run computes
        asset = httpx.post(
            f"{base}/api/v1/assets", timeout=30, files={"file": ("picture.png", picture_png(index), "image/png")}
        ).json()["id"]
        document = run_graph(nodes, asset)
        workflow = httpx.post(
            f"{base}/api/v1/workflows", timeout=30, json={"title": f"{nodes}-node run {index}", "document": document}
        ).json()
        context = browser.new_context(viewport=VIEWPORT)
        context.add_init_script(LONG_TASKS_JS)
        page = context.new_page()
        page.set_default_timeout(180_000)
        page.goto(f"{base}/editor?id={workflow['id']}")
        page.get_by_test_id("run").wait_for()
        page.locator(".react-flow__node").first.wait_for()
        fresh = measure_run(page, base, workflow["id"])
        again = measure_run(page, base, workflow["id"])
        samples.append({"fresh": fresh, "cached": again})
        context.close()
    return samples


def measure_page(browser: Browser, url: str, count: int, pan_seconds: float) -> dict[str, float]:
    """Time to interactive and panning frame rate of one fresh page load of `url`."""
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.set_default_timeout(120_000)
    page.goto(url)
    tti = page.evaluate(READY_JS, count)
    pan = page.evaluate(PAN_JS, pan_seconds)
    context.close()
    return {
        "tti_ms": round(tti, 1),
        "pan_fps": round(pan["fps"], 1),
        "longest_frame_ms": round(pan["longest_frame_ms"], 1),
    }


def median(samples: list[dict[str, Any]], *keys: str) -> float:
    def pick(sample: dict[str, Any]) -> float:
        for key in keys:
            sample = sample[key]
        return float(sample)  # type: ignore[arg-type]

    return round(statistics.median(pick(s) for s in samples), 1)


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    return f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--run-nodes", type=int, default=200)
    parser.add_argument("--editor-nodes", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pan-seconds", type=float, default=4.0)
    parser.add_argument(
        "--web-dist", type=Path, default=Path(os.environ.get("KARATE_WEB_DIST") or ROOT / "web" / "dist")
    )
    parser.add_argument("--note", default="", help="how the machine was when measured (e.g. 'under load')")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "web" / "results.json")
    args = parser.parse_args()
    if not (args.web_dist / "index.html").is_file():
        sys.exit(f"{args.web_dist} has no index.html: build the web app first (make web)")

    with tempfile.TemporaryDirectory() as data_dir, tempfile.TemporaryDirectory() as bare_dir:
        build_bare(Path(bare_dir))
        with (
            studio(data_dir, args.web_dist) as base,
            static_site(Path(bare_dir)) as bare_base,
            sync_playwright() as playwright,
        ):
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            run = run_samples(browser, base, args.run_nodes, args.runs)
            editor_doc = editor_graph(args.editor_nodes)
            workflow = httpx.post(
                f"{base}/api/v1/workflows",
                timeout=30,
                json={"title": f"{args.editor_nodes} nodes", "document": editor_doc},
            ).json()
            editor, bare = [], []
            for _ in range(args.runs):  # interleaved, so a change of load hits both alike
                editor.append(
                    measure_page(browser, f"{base}/editor?id={workflow['id']}", args.editor_nodes, args.pan_seconds)
                )
                bare.append(
                    measure_page(
                        browser,
                        f"{bare_base}/index.html?nodes={args.editor_nodes}",
                        args.editor_nodes,
                        args.pan_seconds,
                    )
                )
            browser.close()

    run_fresh = {
        "server_ms": median(run, "fresh", "server_ms"),
        "page_ms": median(run, "fresh", "page_ms"),
        "longest_task_ms": median(run, "fresh", "longest_task_ms"),
    }
    run_cached = {
        "server_ms": median(run, "cached", "server_ms"),
        "page_ms": median(run, "cached", "page_ms"),
        "longest_task_ms": median(run, "cached", "longest_task_ms"),
    }
    editor_median = {"tti_ms": median(editor, "tti_ms"), "pan_fps": median(editor, "pan_fps")}
    bare_median = {"tti_ms": median(bare, "tti_ms"), "pan_fps": median(bare, "pan_fps")}
    result = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "note": args.note,
        "browser": "Debian Chromium, headless, --disable-gpu (software rendering), 1440 x 900",
        "run": {
            "nodes": args.run_nodes,
            "targets": "page_ms <= 1.5 x server_ms + 300; longest_task_ms <= 100",
            "samples": run,
            "median": {"fresh": run_fresh, "cached": run_cached},
            "within_target": all(
                r["page_ms"] <= 1.5 * r["server_ms"] + 300 and r["longest_task_ms"] <= 100
                for r in (run_fresh, run_cached)
            ),
        },
        "editor_vs_bare": {
            "nodes": args.editor_nodes,
            "edges": len(editor_doc["edges"]),
            "targets": "editor tti_ms <= 1.5 x bare; editor pan_fps >= 0.7 x bare",
            "editor_samples": editor,
            "bare_samples": bare,
            "median": {"editor": editor_median, "bare": bare_median},
            "tti_ratio": round(editor_median["tti_ms"] / bare_median["tti_ms"], 2),
            "fps_ratio": round(editor_median["pan_fps"] / bare_median["pan_fps"], 2),
            "within_target": editor_median["tti_ms"] <= 1.5 * bare_median["tti_ms"]
            and editor_median["pan_fps"] >= 0.7 * bare_median["pan_fps"],
        },
    }
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps({k: v for k, v in result.items() if k not in ("run", "editor_vs_bare")}, indent=2))
    side_by_side = result["editor_vs_bare"]
    print(
        json.dumps(
            {
                "run": result["run"]["median"],
                "run_within_target": result["run"]["within_target"],
                "editor_vs_bare": side_by_side["median"],
                "tti_ratio": side_by_side["tti_ratio"],
                "fps_ratio": side_by_side["fps_ratio"],
                "editor_within_target": side_by_side["within_target"],
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
