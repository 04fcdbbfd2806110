"""Download workflow names the file in each upload node, also for a node saved before nodes kept that name, so that
`karate run` on a machine without the studio's files says which file to give the node, by its name."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import httpx
from PIL import Image
from playwright.sync_api import Page, expect

from tests.e2e.conftest import studio_env
from tests.e2e.studio import create_project, download_workflow, upload_picture


def test_a_downloaded_upload_node_names_its_file_for_karate_run(page: Page, api: httpx.Client, tmp_path: Path) -> None:
    asset = upload_picture(api, Image.new("RGB", (8, 8), (200, 90, 30)))  # stored as photo.png
    older = {"id": "photo", "type": "input.image", "params": {"asset_id": asset["id"]}}  # no `filename` yet
    save = {"id": "save", "type": "output.save", "params": {}, "position": {"x": 300, "y": 0}}
    workflow_id = create_project(api, "Launch", [older, save], [("photo", "save")])
    page.goto(f"/editor?id={workflow_id}")
    expect(page.get_by_test_id("studio-node")).to_have_count(2)

    path = download_workflow(page, tmp_path)
    photo = next(n for n in json.loads(path.read_text())["nodes"] if n["id"] == "photo")
    assert photo["params"] == {"asset_id": asset["id"], "filename": "photo.png"}

    command = [sys.executable, "-m", "karate", "run", str(path), "--data-dir", str(tmp_path / "elsewhere")]
    result = subprocess.run(command, cwd=tmp_path, env=studio_env(), capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    said = " ".join(result.stderr.split())
    assert "Nothing ran: Image Upload's picture “photo.png” cannot be used" in said  # not "not a valid workflow"
    assert "Image Upload: “photo.png” is not in the data folder" in said
    assert "--set photo.path=photo.png" in said and "--data-dir" in said
