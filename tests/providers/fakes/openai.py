"""Fake OpenAI: images (generations JSON, edits multipart; b64_json), chat completions (plain, or scripted text and
tool calls: chat_script.py), Sora videos."""

from __future__ import annotations

from typing import Any

from fastapi import Request, Response
from fastapi.responses import JSONResponse

from tests.providers.fakes.base import TEST_KEY
from tests.providers.fakes.chat_script import ScriptedChatProvider, openai_completion


def error(status: int, message: str, type_: str = "invalid_request_error", code: str | None = None) -> JSONResponse:
    return JSONResponse({"error": {"message": message, "type": type_, "param": None, "code": code}}, status_code=status)


class FakeOpenAI(ScriptedChatProvider):
    name = "openai"

    def install(self) -> None:
        self.app.add_api_route("/v1/images/generations", self.generate, methods=["POST"])
        self.app.add_api_route("/v1/images/edits", self.edit, methods=["POST"])
        self.app.add_api_route("/v1/chat/completions", self.chat, methods=["POST"])
        self.app.add_api_route("/v1/videos", self.create_video, methods=["POST"])
        self.app.add_api_route("/v1/videos/{job}", self.get_video, methods=["GET"])
        self.app.add_api_route("/v1/videos/{job}", self.delete_video, methods=["DELETE"])
        self.app.add_api_route("/v1/videos/{job}/content", self.video_content, methods=["GET"])

    def check_auth(self, request: Request) -> Response | None:
        if request.headers.get("authorization") != f"Bearer {TEST_KEY}":
            return error(401, "Incorrect API key provided.", code="invalid_api_key")
        return None

    def _image_response(self, b64: bool) -> JSONResponse:
        image = (
            {"b64_json": None if self.malformed else self.sample_b64("image"), "url": None}
            if b64
            else {"url": self.file_url("image"), "b64_json": None}
        )
        return JSONResponse({"created": 1713833628, "data": [image]})

    async def generate(self, request: Request) -> Response:
        if (early := await self.enter(request)) is not None:
            return early
        body = self.requests[-1].json or {}
        if problems := self.check_fields("images/generations", body):
            return error(400, "; ".join(problems))
        model = body.get("model", "dall-e-2")
        if "response_format" in body and model.startswith("gpt-image"):
            return error(400, "Unknown parameter: 'response_format'.", code="unknown_parameter")
        is_gpt = model.startswith("gpt-image")
        return self._image_response(is_gpt or body.get("response_format") == "b64_json")

    async def edit(self, request: Request) -> Response:
        if (early := await self.enter(request)) is not None:
            return early
        recorded = self.requests[-1]
        fields = {**recorded.form, **{name: None for name in recorded.files}}
        if problems := self.check_fields("images/edits", fields):
            return error(400, "; ".join(problems))
        if not (recorded.files.get("image") or recorded.files.get("image[]")):
            return error(400, "image is required")
        return self._image_response(True)

    async def chat(self, request: Request) -> Response:
        if (early := await self.enter(request)) is not None:
            return early
        body = self.requests[-1].json or {}
        if not body.get("model") or not isinstance(body.get("messages"), list):
            return error(400, "model and messages are required")
        if (turn := self.next_turn()) is not None:
            return JSONResponse(openai_completion(body["model"], turn))
        return JSONResponse(
            {
                "id": "chatcmpl-1",
                "object": "chat.completion",
                "model": body["model"],
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": "A red square on black.", "refusal": None},
                        "finish_reason": "stop",
                    }
                ],
                "usage": {"prompt_tokens": 5, "completion_tokens": 6, "total_tokens": 11},
            }
        )

    def _video(self, job: str, status: str, **extra: Any) -> dict[str, Any]:
        return {
            "id": job,
            "object": "video",
            "model": "sora-2",
            "status": status,
            "progress": extra.pop("progress", 0),
            "seconds": "4",
            "size": "720x1280",
            "error": None,
            **extra,
        }

    async def create_video(self, request: Request) -> Response:
        if (early := await self.enter(request)) is not None:
            return early
        recorded = self.requests[-1]
        fields = {**recorded.form, **{name: None for name in recorded.files}}
        if problems := self.check_fields("videos", fields):
            return error(400, "; ".join(problems))
        job = self.new_id()
        self.jobs[job] = {}
        return JSONResponse(self._video(job, "queued"))

    async def get_video(self, request: Request, job: str) -> Response:
        if (early := await self.enter(request)) is not None:
            return early
        state = self.advance(job)
        if state == "running":
            return JSONResponse(self._video(job, "in_progress", progress=50))
        if state == "failed":
            return JSONResponse(self._video(job, "failed", error={"code": "failed", "message": self.fail_job}))
        return JSONResponse(self._video(job, "completed", progress=100))

    async def delete_video(self, request: Request, job: str) -> Response:
        if (early := await self.enter(request)) is not None:
            return early
        self.note_cancel(job)
        return JSONResponse({"id": job, "object": "video.deleted", "deleted": True})

    async def video_content(self, request: Request, job: str) -> Response:
        if (early := await self.enter(request)) is not None:
            return early
        return Response(self.sample("html" if self.malformed else "video"), media_type="application/binary")
