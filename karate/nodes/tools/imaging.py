"""Image helpers shared by the editing tools: alpha split and merge, colours, masks, float conversions."""

from __future__ import annotations

import re

import cv2
import numpy as np

from karate.sdk import InvalidInput
from karate.storage.media_errors import megapixels

HEX_COLOR_PATTERN = "^#[0-9a-fA-F]{6}$"
_HEX_COLOR = re.compile(HEX_COLOR_PATTERN)

# Rec. 709 luma weights: what "brightness" of an sRGB pixel means for the tools (luminance key, relight).
LUMA_WEIGHTS = np.array([0.2126, 0.7152, 0.0722], dtype=np.float32)

# A mask whose aspect ratio is within this fraction of the image's is taken as the same picture at another
# resolution and resized; anything further apart is a different picture and is refused.
_ASPECT_TOLERANCE = 0.02


def split_alpha(image: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
    """The RGB channels and the alpha channel (None for an RGB image)."""
    if image.ndim == 3 and image.shape[2] == 4:
        return image[:, :, :3], image[:, :, 3]
    return image, None


def merge_alpha(rgb: np.ndarray, alpha: np.ndarray | None) -> np.ndarray:
    """RGB plus alpha back into one array; plain RGB when there is no alpha."""
    rgb = to_uint8(rgb)
    if alpha is None:
        return np.ascontiguousarray(rgb)
    return np.dstack([rgb, to_uint8(alpha)])


def to_unit(array: np.ndarray) -> np.ndarray:
    """uint8 0..255 as float32 0..1."""
    return array.astype(np.float32) * np.float32(1 / 255)


def to_uint8(array: np.ndarray) -> np.ndarray:
    """Round and clip to uint8; float input is taken as 0..255."""
    if array.dtype == np.uint8:
        return array
    rounded: np.ndarray = np.clip(np.rint(array), 0, 255).astype(np.uint8)
    return rounded


def from_unit(array: np.ndarray) -> np.ndarray:
    """float 0..1 back to uint8 0..255."""
    return to_uint8(array * 255.0)


def to_mask(selected: np.ndarray) -> np.ndarray:
    """A boolean array as a mask: 255 where true, 0 elsewhere."""
    return np.where(selected, 255, 0).astype(np.uint8)


def luminance(rgb: np.ndarray) -> np.ndarray:
    """Rec. 709 luma of an RGB array, float32 in the same scale as the input."""
    return rgb.astype(np.float32) @ LUMA_WEIGHTS


def parse_color(value: str) -> tuple[int, int, int]:
    """'#rrggbb' as an (r, g, b) tuple of 0..255."""
    if not _HEX_COLOR.match(value):
        raise InvalidInput(f"colour {value!r} is not of the form #rrggbb (for example #ff8800)")
    return int(value[1:3], 16), int(value[3:5], 16), int(value[5:7], 16)


def fit_mask(mask: np.ndarray, height: int, width: int, tool: str) -> np.ndarray:
    """The mask at the image's size: resized when it is the same picture at another resolution."""
    mask_height, mask_width = mask.shape[:2]
    if (mask_height, mask_width) == (height, width):
        return mask
    image_aspect, mask_aspect = width / height, mask_width / mask_height
    if abs(mask_aspect - image_aspect) > _ASPECT_TOLERANCE * image_aspect:
        raise InvalidInput(
            f"{tool}: the mask is {mask_width}×{mask_height} but the image is {width}×{height}; "
            "connect a mask made for this image (same size or the same aspect ratio)"
        )
    shrinking = mask_width * mask_height > width * height
    interpolation = cv2.INTER_AREA if shrinking else cv2.INTER_LINEAR
    return cv2.resize(mask, (width, height), interpolation=interpolation)


def blend_with_mask(original: np.ndarray, edited: np.ndarray, mask: np.ndarray | None) -> np.ndarray:
    """The edit where the mask is white, the original where it is black, a mix in between."""
    if mask is None:
        return edited
    weight = to_unit(mask)[:, :, None]
    mixed = original.astype(np.float32) * (1 - weight) + edited.astype(np.float32) * weight
    return to_uint8(mixed)


def feather(mask: np.ndarray, radius: float) -> np.ndarray:
    """Soften a mask's edge with a gaussian of standard deviation `radius` pixels."""
    if radius <= 0:
        return mask
    return cv2.GaussianBlur(mask, gaussian_kernel_size(radius), radius, borderType=cv2.BORDER_REPLICATE)


def gaussian_kernel_size(sigma: float) -> tuple[int, int]:
    """A kernel wide enough (±3σ) that the gaussian's cut-off tails are invisible."""
    side = 2 * int(np.ceil(3 * sigma)) + 1
    return side, side


def check_output_size(width: int, height: int, max_pixels: int, tool: str) -> None:
    """Refuse results too large to hold, with the size that was asked for."""
    if width * height > max_pixels:
        raise InvalidInput(
            f"{tool}: the result would be {width}×{height} ({megapixels(width * height)} megapixels), over the "
            f"limit of {megapixels(max_pixels)} megapixels; use a smaller image or setting"
        )
