"""Actions on the studio's pages, in the words of the product (create a project, add a node, connect), and the
projects and pictures a test sets up through its API."""

from __future__ import annotations

import base64
import io
import re
from pathlib import Path
from typing import Any

import cv2
import httpx
import numpy as np
from PIL import Image
from playwright.sync_api import FloatRect, Locator, Page, expect

EDITOR_URL = re.compile(r"/editor\?id=([0-9a-f]+)$")


def new_project(page: Page) -> str:
    """Create a project from the dashboard; returns its id once the editor has it open."""
    page.goto("/dashboard")
    page.get_by_role("button", name="New Project").click()
    page.wait_for_url(EDITOR_URL)
    expect(page.get_by_test_id("palette-item").first).to_be_visible()
    match = EDITOR_URL.search(page.url)
    assert match is not None
    return match.group(1)


def create_project(api: httpx.Client, title: str, nodes: list[dict[str, Any]], links: list[tuple[str, str]]) -> str:
    """A project made through the API: `links` connect each (source, target) by their `image` ports; its id."""
    edges = [
        {"id": f"e{i}", "source": source, "sourceHandle": "image", "target": target, "targetHandle": "image"}
        for i, (source, target) in enumerate(links)
    ]
    created = api.post(
        "/api/v1/workflows", json={"title": title, "document": {"schema_version": 1, "nodes": nodes, "edges": edges}}
    )
    assert created.status_code == 201, created.text
    return str(created.json()["id"])


def upload_picture(api: httpx.Client, picture: Image.Image) -> dict[str, Any]:
    """`picture` stored through the API as a PNG (photo.png); its asset's record."""
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    answer = api.post("/api/v1/assets", files={"file": ("photo.png", buffer.getvalue(), "image/png")})
    assert answer.status_code == 201, answer.text
    return dict(answer.json())


def upload_node(
    api: httpx.Client, node_id: str, node_type: str, filename: str, data: bytes, mime: str
) -> tuple[dict[str, Any], str]:
    """`data` stored through the API as `filename`, and an upload node (`node_type`, at the origin) holding it, as
    a project's document lists it; with the asset's id."""
    answer = api.post("/api/v1/assets", files={"file": (filename, data, mime)})
    assert answer.status_code == 201, answer.text
    asset_id = str(answer.json()["id"])
    params = {"asset_id": asset_id, "filename": filename}
    return {"id": node_id, "type": node_type, "params": params, "position": {"x": 0, "y": 0}}, asset_id


def drawn_box(locator: Locator) -> FloatRect:
    """Where `locator` is drawn on the page (CSS pixels); fails, naming it, when it is not drawn."""
    box = locator.bounding_box()
    assert box is not None, f"{locator} is not drawn"
    return box


def overlap(a: FloatRect, b: FloatRect) -> bool:
    """Whether two boxes share some area (two that only touch do not)."""
    across = a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"]
    down = a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"]
    return across and down


def inside(inner: FloatRect, outer: FloatRect) -> bool:
    """Whether `inner` is drawn within `outer` (half a pixel of rounding allowed)."""
    return (
        inner["x"] >= outer["x"] - 0.5
        and inner["y"] >= outer["y"] - 0.5
        and inner["x"] + inner["width"] <= outer["x"] + outer["width"] + 0.5
        and inner["y"] + inner["height"] <= outer["y"] + outer["height"] + 0.5
    )


def wait_open(page: Page) -> None:
    """Wait for the editor to have the project open (its live document synced), as a user sees it say so."""
    expect(page.get_by_test_id("connection-status")).not_to_have_attribute("data-state", "connecting")


def canvas_pane(page: Page) -> Locator:
    return page.locator("[data-testid=canvas] .react-flow__pane")


def node(page: Page, node_id: str) -> Locator:
    return page.locator(f".react-flow__node[data-id='{node_id}']")


def drag_from_palette(page: Page, node_type: str, x: int, y: int) -> None:
    """Drag a palette entry onto the canvas at (x, y), relative to the canvas."""
    source = page.locator(f"[data-testid=palette-item][data-node-type='{node_type}']")
    wait_open(page)  # a node dropped while the project opens is refused, saying so
    source.drag_to(canvas_pane(page), target_position={"x": x, "y": y})


def drop_files(page: Page, files: list[tuple[str, str, bytes]], x: int, y: int, on: Locator | None = None) -> None:
    """Drop files, each `(name, media type, bytes)`, on the canvas at (x, y), relative to the canvas, as a file
    manager does (Playwright's drag cannot carry files); `on`: on that element instead (an upload field), at
    (x, y) inside it, once its node's form takes input, as a user waits for the field to show it does (a file dropped
    while the project opens is refused, saying so); on the canvas, once the project is open."""
    target = on if on is not None else canvas_pane(page)
    if on is not None and on.get_attribute("data-testid") == "upload-drop":
        expect(on.locator("xpath=ancestor::fieldset[1]")).to_be_enabled()
    if on is None:  # once the project is open: a drop while it opens is refused, saying so
        wait_open(page)
    box = target.bounding_box()
    assert box is not None
    transfer = page.evaluate_handle(
        """(files) => {
          const transfer = new DataTransfer();
          for (const [name, type, b64] of files) {
            transfer.items.add(new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], name, { type }));
          }
          return transfer;
        }""",
        [[name, kind, base64.b64encode(data).decode("ascii")] for name, kind, data in files],
    )
    at = {"dataTransfer": transfer, "clientX": box["x"] + x, "clientY": box["y"] + y}
    target.dispatch_event("dragover", at)
    target.dispatch_event("drop", at)


def choose_file(field_input: Locator, files: Any) -> None:
    """Choose `files` (a path, or `{name, mimeType, buffer}`) in an upload field's file input, as the file picker
    does, once its node's form takes input (Playwright sets files without waiting for that; a file chosen while the
    project opens is refused, saying so)."""
    expect(field_input).to_be_enabled()
    field_input.set_input_files(files)


def handle(page: Page, node_id: str, port: str, kind: str) -> Locator:
    return page.locator(f".react-flow__handle.{kind}[data-nodeid='{node_id}'][data-handleid='{port}']")


def connect(page: Page, source: str, source_port: str, target: str, target_port: str) -> None:
    """Drag from an output handle to an input handle with the mouse, as a user does, once the view is still (it moves
    clear of a panel opening, or of a notice over the nodes it names)."""
    expect(page.locator(".react-flow")).not_to_have_attribute("data-view-moving", "true")
    start = handle(page, source, source_port, "source").bounding_box()
    end = handle(page, target, target_port, "target").bounding_box()
    assert start is not None and end is not None
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] / 2)
    page.mouse.down()
    page.mouse.move(end["x"] + end["width"] / 2, end["y"] + end["height"] / 2, steps=12)
    page.mouse.up()


def edges(page: Page) -> Locator:
    return page.locator(".react-flow__edge")


def wait_saved(page: Page) -> None:
    expect(page.get_by_test_id("save-state")).to_have_attribute("data-state", "saved")


def fit_view(page: Page) -> None:
    page.locator(".react-flow__controls-fitview").click()


def png_file(tmp_path: Path, color: tuple[int, int, int] = (220, 40, 40)) -> Path:
    """A small test picture: a coloured square on white, so a blur visibly changes it."""
    image = Image.new("RGB", (96, 64), (255, 255, 255))
    image.paste(Image.new("RGB", (48, 32), color), (24, 16))
    path = tmp_path / "picture.png"
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    path.write_bytes(buffer.getvalue())
    return path


def video_clip(tmp_path: Path, name: str = "clip.mp4") -> bytes:
    """A ten-frame 64 × 48 clip, darker to lighter: VP8 in a .webm (Chromium plays it), else MPEG-4 Part 2 (mp4v,
    which Chromium has no decoder for)."""
    path = tmp_path / name
    fourcc = "VP80" if path.suffix == ".webm" else "mp4v"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*fourcc), 10, (64, 48))
    for shade in range(0, 200, 20):
        writer.write(np.full((48, 64, 3), shade, np.uint8))
    writer.release()
    return path.read_bytes()


def download_workflow(page: Page, tmp_path: Path) -> Path:
    """The project open in the editor saved by its "Download workflow" button, into `tmp_path`."""
    with page.expect_download() as started:
        page.get_by_role("button", name="Download workflow").click()
    path = tmp_path / started.value.suggested_filename
    started.value.save_as(path)
    return path


def wait_stored(page: Page, workflow_id: str, check: str, arg: object = None, timeout: float = 20_000) -> None:
    """Wait until the project as the API gives it (the server projects the live document into it, debounced)
    passes `check`, a JavaScript function `(document, arg) => boolean` run in the page (its fetch signed in as
    the page is). wait_for_function wants a true answer, not a promise of one: each poll starts one fetch and reads
    the last answer."""
    page.evaluate("() => { window.__storedCheck = { busy: false, ok: false }; }")
    page.wait_for_function(
        """([workflowId, arg]) => {
          const state = window.__storedCheck;
          if (!state.busy) {
            state.busy = true;
            fetch(`/api/v1/workflows/${workflowId}`)
              .then((answer) => (answer.ok ? answer.json() : null))
              .then((workflow) => { state.ok = !!workflow && !!(CHECK)(workflow.document, arg); },
                () => { state.ok = false; })
              .finally(() => { state.busy = false; });
          }
          return state.ok;
        }""".replace("CHECK", check),
        arg=[workflow_id, arg],
        polling=100,
        timeout=timeout,
    )
