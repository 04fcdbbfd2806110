"""The Outpaint tool: extend the canvas on any side and fill the new area; also a mask of that area."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypedDict

import cv2
import numpy as np

from karate.nodes.tools.bands import Steps, step
from karate.nodes.tools.imaging import (
    HEX_COLOR_PATTERN,
    check_output_size,
    parse_color,
    to_mask,
)
from karate.nodes.tools.inpaint import inpaint_image
from karate.sdk import Image, Input, Mask, Node, NodeContext, Param, node

FillMode = Literal["edge", "mirror", "color", "transparent", "blend"]

_MAX_EXTENSION = 8192
# Largest side at which the blend fill inpaints directly; bigger canvases are filled coarse-to-fine.
_BLEND_WORKING_SIDE = 512


def extend_canvas(
    image: np.ndarray,
    top: int,
    bottom: int,
    left: int,
    right: int,
    mode: FillMode,
    color: tuple[int, int, int],
    radius: float,
    steps: Steps | None = None,
) -> np.ndarray:
    """The image on a larger canvas, the new border filled as `mode` says (the blend's stages reported to
    `steps`)."""
    padding = ((top, bottom), (left, right), (0, 0))
    if mode == "mirror":
        return np.pad(image, padding, mode="symmetric")
    # Every other mode starts from the repeated edge: transparent pixels then carry their neighbours'
    # colour, so later blurs and resizes do not pull a dark fringe in from the border.
    extended = np.pad(image, padding, mode="edge")
    new_area = new_area_mask(image.shape[0], image.shape[1], top, bottom, left, right) > 0
    if mode == "color":
        extended[new_area, :3] = color
        if extended.shape[2] == 4:
            extended[new_area, 3] = 255
    elif mode == "transparent":
        if extended.shape[2] == 3:
            extended = np.dstack([extended, np.full(extended.shape[:2], 255, np.uint8)])
        extended[new_area, 3] = 0
    elif mode == "blend":
        extended = blend_fill(extended, new_area, radius, steps)
    return extended


def blend_fill(canvas: np.ndarray, new_area: np.ndarray, radius: float, steps: Steps | None = None) -> np.ndarray:
    """Inpaint the new area so it continues the image. Inpainting time grows with the area filled, and its
    result is smooth, so a large canvas is filled at a reduced size first; a full-resolution pass over a
    band along the seam then joins that coarse fill to the image without a step."""
    height, width = canvas.shape[:2]
    scale = _BLEND_WORKING_SIDE / max(height, width)
    if scale >= 1:
        return inpaint_image(canvas, to_mask(new_area), "telea", radius)
    small_size = (max(1, round(width * scale)), max(1, round(height * scale)))
    small = cv2.resize(canvas, small_size, interpolation=cv2.INTER_AREA)
    # Any reduced pixel that touches the new area is refilled, so no padding leaks into the coarse fill.
    small_hole = to_mask(cv2.resize(to_mask(new_area), small_size, interpolation=cv2.INTER_AREA) > 0)
    coarse = inpaint_image(small, small_hole, "telea", max(1.0, radius * scale))
    step(steps, 0.1, "blending the new area: enlarging the rough fill")
    coarse = cv2.resize(coarse, (width, height), interpolation=cv2.INTER_LINEAR)
    filled = canvas.copy()
    filled[new_area] = coarse[new_area]
    band_width = int(np.ceil(3 / scale))
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * band_width + 1, 2 * band_width + 1))
    seam = cv2.dilate(to_mask(~new_area), kernel) > 0
    # the seam's fill is one OpenCV call, most of the time, and tells nothing until it is done
    step(steps, 0.3, "blending the new area: joining it to the image")
    return inpaint_image(filled, to_mask(seam & new_area), "telea", radius)


def new_area_mask(height: int, width: int, top: int, bottom: int, left: int, right: int) -> np.ndarray:
    """White over the added border, black over the original image."""
    mask = np.full((height + top + bottom, width + left + right), 255, np.uint8)
    mask[top : top + height, left : left + width] = 0
    return mask


class OutpaintOutputs(TypedDict):
    """The extended image and the mask of the added border."""

    image: Image
    mask: Mask


@node("tool.outpaint", title="Outpaint", category="tools", version=1)
class Outpaint(Node):
    """Extend the canvas by a number of pixels on each side and fill the new area by repeating the edge,
    mirroring, a solid colour, transparency, or blending it in from the image (inpainting). The mask
    output marks the new area, ready for an AI outpainting model."""

    image: Image = Input()
    top: int = Param(0, ge=0, le=_MAX_EXTENSION, description="Pixels to add above")
    bottom: int = Param(0, ge=0, le=_MAX_EXTENSION, description="Pixels to add below")
    left: int = Param(0, ge=0, le=_MAX_EXTENSION, description="Pixels to add on the left")
    right: int = Param(0, ge=0, le=_MAX_EXTENSION, description="Pixels to add on the right")
    mode: FillMode = Param(
        "blend",
        ui="select",
        description="edge: repeat the outer pixels; mirror: reflect the image; color: "
        "solid colour; transparent: empty; blend: fill in from the image",
    )
    color: str = Param(
        "#ffffff",
        pattern=HEX_COLOR_PATTERN,
        ui="color",
        description="Fill colour (color mode)",
        visible_when={"mode": ["color"]},
    )
    radius: float = Param(
        8.0,
        ge=1,
        le=50,
        step=1,
        advanced=True,
        description="Neighbourhood in pixels the blend fill draws from",
        visible_when={"mode": ["blend"]},
    )
    outputs = OutpaintOutputs

    @classmethod
    def settings_problems(cls, params: Mapping[str, Any]) -> dict[str, str]:
        """Adding no pixel on any side would hand the image on unchanged: refused before the run."""
        if not any(params[side] for side in ("top", "bottom", "left", "right")):
            return {
                "top": "Outpaint would add nothing: Top, Bottom, Left and Right are all 0; set how many pixels to "
                "add on at least one side"
            }
        return {}

    def run(self, ctx: NodeContext) -> OutpaintOutputs:
        height, width = self.image.shape[:2]
        new_w, new_h = width + self.left + self.right, height + self.top + self.bottom
        check_output_size(new_w, new_h, ctx.services.settings.max_image_pixels, "Outpaint")
        if self.mode == "blend":
            ctx.progress(0.0, "blending the new area")
        extended = extend_canvas(
            self.image,
            self.top,
            self.bottom,
            self.left,
            self.right,
            self.mode,
            parse_color(self.color),
            self.radius,
            ctx,
        )
        return {"image": extended, "mask": new_area_mask(height, width, self.top, self.bottom, self.left, self.right)}
