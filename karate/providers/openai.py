"""OpenAI: image generation and edits (b64_json), chat completions with vision, and Sora videos."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from karate.providers.base import ProviderAdapter
from karate.providers.call import FileInput, ProviderCall, ProviderResult
from karate.providers.errors import ProviderJobFailed, ProviderOutputError
from karate.providers.transfer import data_uri, decode_base64
from karate.storage.mime import extension_for


class OpenAIAdapter(ProviderAdapter):
    name = "openai"
    label = "OpenAI"
    key_setting = "openai_api_key"
    base_url_setting = "openai_base_url"

    def retryable(self, response: httpx.Response) -> bool:
        if response.headers.get("x-should-retry") == "false":
            return False
        return not self._out_of_quota(response)

    def is_credit_error(self, response: httpx.Response, detail: str) -> bool:
        return self._out_of_quota(response)

    @staticmethod
    def _out_of_quota(response: httpx.Response) -> bool:
        # an empty account answers 429 like throttling does; retrying cannot help it
        try:
            error = response.json().get("error") or {}
        except (ValueError, AttributeError):
            return False
        return "insufficient_quota" in (error.get("code"), error.get("type"))

    async def run(self, call: ProviderCall) -> ProviderResult:
        operation = call.operation or "images.generate"
        if operation == "chat":
            return await self._chat(call)
        if operation == "videos":
            return await self._video(call)
        if operation == "images.edit":
            response = await self.request_json(
                "POST", f"{self.base_url}/images/edits", files=self._multipart(call, array_field="image[]")
            )
        else:
            body = {"model": call.model, **call.body}
            response = await self.request_json("POST", f"{self.base_url}/images/generations", json=body)
        image = ((response.get("data") or [{}])[0]) or {}
        if image.get("b64_json"):
            return await self.save_output(call, decode_base64(image["b64_json"]))
        if image.get("url"):
            return await self.save_output(call, image["url"])
        raise ProviderOutputError(f"OpenAI returned no image for {call.title}", provider=self.label)

    def _multipart(self, call: ProviderCall, *, array_field: str | None = None) -> list[tuple[str, Any]]:
        parts: list[tuple[str, Any]] = [("model", (None, call.model))]
        for name, value in call.body.items():
            items = value if isinstance(value, list) else [value]
            for item in items:
                if isinstance(item, FileInput):
                    field = array_field if array_field and isinstance(value, list) else name
                    parts.append(
                        (
                            field,
                            (f"{item.port}.{extension_for(item.ref.mime)}", self.read_file(call, item), item.ref.mime),
                        )
                    )
                else:
                    parts.append((name, (None, str(item).lower() if isinstance(item, bool) else str(item))))
        return parts

    async def _chat(self, call: ProviderCall) -> str:
        content: list[dict[str, Any]] = [{"type": "text", "text": str(call.body.get("prompt") or "")}]
        for image in call.body.get("images") or []:
            content.append(
                {"type": "image_url", "image_url": {"url": data_uri(self.read_file(call, image), image.ref.mime)}}
            )
        messages: list[dict[str, Any]] = []
        if call.body.get("system"):
            messages.append({"role": "system", "content": call.body["system"]})
        messages.append({"role": "user", "content": content})
        body: dict[str, Any] = {
            "model": call.model,
            "messages": messages,
            "max_completion_tokens": int(call.body.get("max_tokens") or 1024),
        }
        if call.body.get("temperature") is not None:
            body["temperature"] = call.body["temperature"]
        response = await self.request_json("POST", f"{self.base_url}/chat/completions", json=body)
        try:
            message = response["choices"][0]["message"]
        except (KeyError, IndexError, TypeError):
            raise ProviderOutputError(f"OpenAI returned no answer for {call.title}", provider=self.label) from None
        if message.get("refusal"):
            raise ProviderJobFailed(f"OpenAI declined: {message['refusal']}", provider=self.label)
        return str(message.get("content") or "")

    async def _video(self, call: ProviderCall) -> ProviderResult:
        started = asyncio.get_running_loop().time()
        video = await self.request_json("POST", f"{self.base_url}/videos", files=self._multipart(call))
        url = f"{self.base_url}/videos/{video['id']}"

        async def fetch() -> dict[str, Any]:
            state = await self.request_json("GET", url)
            if state.get("status") == "in_progress":
                call.progress(float(state.get("progress") or 0) / 100, "")
            return state

        state = await self.guard(
            self.poll(call, fetch, lambda s: s.get("status") in ("completed", "failed"), started),
            lambda: self.request("DELETE", url, timeout=10),
        )
        if state["status"] == "failed":
            error = state.get("error") or {}
            raise ProviderJobFailed(
                f"OpenAI could not run {call.title}: {self.scrub(str(error.get('message') or 'no reason given'))}",
                provider=self.label,
            )
        # the video is served from the API itself, so the download carries the key
        return await self.download(
            call, f"{url}/content?variant=video", headers={**self.auth_headers(), "Accept": "application/binary"}
        )
