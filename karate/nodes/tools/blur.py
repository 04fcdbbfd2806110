"""The Blur tool: gaussian, box or motion blur, optionally only inside a mask."""

from __future__ import annotations

import math
from typing import Literal

import cv2
import numpy as np

from karate.nodes.tools.bands import Steps, filter_in_bands, step
from karate.nodes.tools.imaging import (
    blend_with_mask,
    fit_mask,
    gaussian_kernel_size,
    merge_alpha,
    split_alpha,
)
from karate.sdk import Image, Input, Mask, Node, NodeContext, Param, node

BlurKind = Literal["gaussian", "box", "motion"]


def motion_kernel(radius: float, angle: float) -> np.ndarray:
    """A normalised line of length 2·radius+1 through the kernel's centre, `angle` degrees from horizontal
    (counter-clockwise, as on screen)."""
    half = int(np.ceil(radius))
    side = 2 * half + 1
    kernel = np.zeros((side, side), np.float32)
    theta = np.deg2rad(angle)
    dx, dy = radius * np.cos(theta), -radius * np.sin(theta)  # screen y grows downwards
    shift = 4  # sub-pixel end points keep long streaks straight at any angle
    scale = 1 << shift
    start = (round((half - dx) * scale), round((half - dy) * scale))
    end = (round((half + dx) * scale), round((half + dy) * scale))
    cv2.line(kernel, start, end, 1.0, thickness=1, lineType=cv2.LINE_AA, shift=shift)
    total = kernel.sum()
    if total == 0:  # a radius below one pixel: the line collapsed to nothing
        kernel[half, half] = 1.0
        total = 1.0
    result: np.ndarray = kernel / total
    return result


#: The standard deviation (pixels) from which a gaussian blur is computed on a smaller picture (`reduced_gaussian`):
#: an exact one costs in proportion to it (7.5 s at 200 on a 3-megapixel picture, minutes on 48), the reduced one a
#: tenth of a second at any size.
REDUCED_FROM = 24.0
#: The standard deviation left for the smaller picture's own gaussian, in its pixels: smooth enough that stretching it
#: back linearly adds nothing visible.
_REDUCED_SIGMA = 8


def reduced_gaussian(pixels: np.ndarray, sigma: float, border: int) -> np.ndarray:
    """A wide gaussian blur (`sigma` pixels, at least REDUCED_FROM) of an H×W(×C) array, computed on a picture
    `sigma // 8` times smaller: the picture, with a margin of the blur's reach mirrored around it (`border`) and made
    a whole number of steps wide and high, is averaged down (area), blurred by what is left of `sigma` (the
    averaging blurred it a little already), stretched back (linear) and cropped. Within two levels of the exact
    blur on 8-bit pictures, 99.9 % of pixels within one (measured for 24 to 200; tests/engine/tools/test_blur.py)."""
    factor = int(sigma // _REDUCED_SIGMA)
    height, width = pixels.shape[:2]
    margin = math.ceil(3 * sigma / factor) * factor
    # below and right, what makes the padded picture a whole number of steps high and wide
    below, right = margin - (height + 2 * margin) % -factor, margin - (width + 2 * margin) % -factor
    padded = cv2.copyMakeBorder(pixels, margin, below, margin, right, border)
    tall, wide = padded.shape[:2]
    small = cv2.resize(padded, (wide // factor, tall // factor), interpolation=cv2.INTER_AREA)
    left = math.sqrt(sigma * sigma - factor * factor / 4) / factor
    blurred = cv2.GaussianBlur(small, gaussian_kernel_size(left), left, borderType=border)
    stretched = cv2.resize(blurred, (wide, tall), interpolation=cv2.INTER_LINEAR)
    return stretched[margin : margin + height, margin : margin + width]


def blur_channels(pixels: np.ndarray, kind: BlurKind, radius: float, angle: float) -> np.ndarray:
    """Blur a float32 H×W×C array; the image's edge is extended by mirroring, so borders do not darken."""
    border = cv2.BORDER_REFLECT_101
    if kind == "gaussian":
        if radius >= REDUCED_FROM:
            return reduced_gaussian(pixels, radius, border)
        return cv2.GaussianBlur(pixels, gaussian_kernel_size(radius), radius, borderType=border)
    if kind == "box":
        side = 2 * round(radius) + 1
        return cv2.blur(pixels, (side, side), borderType=border)
    return cv2.filter2D(pixels, -1, motion_kernel(radius, angle), borderType=border)


def blur_reach(kind: BlurKind, radius: float) -> int:
    """How many rows away a blurred row reads."""
    if kind == "gaussian":
        return gaussian_kernel_size(radius)[0] // 2
    if kind == "box":
        return round(radius)
    return int(np.ceil(radius))


def blur_image(
    image: np.ndarray, kind: BlurKind, radius: float, angle: float = 0.0, steps: Steps | None = None
) -> np.ndarray:
    """Blur an RGB or RGBA uint8 image, a band of rows at a time, reporting progress to `steps`. Colour is
    blurred premultiplied by alpha, so transparent pixels (whose colour is invisible and often black) do
    not bleed dark halos into visible ones. A wide gaussian (REDUCED_FROM) takes a fraction of a second at any size,
    in one pass: bands would only add seams."""
    if kind == "gaussian" and radius >= REDUCED_FROM:
        result = _blur_rows(image, kind, radius, angle)
        step(steps, 1.0)
        return result
    return filter_in_bands(image, lambda rows: _blur_rows(rows, kind, radius, angle), blur_reach(kind, radius), steps)


def _blur_rows(image: np.ndarray, kind: BlurKind, radius: float, angle: float) -> np.ndarray:
    rgb, alpha = split_alpha(image)
    if alpha is None:
        # OpenCV filters uint8 in fixed point, several times faster than float32, within one level
        return blur_channels(np.ascontiguousarray(rgb), kind, radius, angle)
    weight = alpha.astype(np.float32)[:, :, None] / 255
    stacked = np.dstack([rgb.astype(np.float32) * weight, weight])
    blurred = blur_channels(stacked, kind, radius, angle)
    blurred_weight = blurred[:, :, 3:]
    colour = np.divide(
        blurred[:, :, :3], blurred_weight, out=np.zeros_like(blurred[:, :, :3]), where=blurred_weight > 1e-6
    )
    return merge_alpha(colour, blurred_weight[:, :, 0] * 255)


@node("tool.blur", title="Blur", category="tools", version=1)
class Blur(Node):
    """Soften an image with a gaussian, box or motion blur. Connect a mask to blur only where it is white
    (for example a background). Transparency is blurred with the colours."""

    image: Image = Input()
    mask: Mask = Input("Where to blur (white); the whole image when not connected", required=False)
    kind: BlurKind = Param(
        "gaussian", ui="select", description="Gaussian: smooth, natural; box: even average; motion: a streak"
    )
    radius: float = Param(
        4.0,
        ge=0,
        le=200,
        step=0.5,
        ui="slider",
        description="Strength in pixels (the gaussian's standard deviation, the box's or streak's half-length)",
    )
    angle: float = Param(
        0.0,
        ge=0,
        le=360,
        step=1,
        ui="slider",
        description="Direction of a motion blur in degrees (0: horizontal, 90: vertical)",
        visible_when={"kind": ["motion"]},
    )
    outputs = {"image": Image}

    def run(self, ctx: NodeContext) -> np.ndarray:
        if self.radius == 0:
            return self.image
        blurred = blur_image(self.image, self.kind, self.radius, self.angle, ctx)
        if self.mask is None:
            return blurred
        mask = fit_mask(self.mask, self.image.shape[0], self.image.shape[1], "Blur")
        return blend_with_mask(self.image, blurred, mask)
