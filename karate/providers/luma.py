"""Luma Dream Machine: video, image, modify and reframe generations, polled until completed."""

from __future__ import annotations

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
        generation = await self.run_job(
            call,
            f"{self.base_url}/{_PATHS[call.operation or 'video']}",
            body,
            noun="generation",
            job_url=lambda generation_id: f"{self.base_url}/generations/{generation_id}",
            finished=lambda generation: generation.get("state") in ("completed", "failed"),
            report=lambda generation: _report(call, generation),
        )
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


def _report(call: ProviderCall, generation: dict[str, Any]) -> None:
    if generation.get("state") in _PROGRESS:
        call.progress(None, _PROGRESS[generation["state"]])
