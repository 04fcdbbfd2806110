"""The Upscale tool: Lanczos resampling followed by sharpening that acts on edges and spares flat areas."""

from __future__ import annotations

import typing
from typing import Literal

import cv2
import numpy as np
from PIL import Image as PILImage

from karate.catalog.schema import Upscaling
from karate.nodes.tools.bands import Steps, filter_in_bands, step
from karate.nodes.tools.imaging import gaussian_kernel_size, luminance, merge_alpha, split_alpha
from karate.nodes.tools.pixel_limit import check_upscale
from karate.sdk import Image, Input, Node, NodeContext, Param, node

# Edge strength (luma slope per pixel, 0..255 scale) at which sharpening reaches full strength; gentler
# slopes such as skin, sky and noise get proportionally less, so they are not turned into grain.
_FULL_EDGE_SLOPE = 12.0

Scale = Literal[2, 3, 4]
#: How the tool enlarges, as an upscaling model's catalog entry says it (`ModelEntry.upscaling`): read by the AI dock,
#: and by the editor's Scale select from the node catalog (`upscaling`).
UPSCALING = Upscaling("image", "scale", {scale: scale for scale in typing.get_args(Scale)})


def lanczos_resize(image: np.ndarray, scale: int) -> np.ndarray:
    """Pillow's Lanczos; for RGBA it resamples premultiplied colour, so transparent pixels leave no fringe."""
    height, width = image.shape[:2]
    picture = PILImage.fromarray(np.ascontiguousarray(image))
    resized = picture.resize((width * scale, height * scale), PILImage.Resampling.LANCZOS)
    return np.asarray(resized)


def edge_weight(rgb: np.ndarray, scale: int) -> np.ndarray:
    """0..1 per pixel: how much of an edge it sits on, from the smoothed gradient of the luma."""
    luma = luminance(rgb)
    slope_x = cv2.Sobel(luma, cv2.CV_32F, 1, 0, ksize=3) / 8
    slope_y = cv2.Sobel(luma, cv2.CV_32F, 0, 1, ksize=3) / 8
    # The slope of an upscaled edge is spread over `scale` times more pixels; measure it per source pixel.
    magnitude = np.hypot(slope_x, slope_y) * scale
    magnitude = cv2.GaussianBlur(magnitude, gaussian_kernel_size(scale / 2), scale / 2)
    strength: np.ndarray = np.clip(magnitude / _FULL_EDGE_SLOPE, 0, 1)
    return strength


def sharpen_edges(rgb: np.ndarray, amount: float, scale: int) -> np.ndarray:
    """Unsharp mask (image plus `amount` × its detail above a gaussian one source pixel wide), gated by the
    edge map."""
    pixels = rgb.astype(np.float32)
    sigma = float(scale)
    detail = pixels - cv2.GaussianBlur(pixels, gaussian_kernel_size(sigma), sigma)
    gate = edge_weight(rgb, scale)[:, :, None]
    return pixels + amount * gate * detail


def sharpening_reach(scale: int) -> int:
    """How many rows away a sharpened row reads: the unsharp mask's gaussian, or the edge map's Sobel and
    gaussian."""
    return max(gaussian_kernel_size(scale)[0] // 2, 1 + gaussian_kernel_size(scale / 2)[0] // 2)


def upscale_image(image: np.ndarray, scale: int, sharpen: float, steps: Steps | None = None) -> np.ndarray:
    """Enlarge, then sharpen a band of rows at a time (the slow part), reporting progress to `steps`."""
    enlarged = lanczos_resize(image, scale)
    if sharpen == 0:
        step(steps, 1.0)
        return enlarged
    step(steps, 0.1, "sharpening edges")

    def sharpen_rows(rows: np.ndarray) -> np.ndarray:
        rgb, alpha = split_alpha(rows)
        return merge_alpha(sharpen_edges(rgb, sharpen, scale), alpha)

    return filter_in_bands(
        enlarged, sharpen_rows, sharpening_reach(scale), steps, start=0.1, message="sharpening edges"
    )


@node("tool.upscale", title="Upscale", category="tools", version=1, upscaling=UPSCALING.to_json())
class Upscale(Node):
    """Enlarge the image 2, 3 or 4 times with Lanczos resampling, then sharpen edges (flat areas and
    noise are left alone). For invented detail use an AI upscaling model. Transparency is kept. A result over the
    studio's pixel limit (100 megapixels by default) is refused before any work, naming the largest scale that
    fits."""

    image: Image = Input()
    scale: Scale = Param(2, ui="select", description="How many times wider and taller")
    sharpen: float = Param(
        0.8, ge=0, le=3, step=0.05, ui="slider", description="Edge sharpening after enlarging; 0 gives plain Lanczos"
    )
    outputs = {"image": Image}

    def run(self, ctx: NodeContext) -> np.ndarray:
        height, width = self.image.shape[:2]
        check_upscale(width, height, self.scale, ctx.services.settings.max_image_pixels, UPSCALING.scales)
        ctx.progress(0.0, "enlarging")
        return upscale_image(self.image, self.scale, self.sharpen, ctx)
