"""Models that run inside this studio: vectorizing with vtracer (no key, no network)."""

from __future__ import annotations

import asyncio
from typing import Any

from karate.providers.base import ProviderAdapter
from karate.providers.call import FileInput, ProviderCall, ProviderResult
from karate.providers.errors import ProviderRejected
from karate.providers.transfer import store_bytes

_FORMATS = {"image/png": "png", "image/jpeg": "jpg", "image/webp": "webp", "image/bmp": "bmp", "image/gif": "gif"}
_VTRACER_OPTIONS = (
    "colormode",
    "hierarchical",
    "mode",
    "filter_speckle",
    "color_precision",
    "layer_difference",
    "corner_threshold",
    "length_threshold",
    "max_iterations",
    "splice_threshold",
    "path_precision",
)


class LocalAdapter(ProviderAdapter):
    name = "local"
    label = "this studio"
    key_env = ""

    @property
    def configured(self) -> bool:
        return True

    @property
    def base_url(self) -> str:
        return ""

    async def run(self, call: ProviderCall) -> ProviderResult:
        if call.operation != "vectorize":
            raise ProviderRejected(f"no local backend for {call.title}", provider=self.label)
        image = call.body.get("image")
        if not isinstance(image, FileInput):
            raise ProviderRejected("connect an image to vectorize", provider=self.label)
        options = {name: call.body[name] for name in _VTRACER_OPTIONS if call.body.get(name) is not None}
        data = self.read_file(call, image)
        svg = await asyncio.to_thread(_vectorize, data, _FORMATS.get(image.ref.mime, "png"), options)
        return store_bytes(call.store, svg.encode("utf-8"), "vector", self.settings.provider_max_download_bytes)


def _vectorize(data: bytes, image_format: str, options: dict[str, Any]) -> str:
    import vtracer  # imported here: only this route needs the native extension

    return str(vtracer.convert_raw_image_to_svg(data, img_format=image_format, **options))
