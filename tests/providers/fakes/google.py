"""Fake Gemini API: generateContent (text and images), Imagen :predict, Veo :predictLongRunning operations."""

from __future__ import annotations

from typing import Any

from fastapi import Request, Response
from fastapi.responses import JSONResponse

from tests.providers.fakes.base import TEST_KEY, FakeProvider


def error(code: int, status: str, message: str, reason: str | None = None) -> JSONResponse:
    details = (
        [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": reason, "domain": "googleapis.com"}]
        if reason
        else []
    )
    return JSONResponse(
        {"error": {"code": code, "message": message, "status": status, "details": details}}, status_code=code
    )


class FakeGoogle(FakeProvider):
    name = "google"

    def install(self) -> None:
        self.app.add_api_route("/v1beta/files/{name}", self.download, methods=["GET"])
        self.app.add_api_route("/v1beta/models/{rest:path}", self.dispatch, methods=["GET", "POST"])

    def check_auth(self, request: Request) -> Response | None:
        if request.headers.get("x-goog-api-key") != TEST_KEY:
            return error(400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.", "API_KEY_INVALID")
        return None

    async def dispatch(self, request: Request, rest: str) -> Response:
        if (early := await self.enter(request)) is not None:
            return early
        body = self.requests[-1].json or {}
        if request.method == "GET" and "/operations/" in rest:
            return self.operation(rest.split("/operations/")[1], rest)
        model, _, method = rest.partition(":")
        if "/operations/" in model and method == "cancel":
            self.note_cancel(model.split("/operations/")[1])
            return JSONResponse({})
        if method == "generateContent":
            return self.generate(body)
        if method == "predict":
            if not isinstance(body.get("instances"), list) or not body["instances"][0].get("prompt"):
                return error(400, "INVALID_ARGUMENT", "instances[0].prompt is required")
            prediction = (
                {"raiFilteredReason": "filtered"}
                if self.malformed
                else {"bytesBase64Encoded": self.sample_b64("image"), "mimeType": "image/png"}
            )
            return JSONResponse({"predictions": [prediction]})
        if method == "predictLongRunning":
            instance = (body.get("instances") or [{}])[0]
            if not instance.get("prompt"):
                return error(400, "INVALID_ARGUMENT", "instances[0].prompt is required")
            job = self.new_id()
            self.jobs[job] = {}
            return JSONResponse({"name": f"models/{model}/operations/{job}"})
        return error(404, "NOT_FOUND", f"method {method} not found")

    def generate(self, body: dict[str, Any]) -> Response:
        contents = body.get("contents") or []
        if not contents or not contents[0].get("parts"):
            return error(400, "INVALID_ARGUMENT", "contents is required")
        wants_image = "IMAGE" in ((body.get("generationConfig") or {}).get("responseModalities") or [])
        parts: list[dict[str, Any]] = [{"text": "Here it is." if wants_image else "A red square on black."}]
        if wants_image and not self.malformed:
            parts.append({"inlineData": {"mimeType": "image/png", "data": self.sample_b64("image")}})
        return JSONResponse(
            {
                "candidates": [{"content": {"role": "model", "parts": parts}, "finishReason": "STOP", "index": 0}],
                "modelVersion": "fake",
            }
        )

    def operation(self, job: str, name: str) -> Response:
        state = self.advance(job)
        if state == "running":
            return JSONResponse({"name": name, "done": False})
        if state == "failed":
            return JSONResponse({"name": name, "done": True, "error": {"code": 13, "message": self.fail_job}})
        samples = [] if self.malformed else [{"video": {"uri": f"{self.url}/v1beta/files/{job}:download?alt=media"}}]
        return JSONResponse(
            {
                "name": name,
                "done": True,
                "response": {
                    "@type": "type.googleapis.com/google.ai.generativelanguage.v1beta.PredictLongRunningResponse",
                    "generateVideoResponse": {
                        "generatedSamples": samples,
                        "raiMediaFilteredCount": 0 if samples else 1,
                        "raiMediaFilteredReasons": [] if samples else ["filtered for safety"],
                    },
                },
            }
        )

    async def download(self, request: Request, name: str) -> Response:
        if (early := await self.enter(request)) is not None:
            return early
        return Response(self.sample("video"), media_type="video/mp4")
