"""The Blur tool: gaussian, box or motion blur, optionally only inside a mask."""

from __future__ import annotations

from typing import Literal

import cv2
import numpy as np

from karate.nodes.tools.bands import Steps, filter_in_bands
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


def blur_channels(pixels: np.ndarray, kind: BlurKind, radius: float, angle: float) -> np.ndarray:
    """Blur a float32 H×W×C array; the image's edge is extended by mirroring, so borders do not darken."""
    border = cv2.BORDER_REFLECT_101
    if kind == "gaussian":
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
    not bleed dark halos into visible ones."""
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
