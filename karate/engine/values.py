"""Values that travel along edges, and how they are converted and persisted.

Images and masks are `Raster`s: pixels in memory, an encoded file in the asset store, or both; each
form is made from the other only when a node asks for it. Videos, audio, meshes and vectors are asset
references. Text, numbers and booleans are plain Python values.

numpy, OpenCV and the image door (karate.storage.media) are imported by the functions that handle pixels,
so a workflow of text and numbers runs without loading them.
"""

from __future__ import annotations

import hashlib
import json
import math
from typing import TYPE_CHECKING, Any

from karate.engine.errors import InvalidInput
from karate.engine.types import PortType
from karate.storage.assets import AssetRef, AssetStore
from karate.storage.media_errors import DEFAULT_MAX_PIXELS
from karate.storage.mime import NPY_MIME

if TYPE_CHECKING:
    import numpy as np


class Raster:
    """An image (H×W×3 RGB or H×W×4 RGBA, uint8) or a mask (H×W, uint8)."""

    __slots__ = ("_array", "asset", "shape")

    def __init__(self, array: np.ndarray | None = None, asset: AssetRef | None = None) -> None:
        if array is None and asset is None:
            raise ValueError("a raster needs pixels or an asset")
        if array is not None:
            array.setflags(write=False)  # nodes must not change their inputs in place
        self._array = array
        self.asset = asset
        self.shape: tuple[int, ...] | None = None if array is None else array.shape

    @property
    def has_pixels(self) -> bool:
        return self._array is not None

    def pixels(self, store: AssetStore) -> np.ndarray:
        if self._array is None:
            assert self.asset is not None
            array = decode_asset(self.asset, store)
            array.setflags(write=False)
            self._array = array
            self.shape = array.shape
        return self._array

    def release(self) -> None:
        """Let go of the pixels if they are stored (they are read back if asked for again)."""
        if self.asset is not None:
            self._array = None

    def nbytes_hint(self) -> int:
        if self._array is not None:
            return int(self._array.nbytes)
        if self.shape is not None:  # pixels released after use: their size is known exactly
            return math.prod(self.shape)
        return self.asset.size * 4 if self.asset else 0

    def encoded(self, store: AssetStore) -> AssetRef:
        """An encoded image file (PNG unless it already is one) for nodes that send files away."""
        from karate.storage import media

        if self.asset is not None and self.asset.mime != NPY_MIME and (media.is_plain(store.path(self.asset.sha256))):
            return self.asset  # already what a model should see: upright, sRGB, a web format
        return store.put_bytes(encode_image(self.pixels(store), "png"), "image/png")


def decode_asset(asset: AssetRef, store: AssetStore) -> np.ndarray:
    """A stored image's pixels (see `decode_image_bytes`); a stored array as it is."""
    if asset.mime == NPY_MIME:
        return store.load_array(asset.sha256)
    return decode_image_bytes(store.read_bytes(asset.sha256), store.max_image_pixels)


class ImageDecodeError(InvalidInput):
    """An image file that cannot be decoded; the message says why in words."""

    code = "invalid_image"


def decode_image_bytes(data: np.ndarray | bytes, max_pixels: int = DEFAULT_MAX_PIXELS) -> np.ndarray:
    """H×W×3 RGB or H×W×4 RGBA uint8 pixels of an image file, upright and in sRGB, through the one door
    (karate.storage.media). Raises ImageDecodeError (too many pixels, incomplete, not an image)."""
    import numpy as np

    from karate.storage import media

    raw = data.tobytes() if isinstance(data, np.ndarray) else data
    try:
        return media.decode_image(raw, max_pixels)
    except media.MediaError as error:
        raise ImageDecodeError(error.message) from None


def encode_image(array: np.ndarray, fmt: str, quality: int = 90, compression: int = 1) -> bytes:
    """Encode RGB/RGBA/grey pixels as png, jpg or webp (PNG `compression` 0-9 trades speed for size). JPEG has no
    transparency: RGBA pixels are laid on white first (`on_white`), as image editors flatten a picture for JPEG."""
    import cv2

    from karate.engine import png

    if fmt == "png" and png.suits(array, compression):
        return png.encode_png(array, compression)
    if array.ndim == 3 and array.shape[2] == 4 and fmt == "jpg":
        bgr = cv2.cvtColor(on_white(array), cv2.COLOR_RGB2BGR)
    elif array.ndim == 3 and array.shape[2] == 4:
        bgr = cv2.cvtColor(array, cv2.COLOR_RGBA2BGRA)
    elif array.ndim == 3:
        bgr = cv2.cvtColor(array, cv2.COLOR_RGB2BGR)
    else:
        bgr = array
    params: list[int] = []
    if fmt == "jpg":
        params = [cv2.IMWRITE_JPEG_QUALITY, quality]
    elif fmt == "webp":
        params = [cv2.IMWRITE_WEBP_QUALITY, quality]
    elif fmt == "png":
        params = [cv2.IMWRITE_PNG_COMPRESSION, compression]
    ok, buffer = cv2.imencode("." + fmt, bgr, params)
    if not ok:
        raise ValueError(f"could not encode the image as {fmt}")
    return buffer.tobytes()


def on_white(rgba: np.ndarray) -> np.ndarray:
    """RGBA pixels (H×W×4, any integer depth) as RGB laid over white: a transparent pixel becomes white whatever
    colour it keeps hidden (a removed background keeps its old colours under alpha 0), a half-transparent red
    becomes pink. The same depth as given."""
    import numpy as np

    top = np.iinfo(rgba.dtype).max if rgba.dtype.kind in "ui" else 1.0
    alpha = rgba[..., 3:4].astype(np.float32) / top
    flat = rgba[..., :3].astype(np.float32) * alpha + top * (1.0 - alpha)
    if rgba.dtype.kind in "ui":
        flat = np.rint(flat)
    flattened: np.ndarray = flat.astype(rgba.dtype)
    return flattened


# --- conversion from a value on an edge to what a node asked for ---------------------------------


def as_image_pixels(value: Raster, store: AssetStore) -> np.ndarray:
    """An image's or a mask's pixels as an image: height × width × 3 or 4, uint8."""
    array = value.pixels(store)
    if array.ndim == 2:  # a mask fed into an image input
        import cv2

        rgb: np.ndarray = cv2.cvtColor(array, cv2.COLOR_GRAY2RGB)
        return rgb
    return array


def as_mask_pixels(value: Raster, store: AssetStore) -> np.ndarray:
    """An image's or a mask's pixels as a mask: height × width, uint8 (an image's alpha, else its grey)."""
    array = value.pixels(store)
    if array.ndim == 3:
        import cv2
        import numpy as np

        mask: np.ndarray = (
            np.ascontiguousarray(array[:, :, 3]) if array.shape[2] == 4 else cv2.cvtColor(array, cv2.COLOR_RGB2GRAY)
        )
        return mask
    return array


def to_raster(result: Any, port_type: PortType) -> Raster:
    """Wrap what a node returned for an image or mask port."""
    if isinstance(result, Raster):
        return result
    if isinstance(result, AssetRef):
        return Raster(asset=result)
    import numpy as np

    array = np.asarray(result)
    if array.dtype != np.uint8:
        array = np.clip(array, 0, 255).astype(np.uint8)
    if port_type == PortType.MASK and array.ndim != 2:
        raise TypeError(f"a mask must be a 2-D array, got shape {array.shape}")
    if port_type == PortType.IMAGE and (array.ndim != 3 or array.shape[2] not in (3, 4)):
        raise TypeError(f"an image must be H×W×3 or H×W×4, got shape {array.shape}")
    return Raster(array=np.ascontiguousarray(array))


# --- persistence: values to JSON and back ---------------------------------------------------------


def value_to_json(value: Any, port_type: PortType, store: AssetStore) -> tuple[dict[str, Any], list[AssetRef]]:
    """A JSON form of a value, writing pixels to the store if needed; also the assets it uses."""
    if isinstance(value, list):
        items = [value_to_json(item, port_type, store) for item in value]
        return {"list": [item for item, _ in items]}, [ref for _, refs in items for ref in refs]
    if isinstance(value, Raster):
        if value.asset is None:
            value.asset = store.put_array(value.pixels(store))
        data: dict[str, Any] = {"asset": value.asset.to_json()}
        if value.shape is not None:  # a result read back from the cache still says its size (describe_value)
            data["shape"] = [int(side) for side in value.shape]
        return data, [value.asset]
    if isinstance(value, AssetRef):
        return {"asset": value.to_json()}, [value]
    return {"value": value}, []


def value_from_json(data: dict[str, Any], port_type: PortType) -> Any:
    if "list" in data:
        return [value_from_json(item, port_type) for item in data["list"]]
    if "asset" in data:
        ref = AssetRef.from_json(data["asset"])
        if port_type not in (PortType.IMAGE, PortType.MASK):
            return ref
        raster = Raster(asset=ref)
        if isinstance(data.get("shape"), list):  # entries written before value_to_json kept it have none
            raster.shape = tuple(int(side) for side in data["shape"])
        return raster
    return data["value"]


def needs_store_write(value: Any) -> int:
    """How many bytes persisting this value would write (pixels not yet in the store)."""
    if isinstance(value, list):
        return sum(needs_store_write(item) for item in value)
    if isinstance(value, Raster) and value.asset is None:
        return value.nbytes_hint()
    return 0


def content_identity(value: Any) -> str:
    """A string that changes whenever the value's content does (for keys after volatile nodes)."""
    if isinstance(value, list):
        return "[" + ",".join(content_identity(item) for item in value) + "]"
    if isinstance(value, Raster):
        if value.asset is not None:
            return "asset:" + value.asset.sha256
        assert value._array is not None
        import numpy as np

        return "pixels:" + hashlib.sha256(np.ascontiguousarray(value._array).tobytes()).hexdigest()
    if isinstance(value, AssetRef):
        return "asset:" + value.sha256
    return "json:" + json.dumps(value, sort_keys=True, default=str)


def describe_value(value: Any) -> dict[str, Any]:
    """A small summary of a value for events and run records (no pixels)."""
    if isinstance(value, list):
        return {"list": [describe_value(item) for item in value]}
    if isinstance(value, Raster):
        summary: dict[str, Any] = {}
        if value.asset is not None:
            summary.update(asset_id=value.asset.sha256, mime=value.asset.mime)
        if value.shape is not None:
            shape = value.shape
            summary.update(width=int(shape[1]), height=int(shape[0]), channels=1 if len(shape) == 2 else int(shape[2]))
        return summary
    if isinstance(value, AssetRef):
        return {"asset_id": value.sha256, "mime": value.mime, "size": value.size}
    return {"value": value}
