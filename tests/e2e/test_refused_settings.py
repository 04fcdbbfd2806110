"""What a designer sees when an input or a setting cannot be used: an SVG dropped into an Image Upload is refused at
once, saying what it is and how to make a picture of it; a Crop whose field is red (the node keeps the value it had,
all zeros) does not run and report Done with the picture uncropped: Run refuses while the field is red, and once it
is put back the run says what to set."""

from __future__ import annotations

import random
import re
from typing import Any

import httpx
from PIL import Image
from playwright.sync_api import Page, expect

from tests.e2e.conftest import ConsoleLog
from tests.e2e.studio import choose_file, create_project, drag_from_palette, new_project, node, upload_picture

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'


def test_an_svg_dropped_into_an_image_upload_is_refused_saying_to_export_a_picture(
    page: Page, console: ConsoleLog
) -> None:
    new_project(page)
    drag_from_palette(page, "input.image", 250, 150)
    upload = node(page, "image-1")
    choose_file(upload.get_by_test_id("upload-input"), {"name": "logo.svg", "mimeType": "image/svg+xml", "buffer": SVG})
    expect(upload.get_by_role("alert")).to_have_text(
        re.compile(
            r"^“logo.svg” was not added\. This file is an SVG, a drawing made of shapes rather than pixels, .*"
            r"export it as a PNG or JPEG"
        )
    )
    expect(upload.get_by_role("alert")).not_to_contain_text(re.compile(r"[0-9a-f]{12}"))
    console.errors.remove("Failed to load resource: the server responded with a status of 415 (Unsupported Media Type)")


def _photo(api: httpx.Client) -> str:
    picture = Image.new("RGB", (64, 48), tuple(random.randrange(256) for _ in range(3)))
    return str(upload_picture(api, picture)["id"])


def test_a_crop_with_a_red_field_and_nothing_else_set_says_what_to_set_instead_of_done(
    page: Page, api: httpx.Client
) -> None:
    nodes: list[dict[str, Any]] = [
        {"id": "photo", "type": "input.image", "params": {"asset_id": _photo(api)}, "position": {"x": 0, "y": 0}},
        {"id": "crop", "type": "tool.crop", "params": {}, "position": {"x": 320, "y": 0}},
    ]
    page.goto(f"/editor?id={create_project(api, 'Crop', nodes, [('photo', 'crop')])}")
    crop = node(page, "crop")
    width = crop.get_by_label("Width", exact=True)
    width.fill("")
    width.press_sequentially("-50")
    expect(width).to_have_attribute("aria-invalid", "true")
    page.get_by_test_id("run").click(force=True)  # refused while the field is red, saying which and what to do
    expect(page.get_by_test_id("notice")).to_contain_text(
        "Can't run yet: Crop: Width must be a whole number from 0 to 65535: fix it or press Escape to put back 0"
    )
    expect(page.get_by_test_id("run-phase")).to_have_attribute("data-phase", "idle")
    width.press("Escape")
    page.get_by_test_id("run").click()
    expect(crop.get_by_test_id("node-status")).to_have_attribute("data-status", "blocked")
    expect(crop).to_contain_text("Crop would keep the whole picture")
    expect(crop.get_by_test_id("preview-image")).to_have_count(0)
