"""`karate run` with an S3 asset store (KARATE_STORAGE_URL=s3://..., moto's server here): a run refused creates
nothing on disk, no data folder and no folder of copies, as with the local store; one that runs keeps its copies."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
from click.testing import CliRunner, Result

from karate.cli import main
from tests.cli.words import said
from tests.helpers import edge, node, workflow

STORED = workflow(
    [node("img", "input.image", asset_id="e" * 64, filename="board.jpg"), node("save", "output.save")],
    [edge("img", "save")],
)


def run(tmp_path: Path, storage_url: str, endpoint: str, *args: str) -> Result:
    """`karate run` of STORED (saved beside the shell) on the store at `storage_url`."""
    (tmp_path / "w.json").write_text(json.dumps(STORED))
    environment = {"KARATE_STORAGE_URL": storage_url, "KARATE_S3_ENDPOINT_URL": endpoint}
    return CliRunner(env=environment).invoke(main, ["run", str(tmp_path / "w.json"), *args], catch_exceptions=False)


def test_a_picture_the_bucket_lacks_is_refused_with_nothing_created(
    tmp_path: Path, shell: Path, s3_url: str, s3_endpoint: str
) -> None:
    result = run(tmp_path, s3_url, s3_endpoint)
    assert result.exit_code == 2
    assert "“board.jpg” is not in the asset store KARATE_STORAGE_URL names" in said(result)
    assert "--set img.path=board.jpg" in said(result)
    assert list(shell.iterdir()) == [], "no ./data, no s3-cache folder, no cache index for a run that did nothing"


def test_a_bucket_that_is_not_there_is_said_with_nothing_created(tmp_path: Path, shell: Path, s3_endpoint: str) -> None:
    result = run(tmp_path, "s3://karate-no-such-bucket/studio", s3_endpoint)
    assert result.exit_code == 2
    assert "karate-no-such-bucket" in said(result) and "KARATE_STORAGE_URL" in said(result)
    assert list(shell.iterdir()) == []


def test_the_picture_given_with_set_runs_and_keeps_its_copies_under_the_data_folder(
    tmp_path: Path, shell: Path, s3_url: str, s3_endpoint: str
) -> None:
    cv2.imwrite(str(shell / "board.jpg"), np.full((8, 8, 3), 128, np.uint8))
    result = run(tmp_path, s3_url, s3_endpoint, "--set", "img.path=board.jpg", "--out", "out")
    assert result.exit_code == 0, result.stderr
    assert (shell / "out" / "Save Image.png").exists() and (shell / "data" / "s3-cache").is_dir()
