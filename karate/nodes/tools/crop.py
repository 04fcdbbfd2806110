"""The Crop tool: a pixel rectangle, or the largest centred crop of a chosen aspect ratio."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, NamedTuple

import numpy as np

from karate.sdk import Image, Input, InvalidInput, Node, NodeContext, Param, node

AspectPreset = Literal["free", "1:1", "4:3", "3:4", "16:9", "9:16", "3:2", "2:3"]

_MAX_SIDE = 65_535
_FREE = {"aspect": ["free"]}  # the rectangle's fields mean something only for a free crop


def _ratio(aspect: str) -> tuple[int, int]:
    """The two sides of an aspect ratio written "w:h" (both whole numbers above 0); InvalidInput otherwise."""
    sides = aspect.split(":")
    if len(sides) != 2 or not all(side.isdigit() and int(side) > 0 for side in sides):
        raise InvalidInput(
            f"Crop: the aspect ratio {aspect!r} is not two whole numbers above 0 written width:height; "
            "choose one of the listed ratios (such as 16:9), or free to crop to the rectangle"
        )
    return int(sides[0]), int(sides[1])


def centred_crop_box(width: int, height: int, aspect: str) -> tuple[int, int, int, int]:
    """(x, y, width, height) in pixels of the largest rectangle of ratio `aspect` ("w:h") centred in a picture of
    `width`×`height` pixels. InvalidInput for a ratio that is not "w:h" in whole numbers above 0."""
    ratio_w, ratio_h = _ratio(aspect)
    if width * ratio_h > height * ratio_w:  # the image is wider than the ratio: keep the full height
        crop_h = height
        crop_w = max(1, min(width, round(height * ratio_w / ratio_h)))
    else:
        crop_w = width
        crop_h = max(1, min(height, round(width * ratio_h / ratio_w)))
    return (width - crop_w) // 2, (height - crop_h) // 2, crop_w, crop_h


class _Side(NamedTuple):
    """One direction of the rectangle, in the words of the Crop fields."""

    start: str  # the field of its first pixel
    length: str  # the field of its length
    edge: str  # the picture's edge it reaches towards


_ACROSS = _Side("X", "Width", "right")
_DOWN = _Side("Y", "Height", "bottom")


def _side_problems(side: _Side, start: int, length: int, picture: int) -> list[tuple[str, str]]:
    """What is wrong with one direction of the rectangle, `length` pixels from `start` in a picture `picture`
    pixels long that way (a length of 0 reaches to its edge): (the problem, what to set) for each, in words."""
    problems = []
    if start >= picture:
        problems.append(
            (
                f"{side.start} is {start} pixels, past the picture's {side.edge} edge",
                f"set {side.start} to at most {picture - 1} so the rectangle starts inside the picture",
            )
        )
    if length > picture:
        most = f"at most {picture - start}" if start < picture else f"at most {picture} less {side.start}"
        problems.append(
            (
                f"{side.length} is {length} pixels, more than the picture has",
                f"set {side.length} to {most}, or to 0 to reach the {side.edge} edge",
            )
        )
    elif start < picture < start + length:
        problems.append(
            (
                f"{side.start} {start} + {side.length} {length} reaches {start + length} pixels, past the picture's "
                f"{side.edge} edge",
                f"set {side.length} to at most {picture - start} (0 reaches to the edge), or {side.start} to at most "
                f"{picture - length}",
            )
        )
    return problems


def rectangle_box(width: int, height: int, x: int, y: int, crop_w: int, crop_h: int) -> tuple[int, int, int, int]:
    """(x, y, width, height) in pixels of the rectangle the Crop fields give, in a picture of `width`×`height`
    pixels; a width or height of 0 reaches to the picture's edge. InvalidInput for a rectangle that does not lie
    inside the picture, naming every field to change and to what, in one message."""
    problems = _side_problems(_ACROSS, x, crop_w, width) + _side_problems(_DOWN, y, crop_h, height)
    if problems:
        said, fixes = zip(*problems, strict=True)
        raise InvalidInput(
            f"Crop: {', and '.join(said)} (the picture is {width}×{height} pixels); {', and '.join(fixes)}"
        )
    return x, y, crop_w or width - x, crop_h or height - y


@node("tool.crop", title="Crop", category="tools", version=1)
class Crop(Node):
    """Cut out a rectangle given in pixels, or choose an aspect ratio to take the largest centred crop of
    that shape. Transparency is kept."""

    image: Image = Input()
    aspect: AspectPreset = Param(
        "free",
        ui="select",
        description="free: use the rectangle below; a ratio: the largest centred "
        "crop of that shape (the rectangle is hidden and not used)",
    )
    x: int = Param(0, ge=0, le=_MAX_SIDE, description="Left edge of the rectangle, in pixels", visible_when=_FREE)
    y: int = Param(0, ge=0, le=_MAX_SIDE, description="Top edge of the rectangle, in pixels", visible_when=_FREE)
    width: int = Param(
        0, ge=0, le=_MAX_SIDE, description="Width in pixels; 0 reaches to the right edge", visible_when=_FREE
    )
    height: int = Param(
        0, ge=0, le=_MAX_SIDE, description="Height in pixels; 0 reaches to the bottom edge", visible_when=_FREE
    )
    outputs = {"image": Image}
    inline = True  # a slice and a copy: cheaper than handing it to a worker thread

    @classmethod
    def settings_problems(cls, params: Mapping[str, Any]) -> dict[str, str]:
        """A free rectangle of all zeros is the whole picture, whatever its size: such a crop would cut nothing
        and report done, so it is refused before the run (as Outpaint refuses adding nothing)."""
        if params["aspect"] == "free" and not any(params[side] for side in ("x", "y", "width", "height")):
            return {
                "width": "Crop would keep the whole picture: X, Y, Width and Height are all 0; set Width and Height "
                "to the size of the part to keep (and X and Y to its top-left corner), or choose an aspect ratio"
            }
        return {}

    def run(self, ctx: NodeContext) -> np.ndarray:
        image_h, image_w = self.image.shape[:2]
        if self.aspect == "free":
            x, y, w, h = rectangle_box(image_w, image_h, self.x, self.y, self.width, self.height)
        else:
            x, y, w, h = centred_crop_box(image_w, image_h, self.aspect)
        return np.ascontiguousarray(self.image[y : y + h, x : x + w])
