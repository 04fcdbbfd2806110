"""Runs on the S3 store: node results land in the bucket, where another process reads them, and `karate run`
with KARATE_STORAGE_URL=s3://... keeps its results there too."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import cv2
import numpy as np
from click.testing import CliRunner

from karate.cli import main
from karate.config import Settings
from karate.engine import Engine
from karate.services.outputs import saved_assets
from karate.storage.factory import open_asset_store
from karate.storage.s3 import S3AssetStore
from karate.storage.sqlite_cache_index import SqliteCacheIndex
from tests.helpers import edge, node, store_image, workflow

ROOT = Path(__file__).resolve().parents[2]


async def test_a_runs_results_land_in_the_bucket_for_every_process(s3_store: S3AssetStore, tmp_path: Path) -> None:
    picture = np.zeros((24, 32, 3), np.uint8)
    picture[:, :16] = (255, 128, 0)
    source = store_image(s3_store, picture)
    document = workflow(
        [node("img", "input.image", asset_id=source), node("inv", "tool.invert"), node("save", "output.save")],
        [edge("img", "inv"), edge("inv", "save")],
    )
    cache = SqliteCacheIndex(tmp_path / "cache.sqlite3", s3_store)
    engine = Engine(s3_store, cache)
    try:
        result = await engine.run(document)
    finally:
        engine.close()
        cache.close()
    assert str(result.status) == "completed"
    [saved] = saved_assets(result.nodes["save"].outputs)
    elsewhere = S3AssetStore.from_url(
        f"s3://{s3_store.location.bucket}/{s3_store.location.prefix}",
        tmp_path / "worker-2",
        endpoint_url=s3_store.client.meta.endpoint_url,
    )
    assert elsewhere.in_bucket(saved.sha256) and saved.mime == "image/png"
    encoded = np.frombuffer(elsewhere.read_bytes(saved.sha256), np.uint8)
    decoded = cv2.cvtColor(cv2.imdecode(encoded, cv2.IMREAD_COLOR), cv2.COLOR_BGR2RGB)
    assert np.array_equal(decoded, 255 - picture)
    intermediate = result.nodes["inv"].outputs["image"].asset  # the tool's pixels, kept as .npy
    assert np.array_equal(elsewhere.load_array(intermediate.sha256), 255 - picture)


def test_karate_run_keeps_its_results_in_the_bucket(s3_url: str, s3_endpoint: str, tmp_path: Path) -> None:
    environment = {"KARATE_STORAGE_URL": s3_url, "KARATE_S3_ENDPOINT_URL": s3_endpoint}
    example = str(ROOT / "examples" / "square-thumbnail.json")
    args = ["run", example, "--json", "--out", str(tmp_path / "out"), "--data-dir", str(tmp_path / "data")]
    first = CliRunner(env=environment).invoke(main, args, catch_exceptions=False)
    assert first.exit_code == 0, first.output
    written = Path(json.loads(first.stdout)["nodes"]["save"]["outputs"][0])
    settings = Settings(data_dir=tmp_path / "elsewhere", storage_url=s3_url, s3_endpoint_url=s3_endpoint)
    bucket = open_asset_store(settings)
    assert isinstance(bucket, S3AssetStore) and bucket.root == tmp_path / "elsewhere" / "s3-cache"
    assert bucket.in_bucket(hashlib.sha256(written.read_bytes()).hexdigest())
    assert not (tmp_path / "data" / "assets").exists()  # nothing kept in the local store's folder
    again = CliRunner(env=environment).invoke(main, args, catch_exceptions=False)
    assert again.exit_code == 0 and all(n["cached"] for n in json.loads(again.stdout)["nodes"].values())


def test_karate_run_on_another_machine_finds_the_teams_results_in_the_shared_cache(
    s3_url: str, s3_endpoint: str, fresh_postgres: str, tmp_path: Path
) -> None:
    """Two `karate run`s with data folders of their own (two machines) on one PostgreSQL database and one bucket:
    the second computes nothing. The first is also the first to use the database, which it migrates."""
    environment = {
        "KARATE_STORAGE_URL": s3_url,
        "KARATE_S3_ENDPOINT_URL": s3_endpoint,
        "KARATE_DATABASE_URL": fresh_postgres,
    }
    example = str(ROOT / "examples" / "square-thumbnail.json")
    outputs = []
    for machine in ("laptop", "build-server"):
        args = [
            "run",
            example,
            "--json",
            "--out",
            str(tmp_path / machine / "out"),
            "--data-dir",
            str(tmp_path / machine),
        ]
        result = CliRunner(env=environment).invoke(main, args, catch_exceptions=False)
        assert result.exit_code == 0, result.output
        outputs.append(json.loads(result.stdout))
    first, second = outputs
    assert not any(n["cached"] for n in first["nodes"].values())
    assert all(n["cached"] for n in second["nodes"].values()), second["nodes"]
    saved = [Path(o["nodes"]["save"]["outputs"][0]).read_bytes() for o in outputs]
    assert saved[0] == saved[1]


def test_karate_run_says_in_words_when_the_bucket_does_not_exist(s3_endpoint: str, tmp_path: Path) -> None:
    environment = {"KARATE_STORAGE_URL": "s3://karate-no-such-bucket/studio", "KARATE_S3_ENDPOINT_URL": s3_endpoint}
    example = str(ROOT / "examples" / "square-thumbnail.json")
    args = ["run", example, "--out", str(tmp_path / "out"), "--data-dir", str(tmp_path / "data")]
    result = CliRunner(env=environment).invoke(main, args)
    assert result.exit_code == 2, result.output  # nothing could run
    said = " ".join(result.stderr.split())
    assert "karate-no-such-bucket" in said and "check that it exists" in said and "KARATE_STORAGE_URL" in said
    assert "Traceback" not in result.output and not (tmp_path / "out").exists()
