"""Resize: each mode's size on a 12-megapixel photo, transparency kept without dark fringes, a result past the pixel
limit refused saying what to set, and a resize run from the command line saving a picture of the right size."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import pytest
from click.testing import CliRunner

from karate.cli import main
from karate.config import Settings
from karate.engine import Engine, RunStatus
from karate.engine.context import NodeServices
from karate.engine.registry import load_builtin_nodes
from karate.nodes.tools.resize import resized_size, size_past_limit
from karate.storage.media_errors import DEFAULT_MAX_PIXELS
from tests.engine.tools.support import failure_of
from tests.helpers import run_tool


def _photo(height: int, width: int) -> np.ndarray:
    """A smooth colour gradient: quick to store at 12 megapixels, and any resampling keeps its shape."""
    rows = np.linspace(0, 255, height, dtype=np.float32)[:, None]
    columns = np.linspace(0, 255, width, dtype=np.float32)[None, :]
    red, green = np.broadcast_arrays(rows, columns)
    return np.dstack([red, green, (red + green) / 2]).astype(np.uint8)


@pytest.mark.parametrize(
    ("settings", "size"),
    [
        ({"mode": "scale", "percent": 50}, (2016, 1512)),
        ({"mode": "width", "width": 1080}, (1080, 810)),
        ({"mode": "height", "height": 1080}, (1440, 1080)),
        ({"mode": "fit", "width": 1000, "height": 1000}, (1000, 750)),
        ({"mode": "fit", "width": 1000, "height": 500}, (667, 500)),  # the height is the tighter side
        ({"mode": "exact", "width": 1000, "height": 1000}, (1000, 1000)),  # proportions not kept
    ],
    ids=["50 percent", "to a width", "to a height", "fit in a square", "fit in a wide box", "exact"],
)
async def test_each_mode_gives_its_size_on_a_12_megapixel_photo(engine, store, settings, size):
    result, outputs = await run_tool(engine, store, "tool.resize", image=_photo(3024, 4032), **settings)
    assert result.status == RunStatus.COMPLETED, result.error
    width, height = size
    assert outputs["image"].shape == (height, width, 3)


def test_sides_are_rounded_and_never_below_one_pixel():
    assert resized_size(4032, 3024, "scale", 33.3, 0, 0) == (1343, 1007)  # 1342.66, 1006.99
    assert resized_size(40, 3, "scale", 1, 0, 0) == (1, 1)
    assert resized_size(4000, 2, "width", 50, 100, 0) == (100, 1)
    assert resized_size(300, 200, "scale", 250, 0, 0) == (750, 500)


@pytest.mark.parametrize(("method", "size"), [("auto", 40), ("lanczos", 40), ("bicubic", 40), ("auto", 300)])
async def test_transparency_is_kept_and_edges_are_not_darkened(engine, store, method, size):
    """A red disc on a transparent background whose hidden colour is black: averaging that black into the disc's
    edge would darken it. Made smaller and larger, the edge stays red and the far background transparent."""
    alpha = np.zeros((120, 120), np.uint8)
    cv2.circle(alpha, (60, 60), 30, 255, thickness=-1, lineType=cv2.LINE_AA)  # soft-edged, as a cut-out is
    image = np.dstack([np.where(alpha > 0, 255, 0), np.zeros((120, 120, 2)), alpha]).astype(np.uint8)
    result, outputs = await run_tool(
        engine, store, "tool.resize", image=image, mode="exact", width=size, height=size, method=method
    )
    assert result.status == RunStatus.COMPLETED, result.error
    resized = outputs["image"]
    assert resized.shape == (size, size, 4)
    corner = size // 10
    assert (resized[:corner, :corner, 3] == 0).all()
    seen = resized[:, :, 3] > 0
    edge = seen & (resized[:, :, 3] < 255)
    assert edge.sum() > 0
    assert resized[seen][:, 0].min() >= 250  # un-darkened red, wherever any of it shows
    assert resized[seen][:, 1:3].max() <= 5


async def _refusal(store, cache, image: np.ndarray, max_pixels: int, **settings) -> tuple[str, str]:
    """The failure of Resize on `image` in a studio whose pixel limit is `max_pixels`: (code, message)."""
    limited = Engine(store, cache, services=NodeServices(Settings(max_image_pixels=max_pixels)))
    try:
        result, _ = await run_tool(limited, store, "tool.resize", image=image, **settings)
    finally:
        limited.close()
    return failure_of(result)


async def test_a_result_over_the_pixel_limit_is_refused_saying_what_to_set(store, cache):
    code, message = await _refusal(
        store, cache, np.zeros((300, 400, 3), np.uint8), 1_000_000, mode="scale", percent=400
    )
    assert code == "invalid_input"
    assert message == (
        "Resize: the 400×300 image would become 1600×1200 (1.92 megapixels), over this studio's 1-megapixel limit; "
        "set Percent to at most 288"
    )
    assert resized_size(400, 300, "scale", 288, 0, 0) == (1152, 864)  # 0.995 megapixels: within the limit


@pytest.mark.parametrize(
    ("mode", "fix"),
    [
        ("scale", "set Percent to at most 286"),
        ("width", "set Width to at most 11547"),
        ("height", "set Height to at most 8660"),
        ("fit", "set Width to at most 11547"),  # a 4:3 photo in a square box: the width is the tighter side
        ("exact", "set Width and Height to at most 10000×10000"),  # the typed square kept, not a 60000×1666 strip
    ],
)
def test_each_mode_names_the_field_to_change_under_the_default_limit(mode, fix):
    refusal = size_past_limit(4032, 3024, mode, 1000, 60000, 60000, DEFAULT_MAX_PIXELS)
    assert refusal is not None and refusal.startswith("Resize: the 4032×3024 image would become ")
    assert "over this studio's 100-megapixel limit; " + fix == refusal.split("megapixels), ")[1]
    assert size_past_limit(4032, 3024, mode, 100, 1080, 1080, DEFAULT_MAX_PIXELS) is None


def test_an_exact_size_past_the_limit_is_advised_in_the_shape_typed():
    refusal = size_past_limit(4032, 3024, "exact", 100, 60000, 30000, DEFAULT_MAX_PIXELS)
    assert refusal is not None and refusal.endswith("; set Width and Height to at most 14142×7071")
    assert 14142 * 7071 <= DEFAULT_MAX_PIXELS < 14143 * 7072  # each side rounded down, no more than needed
    assert size_past_limit(4032, 3024, "exact", 100, 14142, 7071, DEFAULT_MAX_PIXELS) is None


async def test_100_percent_hands_the_picture_on_unchanged(engine, store):
    photo = _photo(30, 40)
    result, outputs = await run_tool(engine, store, "tool.resize", image=photo, mode="scale", percent=100)
    assert result.status == RunStatus.COMPLETED, result.error
    assert outputs["image"].shape == photo.shape
    assert np.array_equal(outputs["image"], photo)


def test_each_size_field_is_shown_only_in_the_modes_that_use_it():
    [spec] = [s for s in load_builtin_nodes().specs_json() if s["type"] == "tool.resize"]
    assert spec["title"] == "Resize" and spec["category"] == "tools"
    fields = spec["params_schema"]["properties"]
    assert (
        fields["mode"]["enum"] == ["scale", "width", "height", "fit", "exact"] and fields["mode"]["default"] == "scale"
    )
    assert fields["method"]["enum"] == ["auto", "lanczos", "bicubic", "bilinear", "nearest"]
    assert fields["percent"]["visible_when"] == {"mode": ["scale"]}
    assert fields["width"]["visible_when"] == {"mode": ["width", "fit", "exact"]}
    assert fields["height"]["visible_when"] == {"mode": ["height", "fit", "exact"]}
    assert (fields["percent"]["minimum"], fields["percent"]["maximum"]) == (1, 1000)
    assert (fields["width"]["minimum"], fields["width"]["maximum"]) == (1, 65535)


def test_karate_run_saves_the_resized_picture(tmp_path: Path):
    cv2.imwrite(str(tmp_path / "photo.png"), cv2.cvtColor(_photo(300, 400), cv2.COLOR_RGB2BGR))
    workflow = tmp_path / "resize.json"
    doc = {
        "nodes": [
            {"id": "photo", "type": "input.image", "params": {"path": "photo.png"}},
            {"id": "resize", "type": "tool.resize", "params": {"mode": "width", "width": 120}},
            {"id": "save", "type": "output.save", "params": {"format": "png", "filename": "small"}},
        ],
        "edges": [
            {"source": "photo", "sourceHandle": "image", "target": "resize", "targetHandle": "image"},
            {"source": "resize", "sourceHandle": "image", "target": "save", "targetHandle": "image"},
        ],
    }
    workflow.write_text(json.dumps(doc))
    args = ["run", str(workflow), "--json", "--out", str(tmp_path / "out"), "--data-dir", str(tmp_path / "data")]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 0, result.stdout
    [saved] = json.loads(result.stdout)["nodes"]["save"]["outputs"]
    picture = cv2.imread(saved)
    assert picture is not None and picture.shape == (90, 120, 3)
