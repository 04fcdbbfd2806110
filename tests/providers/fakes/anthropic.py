"""Fake Anthropic Messages API with its error envelope."""

from __future__ import annotations

from fastapi import Request, Response
from fastapi.responses import JSONResponse

from tests.providers.fakes.base import TEST_KEY, FakeProvider


def error(status: int, type_: str, message: str) -> JSONResponse:
    return JSONResponse(
        {"type": "error", "error": {"type": type_, "message": message}, "request_id": "req_1"}, status_code=status
    )


class FakeAnthropic(FakeProvider):
    name = "anthropic"

    def install(self) -> None:
        self.app.add_api_route("/v1/messages", self.messages, methods=["POST"])

    def check_auth(self, request: Request) -> Response | None:
        if request.headers.get("x-api-key") != TEST_KEY:
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
        for block in body["messages"][0]["content"]:
            if block["type"] == "image" and block["source"]["type"] != "base64":
                return error(400, "invalid_request_error", "image source must be base64 here")
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
