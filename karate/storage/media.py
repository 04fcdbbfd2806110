"""The one door for images: every image that enters the studio (uploads, CLI files, URL inputs, provider
results) is checked here, and every stored image the engine or a thumbnail decodes is decoded here.

Checks: the type comes from the bytes; the pixel limit is read from the header before anything is decoded;
a file whose data ends early is refused ("the file is incomplete"). Decoding applies the EXIF orientation
(as Pillow's `ImageOps.exif_transpose`) and converts an embedded ICC profile to sRGB with littleCMS, so
pixels downstream are upright and in sRGB. Stored files keep their bytes, less where a photo was taken (which
the store takes out of every file it admits, whatever its format: storage/geotags.py): the orientation and
colour conversion happen on every decode, and cost nothing for files without them.
The refusals are in storage/media_errors.py, the orientation and colour conversion in storage/image_pixels.py.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import io
import os
import stat
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, UnidentifiedImageError

from karate.storage.image_pixels import (
    exif_orientation,
    expand_grey,
    foreign_profile,
    from_opencv,
    from_pillow,
    upright_srgb,
)
from karate.storage.media_errors import (
    DEFAULT_MAX_PIXELS,
    MEDIA_ARTICLE,
    READABLE,
    ImageTooLarge,
    IncompleteImage,
    MediaError,
    NotAnImage,
    mime_in_words,
)
from karate.storage.mime import sniff_mime

# The door's refusals and their words are part of it: callers catch `media.MediaError`.
__all__ = [
    "DEFAULT_MAX_PIXELS",
    "RASTER_IMAGES",
    "READABLE",
    "ImageInfo",
    "ImageTooLarge",
    "IncompleteImage",
    "MediaError",
    "NotAnImage",
    "Source",
    "admit_image",
    "check_image",
    "check_media_file",
    "decode_image",
    "is_plain",
    "open_image",
    "shown_size",
    "thumbnail",
]

# The pixel limit is checked here, from the header, against the studio's own setting (Pillow's global
# guard would refuse or warn at its own fixed number first).
Image.MAX_IMAGE_PIXELS = None

RASTER_IMAGES = (
    "image/png",
    "image/jpeg",
    "image/webp",
    "image/gif",
    "image/bmp",
    "image/tiff",
    "image/heic",
    "image/heif",
    "image/avif",
)
_PILLOW_FORMATS = ["PNG", "JPEG", "WEBP", "GIF", "BMP", "TIFF", "HEIF", "AVIF"]
_CV2_FORMATS = {"PNG", "JPEG", "WEBP", "BMP"}  # decoded by OpenCV: fast, 16-bit kept (its TIFF reader turns by itself)
_CV2_MAX_PIXELS = 1 << 30  # OpenCV refuses larger images (CV_IO_MAX_IMAGE_PIXELS): Pillow decodes those


@dataclass(frozen=True, slots=True)
class ImageInfo:
    """A checked image: its type and its size in pixels as shown (after the EXIF orientation)."""

    mime: str
    width: int
    height: int


Source = bytes | memoryview | Path | str


def check_image(source: Source, max_pixels: int) -> ImageInfo:
    """Check an image at the door: a readable type, within `max_pixels` (read from the header, before
    decoding), and complete (Pillow reads every pixel: stricter than OpenCV about a cut JPEG). Only Pillow
    decodes it; the pixels are not kept. Raises ImageTooLarge, IncompleteImage or NotAnImage."""
    data = _read(source)
    with open_image(data, max_pixels) as image:
        _load_whole(image)
        width, height = _shown(image)
    return ImageInfo(sniff_mime(bytes(data[:512])), width, height)


def admit_image(source: Source, max_pixels: int) -> tuple[ImageInfo, np.ndarray]:
    """`check_image`, also giving the decoded pixels (as `decode_image`). Complete means Pillow reads every
    pixel (stricter than some OpenCV versions about a cut JPEG) and so does `decode_image`, which every
    later run uses."""
    data = _read(source)
    with open_image(data, max_pixels) as image:
        _load_whole(image)
    pixels = decode_image(data, max_pixels)
    height, width = pixels.shape[:2]
    return ImageInfo(sniff_mime(bytes(data[:512])), width, height), pixels


def open_image(data: bytes | memoryview, max_pixels: int) -> Image.Image:
    """The image's header, opened lazily (no pixel decoded yet) after checking its size against the limit."""
    mime = sniff_mime(bytes(data[:512]))
    if mime not in RASTER_IMAGES:
        raise NotAnImage(mime, bytes(data[:512]))
    if mime in ("image/heic", "image/heif"):
        _read_heif()
    try:
        image = Image.open(io.BytesIO(data), formats=_pillow_formats())
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise IncompleteImage() from None
    width, height = image.size
    if width * height > max_pixels:
        shown = _shown(image)  # named as the user sees it: a phone's photo upright
        image.close()
        raise ImageTooLarge(*shown, max_pixels)
    return image


def shown_size(source: Source) -> tuple[int, int] | None:
    """An image's (width, height) as shown, after its EXIF orientation, from its header alone; None when
    the file is not an image the studio reads."""
    opened = io.BytesIO(source) if isinstance(source, (bytes, memoryview)) else source  # a file: read lazily
    _read_heif()
    try:
        with Image.open(opened, formats=_pillow_formats()) as image:
            return _shown(image)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        return None


def _shown(image: Image.Image) -> tuple[int, int]:
    """(width, height) after the EXIF orientation, from the header (Pillow turns TIFFs itself on load)."""
    width, height = image.size
    turns = image.format != "TIFF" and exif_orientation(image) in (5, 6, 7, 8)
    return (height, width) if turns else (width, height)


def _load_whole(image: Image.Image) -> None:
    try:
        image.load()
    except (OSError, SyntaxError, ValueError, EOFError):
        raise IncompleteImage() from None


def thumbnail(source: Source, size: int, max_pixels: int) -> Image.Image:
    """A picture no larger than `size` on its long side, upright and in sRGB, for previews: a JPEG is
    decoded at a reduced scale (Pillow's draft mode), so a 100-megapixel photo costs a fraction of a full
    decode. Raises ImageTooLarge, IncompleteImage or NotAnImage."""
    data = _read(source)
    with open_image(data, max_pixels) as image:
        image.draft("RGB", (size, size))  # JPEG only; other formats ignore it
        profile = foreign_profile(image)
        picture = from_pillow(image)
        orientation = exif_orientation(image)  # Pillow's TIFF reader turns the picture itself on load
    picture.thumbnail((size, size))
    return upright_srgb(picture, orientation, profile)


def decode_image(source: Source, max_pixels: int) -> np.ndarray:
    """Pixels of the first frame: H×W×3 RGB or H×W×4 RGBA, uint8, upright and in sRGB (grey becomes RGB,
    16-bit values are rounded to 8 bits). Raises ImageTooLarge, IncompleteImage or NotAnImage."""
    data = _read(source)
    with open_image(data, max_pixels) as image:
        orientation = exif_orientation(image)
        profile = foreign_profile(image)
        if (
            image.format in _CV2_FORMATS
            and image.width * image.height <= _CV2_MAX_PIXELS
            and not (profile is not None and image.mode == "CMYK")
        ):
            pixels = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_UNCHANGED)
            if pixels is None:
                raise IncompleteImage()
            pixels = from_opencv(pixels)
            if profile is None and orientation == 1:  # the common case: nothing more to do
                return expand_grey(pixels)
            picture = Image.fromarray(pixels)
        else:
            picture = from_pillow(image)
            orientation = exif_orientation(image)  # Pillow's TIFF reader turns the picture itself on load
    return expand_grey(np.asarray(upright_srgb(picture, orientation, profile)))


def is_plain(source: Source) -> bool:
    """Whether an image file can be handed on as it is: a web format, upright, in sRGB (else it is
    decoded here and encoded again, so a model sees what the studio shows). A file is read lazily: only
    its header."""
    opened = io.BytesIO(source) if isinstance(source, (bytes, memoryview)) else source
    try:
        with Image.open(opened, formats=_pillow_formats()) as image:
            if image.format not in ("PNG", "JPEG", "WEBP", "GIF"):
                return False
            return exif_orientation(image) == 1 and foreign_profile(image) is None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        return False


def check_media_file(path: Path, media: str, max_pixels: int) -> str:
    """Check a file named on the command line before it is read into the store: a regular file (not a
    device, a FIFO, a folder or a file of /proc) whose content is `media` ("image", "video" or "audio");
    images are checked as by `check_image`. Returns its media type; raises MediaError."""
    try:
        info = os.stat(path)  # follows a link: what it points at is what counts
    except OSError:
        raise MediaError(f"{path} does not exist or cannot be read") from None
    if not stat.S_ISREG(info.st_mode):
        raise MediaError(f"{path} is not a regular file; name an image, video or audio file")
    if str(Path(path).resolve()).startswith(("/proc/", "/sys/")):
        raise MediaError(f"{path} is a system file, not {MEDIA_ARTICLE[media]}; name an image, video or audio file")
    if media == "image":
        return check_image(path, max_pixels).mime
    with open(path, "rb") as f:
        mime = sniff_mime(f.read(512))
    if not mime.startswith(media + "/"):
        raise MediaError(f"{path} is {mime_in_words(mime)}, not {MEDIA_ARTICLE[media]}; name {MEDIA_ARTICLE[media]}")
    return mime


@functools.cache
def _read_heif() -> None:
    """Teach Pillow HEIC/HEIF (pillow-heif), the first time one is met: its import costs every process
    50 ms otherwise. Pillow reads AVIF itself."""
    import pillow_heif

    pillow_heif.register_heif_opener()


def _pillow_formats() -> list[str]:
    """The formats Pillow may try, of those it can read now (HEIF only once pillow-heif is registered:
    naming a format Pillow does not know fails every open)."""
    _register_readers()
    return [name for name in _PILLOW_FORMATS if name in Image.OPEN]


# Pillow's reader of each format the studio reads but Pillow does not load by itself (Image.preinit:
# BMP, GIF, JPEG, PNG); HEIF comes from pillow-heif (_read_heif).
_PILLOW_PLUGINS = ("PIL.WebPImagePlugin", "PIL.TiffImagePlugin", "PIL.AvifImagePlugin")


@functools.cache
def _register_readers() -> None:
    """Load Pillow's readers of the studio's formats, and only those: Image.init() would load all 40-odd
    of its plugins, which costs a process that decodes one image about as much as the decode."""
    Image.preinit()
    for plugin in _PILLOW_PLUGINS:
        with contextlib.suppress(ImportError):  # a Pillow built without the format: it is not offered
            importlib.import_module(plugin)


def _read(source: Source) -> bytes | memoryview:
    if isinstance(source, (bytes, memoryview)):
        return source
    return Path(source).read_bytes()
