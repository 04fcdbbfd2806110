"""Anthropic Messages API: text and vision (images sent as base64 sources)."""

from __future__ import annotations

import base64
from typing import Any

import httpx

from karate.providers.base import ProviderAdapter
from karate.providers.call import ProviderCall, ProviderResult
from karate.providers.errors import ProviderOutputError

API_VERSION = "2023-06-01"


class AnthropicAdapter(ProviderAdapter):
    name = "anthropic"
    label = "Anthropic"
    key_setting = "anthropic_api_key"
    base_url_setting = "anthropic_base_url"

    def auth_headers(self) -> dict[str, str]:
        return {"x-api-key": self.key, "anthropic-version": API_VERSION}

    def is_credit_error(self, response: httpx.Response, detail: str) -> bool:
        # a low balance comes back as a 400 invalid_request_error that says so
        return "credit balance" in detail.lower()

    async def run(self, call: ProviderCall) -> ProviderResult:
        content: list[dict[str, Any]] = []
        for image in call.body.get("images") or []:
            content.append(
                {
                    "type": "image",
                    "source": {
                        "type": "base64",
                        "media_type": image.ref.mime,
                        "data": base64.b64encode(self.read_file(call, image)).decode("ascii"),
                    },
                }
            )
        content.append({"type": "text", "text": str(call.body.get("prompt") or "")})
        body: dict[str, Any] = {
            "model": call.model,
            "max_tokens": int(call.body.get("max_tokens") or 1024),
            "messages": [{"role": "user", "content": content}],
        }
        if call.body.get("system"):
            body["system"] = call.body["system"]
        if call.body.get("temperature") is not None:
            body["temperature"] = call.body["temperature"]
        response = await self.request_json("POST", f"{self.base_url}/v1/messages", json=body)
        texts = [block.get("text", "") for block in response.get("content") or [] if block.get("type") == "text"]
        if not texts:
            raise ProviderOutputError(f"Anthropic returned no text for {call.title}", provider=self.label)
        return "".join(texts)
