"""Where a photo was taken is taken out at the store's door (JPEG, PNG, WebP, TIFF, GIF, HEIC, AVIF), losslessly;
the rest stays, orientation included."""

from __future__ import annotations

import hashlib
import io
import struct
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, IptcImagePlugin, PngImagePlugin

from karate.storage import media
from karate.storage.assets import LocalAssetStore, stored_sha256
from karate.storage.geotags import strip_location
from tests.storage.photos import GPS_IFD, MAKE, MODEL, ORIENTATION, XMP, phone_exif, photo, read_exif, says_where

FORMATS = ["JPEG", "PNG", "WEBP", "TIFF", "BIGTIFF", "HEIF", "AVIF"]  # HEIF: a HEIC file, as phones write them


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_photo_loses_its_place_and_keeps_the_rest_and_its_pixels(fmt: str) -> None:
    original = photo(fmt)
    assert says_where(original)
    stripped = strip_location(original)
    assert not says_where(stripped)
    exif = read_exif(stripped)
    # pillow-heif turns a HEIC by its `irot` box and says 1 then: the orientation is what the original says
    assert (exif[ORIENTATION], exif[MAKE], exif[MODEL]) == (read_exif(original)[ORIENTATION], "Apple", "iPhone 15")
    assert exif.get_ifd(0x8769)[0x9003] == "2024:05:04 10:11:12"
    assert b'tiff:Make="Apple"' in stripped  # the XMP packet stays, less its places
    assert len(stripped) == len(original)  # no offset, length or size moved
    upright = media.decode_image(stripped, 10**6)
    assert upright.shape == (64, 40, 3) and np.array_equal(upright, media.decode_image(original, 10**6))
    with Image.open(io.BytesIO(stripped)) as image:
        image.load()  # a PNG's CRCs hold


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_photo_that_says_nothing_of_where_is_given_back_as_it_is(fmt: str) -> None:
    for quiet in (photo(fmt, exif=phone_exif(gps=False), xmp=None), photo(fmt, exif=Image.Exif(), xmp=None)):
        assert strip_location(quiet) is quiet


def test_a_jpeg_with_no_exif_is_stored_byte_for_byte(store: LocalAssetStore) -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (32, 16), "teal").save(buffer, "JPEG")
    plain = buffer.getvalue()
    ref = store.put_bytes(plain)
    assert ref.sha256 == hashlib.sha256(plain).hexdigest() and store.read_bytes(ref.sha256) == plain


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_way_into_the_store_takes_the_place_out(store: LocalAssetStore, tmp_path: Path, fmt: str) -> None:
    """Uploads and provider results stream in, URL downloads and tool results come as bytes, a CLI file is named
    by its id before it is imported: each is stored without the place, as one asset, upright."""
    original = photo(fmt)
    streamed = store.put_stream(io.BytesIO(original))
    given = store.put_bytes(original)
    assert streamed == given and given.size == len(original)
    (tmp_path / "named").write_bytes(original)
    assert stored_sha256(tmp_path / "named") == given.sha256 == store.import_file(tmp_path / "named").sha256
    kept = store.read_bytes(given.sha256)
    assert not says_where(kept) and given.sha256 == hashlib.sha256(kept).hexdigest()
    assert media.decode_image(kept, 10**6).shape == (64, 40, 3)  # still turned by its orientation


@pytest.mark.parametrize("fmt", ["JPEG", "HEIF", "AVIF"])
def test_the_setting_keeps_photos_as_they_came(tmp_path: Path, fmt: str) -> None:
    store = LocalAssetStore(tmp_path / "kept", keep_photo_location=True)
    original = photo(fmt)
    for ref in (store.put_bytes(original), store.put_stream(io.BytesIO(original))):
        assert store.read_bytes(ref.sha256) == original
    (tmp_path / "named").write_bytes(original)
    assert stored_sha256(tmp_path / "named", keep_photo_location=True) == hashlib.sha256(original).hexdigest()


def test_a_check_sees_the_file_as_it_will_be_stored(store: LocalAssetStore) -> None:
    seen: list[bytes] = []
    store.put_stream(io.BytesIO(photo()), check=lambda path, mime: seen.append(path.read_bytes()))
    assert len(seen) == 1 and not says_where(seen[0])


def _damaged_exif_jpeg() -> bytes:
    """A good JPEG whose APP1 EXIF segment holds no readable TIFF structure after its `Exif\\0\\0`."""
    buffer = io.BytesIO()
    Image.fromarray(np.random.default_rng(3).integers(0, 256, (40, 64, 3), np.uint8)).save(buffer, "JPEG")
    good = buffer.getvalue()
    body = b"Exif\0\0" + b"XX\x07\x00garbage, 52 31 N 13 24 E" + bytes(20)
    return good[:2] + b"\xff\xe1" + struct.pack(">H", len(body) + 2) + body + good[2:]


def test_a_damaged_exif_block_is_blanked_and_the_photo_kept(store: LocalAssetStore) -> None:
    damaged = _damaged_exif_jpeg()
    media.check_image(damaged, 10**6)  # the door takes it as it came
    ref = store.put_stream(io.BytesIO(damaged))
    stored = store.read_bytes(ref.sha256)
    assert len(stored) == len(damaged) and b"52 31 N" not in stored and b"Exif\0\0" + bytes(8) in stored
    media.check_image(stored, 10**6)
    assert np.array_equal(media.decode_image(stored, 10**6), media.decode_image(damaged, 10**6))


def test_a_gps_directory_pointing_outside_the_block_is_still_unlinked() -> None:
    good = photo(xmp=None)
    entry = good.index(b"\x88\x25\x00\x04\x00\x00\x00\x01") + 8  # IFD0's GPS entry, big-endian: its pointer
    broken = good[:entry] + b"\x00\xff\xff\xff" + good[entry + 4 :]  # past the block's end
    stripped = strip_location(broken)
    assert GPS_IFD not in read_exif(stripped) and read_exif(stripped)[ORIENTATION] == 6


@pytest.mark.filterwarnings("ignore:Image appears to be a malformed MPO")
def test_every_picture_of_a_multi_picture_jpeg_loses_its_place() -> None:
    first, second = photo(xmp=None), photo(xmp=XMP, seed=2)
    mpf = b"MPF\0" + bytes(16)  # an MPF segment says more pictures follow the first one's end
    multi = first[:2] + b"\xff\xe2" + struct.pack(">H", len(mpf) + 2) + mpf + first[2:] + second
    stripped = strip_location(multi)
    assert len(stripped) == len(multi)
    assert not says_where(stripped[: len(multi) - len(second)]) and not says_where(stripped[-len(second) :])


@pytest.mark.parametrize("cut", [b"", b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n\0\0", b"RIFF\0\0\0\0WEBPVP8X"])
def test_a_file_too_short_to_follow_is_given_back(cut: bytes) -> None:
    assert strip_location(cut) is cut


def test_a_cut_photo_is_refused_as_before(store: LocalAssetStore) -> None:
    cut = photo()[:-400]
    with pytest.raises(media.IncompleteImage):
        store.put_stream(io.BytesIO(cut), check=lambda path, mime: media.check_image(path, 10**6) and None)
    assert not [p for p in store.root.rglob("*") if p.is_file()]


def _png_with_compressed_xmp(packet: bytes) -> bytes:
    """A PNG whose XMP iTXt chunk holds `packet` zlib-compressed, as some editors write it."""
    text = PngImagePlugin.PngInfo()
    text.add_itxt("XML:com.adobe.xmp", packet.decode("latin-1"), zip=True)
    buffer = io.BytesIO()
    Image.new("RGB", (32, 16), "teal").save(buffer, "PNG", pnginfo=text)
    return buffer.getvalue()


def test_a_png_whose_xmp_is_compressed_loses_its_place_and_keeps_the_rest() -> None:
    original = _png_with_compressed_xmp(XMP)
    stripped = strip_location(original)
    assert len(stripped) == len(original)
    with Image.open(io.BytesIO(stripped)) as image:
        image.load()  # the chunk's CRC holds
        packet = image.info["XML:com.adobe.xmp"]
    assert "GPSL" not in packet and "Berlin" not in packet
    assert 'tiff:Make="Apple"' in packet and packet.rstrip().endswith("</x:xmpmeta>")


def test_a_png_whose_compressed_xmp_cannot_be_read_is_left_with_none() -> None:
    original = _png_with_compressed_xmp(XMP)
    start = original.index(b"XML:com.adobe.xmp\0\x01\x00\0\0") + len(b"XML:com.adobe.xmp\0\x01\x00\0\0")
    broken = bytearray(original)
    broken[start + 2 : start + 12] = b"\xff" * 10  # inside the deflate stream: it no longer inflates
    chunk = original.rindex(b"iTXt", 0, start)
    length = struct.unpack(">I", original[chunk - 4 : chunk])[0]
    struct.pack_into(">I", broken, chunk + 4 + length, zlib.crc32(broken[chunk : chunk + 4 + length]))
    stripped = strip_location(bytes(broken))
    assert len(stripped) == len(original)
    with Image.open(io.BytesIO(stripped)) as image:
        image.load()
        assert image.info["XML:com.adobe.xmp"].strip() == ""  # what could not be read is gone, not guessed at


def _jpeg_with_iptc(datasets: list[tuple[int, bytes]]) -> bytes:
    """A JPEG with a Photoshop APP13 segment whose IPTC resource holds record 2's `datasets` (number, value)."""
    iim = b"".join(b"\x1c\x02" + bytes([number]) + struct.pack(">H", len(value)) + value for number, value in datasets)
    resource = b"8BIM\x04\x04\0\0" + struct.pack(">I", len(iim)) + iim + b"\0" * (len(iim) & 1)
    body = b"Photoshop 3.0\0" + resource
    buffer = io.BytesIO()
    Image.new("RGB", (32, 16), "teal").save(buffer, "JPEG")
    plain = buffer.getvalue()
    return plain[:2] + b"\xff\xed" + struct.pack(">H", len(body) + 2) + body + plain[2:]


def test_a_jpegs_iptc_places_are_taken_out_and_its_caption_kept() -> None:
    original = _jpeg_with_iptc([(90, b"Berlin"), (101, b"Germany"), (120, b"Sunset over the river")])
    stripped = strip_location(original)
    assert len(stripped) == len(original)
    with Image.open(io.BytesIO(stripped)) as image:
        iptc = IptcImagePlugin.getiptcinfo(image) or {}
        image.load()
    assert iptc[(2, 120)] == b"Sunset over the river"
    assert iptc[(2, 90)].strip() == b"" and iptc[(2, 101)].strip() == b""
    assert b"Berlin" not in stripped and b"Germany" not in stripped
