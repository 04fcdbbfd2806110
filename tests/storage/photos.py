"""Photos that say where they were taken (EXIF GPS, XMP places), made with Pillow, and how to read them back."""

from __future__ import annotations

import io

import numpy as np
import pillow_heif
from PIL import Image, PngImagePlugin

pillow_heif.register_heif_opener()  # HEIC photos are made and read back here (the studio registers it lazily)

GPS_IFD, ORIENTATION, MAKE, MODEL = 0x8825, 0x0112, 0x010F, 0x0110
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description exif:GPSLatitude="52,31.0N" exif:GPSLongitude="13,24.0E" tiff:Make="Apple">'
    b"<photoshop:City>Berlin</photoshop:City></rdf:Description></rdf:RDF></x:xmpmeta>"
)


def phone_exif(*, gps: bool = True) -> Image.Exif:
    """A phone's EXIF: orientation 6, Apple iPhone 15, a capture date and (unless `gps` is False) 52°31′N 13°24′E."""
    exif = Image.Exif()
    exif[ORIENTATION], exif[MAKE], exif[MODEL] = 6, "Apple", "iPhone 15"
    exif.get_ifd(0x8769)[0x9003] = "2024:05:04 10:11:12"
    if gps:
        place = exif.get_ifd(GPS_IFD)
        place[1], place[2], place[3], place[4] = "N", (52.0, 31.0, 0.0), "E", (13.0, 24.0, 0.0)
    return exif


def photo(fmt: str = "JPEG", *, exif: Image.Exif | None = None, xmp: bytes | None = XMP, seed: int = 1) -> bytes:
    """A 64×40 noise picture as `fmt` (JPEG, PNG, WEBP, TIFF, BIGTIFF, HEIF: a HEIC, AVIF), with `exif` (default:
    a phone's, with GPS) and `xmp`. A HEIC or AVIF file holds the orientation in its own `irot` box as well."""
    pixels = np.random.default_rng(seed).integers(0, 256, (40, 64, 3), np.uint8)
    exif = exif if exif is not None else phone_exif()
    options: dict[str, object] = {}
    if fmt == "BIGTIFF":  # a TIFF of 8-byte offsets, as scanners and GIS tools write big pictures
        fmt, options["big_tiff"] = "TIFF", True
    if xmp is not None and fmt == "TIFF":  # a TIFF's XMP is a tag of its directory
        exif[700] = xmp
    elif xmp is not None and fmt == "PNG":  # Pillow writes a PNG's XMP only as a text chunk given to it
        text = PngImagePlugin.PngInfo()
        text.add_itxt("XML:com.adobe.xmp", xmp.decode())
        options["pnginfo"] = text
    elif xmp is not None:
        options["xmp"] = xmp
    if fmt == "WEBP":
        options["lossless"] = True
    options["exif"] = exif.tobytes()
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, fmt, **options)
    return buffer.getvalue()


def read_exif(data: bytes) -> Image.Exif:
    with Image.open(io.BytesIO(data)) as image:
        return image.getexif()


def says_where(data: bytes) -> bool:
    """Whether any reader could find the place in `data`: a GPS directory, or its numbers or city as text."""
    exif = read_exif(data)
    return GPS_IFD in exif or bool(exif.get_ifd(GPS_IFD)) or b"GPSL" in data or b"Berlin" in data
