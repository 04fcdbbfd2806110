"""fal.ai: the queue API (submit, status, result, cancel at the URLs fal returns) and CDN uploads."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from karate.providers.base import ProviderAdapter
from karate.providers.call import FileInput, ProviderCall, ProviderResult
from karate.providers.errors import ProviderJobFailed, ProviderOutputError
from karate.providers.files import replace_files
from karate.providers.transfer import dig, first_file_reference, text_output
from karate.storage.mime import extension_for


class FalAdapter(ProviderAdapter):
    name = "fal"
    label = "fal"
    key_setting = "fal_key"
    base_url_setting = "fal_base_url"
    key_url_settings = ("fal_rest_url",)

    def auth_headers(self) -> dict[str, str]:
        return {"Authorization": f"Key {self.key}"}

    def is_credit_error(self, response: httpx.Response, detail: str) -> bool:
        # fal locks the account with a 403 rather than a 402 when the balance runs out
        return response.status_code == 403 and "balance" in detail.lower()

    async def run(self, call: ProviderCall) -> ProviderResult:
        body = await replace_files(call.body, lambda file: self._upload(call, file))
        started = asyncio.get_running_loop().time()
        receipt = await self.request_json("POST", f"{self.base_url}/{call.model}", json=body)
        request_id = receipt.get("request_id")
        if not request_id:
            raise ProviderOutputError("fal accepted the job but returned no request id", provider=self.label)
        # fal drops the endpoint's sub-path in these URLs; use the ones it returns rather than build them
        app = "/".join(call.model.split("/")[:2])
        base = f"{self.base_url}/{app}/requests/{request_id}"
        status_url = receipt.get("status_url") or f"{base}/status"
        response_url = receipt.get("response_url") or base
        cancel_url = receipt.get("cancel_url") or f"{base}/cancel"
        await self.guard(self._wait(call, status_url, started), lambda: self.request("PUT", cancel_url, timeout=10))
        result = await self.request_json("GET", response_url)
        return await self._result(call, result)

    async def _wait(self, call: ProviderCall, status_url: str, started: float) -> dict[str, Any]:
        async def fetch() -> dict[str, Any]:
            state = await self.request_json("GET", status_url, params={"logs": 1})
            if state.get("status") == "IN_QUEUE":
                call.progress(None, f"queued at fal (position {state.get('queue_position', 0)})")
            elif state.get("status") == "IN_PROGRESS" and state.get("logs"):
                call.progress(None, str(state["logs"][-1].get("message", ""))[:200])
            return state

        state = await self.poll(call, fetch, lambda s: s.get("status") not in ("IN_QUEUE", "IN_PROGRESS"), started)
        if state.get("status") != "COMPLETED":
            raise ProviderJobFailed(f"fal ended {call.title} with status {state.get('status')!r}", provider=self.label)
        if state.get("error"):
            raise ProviderJobFailed(
                f"fal could not run {call.title}: {self.scrub(str(state['error']))}", provider=self.label
            )
        return state

    async def _result(self, call: ProviderCall, result: Any) -> ProviderResult:
        found = dig(result, call.output_path) if call.output_path else result
        if call.output_kind == "text":
            return text_output(found)
        reference = first_file_reference(found)
        if reference is None:
            raise ProviderOutputError(f"fal finished {call.title} without an output file", provider=self.label)
        return await self.save_output(call, reference)

    async def _upload(self, call: ProviderCall, file: FileInput) -> str:
        """fal takes input files by URL: reserve a storage URL, PUT the bytes, pass the file URL."""
        data = self.read_file(call, file)
        slot = await self.request_json(
            "POST",
            f"{self.settings.fal_rest_url.rstrip('/')}/storage/upload/initiate",
            params={"storage_type": "gcs"},
            json={"content_type": file.ref.mime, "file_name": f"{file.port}.{extension_for(file.ref.mime)}"},
        )
        if not slot.get("upload_url") or not slot.get("file_url"):
            raise ProviderOutputError("fal storage returned no upload URL", provider=self.label)
        await self.request("PUT", slot["upload_url"], content=data, auth=False, headers={"Content-Type": file.ref.mime})
        return str(slot["file_url"])
