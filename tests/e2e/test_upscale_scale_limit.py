"""An Upscale node fed an uploaded picture offers the scales whose result would pass the studio's pixel limit
(KARATE_MAX_IMAGE_PIXELS) as unavailable, with the size each would make, and says under its Scale field, before any
run, when the scale it holds is already too large."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from PIL import Image
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import ConsoleLog, open_page, running_studio
from tests.e2e.studio import create_project, node, upload_picture

# A 4-megapixel studio and an 800 × 600 photo: 2× (1600 × 1200) fits, 3× (2400 × 1800) and 4× (3200 × 2400) do not.
LIMIT = 4_000_000
PHOTO = (800, 600)


@pytest.fixture(scope="module")
def small_studio(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_studio(tmp_path_factory.mktemp("karate-pixel-limit"), {"KARATE_MAX_IMAGE_PIXELS": str(LIMIT)}) as base:
        yield base


def _upscale_at_4x(api: httpx.Client, title: str, colour: tuple[int, int, int]) -> str:
    """A project of a PHOTO-sized picture of `colour` (each test's its own: no cache hit) wired into an Upscale set
    to 4×; its id."""
    asset = upload_picture(api, Image.new("RGB", PHOTO, colour))
    photo = {"id": "photo", "type": "input.image", "params": {"asset_id": asset["id"]}, "position": {"x": 0, "y": 0}}
    upscale = {"id": "upscale", "type": "tool.upscale", "params": {"scale": 4}, "position": {"x": 340, "y": 0}}
    return create_project(api, title, [photo, upscale], [("photo", "upscale")])


def test_scales_past_the_pixel_limit_are_offered_unavailable_before_a_run(
    browser: Browser, small_studio: str, console: ConsoleLog, artifacts: Path
) -> None:
    with httpx.Client(base_url=small_studio, timeout=10) as api, open_page(browser, small_studio, console) as page:
        workflow_id = _upscale_at_4x(api, "Poster upscale", (40, 120, 200))
        page.goto(f"/editor?id={workflow_id}")
        upscale = node(page, "upscale")
        scale = upscale.get_by_label("Scale", exact=True)
        expect(scale).to_be_visible()

        problem = upscale.get_by_test_id("field-problem")
        expect(problem).to_have_text(
            "At 4× this 800 × 600 picture would be 3200 × 2400, past this studio's 4-megapixel limit; choose 2×, or "
            "crop the picture first."
        )
        expect(scale).to_have_attribute("aria-invalid", "true")
        scale.click()  # the menu a user opens
        expect(scale.get_by_role("option", name="2×", exact=True)).to_be_enabled()
        expect(scale.get_by_role("option", name="3× — too large: 2400 × 1800")).to_be_disabled()
        expect(scale.get_by_role("option", name="4× — too large: 3200 × 2400")).to_be_disabled()
        page.keyboard.press("Escape")
        upscale.screenshot(path=str(artifacts / "upscale-scale-past-limit.png"))

        scale.select_option(label="2×")
        expect(problem).to_have_count(0)
        expect(scale).not_to_have_attribute("aria-invalid", "true")
        page.get_by_test_id("run").click()
        expect(upscale.get_by_test_id("result-size")).to_have_text("1600 × 1200")
        upscale.screenshot(path=str(artifacts / "upscale-scale-within-limit.png"))


def test_run_refuses_a_scale_past_the_pixel_limit_until_one_that_fits_is_chosen(
    browser: Browser, small_studio: str, console: ConsoleLog, artifacts: Path
) -> None:
    with httpx.Client(base_url=small_studio, timeout=10) as api, open_page(browser, small_studio, console) as page:
        workflow_id = _upscale_at_4x(api, "Banner upscale", (200, 120, 40))
        runs_asked: list[str] = []  # runs started (POST /api/v1/runs; not its price, /runs/estimate)
        page.on(
            "request", lambda r: runs_asked.append(r.url) if r.method == "POST" and r.url.endswith("/runs") else None
        )
        page.goto(f"/editor?id={workflow_id}")
        upscale = node(page, "upscale")
        scale = upscale.get_by_label("Scale", exact=True)
        expect(upscale.get_by_test_id("field-problem")).to_be_visible()  # the picture's size is known

        refused = (
            "Upscale can't run: at 4× this 800 × 600 picture would be 3200 × 2400, past this studio's 4-megapixel "
            "limit. Choose 2× on Upscale, or crop the picture first."
        )
        run = page.get_by_test_id("run")
        expect(run).to_have_attribute("title", refused)
        run.click(force=True)  # aria-disabled: pressed anyway, it says why
        notice = page.get_by_test_id("notice")
        expect(notice).to_contain_text(refused)
        page.keyboard.press("Control+Enter")
        expect(notice).to_contain_text(refused)
        assert runs_asked == []
        expect(page.get_by_test_id("run-status")).to_have_count(0)
        page.screenshot(path=str(artifacts / "upscale-run-refused.png"))

        notice.get_by_role("button", name="Go to it").click()
        expect(scale).to_be_focused()
        scale.select_option(label="2×")
        expect(notice).to_have_count(0)
        expect(run).not_to_have_attribute("aria-disabled", "true")
        run.click()
        expect(upscale.get_by_test_id("result-size")).to_have_text("1600 × 1200")
        assert len(runs_asked) == 1
        page.screenshot(path=str(artifacts / "upscale-run-after-2x.png"))
