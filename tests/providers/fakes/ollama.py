"""Fake Ollama server: /api/chat without streaming; no auth."""

from __future__ import annotations

from fastapi import Request, Response
from fastapi.responses import JSONResponse

from tests.providers.fakes.base import FakeProvider

INSTALLED = {"llama3.2", "llava"}


class FakeOllama(FakeProvider):
    name = "ollama"

    def install(self) -> None:
        self.app.add_api_route("/api/chat", self.chat, methods=["POST"])

    async def chat(self, request: Request) -> Response:
        if (early := await self.enter(request)) is not None:
            return early
        body = self.requests[-1].json or {}
        if body.get("model") not in INSTALLED:
            return JSONResponse({"error": f"model '{body.get('model')}' not found"}, status_code=404)
        return JSONResponse(
            {
                "model": body["model"],
                "message": {"role": "assistant", "content": "A red square on black."},
                "done": True,
                "done_reason": "stop",
                "total_duration": 1000,
            }
        )
