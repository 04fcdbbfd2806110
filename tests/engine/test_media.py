"""The one door for images (karate.storage.media): orientation, colour profiles, 16-bit rounding, HEIC/AVIF/
TIFF, the pixel limit read from the header, incomplete files; and the engine decoding through it."""

from __future__ import annotations

import io

import cv2
import numpy as np
import pytest
from PIL import Image, ImageCms, ImageOps

from karate.engine import Engine
from karate.engine.values import ImageDecodeError, Raster, decode_asset, decode_image_bytes
from karate.storage import media
from karate.storage.assets import LocalAssetStore
from karate.storage.mime import sniff_mime
from tests.helpers import edge, node, workflow
from tests.media_samples import (
    ADOBE_RGB,
    ENCODINGS,
    PROPHOTO_RGB,
    bomb_png,
    encoded,
    noise,
    oriented_jpeg,
    sample,
    tagged,
)

LIMIT = 100_000_000


def red_block_corner(pixels: np.ndarray) -> str:
    """Which corner the red 10×10 block is in."""
    h, w = pixels.shape[:2]
    corners = {
        "top-left": pixels[2, 2],
        "top-right": pixels[2, w - 3],
        "bottom-left": pixels[h - 3, 2],
        "bottom-right": pixels[h - 3, w - 3],
    }
    red = [name for name, p in corners.items() if p[0] > 200 and p[1] < 60 and p[2] < 60]
    assert len(red) == 1, corners
    return red[0]


def pillow_upright(data: bytes) -> np.ndarray:
    with Image.open(io.BytesIO(data)) as image:
        upright = ImageOps.exif_transpose(image)
        assert upright is not None
        return np.asarray(upright.convert("RGB"))


EXPECTED_CORNER = {
    1: "top-left",
    2: "top-right",
    3: "bottom-right",
    4: "bottom-left",
    5: "top-left",
    6: "top-right",
    7: "bottom-right",
    8: "bottom-left",
}


@pytest.mark.parametrize("orientation", range(1, 9))
def test_every_exif_orientation_is_applied_as_pillow_does(orientation: int) -> None:
    data = oriented_jpeg(orientation)
    pixels = media.decode_image(data, LIMIT)
    turned = orientation >= 5
    assert pixels.shape == ((60, 30, 3) if turned else (30, 60, 3))
    assert red_block_corner(pixels) == EXPECTED_CORNER[orientation]
    assert np.abs(pixels.astype(int) - pillow_upright(data)).max() <= 2  # two JPEG decoders, same picture
    info = media.check_image(data, LIMIT)
    assert (info.width, info.height) == ((30, 60) if turned else (60, 30))


def test_orientation_six_turns_the_block_to_the_top_right() -> None:
    pixels = decode_image_bytes(oriented_jpeg(6))
    assert pixels.shape == (60, 30, 3) and red_block_corner(pixels) == "top-right"


@pytest.mark.parametrize("fmt", ["PNG", "WEBP", "TIFF", "HEIF", "AVIF"])
def test_orientation_is_applied_in_other_formats_too(fmt: str) -> None:
    data = oriented_jpeg(6, fmt=fmt)
    pixels = media.decode_image(data, LIMIT)
    assert pixels.shape == (60, 30, 3) and red_block_corner(pixels) == "top-right"


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "TIFF", "HEIF"])
def test_the_size_read_from_the_header_is_the_size_shown(fmt: str) -> None:
    """Output rows describe saved files from their header: width and height after the orientation."""
    for orientation in range(1, 9):
        data = oriented_jpeg(orientation, fmt=fmt)
        height, width = media.decode_image(data, LIMIT).shape[:2]
        assert media.shown_size(data) == (width, height) == ((30, 60) if orientation >= 5 else (60, 30))
        assert red_block_corner(media.decode_image(data, LIMIT)) == EXPECTED_CORNER[orientation]


def srgb_of(pixels: np.ndarray, profile: bytes) -> np.ndarray:
    """What littleCMS makes of these pixels in sRGB (relative colorimetric, as the studio converts)."""
    source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
    mode = "RGBA" if pixels.shape[2] == 4 else "RGB"
    converted = ImageCms.profileToProfile(
        Image.fromarray(pixels), source, ImageCms.createProfile("sRGB"), outputMode=mode
    )
    assert converted is not None
    return np.asarray(converted)


def test_an_adobe_rgb_jpeg_is_converted_to_srgb() -> None:
    pixels = np.empty((16, 16, 3), np.uint8)
    pixels[:] = (40, 170, 60)
    decoded = media.decode_image(tagged(pixels, ADOBE_RGB, "JPEG"), LIMIT)
    expected = srgb_of(pixels, ADOBE_RGB)
    assert np.abs(decoded.astype(int) - expected).max() <= 2
    assert np.abs(decoded[8, 8].astype(int) - (0, 172, 46)).max() <= 3  # not (40, 170, 60)


def test_a_prophoto_png_is_converted_to_srgb_exactly_as_littlecms_does() -> None:
    pixels = noise(64, 48)
    decoded = media.decode_image(tagged(pixels, PROPHOTO_RGB, "PNG"), LIMIT)
    assert np.array_equal(decoded, srgb_of(pixels, PROPHOTO_RGB))
    assert not np.array_equal(decoded, pixels)


def test_a_profile_keeps_transparency_and_combines_with_orientation() -> None:
    pixels = noise(40, 20, channels=4)
    decoded = media.decode_image(tagged(pixels, ADOBE_RGB, "PNG"), LIMIT)
    assert np.array_equal(decoded, srgb_of(pixels, ADOBE_RGB))
    assert np.array_equal(decoded[..., 3], pixels[..., 3])
    exif = Image.Exif()
    exif[0x0112] = 8
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, "PNG", icc_profile=ADOBE_RGB, exif=exif.tobytes())
    both = media.decode_image(buffer.getvalue(), LIMIT)
    assert np.array_equal(both, np.rot90(srgb_of(pixels, ADOBE_RGB)))


def test_an_srgb_profile_and_untagged_pixels_keep_their_numbers() -> None:
    pixels = noise(32, 32)
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    assert np.array_equal(media.decode_image(tagged(pixels, srgb, "PNG"), LIMIT), pixels)
    assert np.array_equal(media.decode_image(encoded(pixels, "PNG"), LIMIT), pixels)


def test_plain_files_skip_the_colour_and_orientation_work(monkeypatch: pytest.MonkeyPatch) -> None:
    """The engine's own PNGs (and any file without a profile or orientation) decode as before."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("converted a file that needs no conversion")

    monkeypatch.setattr(ImageCms, "profileToProfile", refuse)
    monkeypatch.setattr(ImageOps, "exif_transpose", refuse)
    for fmt in ("PNG", "JPEG", "WEBP"):
        assert media.decode_image(encoded(noise(), fmt), LIMIT).shape == (200, 300, 3)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (32896, 128),
        (257 * 100 + 200, 101),
        (257 * 100 + 128, 100),
        (65535, 255),
        (65280, 254),
        (0, 0),
        (128, 0),
        (129, 1),
    ],
)
@pytest.mark.parametrize("channels", [1, 3, 4])
def test_sixteen_bit_images_are_rounded_to_eight_bits(value: int, expected: int, channels: int) -> None:
    shape = (4, 6) if channels == 1 else (4, 6, channels)
    ok, data = cv2.imencode(".png", np.full(shape, value, np.uint16))
    assert ok
    pixels = media.decode_image(data.tobytes(), LIMIT)
    assert pixels.dtype == np.uint8 and pixels.shape == (4, 6, 4 if channels == 4 else 3)
    assert np.all(pixels == expected)


@pytest.mark.parametrize("kind", ["heic", "avif", "tiff"])
def test_heic_avif_and_tiff_photos_are_images(kind: str) -> None:
    data = sample(kind)
    assert sniff_mime(data[:512]) == f"image/{kind}"
    pixels = media.decode_image(data, LIMIT)
    with Image.open(io.BytesIO(data)) as image:
        reference = np.asarray(image.convert("RGB"))
    assert np.array_equal(pixels, reference)


@pytest.mark.parametrize(
    ("brands", "mime"),
    [
        (b"heic\0\0\0\0mif1heic", "image/heic"),
        (b"heix\0\0\0\0mif1heix", "image/heic"),
        (b"mif1\0\0\0\0mif1heic", "image/heic"),
        (b"mif1\0\0\0\0mif1miaf", "image/heif"),
        (b"msf1\0\0\0\0msf1iso8", "image/heif"),
        (b"avif\0\0\0\0avifmif1miaf", "image/avif"),
        (b"avis\0\0\0\0avismsf1", "image/avif"),
        (b"mif1\0\0\0\0avifmif1", "image/avif"),
        (b"isom\0\0\x02\0isomiso2avc1mp41", "video/mp4"),
        (b"mp42\0\0\0\0mp42isom", "video/mp4"),
        (b"qt  \0\0\0\0qt  ", "video/quicktime"),
    ],
)
def test_ftyp_brands_tell_photos_from_films(brands: bytes, mime: str) -> None:
    head = (8 + len(brands)).to_bytes(4, "big") + b"ftyp" + brands + bytes(32)
    assert sniff_mime(head) == mime


@pytest.mark.parametrize("kind", list(ENCODINGS))
@pytest.mark.parametrize("kept", [0.3, 0.6, 0.95])
def test_incomplete_files_of_every_format_are_refused(kind: str, kept: float) -> None:
    data = sample(kind)
    cut = data[: int(len(data) * kept)]
    with pytest.raises(media.IncompleteImage, match="the file is incomplete"):
        media.check_image(cut, LIMIT)


def test_a_jpeg_cut_in_its_scan_passes_pillows_verify_but_not_the_door() -> None:
    cut = sample("jpeg")[:-2000]
    with Image.open(io.BytesIO(cut)) as image:
        image.verify()  # what the upload route used to rely on
    with pytest.raises(media.IncompleteImage, match="the file is incomplete"):
        media.check_image(cut, LIMIT)


def test_a_cut_sixteen_bit_png_is_refused() -> None:
    ok, data = cv2.imencode(".png", np.random.default_rng(1).integers(0, 65535, (64, 64, 3)).astype(np.uint16))
    assert ok
    with pytest.raises(media.IncompleteImage):
        media.check_image(data.tobytes()[:-500], LIMIT)


def test_the_pixel_limit_is_read_from_the_header_before_decoding(monkeypatch: pytest.MonkeyPatch) -> None:
    def never(*args: object) -> None:
        raise AssertionError("a refused image reached OpenCV")

    monkeypatch.setattr(media.cv2, "imdecode", never)
    for check in (media.check_image, media.decode_image):
        with pytest.raises(media.ImageTooLarge) as refused:
            check(bomb_png(40_000, 40_000), LIMIT)
        assert "40000×40000" in refused.value.message and "KARATE_MAX_IMAGE_PIXELS" in refused.value.message
    with pytest.raises(media.ImageTooLarge):
        media.check_image(encoded(noise(300, 200), "JPEG"), 300 * 200 - 1)


def test_files_that_are_not_images_are_refused_in_words() -> None:
    for data in (b"#!/bin/sh\necho hi\n", b""):
        with pytest.raises(media.NotAnImage, match="convert other formats to JPEG or PNG"):
            media.check_image(data, LIMIT)


def test_an_svg_is_refused_as_a_drawing_to_export_as_a_picture() -> None:
    for check in (media.check_image, media.decode_image, media.admit_image):
        with pytest.raises(media.NotAnImage) as refused:
            check(b"<?xml version='1.0'?>\n<svg xmlns='http://www.w3.org/2000/svg'/>", LIMIT)
        assert refused.value.message.startswith("this file is an SVG, a drawing made of shapes rather than pixels")
        assert "export it as a PNG or JPEG" in refused.value.message


# --- the engine decodes through the door ---------------------------------------------------------


def test_the_engine_decodes_stored_photos_upright_and_in_srgb(store: LocalAssetStore) -> None:
    ref = store.put_bytes(oriented_jpeg(6))
    pixels = Raster(asset=ref).pixels(store)
    assert pixels.shape == (60, 30, 3) and red_block_corner(pixels) == "top-right"


def test_the_engine_refuses_an_image_over_the_stores_limit_in_words(
    tmp_path: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = LocalAssetStore(tmp_path / "assets", max_image_pixels=1_000_000)  # type: ignore[operator]
    monkeypatch.setattr(media.cv2, "imdecode", lambda *a: (_ for _ in ()).throw(AssertionError("OpenCV")))
    ref = store.put_bytes(bomb_png(40_000, 40_000))
    with pytest.raises(ImageDecodeError, match="larger than this studio's 1-megapixel limit"):
        decode_asset(ref, store)


def test_a_phone_photo_too_large_is_refused_naming_its_size_upright_and_what_to_do() -> None:
    """A photo stored sideways (EXIF orientation 6, as phones store them) is named by the size the studio shows it
    at, not as stored, and the words say what a designer can do before naming the setting."""
    with pytest.raises(media.ImageTooLarge) as refused:
        media.check_image(oriented_jpeg(6, width=4032, height=3024), 4_000_000)
    assert refused.value.message == (
        "the image is 3024×4032 (12.2 megapixels), larger than this studio's 4-megapixel limit; scale it down or "
        "crop it, then add it again (whoever runs the studio can raise the limit: KARATE_MAX_IMAGE_PIXELS)"
    )


def test_a_file_handed_to_a_model_is_upright_and_a_plain_one_is_handed_on_as_it_is(store: LocalAssetStore) -> None:
    oriented = store.put_bytes(oriented_jpeg(6))
    sent = Raster(asset=oriented).encoded(store)
    assert sent.mime == "image/png" and sent.sha256 != oriented.sha256
    assert red_block_corner(decode_image_bytes(store.read_bytes(sent.sha256))) == "top-right"
    plain = store.put_bytes(encoded(noise(), "PNG"))
    assert Raster(asset=plain).encoded(store) == plain


async def test_an_incomplete_stored_image_fails_on_its_input_node_in_words(
    engine: Engine, store: LocalAssetStore
) -> None:
    ref = store.put_bytes(sample("jpeg")[:-2000])
    result = await engine.run(
        workflow([node("img", "input.image", asset_id=ref.sha256), node("inv", "tool.invert")], [edge("img", "inv")])
    )
    failed = result.nodes["img"]
    assert failed.error is not None and "the file is incomplete" in failed.error.message
    assert result.nodes["inv"].error is not None and result.nodes["inv"].error.code == "upstream_failed"


async def test_an_oriented_photo_runs_upright_through_a_tool(engine: Engine, store: LocalAssetStore) -> None:
    ref = store.put_bytes(oriented_jpeg(6))
    result = await engine.run(
        workflow([node("img", "input.image", asset_id=ref.sha256), node("inv", "tool.invert")], [edge("img", "inv")])
    )
    inverted = result.nodes["inv"].outputs["image"].pixels(store)
    assert inverted.shape == (60, 30, 3)
    assert red_block_corner(255 - inverted) == "top-right"


@pytest.mark.parametrize("fmt", ["HEIF", "AVIF"])
def test_a_new_process_reads_heic_and_avif_without_anything_registered_first(tmp_path: object, fmt: str) -> None:
    """pillow-heif is loaded the first time a HEIC is met (its import would slow every start-up); an AVIF
    read before any HEIC must not need it."""
    import subprocess
    import sys
    from pathlib import Path

    photo = Path(str(tmp_path)) / f"photo.{fmt.lower()}"
    photo.write_bytes(oriented_jpeg(6, fmt=fmt))
    code = (
        "import sys; from karate.storage import media; pixels = media.decode_image(sys.argv[1], 10**8); "
        "print(media.shown_size(sys.argv[1]), pixels.shape)"
    )
    done = subprocess.run([sys.executable, "-c", code, str(photo)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "(30, 60) (60, 30, 3)"


def test_an_image_larger_than_opencv_reads_is_decoded_by_pillow(monkeypatch: pytest.MonkeyPatch) -> None:
    """OpenCV refuses images over 2**30 pixels with its own assertion; with KARATE_MAX_IMAGE_PIXELS raised past
    that, such images are decoded by Pillow instead (the same pixels)."""
    data = encoded(noise(64, 48), "PNG")
    expected = media.decode_image(data, 10**8)
    monkeypatch.setattr(media, "_CV2_MAX_PIXELS", 64 * 48 - 1)
    monkeypatch.setattr(media.cv2, "imdecode", None)  # would fail if called
    assert np.array_equal(media.decode_image(data, 10**8), expected)
