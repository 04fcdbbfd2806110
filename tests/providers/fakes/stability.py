"""Fake Stability v2beta: multipart-only endpoints, image bytes or base64 JSON, async results with 202."""

from __future__ import annotations

from fastapi import Request, Response
from fastapi.responses import JSONResponse

from tests.providers.fakes.base import TEST_KEY, FakeProvider

ASYNC = {"stable-image/upscale/creative", "stable-image/edit/replace-background-and-relight"}


def error(status: int, name: str, *errors: str) -> JSONResponse:
    return JSONResponse({"id": "a1b2c3", "name": name, "errors": list(errors)}, status_code=status)


class FakeStability(FakeProvider):
    name = "stability"

    def install(self) -> None:
        self.app.add_api_route("/v2beta/results/{job}", self.result, methods=["GET"])
        self.app.add_api_route("/v2beta/{endpoint:path}", self.run, methods=["POST"])

    def check_auth(self, request: Request) -> Response | None:
        if request.headers.get("authorization") != f"Bearer {TEST_KEY}":
            return error(401, "unauthorized", "authorization: invalid or missing API key")
        return None

    async def run(self, request: Request, endpoint: str) -> Response:
        if (early := await self.enter(request)) is not None:
            return early
        if not request.headers.get("content-type", "").startswith("multipart/form-data"):
            return error(400, "bad_request", "content-type: must be multipart/form-data")
        recorded = self.requests[-1]
        fields = {**recorded.form, **{name: None for name in recorded.files}}
        if problems := self.check_fields(endpoint, fields):
            return error(400, "bad_request", *problems)
        if endpoint in ASYNC:
            job = self.new_id()
            self.jobs[job] = {}
            return JSONResponse({"id": job})
        return self._image(request.headers.get("accept", ""))

    async def result(self, request: Request, job: str) -> Response:
        if (early := await self.enter(request)) is not None:
            return early
        if job not in self.jobs:
            return error(404, "not_found", "id: result not found or expired")
        state = self.advance(job)
        if state == "running":
            return JSONResponse({"id": job, "status": "in-progress"}, status_code=202)
        if state == "failed":
            return error(500, "internal_error", self.fail_job or "failed")
        return self._image(request.headers.get("accept", ""))

    def _image(self, accept: str) -> Response:
        reason = "CONTENT_FILTERED" if self.malformed else "SUCCESS"
        if accept.startswith("image/"):
            return Response(
                self.sample("image"), media_type="image/png", headers={"finish-reason": reason, "seed": "343940597"}
            )
        return JSONResponse({"image": self.sample_b64("image"), "finish_reason": reason, "seed": 343940597})
