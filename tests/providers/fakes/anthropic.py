"""Fake Anthropic Messages API with its error envelope; answers plain text, or scripted text and tool calls
(chat_script.py)."""

from __future__ import annotations

from fastapi import Request, Response
from fastapi.responses import JSONResponse

from tests.providers.fakes.base import TEST_KEY
from tests.providers.fakes.chat_script import ScriptedChatProvider, anthropic_message


def error(status: int, type_: str, message: str) -> JSONResponse:
    return JSONResponse(
        {"type": "error", "error": {"type": type_, "message": message}, "request_id": "req_1"}, status_code=status
    )


class FakeAnthropic(ScriptedChatProvider):
    name = "anthropic"

    def install(self) -> None:
        self.app.add_api_route("/v1/messages", self.messages, methods=["POST"])

    def check_auth(self, request: Request) -> Response | None:
        # the studio's adapter sends x-api-key; Anthropic's own SDK (pydantic-ai's planner) sends a bearer token
        keyed = request.headers.get("x-api-key") == TEST_KEY
        if not keyed and request.headers.get("authorization") != f"Bearer {TEST_KEY}":
            return error(401, "authentication_error", "invalid x-api-key")
        if not request.headers.get("anthropic-version"):
            return error(400, "invalid_request_error", "anthropic-version: header is required")
        return None

    async def messages(self, request: Request) -> Response:
        if (early := await self.enter(request)) is not None:
            return early
        body = self.requests[-1].json or {}
        if not body.get("model") or not body.get("max_tokens") or not body.get("messages"):
            return error(400, "invalid_request_error", "model, max_tokens and messages are required")
        first = body["messages"][0]["content"]
        for block in first if isinstance(first, list) else []:
            if block["type"] == "image" and block["source"]["type"] != "base64":
                return error(400, "invalid_request_error", "image source must be base64 here")
        if (turn := self.next_turn()) is not None:
            return JSONResponse(anthropic_message(body["model"], turn))
        return JSONResponse(
            {
                "id": "msg_1",
                "type": "message",
                "role": "assistant",
                "model": body["model"],
                "content": [{"type": "text", "text": "A red square on black."}],
                "stop_reason": "end_turn",
                "usage": {"input_tokens": 5, "output_tokens": 6},
            }
        )
