"""Luma Dream Machine: video, image, modify and reframe generations, polled until completed."""

from __future__ import annotations

import asyncio
import inspect
from typing import Any

from karate.providers.base import ProviderAdapter
from karate.providers.call import FileInput, ProviderCall, ProviderResult
from karate.providers.errors import ProviderJobFailed, ProviderOutputError, ProviderRejected
from karate.providers.files import replace_files

_PATHS = {
    "video": "generations/video",
    "image": "generations/image",
    "modify": "generations/video/modify",
    "reframe": "generations/video/reframe",
    "reframe_image": "generations/image/reframe",
}
_PROGRESS = {"queued": "queued at Luma", "dreaming": "Luma is dreaming"}


class LumaAdapter(ProviderAdapter):
    name = "luma"
    label = "Luma"
    key_setting = "lumaai_api_key"
    base_url_setting = "luma_base_url"

    async def run(self, call: ProviderCall) -> ProviderResult:
        body = await replace_files(call.body, lambda file: self._public_url(call, file))
        body.setdefault("model", call.model)
        started = asyncio.get_running_loop().time()
        created = await self.request_json("POST", f"{self.base_url}/{_PATHS[call.operation or 'video']}", json=body)
        generation_id = created.get("id")
        if not generation_id:
            raise ProviderOutputError("Luma accepted the generation but returned no id", provider=self.label)
        url = f"{self.base_url}/generations/{generation_id}"
        generation = await self.guard(self._wait(call, url, started), lambda: self.request("DELETE", url, timeout=10))
        if generation.get("state") != "completed":
            raise ProviderJobFailed(
                f"Luma could not run {call.title}: "
                f"{self.scrub(str(generation.get('failure_reason') or 'no reason given'))}",
                provider=self.label,
            )
        assets = generation.get("assets") or {}
        url_out = assets.get("image" if call.output_kind == "image" else "video")
        if not url_out:
            raise ProviderOutputError(f"Luma finished {call.title} without an output", provider=self.label)
        return await self.save_output(call, str(url_out))

    async def _wait(self, call: ProviderCall, url: str, started: float) -> dict[str, Any]:
        async def fetch() -> dict[str, Any]:
            generation = await self.request_json("GET", url)
            if generation.get("state") in _PROGRESS:
                call.progress(None, _PROGRESS[generation["state"]])
            return generation

        return await self.poll(call, fetch, lambda g: g.get("state") in ("completed", "failed"), started)

    async def _public_url(self, call: ProviderCall, file: FileInput) -> str:
        """Luma reads input files only from public URLs, which the server can mint for an asset."""
        if call.public_url is None:
            raise ProviderRejected(
                f"Luma only reads input files from public URLs and this studio has no public "
                f"asset URL; run {call.title} through Replicate or fal instead",
                provider=self.label,
            )
        url = call.public_url(file.ref)
        return await url if inspect.isawaitable(url) else url
