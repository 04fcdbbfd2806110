"""What a run uses and shows is what the user sees: Run refuses while a field holds text that is not valid (the
node keeps its old value meanwhile), saying which field on which node and what to do, and runs once it is put back;
Compare never opens on two sides showing the same picture (a Crop of the whole picture hands on an array and the Save
after it a PNG: two files, one picture), and says so where every other result is that picture."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
from PIL import Image
from playwright.sync_api import Locator, Page, expect

from tests.e2e.studio import create_project, node, upload_picture

FINISHED = re.compile(r"^(completed|cached)$")


def _upload(api: httpx.Client) -> str:
    """A blue picture with a white square in its top-left corner."""
    picture = Image.new("RGB", (320, 200), (30, 120, 200))
    picture.paste(Image.new("RGB", (40, 40), (255, 255, 255)), (0, 0))
    return str(upload_picture(api, picture)["id"])


def _crop_project(api: httpx.Client, invert: bool = False) -> str:
    """Image Upload → (Invert →) Crop of the whole picture → Save Image."""
    chain = ["photo", *(["invert"] if invert else []), "crop", "save"]
    params: dict[str, dict[str, object]] = {
        "photo": {"asset_id": _upload(api)},
        "invert": {},
        "crop": {"width": 320, "height": 200},
        "save": {},
    }
    types = {"photo": "input.image", "invert": "tool.invert", "crop": "tool.crop", "save": "output.save"}
    nodes = [
        {"id": name, "type": types[name], "params": params[name], "position": {"x": 340 * i, "y": 0}}
        for i, name in enumerate(chain)
    ]
    return create_project(api, "Same picture", nodes, list(zip(chain, chain[1:], strict=False)))


def _compare_on_save(page: Page, workflow_id: str) -> Locator:
    """Run the project, open Save Image's picture and press Compare; the viewer."""
    page.goto(f"/editor?id={workflow_id}")
    page.get_by_test_id("run").click()
    expect(node(page, "save").get_by_test_id("node-status")).to_have_attribute("data-status", FINISHED)
    node(page, "save").get_by_test_id("preview-image").click()
    viewer = page.get_by_role("dialog", name="Result viewer")
    expect(viewer.get_by_test_id("viewer-image")).to_have_js_property("complete", True)
    viewer.get_by_role("button", name="Compare").click()
    return viewer


def test_run_refuses_while_a_field_holds_text_that_is_not_valid(page: Page, api: httpx.Client, artifacts: Path) -> None:
    page.goto(f"/editor?id={_crop_project(api)}")
    field = node(page, "crop").get_by_label("X", exact=True)
    field.fill("-5")
    expect(node(page, "crop").get_by_test_id("field-problem")).to_contain_text("(the node keeps 0 until then)")
    refused = "Can't run yet: Crop: X must be a whole number from 0 to 65535: fix it or press Escape to put back 0."
    run = page.get_by_test_id("run")
    expect(run).to_have_attribute("title", refused)
    run.click(force=True)  # aria-disabled: pressed anyway, it says why
    expect(page.get_by_test_id("notice")).to_have_text(re.compile(re.escape(refused)))
    page.screenshot(path=str(artifacts / "run-refused-field.png"))
    expect(page.get_by_test_id("run-phase")).to_have_attribute("data-phase", "idle")

    field.press("Escape")
    expect(field).to_have_value("0")
    expect(run).not_to_have_attribute("aria-disabled", "true")
    run.click()
    expect(node(page, "save").get_by_test_id("node-status")).to_have_attribute("data-status", FINISHED)


def test_compare_passes_over_the_same_picture_for_one_that_differs(
    page: Page, api: httpx.Client, artifacts: Path
) -> None:
    viewer = _compare_on_save(page, _crop_project(api, invert=True))
    # Crop's array and Invert's are the very picture Save Image shows: compared with the upload instead
    chosen = viewer.get_by_role("combobox", name="Compare with")
    expect(chosen).to_have_value("photo:image")
    expect(chosen.locator("option[value='crop:image']")).to_have_text(re.compile(r"Crop · image · same picture$"))
    expect(chosen.locator("option[value='invert:image']")).to_have_text(re.compile(r"Invert · image · same picture$"))
    expect(viewer.get_by_test_id("compare-before-label")).to_have_text("Before · Image Upload · image")
    page.screenshot(path=str(artifacts / "compare-passes-over-same-picture.png"))


def test_compare_says_when_every_other_result_is_the_same_picture(page: Page, api: httpx.Client) -> None:
    viewer = _compare_on_save(page, _crop_project(api))
    expect(viewer.get_by_test_id("compare-none")).to_have_text(
        "Nothing to compare: Image Upload · image and Crop · image are this same picture"
    )
    expect(viewer.get_by_role("combobox", name="Compare with")).to_have_count(0)
    expect(viewer.get_by_test_id("viewer-compared")).to_have_count(0)
