"""Save Image as a person meets it: a cut-out saved as JPEG stands on white (JPEG has no transparency), not on the
colours a removed background keeps hidden under transparent pixels; PNG keeps the transparency as it is."""

from __future__ import annotations

import cv2
import numpy as np

from karate.engine import Engine
from karate.storage.assets import LocalAssetStore
from tests.helpers import edge, node, store_image, workflow

GREY, RED = (132, 132, 132), (255, 0, 0)


def _cut_out() -> np.ndarray:
    """A removed background's result: its left half transparent over the old grey, its right half a red at 50 %."""
    rgba = np.zeros((32, 32, 4), np.uint8)
    rgba[:, :16] = (*GREY, 0)
    rgba[:, 16:] = (*RED, 128)
    return rgba


async def _saved(engine: Engine, store: LocalAssetStore, image: np.ndarray, fmt: str) -> np.ndarray:
    nodes = [node("img", "input.image", asset_id=store_image(store, image)), node("save", "output.save", format=fmt)]
    result = await engine.run(workflow(nodes, [edge("img", "save")]))
    saved = result.nodes["save"].outputs["image"]
    data = store.read_bytes(saved.asset.sha256)
    decoded = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_UNCHANGED)
    assert decoded is not None
    return cv2.cvtColor(decoded, cv2.COLOR_BGRA2RGBA if decoded.shape[2] == 4 else cv2.COLOR_BGR2RGB)


async def test_a_cut_out_saved_as_jpeg_stands_on_white(engine: Engine, store: LocalAssetStore) -> None:
    jpeg = await _saved(engine, store, _cut_out(), "jpg")
    assert jpeg.shape == (32, 32, 3)
    # away from where the halves meet (JPEG blurs colour across 8-16 pixels there)
    assert np.abs(jpeg[:, :8].astype(int) - 255).max() <= 3  # white, not the hidden grey (132, 132, 132)
    pink = jpeg[:, 24:].reshape(-1, 3).mean(axis=0)
    assert np.abs(pink - (255, 127, 127)).max() <= 6  # half red over white, not solid red


async def test_png_keeps_the_transparency_as_it_is(engine: Engine, store: LocalAssetStore) -> None:
    png = await _saved(engine, store, _cut_out(), "png")
    assert png.shape == (32, 32, 4) and (png == _cut_out()).all()
