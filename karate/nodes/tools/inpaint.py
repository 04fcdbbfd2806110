"""The Inpaint tool: fill the masked area from its surroundings (OpenCV's Telea or Navier-Stokes method)."""

from __future__ import annotations

from typing import Literal

import cv2
import numpy as np

from karate.nodes.tools.bands import Steps, step
from karate.nodes.tools.imaging import fit_mask, merge_alpha, split_alpha, to_mask
from karate.sdk import Image, Input, Mask, Node, NodeContext, Param, node

InpaintMethod = Literal["telea", "navier_stokes"]

_METHOD_FLAGS = {"telea": cv2.INPAINT_TELEA, "navier_stokes": cv2.INPAINT_NS}


def hole_from_mask(mask: np.ndarray, grow: int) -> np.ndarray:
    """The pixels to fill: the mask's white half, grown by `grow` pixels to swallow soft edges and halos."""
    hole = to_mask(mask >= 128)
    if grow == 0:
        return hole
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * grow + 1, 2 * grow + 1))
    return cv2.dilate(hole, kernel)


def inpaint_image(
    image: np.ndarray, hole: np.ndarray, method: InpaintMethod, radius: float, steps: Steps | None = None
) -> np.ndarray:
    """Fill the hole in an RGB or RGBA image; transparency is filled the same way as colour. OpenCV fills
    in one call, so `steps` hears only of the colour done before the transparency."""
    rgb, alpha = split_alpha(image)
    flag = _METHOD_FLAGS[method]
    filled = cv2.inpaint(np.ascontiguousarray(rgb), hole, radius, flag)
    if alpha is None:
        return filled
    step(steps, 0.6, "filling the transparency")
    return merge_alpha(filled, cv2.inpaint(np.ascontiguousarray(alpha), hole, radius, flag))


@node("tool.inpaint", title="Inpaint", category="tools", version=1)
class Inpaint(Node):
    """Remove what the mask covers (white) and fill it in from the surrounding pixels: good for blemishes,
    wires, small objects and text. Large areas blur; use an AI inpainting model for those."""

    image: Image = Input()
    mask: Mask = Input("The area to fill (white)")
    method: InpaintMethod = Param(
        "telea", ui="select", description="telea: fast marching, crisp; navier_stokes: fluid-like, smoother along edges"
    )
    radius: float = Param(
        5.0, ge=1, le=50, step=1, ui="slider", description="Neighbourhood in pixels each filled pixel draws from"
    )
    grow: int = Param(
        0, ge=0, le=50, ui="slider", description="Grow the mask by this many pixels to cover soft edges and halos"
    )
    outputs = {"image": Image}

    def run(self, ctx: NodeContext) -> np.ndarray:
        height, width = self.image.shape[:2]
        hole = hole_from_mask(fit_mask(self.mask, height, width, "Inpaint"), self.grow)
        if not hole.any():
            return self.image
        ctx.progress(0.0, "filling the masked area")
        return inpaint_image(self.image, hole, self.method, self.radius, ctx)
