"""Ollama, a local model server: /api/chat without streaming; configured by OLLAMA_HOST."""

from __future__ import annotations

import base64
from typing import Any

from karate.config import env_name
from karate.providers.base import ProviderAdapter
from karate.providers.call import ProviderCall, ProviderResult
from karate.providers.config import ollama_base_url
from karate.providers.errors import ProviderOutputError


class OllamaAdapter(ProviderAdapter):
    name = "ollama"
    label = "Ollama"
    key_env = env_name("ollama_host")

    @property
    def configured(self) -> bool:
        return bool(self.settings.ollama_host)

    @property
    def base_url(self) -> str:
        return ollama_base_url(self.settings.ollama_host or "127.0.0.1:11434")

    def auth_headers(self) -> dict[str, str]:
        return {}

    async def run(self, call: ProviderCall) -> ProviderResult:
        images = call.body.get("images") or []
        model = self.settings.ollama_vision_model if images else self.settings.ollama_model
        message: dict[str, Any] = {"role": "user", "content": str(call.body.get("prompt") or "")}
        if images:
            message["images"] = [base64.b64encode(self.read_file(call, image)).decode("ascii") for image in images]
        messages = [{"role": "system", "content": call.body["system"]}] if call.body.get("system") else []
        options: dict[str, Any] = {"num_predict": int(call.body.get("max_tokens") or 1024)}
        if call.body.get("temperature") is not None:
            options["temperature"] = call.body["temperature"]
        response = await self.request_json(
            "POST",
            f"{self.base_url}/api/chat",
            json={"model": model, "messages": [*messages, message], "stream": False, "options": options},
            timeout=max(self.settings.provider_call_timeout, call.job_timeout),
        )
        content = (response.get("message") or {}).get("content")
        if content is None:
            raise ProviderOutputError(f"Ollama returned no answer for {call.title}", provider=self.label)
        return str(content)
