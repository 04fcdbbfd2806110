"""Stability AI v2beta: multipart requests; image bytes back from sync endpoints (accept: image/*) and
base64 JSON from the results endpoint of async ones (202 while in progress)."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from karate.providers.base import ProviderAdapter
from karate.providers.call import FileInput, ProviderCall, ProviderResult
from karate.providers.errors import ProviderError, ProviderOutputError, ProviderRejected
from karate.providers.transfer import decode_base64
from karate.storage.mime import extension_for

#: endpoints that answer with a job id to poll at /v2beta/results/{id}
ASYNC_ENDPOINTS = frozenset({"stable-image/upscale/creative", "stable-image/edit/replace-background-and-relight"})


class StabilityAdapter(ProviderAdapter):
    name = "stability"
    label = "Stability"
    key_setting = "stability_api_key"
    base_url_setting = "stability_base_url"

    def error_for(self, response: httpx.Response) -> ProviderError:
        if response.status_code == 403 and _error_name(response) == "content_moderation":
            return ProviderRejected(
                f"Stability flagged the request (content moderation): "
                f"{self.error_detail(response)}; change the prompt or image",
                provider=self.label,
            )
        return super().error_for(response)

    async def run(self, call: ProviderCall) -> ProviderResult:
        url = f"{self.base_url}/v2beta/{call.operation}"
        form = self._form(call)
        if call.operation not in ASYNC_ENDPOINTS:
            response = await self.request("POST", url, files=form, headers={"accept": "image/*"})
            self._check_filter(call, response.headers.get("finish-reason"))
            return await self.save_output(call, response.content)
        started = asyncio.get_running_loop().time()
        job = await self.request_json("POST", url, files=form, headers={"accept": "application/json"})
        if not job.get("id"):
            raise ProviderOutputError("Stability accepted the job but returned no id", provider=self.label)
        result_url = f"{self.base_url}/v2beta/results/{job['id']}"

        async def fetch() -> httpx.Response:
            response = await self.request("GET", result_url, headers={"accept": "application/json"})
            if response.status_code == 202:
                call.progress(None, "Stability is working on it")
            return response

        # Stability has no cancel endpoint: a cancelled run simply stops polling
        response = await self.poll(call, fetch, lambda r: r.status_code != 202, started)
        result = response.json()
        self._check_filter(call, result.get("finish_reason"))
        encoded = result.get("image") or result.get("result")
        if not encoded:
            raise ProviderOutputError(f"Stability finished {call.title} without an image", provider=self.label)
        return await self.save_output(call, decode_base64(encoded))

    def _form(self, call: ProviderCall) -> dict[str, Any]:
        """Every field as a multipart part: Stability refuses url-encoded bodies, even text-only ones."""
        form: dict[str, Any] = {}
        for name, value in call.body.items():
            if isinstance(value, FileInput):
                form[name] = (f"{name}.{extension_for(value.ref.mime)}", self.read_file(call, value), value.ref.mime)
            elif isinstance(value, bool):
                form[name] = (None, "true" if value else "false")
            else:
                form[name] = (None, str(value))
        return form

    def _check_filter(self, call: ProviderCall, finish_reason: str | None) -> None:
        if finish_reason == "CONTENT_FILTERED":
            raise ProviderRejected(
                f"Stability's content filter blocked the {call.title} result; change the prompt or image",
                provider=self.label,
            )


def _error_name(response: httpx.Response) -> str:
    try:
        return str(response.json().get("name", ""))
    except (ValueError, AttributeError):
        return ""
