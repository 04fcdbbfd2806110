"""Tell a file's real type from its first bytes, never from its name."""

from __future__ import annotations

NPY_MIME = "application/x-npy"
SNIFF_BYTES = 64  # first bytes enough to tell a binary file's type (a HEIF file's brands included)

_SIGNATURES: list[tuple[bytes, int, str]] = [
    (b"\x89PNG\r\n\x1a\n", 0, "image/png"),
    (b"\xff\xd8\xff", 0, "image/jpeg"),
    (b"GIF87a", 0, "image/gif"),
    (b"GIF89a", 0, "image/gif"),
    (b"\x93NUMPY", 0, NPY_MIME),
    (b"glTF", 0, "model/gltf-binary"),
    (b"%PDF", 0, "application/pdf"),
    (b"ID3", 0, "audio/mpeg"),
    (b"fLaC", 0, "audio/flac"),
    (b"OggS", 0, "audio/ogg"),
    (b"\x1a\x45\xdf\xa3", 0, "video/webm"),
    (b"BM", 0, "image/bmp"),
    (b"II*\x00", 0, "image/tiff"),
    (b"MM\x00*", 0, "image/tiff"),
    (b"II+\x00", 0, "image/tiff"),  # BigTIFF
    (b"MM\x00+", 0, "image/tiff"),
]

# ISO base media files (`ftyp` box) hold photos as well as films: the brands tell them apart.
_FTYP_IMAGE_BRANDS = {
    b"avif": "image/avif",
    b"avis": "image/avif",
    b"heic": "image/heic",
    b"heix": "image/heic",
    b"heim": "image/heic",
    b"heis": "image/heic",
    b"hevc": "image/heic",
    b"hevx": "image/heic",
    b"mif1": "image/heif",
    b"msf1": "image/heif",
}

EXTENSIONS = {
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/webp": "webp",
    "image/gif": "gif",
    "image/bmp": "bmp",
    "image/tiff": "tif",
    "image/heic": "heic",
    "image/heif": "heif",
    "image/avif": "avif",
    "image/svg+xml": "svg",
    "video/mp4": "mp4",
    "video/webm": "webm",
    "video/quicktime": "mov",
    "audio/mpeg": "mp3",
    "audio/wav": "wav",
    "audio/flac": "flac",
    "audio/ogg": "ogg",
    "model/gltf-binary": "glb",
    "model/gltf+json": "gltf",
    "model/obj": "obj",
    "text/plain": "txt",
    "application/json": "json",
    NPY_MIME: "npy",
}

#: The video types the studio accepts; their thumbnails are stills (karate.storage.video_frames).
VIDEOS = frozenset(mime for mime in EXTENSIONS if mime.startswith("video/"))


def has_thumbnail(mime: str) -> bool:
    """Whether the store makes ?size= thumbnails of an asset of this type: a raster image (an array too), or a video
    (a still of it); not an SVG drawing."""
    return (mime.startswith("image/") and mime != "image/svg+xml") or mime == NPY_MIME or mime in VIDEOS


def sniff_mime(head: bytes) -> str:
    """The media type of a file from its first bytes (SNIFF_BYTES are enough for a binary type; text types may
    need more); `application/octet-stream` if unknown."""
    for signature, offset, mime in _SIGNATURES:
        if head[offset : offset + len(signature)] == signature:
            return mime
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "audio/wav"
    if head[4:8] == b"ftyp":
        return _ftyp_mime(head)
    text = head.lstrip()[:256].lower()
    if text.startswith(b"<svg") or (text.startswith(b"<?xml") and b"<svg" in head.lower()):
        return "image/svg+xml"
    if text.startswith(b"{") and b'"asset"' in head and b'"gltf' in head.lower():
        return "model/gltf+json"
    if _looks_like_obj(text):
        return "model/obj"
    return "application/octet-stream"


def _ftyp_mime(head: bytes) -> str:
    """A photo (AVIF, HEIC, HEIF) or a film (QuickTime, MP4) from the major and compatible brands."""
    size = int.from_bytes(head[:4], "big")
    box = head[8 : max(12, min(size, len(head)))]
    brands = [box[0:4]] + [box[i : i + 4] for i in range(8, len(box) - 3, 4)]  # skip the minor version
    found = [_FTYP_IMAGE_BRANDS[b] for b in brands if b in _FTYP_IMAGE_BRANDS]
    for mime in ("image/avif", "image/heic", "image/heif"):
        if mime in found:
            return mime
    return "video/quicktime" if brands[0] == b"qt  " else "video/mp4"


def _looks_like_obj(text: bytes) -> bool:
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.startswith(b"#")]
    return bool(lines) and all(
        line.split(b" ", 1)[0] in {b"v", b"vn", b"vt", b"f", b"o", b"g", b"mtllib", b"usemtl", b"s"}
        for line in lines[:5]
    )


def extension_for(mime: str) -> str:
    return EXTENSIONS.get(mime, "bin")


# Extensions files of a type also go by, besides the one the studio gives them (EXTENSIONS); Python's mimetypes
# table lacks several of the studio's types (WebP, Ogg, WAV, FLAC).
_ALSO_CALLED = {
    "image/jpeg": ("jpeg", "jpe", "jfif"),
    "image/tiff": ("tiff",),
    "image/heic": ("heif",),
    "image/heif": ("heic",),
    "video/mp4": ("m4v",),
    "audio/ogg": ("oga", "opus"),
}
#: Every extension the studio knows a type by, lowercase, without the dot.
KNOWN_EXTENSIONS = frozenset({*EXTENSIONS.values(), *(name for names in _ALSO_CALLED.values() for name in names)})


def extensions_of(mime: str) -> frozenset[str]:
    """Every extension a file of type `mime` goes by (`image/jpeg`: jpg, jpeg, jpe, jfif), lowercase, no dot."""
    return frozenset({extension_for(mime), *_ALSO_CALLED.get(mime, ())})
