"""The Mask Extractor: a mask from a colour key, a luminance threshold, the alpha channel or the subject."""

from __future__ import annotations

from typing import Literal, TypedDict

import cv2
import numpy as np

from karate.nodes.tools.bands import Steps, step
from karate.nodes.tools.imaging import (
    HEX_COLOR_PATTERN,
    feather,
    luminance,
    parse_color,
    split_alpha,
    to_mask,
)
from karate.sdk import Image, Input, Mask, Node, NodeContext, Param, node

ExtractionMode = Literal["color_key", "luminance", "alpha", "subject"]

# GrabCut's cost grows faster than the pixel count; a subject's outline is found as well at this size.
_SUBJECT_WORKING_SIDE = 640


def color_key_mask(rgb: np.ndarray, color: tuple[int, int, int], tolerance: float) -> np.ndarray:
    """White where a pixel is within `tolerance` percent (of the largest RGB distance) of the key colour."""
    distance = np.linalg.norm(rgb.astype(np.float32) - np.array(color, np.float32), axis=2)
    return to_mask(distance <= tolerance / 100 * np.sqrt(3) * 255)


def luminance_mask(rgb: np.ndarray, threshold: float) -> np.ndarray:
    """White where the pixel's luma is at or above the threshold (0..255)."""
    return to_mask(luminance(rgb) >= threshold)


def subject_mask(rgb: np.ndarray, margin: float, iterations: int, steps: Steps | None = None) -> np.ndarray:
    """GrabCut's foreground, given that the subject lies inside a rectangle `margin` percent in from each
    side: the band outside the rectangle is known background. One pass at a time, each reported to
    `steps` (the same result as all passes in one call: each pass starts from the last one's models)."""
    height, width = rgb.shape[:2]
    scale = min(1.0, _SUBJECT_WORKING_SIDE / max(height, width))
    small = (
        cv2.resize(rgb, (max(1, round(width * scale)), max(1, round(height * scale))), interpolation=cv2.INTER_AREA)
        if scale < 1
        else np.ascontiguousarray(rgb)
    )
    small_h, small_w = small.shape[:2]
    inset_x = max(1, round(small_w * margin / 100))
    inset_y = max(1, round(small_h * margin / 100))
    rect = (inset_x, inset_y, small_w - 2 * inset_x, small_h - 2 * inset_y)
    if rect[2] < 2 or rect[3] < 2:
        return np.zeros((height, width), np.uint8)
    labels = np.zeros((small_h, small_w), np.uint8)
    background, foreground = np.zeros((1, 65), np.float64), np.zeros((1, 65), np.float64)
    bgr = cv2.cvtColor(small, cv2.COLOR_RGB2BGR)
    for done in range(iterations):
        cv2.grabCut(bgr, labels, rect, background, foreground, 1, cv2.GC_EVAL if done else cv2.GC_INIT_WITH_RECT)
        step(steps, (done + 1) / (iterations + 1), f"finding the subject: pass {done + 1} of {iterations}")
    mask = to_mask((labels == cv2.GC_FGD) | (labels == cv2.GC_PR_FGD))
    if scale < 1:
        mask = to_mask(cv2.resize(mask, (width, height), interpolation=cv2.INTER_LINEAR) >= 128)
    return mask


class MaskExtractorOutputs(TypedDict):
    """The mask, and the image cut out by it (the mask as its alpha)."""

    mask: Mask
    image: Image


@node("tool.mask_extractor", title="Mask Extractor", category="tools", version=1)
class MaskExtractor(Node):
    """Make a mask from an image: pixels close to a key colour, pixels brighter than a threshold, the
    image's transparency, or the main subject (GrabCut, for a subject inside the frame on a distinct
    background). Also gives the cut-out: the image with the mask as its transparency."""

    image: Image = Input()
    mode: ExtractionMode = Param(
        "subject",
        ui="select",
        description="color_key: pixels near a colour; luminance: bright pixels; "
        "alpha: the transparency; subject: the main subject",
    )
    # Each mode's own settings are shown only in that mode: a setting another mode ignores is never on screen.
    color: str = Param(
        "#00ff00",
        pattern=HEX_COLOR_PATTERN,
        ui="color",
        description="Key colour (color_key mode)",
        visible_when={"mode": ["color_key"]},
    )
    tolerance: float = Param(
        20.0,
        ge=0,
        le=100,
        step=1,
        ui="slider",
        description="How far from the key colour still counts, in percent (color_key)",
        visible_when={"mode": ["color_key"]},
    )
    threshold: float = Param(
        128.0,
        ge=0,
        le=255,
        step=1,
        ui="slider",
        description="Luma at or above which a pixel is white (luminance mode)",
        visible_when={"mode": ["luminance"]},
    )
    margin: float = Param(
        5.0,
        ge=0,
        le=45,
        step=0.5,
        ui="slider",
        description="Background band along each side, in percent (subject mode)",
        visible_when={"mode": ["subject"]},
    )
    iterations: int = Param(
        5,
        ge=1,
        le=20,
        advanced=True,
        description="GrabCut refinement passes (subject mode)",
        visible_when={"mode": ["subject"]},
    )
    invert: bool = Param(False, description="Swap white and black, e.g. to keep all but a green screen")
    feather: float = Param(
        0.0, ge=0, le=100, step=0.5, ui="slider", description="Soften the mask's edge by this many pixels"
    )
    outputs = MaskExtractorOutputs

    def run(self, ctx: NodeContext) -> MaskExtractorOutputs:
        rgb, alpha = split_alpha(self.image)
        if self.mode == "color_key":
            mask = color_key_mask(rgb, parse_color(self.color), self.tolerance)
        elif self.mode == "luminance":
            mask = luminance_mask(rgb, self.threshold)
        elif self.mode == "alpha":
            mask = np.array(alpha) if alpha is not None else np.full(rgb.shape[:2], 255, np.uint8)
        else:
            ctx.progress(0.0, "finding the subject")
            mask = subject_mask(rgb, self.margin, self.iterations, ctx)
        if self.invert:
            mask = 255 - mask
        mask = feather(mask, self.feather)
        cut_alpha = mask if alpha is None else (mask.astype(np.uint16) * alpha // 255).astype(np.uint8)
        return {"mask": mask, "image": np.dstack([rgb, cut_alpha])}
