"""A node's result frame hides none of its picture: a Save node's Download and a picture's size sit in the frame's
caption, under the picture, not over it; each frame of a node with several outputs says its port and size there,
side by side and whole, never one over the other. The AI dock's ghosts word a planned choice as the node's menu does."""

from __future__ import annotations

import re
from itertools import combinations
from pathlib import Path

import httpx
import numpy as np
from PIL import Image
from playwright.sync_api import FloatRect, Locator, Page, expect

from tests.e2e.studio import create_project, drawn_box, inside, node, overlap, upload_picture

FINISHED = re.compile(r"^(completed|cached)$")
#: The size of the walk's photo: a phone's 12-megapixel portrait, whose size words are the longest a frame says.
PHOTO = (3024, 4032)


def _photo() -> Image.Image:
    """A portrait of flat colours (small as a PNG): sky over grass, a bright sun."""
    width, height = PHOTO
    pixels = np.zeros((height, width, 3), dtype=np.uint8)
    pixels[: height * 3 // 4] = (90, 150, 220)
    pixels[height * 3 // 4 :] = (60, 160, 60)
    pixels[800:1200, 2000:2400] = (250, 220, 40)
    return Image.fromarray(pixels, "RGB")


def _run(page: Page, api: httpx.Client, nodes: list[dict[str, object]], last: str) -> Locator:
    """Open a project of the photo's upload followed by `nodes` (in a chain), run it; the last node, done."""
    asset = upload_picture(api, _photo())
    photo = {"id": "photo", "type": "input.image", "params": {"asset_id": asset["id"]}, "position": {"x": 0, "y": 0}}
    chain = [photo, *nodes]
    links = [(str(a["id"]), str(b["id"])) for a, b in zip(chain, chain[1:], strict=False)]
    page.goto(f"/editor?id={create_project(api, 'Poster', chain, links)}")
    page.get_by_test_id("run").click()
    done = node(page, last)
    expect(done.get_by_test_id("node-status")).to_have_attribute("data-status", FINISHED)
    return done


def _picture(frame: Locator) -> FloatRect:
    """Where the frame's picture is drawn: its pixels, once in (the shown image; the others are hidden)."""
    shown = frame.locator("img:not([alt=''])")
    expect(shown).to_have_count(1)
    expect(frame.locator("[aria-busy]")).to_have_count(0)
    return drawn_box(shown)


def _whole(text: Locator) -> bool:
    """Whether all of a caption's words are drawn (none cut short with an ellipsis or clipped)."""
    return bool(text.evaluate("el => el.scrollWidth <= el.clientWidth + 0.5"))


def test_a_save_nodes_download_and_size_hide_none_of_its_picture(
    page: Page, api: httpx.Client, artifacts: Path
) -> None:
    save = {"id": "save", "type": "output.save", "params": {"filename": "poster"}, "position": {"x": 320, "y": 0}}
    done = _run(page, api, [save], "save")
    frame = done.get_by_test_id("result-frame")
    picture = _picture(frame)
    link = done.get_by_role("link", name="Download poster.png")
    expect(link).to_be_visible()
    expect(link).to_have_attribute("title", "Download poster.png")
    size = done.get_by_test_id("result-size")
    expect(size).to_have_text("3024 × 4032")
    for caption in (link, size):
        assert not overlap(drawn_box(caption), picture), f"{caption} hides part of the picture"
        assert inside(drawn_box(caption), drawn_box(frame))
    assert not overlap(drawn_box(link), drawn_box(size))
    link.focus()  # a link, reached from the keyboard as by the mouse
    expect(link).to_be_focused()
    done.screenshot(path=str(artifacts / "save-node-caption.png"))


def test_each_output_of_a_mask_extractor_says_its_port_and_size_whole(
    page: Page, api: httpx.Client, artifacts: Path
) -> None:
    extractor = {"id": "mask", "type": "tool.mask_extractor", "params": {"mode": "luminance"}}
    done = _run(page, api, [{**extractor, "position": {"x": 320, "y": 0}}], "mask")
    frames = done.get_by_test_id("result-frame")
    expect(frames).to_have_count(2)
    captions: list[Locator] = []
    for index, port in enumerate(["mask", "image"]):
        frame = frames.nth(index)
        picture = _picture(frame)
        label, size = frame.get_by_text(port, exact=True), frame.get_by_test_id("result-size")
        expect(size).to_have_text("3024 × 4032")
        for caption in (label, size):
            assert _whole(caption), f"{caption} is cut short"
            assert inside(drawn_box(caption), drawn_box(frame))
            assert not overlap(drawn_box(caption), picture), f"{caption} hides part of the picture"
        captions += [label, size]
    for a, b in combinations(captions, 2):
        assert not overlap(drawn_box(a), drawn_box(b)), f"{a} and {b} overlap"
    done.screenshot(path=str(artifacts / "mask-extractor-captions.png"))


def test_the_ai_docks_ghosts_word_a_choice_as_the_nodes_menu_does(
    page: Page, api: httpx.Client, artifacts: Path
) -> None:
    asset = upload_picture(api, _photo().resize((300, 400)))
    photo = {"id": "photo", "type": "input.image", "params": {"asset_id": asset["id"]}, "position": {"x": 0, "y": 0}}
    page.goto(f"/editor?id={create_project(api, 'Poster', [photo], [])}")
    field = page.get_by_label("Instruction for the AI")
    for instruction, node_type, setting, words in [
        ("resize to 1080 wide", "tool.resize", "Mode", "Width"),
        ("export a webp", "output.save", "Format", "WebP"),
    ]:
        field.fill(instruction)
        field.press("Enter")
        ghost = page.locator(f"[data-testid=ghost-node][data-node-type='{node_type}']")
        row = (
            ghost.get_by_test_id("ghost-params")
            .locator("div")
            .filter(has=page.locator("dt", has_text=re.compile(f"^{setting}$")))
        )
        expect(row.locator("dd")).to_have_text(words)
        page.screenshot(path=str(artifacts / f"ai-ghost-{node_type}.png"))
        page.get_by_test_id("ai-dock").get_by_role("button", name="Discard").click()
        expect(ghost).to_have_count(0)
