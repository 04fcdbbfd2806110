"""Fake Ollama server: /api/chat without streaming, and the OpenAI-compatible /v1/chat/completions (plain text,
or scripted text and tool calls: chat_script.py); no auth."""

from __future__ import annotations

from fastapi import Request, Response
from fastapi.responses import JSONResponse

from tests.providers.fakes.chat_script import ChatTurn, ScriptedChatProvider, openai_completion

INSTALLED = {"llama3.2", "llava"}


class FakeOllama(ScriptedChatProvider):
    name = "ollama"

    def install(self) -> None:
        self.app.add_api_route("/api/chat", self.chat, methods=["POST"])
        self.app.add_api_route("/v1/chat/completions", self.openai_chat, methods=["POST"])

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

    async def openai_chat(self, request: Request) -> Response:
        if (early := await self.enter(request)) is not None:
            return early
        body = self.requests[-1].json or {}
        if not isinstance(body.get("messages"), list):
            return JSONResponse({"error": {"message": "messages is required", "type": "invalid_request_error"}}, 400)
        if body.get("model") not in INSTALLED:
            message = f"model '{body.get('model')}' not found"
            return JSONResponse({"error": {"message": message, "type": "api_error"}}, status_code=404)
        turn = self.next_turn()
        return JSONResponse(openai_completion(body["model"], turn or ChatTurn(text="A red square on black.")))
