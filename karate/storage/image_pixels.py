"""Pixels made upright and sRGB: the EXIF orientation, an embedded ICC profile converted with littleCMS, and
a decoded first frame (from OpenCV or Pillow) as RGB(A) or grey uint8, 16-bit values rounded to 8 bits."""

from __future__ import annotations

import io

import cv2
import numpy as np
from PIL import Image, ImageCms, ImageOps

from karate.storage.media_errors import IncompleteImage

_ORIENTATION = 0x0112
_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
_PROFILE_MODES = {"RGB ": ("RGB", "RGBA"), "GRAY": ("L",), "CMYK": ("CMYK",)}


def exif_orientation(image: Image.Image) -> int:
    """The EXIF orientation (1-8) from what the header already holds; a PNG's image data is not read for it."""
    if image.format == "PNG" and "exif" not in image.info:
        return 1
    try:
        value = image.getexif().get(_ORIENTATION, 1)
    except (OSError, SyntaxError, ValueError):  # a damaged EXIF block: show the picture as stored
        return 1
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def foreign_profile(image: Image.Image) -> ImageCms.ImageCmsProfile | None:
    """The embedded ICC profile when it is not sRGB already (whose pixels need no conversion)."""
    icc = image.info.get("icc_profile")
    if not icc:
        return None
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
    except (OSError, ImageCms.PyCMSError):  # an unreadable profile: the numbers are taken as sRGB
        return None
    if "srgb" in (ImageCms.getProfileDescription(profile) or "").lower():
        return None
    return profile


def upright_srgb(picture: Image.Image, orientation: int, profile: ImageCms.ImageCmsProfile | None) -> Image.Image:
    """`picture` converted from `profile` to sRGB (when given), turned by the EXIF `orientation` (1-8),
    as L, RGB or RGBA."""
    if profile is not None:
        picture = _to_srgb(picture, profile)
    if orientation != 1:
        picture.getexif()[_ORIENTATION] = orientation  # Pillow's own table of the eight orientations
        picture = ImageOps.exif_transpose(picture)
    return picture if picture.mode in ("L", "RGB", "RGBA") else picture.convert("RGB")


def _to_srgb(picture: Image.Image, profile: ImageCms.ImageCmsProfile) -> Image.Image:
    space = profile.profile.xcolor_space
    if picture.mode not in _PROFILE_MODES.get(space, ()):
        return picture  # a profile for other channels than the pixels have: keep the numbers
    output = "RGBA" if picture.mode == "RGBA" else "RGB"
    converted = ImageCms.profileToProfile(picture, profile, _SRGB, outputMode=output)
    assert converted is not None
    return converted


def from_opencv(pixels: np.ndarray) -> np.ndarray:
    """OpenCV's BGR(A)/grey pixels as RGB(A)/grey uint8 (16 bits rounded, not truncated)."""
    if pixels.dtype == np.uint16:
        pixels = ((pixels.astype(np.uint32) + 128) // 257).astype(np.uint8)
    elif pixels.dtype != np.uint8:
        pixels = np.clip(pixels, 0, 255).astype(np.uint8)
    if pixels.ndim == 3 and pixels.shape[2] == 4:
        return cv2.cvtColor(pixels, cv2.COLOR_BGRA2RGBA)
    if pixels.ndim == 3 and pixels.shape[2] == 3:
        return cv2.cvtColor(pixels, cv2.COLOR_BGR2RGB)
    return pixels if pixels.ndim == 2 else pixels[:, :, 0]


def from_pillow(image: Image.Image) -> Image.Image:
    """The first frame, decoded, as L, RGB or RGBA (CMYK kept for its colour profile) for the formats and
    cases OpenCV does not handle. Raises IncompleteImage."""
    try:
        image.seek(0)
        image.load()
        if image.mode in ("I;16", "I;16B", "I;16L", "I"):
            values = np.clip(np.asarray(image).astype(np.int64), 0, 65535)
            return Image.fromarray(((values + 128) // 257).astype(np.uint8))
        if image.mode == "CMYK":
            return image.copy()
        keep = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
        mode = "RGBA" if keep else ("L" if image.mode in ("L", "1") else "RGB")
        return image.copy() if image.mode == mode else image.convert(mode)
    except (OSError, SyntaxError, ValueError, EOFError):
        raise IncompleteImage() from None


def expand_grey(pixels: np.ndarray) -> np.ndarray:
    """H×W grey pixels as H×W×3 RGB; other pixels as they are, contiguous."""
    if pixels.ndim == 2:
        return cv2.cvtColor(pixels, cv2.COLOR_GRAY2RGB)
    return np.ascontiguousarray(pixels)
