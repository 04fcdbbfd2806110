"""Shared image helpers: masks fitted to an image's size, mask blending, colours, alpha split and merge."""

from __future__ import annotations

import numpy as np
import pytest

from karate.nodes.tools.imaging import (
    blend_with_mask,
    fit_mask,
    merge_alpha,
    parse_color,
    split_alpha,
    to_uint8,
)
from karate.sdk import InvalidInput


def test_a_mask_at_another_resolution_is_resized_to_the_image():
    mask = np.zeros((50, 100), np.uint8)
    mask[:, 50:] = 255
    fitted = fit_mask(mask, 20, 40, "Blur")
    assert fitted.shape == (20, 40)
    assert np.all(fitted[:, :19] == 0) and np.all(fitted[:, 21:] == 255)


def test_a_mask_of_another_shape_is_refused_saying_both_sizes():
    with pytest.raises(InvalidInput, match=r"Blur: the mask is 100×100 but the image is 40×20"):
        fit_mask(np.zeros((100, 100), np.uint8), 20, 40, "Blur")


def test_blend_with_mask_mixes_in_proportion_to_the_mask():
    original = np.full((1, 3, 3), 100, np.uint8)
    edited = np.full((1, 3, 3), 200, np.uint8)
    mask = np.array([[0, 128, 255]], np.uint8)
    assert blend_with_mask(original, edited, mask)[0, :, 0].tolist() == [100, 150, 200]


def test_parse_color_reads_hex_and_refuses_names():
    assert parse_color("#FF8000") == (255, 128, 0)
    with pytest.raises(InvalidInput, match="#rrggbb"):
        parse_color("orange")


def test_alpha_split_and_merge_round_trip_and_rounding():
    image = np.arange(2 * 2 * 4, dtype=np.uint8).reshape(2, 2, 4)
    rgb, alpha = split_alpha(image)
    np.testing.assert_array_equal(merge_alpha(rgb, alpha), image)
    assert split_alpha(image[:, :, :3])[1] is None
    assert to_uint8(np.array([-3.0, 1.49, 1.5, 254.6, 300.0])).tolist() == [0, 1, 2, 255, 255]
