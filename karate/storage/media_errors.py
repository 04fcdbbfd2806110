"""Why the studio refuses a file as media: one `MediaError` per reason, each with a message saying what to do."""

from __future__ import annotations

import codecs

#: The image formats the studio reads, in words for messages.
READABLE = "PNG, JPEG, WebP, GIF, BMP, TIFF, HEIC or AVIF"

#: Each kind of media with its article, in messages: "not an image".
MEDIA_ARTICLE = {"image": "an image", "video": "a video", "audio": "an audio file"}

#: Pixels (width × height) an image may have unless KARATE_MAX_IMAGE_PIXELS says otherwise (ImageTooLarge
#: above it). Here, with the refusals, so the asset store reads it without loading the image libraries.
DEFAULT_MAX_PIXELS = 100_000_000


def mime_in_words(mime: str) -> str:
    """A media type in words for messages: "image/png", or "of a type the studio does not recognise"."""
    return "a file of a type the studio does not recognise" if mime == "application/octet-stream" else mime


class MediaError(ValueError):
    """A file the studio cannot take as the media it was given for; `message` says what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def megapixels(pixels: int) -> str:
    """A pixel count in megapixels, for messages: "192", "12.5", "0.01" (three significant digits, whole above
    100)."""
    value = pixels / 1e6
    return f"{value:,.0f}" if value >= 100 else f"{value:.3g}"


class ImageTooLarge(MediaError):
    """An image of more pixels than the studio decodes (`limit`, KARATE_MAX_IMAGE_PIXELS); `width` × `height`: its
    size as it is shown (a phone's photo stored sideways, upright)."""

    def __init__(self, width: int, height: int, limit: int) -> None:
        super().__init__(
            f"the image is {width}×{height} ({megapixels(width * height)} megapixels), larger than this studio's "
            f"{megapixels(limit)}-megapixel limit; scale it down or crop it, then add it again (whoever runs the "
            "studio can raise the limit: KARATE_MAX_IMAGE_PIXELS)"
        )


class IncompleteImage(MediaError):
    def __init__(self) -> None:
        super().__init__(
            "the file is incomplete: its image data ends early or is damaged; save or download "
            "it again and use the whole file"
        )


#: Why an SVG is refused where a picture is wanted: it is drawn from shapes, and the studio's image inputs and tools
#: work on pixels (rasterising it here would mean running a renderer over a file that may carry scripts and links).
SVG_IS_NOT_PIXELS = (
    "this file is an SVG, a drawing made of shapes rather than pixels, which the studio's image inputs cannot "
    f"read; export it as a PNG or JPEG (drawing programs and browsers can) and use that, or use a {READABLE} file"
)


class NotAnImage(MediaError):
    """A file that is no image the studio reads; `head`: its first bytes, which say what it seems to be instead."""

    def __init__(self, mime: str, head: bytes | None = None) -> None:
        self.mime = mime
        self.looks = _what_it_looks_like(mime, head)
        super().__init__(self.named("this file"))

    def named(self, name: str) -> str:
        """The refusal with the file's name (as a command line gave it) in place of "this file"."""
        if self.mime == "image/svg+xml":
            return SVG_IS_NOT_PIXELS
        return (
            f"{name} is not an image the studio can read ({self.looks}); use a {READABLE} file (convert other "
            "formats to JPEG or PNG)"
        )


def _what_it_looks_like(mime: str, head: bytes | None) -> str:
    """What a file that is no image seems to be, in words: "it looks like plain text", "it is application/pdf"."""
    if mime != "application/octet-stream":
        return f"it is {mime}"
    if head is not None and not head:
        return "it is empty"
    text = _as_text(head or b"")
    if text is None:
        return "the studio does not recognise its type"
    if text.lstrip().lower().startswith(("<!doctype html", "<html")):
        return "it looks like an HTML web page"
    return "it looks like plain text"


def _as_text(head: bytes) -> str | None:
    """`head` as UTF-8 text of printable characters, or None (a last character cut in two is left out)."""
    try:
        text = codecs.getincrementaldecoder("utf-8")().decode(head)
    except UnicodeDecodeError:
        return None
    if not text or not all(c.isprintable() or c in "\t\r\n\f" for c in text.lstrip("\ufeff")):
        return None
    return text
