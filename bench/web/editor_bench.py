"""Editor benchmark: time to interactive with a 500-node graph, and frames per second while panning.

Starts `karate serve` on a free port with a throwaway data folder, saves a 500-node workflow through the
API, opens it in Debian's Chromium (headless, via Playwright) and measures in the page:

- time to interactive: from navigation start until all nodes are in the DOM and the main thread has
  answered two animation frames in a row (the canvas can take input);
- panning FPS: requestAnimationFrame callbacks counted while the mouse drags the canvas for a few seconds.

Usage: .venv/bin/python bench/web/editor_bench.py [--nodes 500] [--runs 3] [--out bench/web/results.json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx
from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TOOLS = ["tool.blur", "tool.invert", "tool.adjust", "tool.upscale"]


def graph(count: int) -> dict:
    """`count` nodes on a grid: a few image inputs, each feeding a chain of tools (~1 edge per node)."""
    nodes, edges = [], []
    per_row = 25
    for index in range(count):
        row, col = divmod(index, per_row)
        node_type = "input.image" if col == 0 else TOOLS[index % len(TOOLS)]
        nodes.append({"id": f"n{index}", "type": node_type, "params": {},
                      "position": {"x": col * 320, "y": row * 420}})
        if col > 0:
            edges.append({"id": f"e{index}", "source": f"n{index - 1}", "sourceHandle": "image",
                          "target": f"n{index}", "targetHandle": "image"})
    return {"schema_version": 1, "nodes": nodes, "edges": edges}


def start_server(data_dir: str) -> tuple[subprocess.Popen[str], str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen([sys.executable, "-m", "karate", "serve", "--port", str(port), "--data-dir",
                                data_dir], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assert process.stderr is not None
    for line in process.stderr:
        if "Uvicorn running on" in line:
            return process, f"http://127.0.0.1:{port}"
    raise RuntimeError("karate serve did not start")


READY_JS = """(count) => new Promise((resolve) => {
  const check = () => {
    if (document.querySelectorAll('.react-flow__node').length >= count) {
      requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now())));
    } else {
      requestAnimationFrame(check);
    }
  };
  check();
})"""

COUNT_FRAMES_JS = """() => {
  window.__frames = 0;
  const tick = () => { window.__frames++; window.__raf = requestAnimationFrame(tick); };
  window.__raf = requestAnimationFrame(tick);
}"""


def measure(page: Page, url: str, count: int, pan_seconds: float) -> dict[str, float]:
    page.goto(url)
    tti = page.evaluate(READY_JS, count)
    pane = page.locator(".react-flow__pane").bounding_box()
    assert pane is not None
    cx, cy = pane["x"] + pane["width"] / 2, pane["y"] + pane["height"] / 2
    page.evaluate(COUNT_FRAMES_JS)
    started = time.perf_counter()
    page.mouse.move(cx, cy)
    page.mouse.down()
    step = 0
    while time.perf_counter() - started < pan_seconds:
        step += 1
        dx = 300 * ((step % 40) / 40 - 0.5)
        page.mouse.move(cx + dx, cy + dx / 3)
    page.mouse.up()
    elapsed = time.perf_counter() - started
    frames = page.evaluate("() => { cancelAnimationFrame(window.__raf); return window.__frames; }")
    return {"tti_ms": round(tti, 1), "pan_fps": round(frames / elapsed, 1), "pan_moves": step}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pan-seconds", type=float, default=4.0)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "web" / "results.json")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as data_dir:
        process, base = start_server(data_dir)
        try:
            workflow = httpx.post(f"{base}/api/v1/workflows", timeout=30,
                                  json={"title": f"{args.nodes} nodes", "document": graph(args.nodes)}).json()
            url = f"{base}/editor?id={workflow['id']}"
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
                samples = []
                for _ in range(args.runs):
                    context = browser.new_context(viewport={"width": 1440, "height": 900})
                    samples.append(measure(context.new_page(), url, args.nodes, args.pan_seconds))
                    context.close()
                browser.close()
        finally:
            process.terminate()
            process.wait(timeout=15)

    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    result = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}",
        "browser": "Debian Chromium, headless, --disable-gpu (software rendering)",
        "nodes": args.nodes,
        "edges": len(graph(args.nodes)["edges"]),
        "samples": samples,
        "tti_ms_median": statistics.median(s["tti_ms"] for s in samples),
        "pan_fps_median": statistics.median(s["pan_fps"] for s in samples),
    }
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
