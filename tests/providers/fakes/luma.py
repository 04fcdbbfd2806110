"""Fake Luma Dream Machine: generations (video, image, modify, reframe), polling by id, DELETE."""

from __future__ import annotations

from fastapi import Request, Response
from fastapi.responses import JSONResponse

from tests.providers.fakes.base import TEST_KEY, FakeProvider


class FakeLuma(FakeProvider):
    name = "luma"

    def install(self) -> None:
        self.app.add_api_route("/generations/{job}", self.get, methods=["GET"])
        self.app.add_api_route("/generations/{job}", self.delete, methods=["DELETE"])
        self.app.add_api_route("/{path:path}", self.create, methods=["POST"])

    def check_auth(self, request: Request) -> Response | None:
        if request.headers.get("authorization") != f"Bearer {TEST_KEY}":
            return JSONResponse({"detail": "Invalid API key"}, status_code=401)
        return None

    async def create(self, request: Request, path: str) -> Response:
        if (early := await self.enter(request)) is not None:
            return early
        body = self.requests[-1].json or {}
        if problems := self.check_fields(path, body):
            return JSONResponse({"detail": "; ".join(problems)}, status_code=400)
        job = self.new_id()
        self.jobs[job] = {"type": "image" if "image" in path else "video"}
        return JSONResponse({"id": job, "state": "queued", "model": body.get("model")}, status_code=201)

    async def get(self, request: Request, job: str) -> Response:
        if (early := await self.enter(request)) is not None:
            return early
        if job not in self.jobs:
            return JSONResponse({"detail": "Generation not found"}, status_code=404)
        state = self.advance(job)
        generation = {"id": job, "generation_type": self.jobs[job]["type"], "assets": None}
        if state == "running":
            return JSONResponse(generation | {"state": "dreaming"})
        if state == "failed":
            return JSONResponse(generation | {"state": "failed", "failure_reason": self.fail_job})
        assets = {} if self.malformed else {self.jobs[job]["type"]: self.file_url()}
        return JSONResponse(generation | {"state": "completed", "assets": assets})

    async def delete(self, request: Request, job: str) -> Response:
        if (early := await self.enter(request)) is not None:
            return early
        self.note_cancel(job)
        return Response(status_code=204)
