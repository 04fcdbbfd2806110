"""Mask Extractor on synthetic images whose subject is known exactly."""

from __future__ import annotations

import cv2
import numpy as np

from karate.engine import RunStatus
from tests.helpers import run_tool


def _disc_scene(size: int = 120, radius: int = 30) -> tuple[np.ndarray, np.ndarray]:
    """An orange disc on a noisy green background, and the disc's true mask."""
    rng = np.random.default_rng(2)
    image = np.clip(rng.normal((40, 170, 60), 12, (size, size, 3)), 0, 255).astype(np.uint8)
    truth = np.zeros((size, size), np.uint8)
    cv2.circle(truth, (size // 2, size // 2), radius, 255, -1)
    disc = np.clip(rng.normal((230, 120, 30), 12, (size, size, 3)), 0, 255).astype(np.uint8)
    image[truth > 0] = disc[truth > 0]
    return image, truth


def _iou(mask: np.ndarray, truth: np.ndarray) -> float:
    a, b = mask >= 128, truth >= 128
    return (a & b).sum() / (a | b).sum()


async def test_subject_mode_finds_the_disc(engine, store):
    image, truth = _disc_scene()
    result, outputs = await run_tool(engine, store, "tool.mask_extractor", image=image, mode="subject")
    assert result.status == RunStatus.COMPLETED
    assert _iou(outputs["mask"], truth) > 0.95


async def test_color_key_on_the_background_inverted_keeps_the_subject(engine, store):
    image, truth = _disc_scene()
    _, outputs = await run_tool(
        engine,
        store,
        "tool.mask_extractor",
        image=image,
        mode="color_key",
        color="#28aa3c",
        tolerance=20.0,
        invert=True,
    )
    assert _iou(outputs["mask"], truth) > 0.97
    cutout = outputs["image"]
    assert cutout.shape == (120, 120, 4)
    np.testing.assert_array_equal(cutout[:, :, 3], outputs["mask"])
    np.testing.assert_array_equal(cutout[:, :, :3], image)


async def test_color_key_tolerance_is_a_distance_in_rgb(engine, store):
    image = np.array([[[100, 100, 100], [100, 100, 140], [100, 100, 160]]], np.uint8)
    # 10 % of the largest RGB distance (441.7) is 44.2: 40 away is inside, 60 away is not.
    _, outputs = await run_tool(
        engine, store, "tool.mask_extractor", image=image, mode="color_key", color="#646464", tolerance=10.0
    )
    assert outputs["mask"].tolist() == [[255, 255, 0]]


async def test_luminance_threshold_uses_rec709_luma(engine, store):
    # Pure green (luma 182) passes 150; pure red (54) and blue (18) do not.
    image = np.array([[[255, 0, 0], [0, 255, 0], [0, 0, 255], [200, 200, 200]]], np.uint8)
    _, outputs = await run_tool(engine, store, "tool.mask_extractor", image=image, mode="luminance", threshold=150.0)
    assert outputs["mask"].tolist() == [[0, 255, 0, 255]]


async def test_alpha_mode_and_feather(engine, store):
    image = np.zeros((21, 21, 4), np.uint8)
    image[:, 10:, 3] = 255
    _, sharp = await run_tool(engine, store, "tool.mask_extractor", image=image, mode="alpha")
    np.testing.assert_array_equal(sharp["mask"], image[:, :, 3])
    _, soft = await run_tool(engine, store, "tool.mask_extractor", image=image, mode="alpha", feather=2.0)
    row = soft["mask"][10].astype(int)
    assert row[0] == 0 and row[-1] == 255
    assert np.all(np.diff(row) >= 0) and 0 < row[9] < 128 < row[10] < 255
