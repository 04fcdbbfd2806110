"""What a new user met with media on the canvas: a video put in a Video Upload node plays in its field and opens
full size from its ⤢ before any run; a video dropped on an image field is refused in words that say what the field
takes and where the video goes instead."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
from playwright.sync_api import Page, expect

from tests.e2e.studio import create_project, drop_files, node, upload_node, video_clip

DESKTOP = {"width": 1280, "height": 800}


def test_a_video_plays_in_its_upload_field_and_opens_full_size_before_any_run(
    page: Page, api: httpx.Client, tmp_path: Path, artifacts: Path
) -> None:
    upload, asset_id = upload_node(
        api, "clip", "input.video", "clip.webm", video_clip(tmp_path, "clip.webm"), "video/webm"
    )
    page.set_viewport_size(DESKTOP)
    page.goto(f"/editor?id={create_project(api, 'Clip', [upload], [])}")
    clip = node(page, "clip")
    player = clip.get_by_test_id("upload-video")
    expect(player).to_have_attribute("src", re.compile(rf"/assets/{asset_id}/content"))
    expect(player).to_have_attribute("preload", "metadata")
    page.wait_for_function("() => document.querySelector('[data-testid=upload-video]').readyState >= 1")
    assert player.evaluate("video => video.controls && video.muted && video.videoWidth === 64")
    page.screenshot(path=str(artifacts / "walk-upload-video-field.png"))

    choosers: list[object] = []
    page.on("filechooser", lambda chooser: choosers.append(chooser))
    player.evaluate("video => video.play()")  # its own controls play it; the file picker stays shut
    page.wait_for_function("() => document.querySelector('[data-testid=upload-video]').currentTime > 0")
    player.click()
    assert choosers == []

    clip.get_by_role("button", name="Open clip.webm full size").click()
    viewer = page.get_by_role("dialog", name="Result viewer")
    expect(viewer.get_by_test_id("viewer-title")).to_have_text("Video Upload · Video")
    expect(viewer.get_by_test_id("viewer-video")).to_have_attribute("src", re.compile(rf"/assets/{asset_id}/content"))
    page.screenshot(path=str(artifacts / "walk-upload-video-viewer.png"))
    with page.expect_download() as saved:
        viewer.get_by_test_id("viewer-download").click()
    assert saved.value.suggested_filename == "clip.webm"  # the file's own name, as its node keeps it
    page.keyboard.press("Escape")
    expect(viewer).to_have_count(0)
    assert choosers == []


def test_a_video_dropped_on_an_image_field_is_refused_in_words_that_say_where_it_goes(
    page: Page, api: httpx.Client, tmp_path: Path, artifacts: Path
) -> None:
    upload = {"id": "photo", "type": "input.image", "params": {}, "position": {"x": 0, "y": 0}}
    page.set_viewport_size(DESKTOP)
    page.goto(f"/editor?id={create_project(api, 'Photo', [upload], [])}")
    field = node(page, "photo").get_by_test_id("upload-drop")
    drop_files(page, [("clip.webm", "video/webm", video_clip(tmp_path, "clip.webm"))], 20, 20, on=field)
    expect(node(page, "photo").get_by_role("alert")).to_have_text(
        "“clip.webm” was not added: it is a video, and this field takes an image (PNG, JPEG, WebP, GIF, BMP, TIFF, "
        "HEIC or AVIF). Drop a picture here, or drop the video on the canvas to make a Video Upload node for it."
    )
    page.screenshot(path=str(artifacts / "walk-video-on-image-field.png"))
