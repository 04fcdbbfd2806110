"""The Resize tool: a picture made smaller or larger, by a percentage, to a width or height, to fit a box, or to an
exact size; the size arithmetic and the refusal of a result past the studio's pixel limit, in words."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Literal

import cv2
import numpy as np
from PIL import Image as PILImage

from karate.nodes.tools.imaging import merge_alpha, split_alpha
from karate.sdk import Image, Input, InvalidInput, Node, NodeContext, Param, node
from karate.storage.media_errors import megapixels

ResizeMode = Literal["scale", "width", "height", "fit", "exact"]
ResizeMethod = Literal["auto", "lanczos", "bicubic", "bilinear", "nearest"]

_MAX_SIDE = 65_535
_MAX_PERCENT = 1000
_PILLOW_FILTERS = {
    "lanczos": PILImage.Resampling.LANCZOS,
    "bicubic": PILImage.Resampling.BICUBIC,
    "bilinear": PILImage.Resampling.BILINEAR,
    "nearest": PILImage.Resampling.NEAREST,
}


def _side(length: float) -> int:
    """A side of the result in whole pixels: rounded, at least 1."""
    return max(1, round(length))


def resized_size(
    width: int, height: int, mode: ResizeMode, percent: float, to_width: int, to_height: int
) -> tuple[int, int]:
    """(width, height) in pixels of a `width`×`height` picture resized as the Resize fields say: by `percent`
    (scale), to `to_width` or `to_height` with the other side keeping proportions (width, height), as large as fits
    inside `to_width`×`to_height` keeping proportions (fit), or to exactly `to_width`×`to_height` (exact)."""
    if mode == "scale":
        return _side(width * percent / 100), _side(height * percent / 100)
    if mode == "width":
        return to_width, _side(height * to_width / width)
    if mode == "height":
        return _side(width * to_height / height), to_height
    if mode == "fit":
        factor = min(to_width / width, to_height / height)
        return min(to_width, _side(width * factor)), min(to_height, _side(height * factor))
    return to_width, to_height


def _largest(fits_at: Callable[[int], bool], most: int) -> int | None:
    """The largest whole value in 1..`most` at which `fits_at` holds (it holds up to some value and not past it);
    None when it holds at none."""
    low, high = 0, most
    while low < high:
        middle = (low + high + 1) // 2
        if fits_at(middle):
            low = middle
        else:
            high = middle - 1
    return low or None


def _exact_within(to_width: int, to_height: int, max_pixels: int) -> tuple[int, int] | None:
    """The largest size of the shape `to_width`×`to_height` (each side rounded down) within `max_pixels`; None when
    a side would be under a pixel. Lowering only one side would leave a strip, not the picture the user typed."""
    factor = math.sqrt(max_pixels / (to_width * to_height))
    width, height = math.floor(to_width * factor), math.floor(to_height * factor)
    while width * height > max_pixels:  # a float's last digit can land one pixel over
        width, height = (width - 1, height) if width * to_height >= height * to_width else (width, height - 1)
    return (width, height) if width >= 1 and height >= 1 else None


def _what_to_set(
    width: int, height: int, mode: ResizeMode, percent: float, to_width: int, to_height: int, max_pixels: int
) -> str:
    """The setting that brings the result within `max_pixels`, in the Resize fields' words ("set Percent to at most
    286"); "" when no value of it does."""
    if mode == "exact":
        size = _exact_within(to_width, to_height, max_pixels)
        return f"set Width and Height to at most {size[0]}×{size[1]}" if size is not None else ""

    if mode == "scale":
        field, most = "Percent", _MAX_PERCENT
    elif mode == "width" or (mode == "fit" and to_width / width <= to_height / height):
        field, most = "Width", _MAX_SIDE
    else:
        field, most = "Height", _MAX_SIDE

    def fits_at(value: int) -> bool:
        settings = {
            "Percent": (value, to_width, to_height),
            "Width": (percent, value, to_height),
            "Height": (percent, to_width, value),
        }[field]
        new_w, new_h = resized_size(width, height, mode, *settings)
        return new_w * new_h <= max_pixels

    best = _largest(fits_at, most)
    return f"set {field} to at most {best}" if best is not None else ""


def size_past_limit(
    width: int, height: int, mode: ResizeMode, percent: float, to_width: int, to_height: int, max_pixels: int
) -> str | None:
    """Why resizing a `width`×`height` picture as the fields say is refused, naming what to set; None when the
    result is within `max_pixels` (the studio's pixel limit, KARATE_MAX_IMAGE_PIXELS).

    "Resize: the 4032×3024 image would become 40320×30240 (1,219 megapixels), over this studio's 100-megapixel limit;
    set Percent to at most 286"
    """
    new_w, new_h = resized_size(width, height, mode, percent, to_width, to_height)
    if new_w * new_h <= max_pixels:
        return None
    result = (
        f"Resize: the {width}×{height} image would become {new_w}×{new_h} ({megapixels(new_w * new_h)} megapixels), "
        f"over this studio's {megapixels(max_pixels)}-megapixel limit"
    )
    fix = _what_to_set(width, height, mode, percent, to_width, to_height, max_pixels)
    return f"{result}; {fix}" if fix else f"{result}; crop the image first, then resize it"


def _area_average(image: np.ndarray, width: int, height: int) -> np.ndarray:
    """OpenCV's area averaging (no moiré when making smaller); colour is averaged premultiplied by alpha, so
    transparent pixels (whose colour is invisible and often black) leave no dark fringe on visible ones."""
    _, alpha = split_alpha(image)
    if alpha is None:
        return cv2.resize(image, (width, height), interpolation=cv2.INTER_AREA)
    # Premultiplied in 16 bits (255 × 255 fits): exact, half of float32's memory on a large photo, and OpenCV's
    # multiply is several times faster than numpy's on interleaved channels.
    weights = cv2.merge([alpha, alpha, alpha, np.full_like(alpha, 255)])
    stacked = cv2.multiply(np.ascontiguousarray(image), weights, dtype=cv2.CV_16U)
    averaged = cv2.resize(stacked, (width, height), interpolation=cv2.INTER_AREA).astype(np.float32)
    coverage = averaged[:, :, 3:]
    colour = np.divide(averaged[:, :, :3] * 255, coverage, out=np.zeros_like(averaged[:, :, :3]), where=coverage > 0)
    return merge_alpha(colour, coverage[:, :, 0] / 255)


def _pillow_resize(image: np.ndarray, width: int, height: int, method: str) -> np.ndarray:
    """Pillow's filters, which widen as they shrink (so they do not alias); for RGBA it resamples premultiplied
    colour, so transparent pixels leave no fringe."""
    picture = PILImage.fromarray(np.ascontiguousarray(image))
    return np.asarray(picture.resize((width, height), _PILLOW_FILTERS[method]))


def resize_image(image: np.ndarray, width: int, height: int, method: ResizeMethod) -> np.ndarray:
    """An RGB or RGBA uint8 image at `width`×`height` pixels. `auto` averages areas for a side made smaller and uses
    Lanczos for a side made larger (an exact size may do one of each)."""
    image_h, image_w = image.shape[:2]
    if (width, height) == (image_w, image_h):
        return image
    if method != "auto":
        return _pillow_resize(image, width, height, method)
    if width <= image_w and height <= image_h:
        return _area_average(image, width, height)
    if width < image_w or height < image_h:  # one side shrinks, the other grows: each in its own pass
        image = _area_average(image, min(width, image_w), min(height, image_h))
    return _pillow_resize(image, width, height, "lanczos")


@node("tool.resize", title="Resize", category="tools", version=1)
class Resize(Node):
    """Make the image smaller or larger: by a percentage, to a width or a height (the other side follows, keeping
    proportions), as large as fits inside a box, or to an exact size (which may stretch it). Auto keeps fine patterns
    from shimmering when making smaller and uses Lanczos when making larger. Transparency is kept; at 100% the picture
    is handed on as it is. A result over the studio's pixel limit (100 megapixels by default) is refused before any
    work, saying what to set."""

    image: Image = Input()
    mode: ResizeMode = Param(
        "scale",
        ui="select",
        description="scale: by a percentage; width or height: to that many pixels, the other side following to keep "
        "proportions; fit: as large as fits inside Width × Height, keeping proportions (nothing is cut off); exact: "
        "to Width × Height, stretching the picture if its shape differs",
    )
    percent: float = Param(
        50.0,
        ge=1,
        le=_MAX_PERCENT,
        step=1,
        description="Size of the result as a percentage of the original: 50 halves each side, 200 doubles it",
        visible_when={"mode": ["scale"]},
    )
    width: int = Param(
        1080,
        ge=1,
        le=_MAX_SIDE,
        description="Width of the result in pixels (fit: the most it may be)",
        visible_when={"mode": ["width", "fit", "exact"]},
    )
    height: int = Param(
        1080,
        ge=1,
        le=_MAX_SIDE,
        description="Height of the result in pixels (fit: the most it may be)",
        visible_when={"mode": ["height", "fit", "exact"]},
    )
    method: ResizeMethod = Param(
        "auto",
        ui="select",
        description="auto: area averaging when making smaller (no moiré), Lanczos when making larger; nearest keeps "
        "hard pixel edges, for pixel art",
    )
    outputs = {"image": Image}

    def run(self, ctx: NodeContext) -> np.ndarray:
        image_h, image_w = self.image.shape[:2]
        refusal = size_past_limit(
            image_w, image_h, self.mode, self.percent, self.width, self.height, ctx.services.settings.max_image_pixels
        )
        if refusal is not None:
            raise InvalidInput(refusal)
        new_w, new_h = resized_size(image_w, image_h, self.mode, self.percent, self.width, self.height)
        ctx.progress(0.0, "resizing")
        return resize_image(self.image, new_w, new_h, self.method)
