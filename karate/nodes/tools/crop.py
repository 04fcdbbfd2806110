"""The Crop tool: a pixel rectangle, or the largest centred crop of a chosen aspect ratio."""

from __future__ import annotations

from typing import Literal

import numpy as np

from karate.sdk import Image, Input, InvalidInput, Node, NodeContext, Param, node

AspectPreset = Literal["free", "1:1", "4:3", "3:4", "16:9", "9:16", "3:2", "2:3"]

_MAX_SIDE = 65_535


def centred_crop_box(width: int, height: int, aspect: str) -> tuple[int, int, int, int]:
    """(x, y, width, height) of the largest rectangle of ratio `aspect` ("w:h") centred in the image."""
    ratio_w, ratio_h = (int(part) for part in aspect.split(":"))
    if width * ratio_h > height * ratio_w:  # the image is wider than the ratio: keep the full height
        crop_h = height
        crop_w = max(1, min(width, round(height * ratio_w / ratio_h)))
    else:
        crop_w = width
        crop_h = max(1, min(height, round(width * ratio_h / ratio_w)))
    return (width - crop_w) // 2, (height - crop_h) // 2, crop_w, crop_h


def rectangle_box(width: int, height: int, x: int, y: int, crop_w: int, crop_h: int) -> tuple[int, int, int, int]:
    """Check a pixel rectangle against the image; a width or height of 0 reaches to the image's edge."""
    if x >= width or y >= height:
        raise InvalidInput(
            f"Crop: the corner ({x}, {y}) is outside the {width}×{height} image; "
            f"use x below {width} and y below {height}"
        )
    crop_w = crop_w or width - x
    crop_h = crop_h or height - y
    if x + crop_w > width or y + crop_h > height:
        raise InvalidInput(
            f"Crop: the rectangle at ({x}, {y}) of {crop_w}×{crop_h} reaches past the {width}×{height} "
            f"image; make it at most {width - x}×{height - y} or move it"
        )
    return x, y, crop_w, crop_h


@node("tool.crop", title="Crop", category="tools", version=1)
class Crop(Node):
    """Cut out a rectangle given in pixels, or choose an aspect ratio to take the largest centred crop of
    that shape. Transparency is kept."""

    image: Image = Input()
    aspect: AspectPreset = Param(
        "free",
        ui="select",
        description="free: use the rectangle below; a ratio: the largest centred "
        "crop of that shape (the rectangle is ignored)",
    )
    x: int = Param(0, ge=0, le=_MAX_SIDE, description="Left edge of the rectangle, in pixels")
    y: int = Param(0, ge=0, le=_MAX_SIDE, description="Top edge of the rectangle, in pixels")
    width: int = Param(0, ge=0, le=_MAX_SIDE, description="Width in pixels; 0 reaches to the right edge")
    height: int = Param(0, ge=0, le=_MAX_SIDE, description="Height in pixels; 0 reaches to the bottom edge")
    outputs = {"image": Image}
    inline = True  # a slice and a copy: cheaper than handing it to a worker thread

    def run(self, ctx: NodeContext) -> np.ndarray:
        image_h, image_w = self.image.shape[:2]
        if self.aspect == "free":
            x, y, w, h = rectangle_box(image_w, image_h, self.x, self.y, self.width, self.height)
        else:
            x, y, w, h = centred_crop_box(image_w, image_h, self.aspect)
        return np.ascontiguousarray(self.image[y : y + h, x : x + w])
