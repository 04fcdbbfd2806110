"""Fake Runway: task creation with X-Runway-Version, task polling with progress, DELETE to cancel."""

from __future__ import annotations

from fastapi import Request, Response
from fastapi.responses import JSONResponse

from tests.providers.fakes.base import TEST_KEY, FakeProvider

RATIOS = {
    "gen4_turbo": {"1280:720", "720:1280", "1104:832", "832:1104", "960:960", "1584:672"},
    "gen3a_turbo": {"1280:768", "768:1280"},
}


class FakeRunway(FakeProvider):
    name = "runway"

    def install(self) -> None:
        self.app.add_api_route("/v1/tasks/{job}", self.get, methods=["GET"])
        self.app.add_api_route("/v1/tasks/{job}", self.delete, methods=["DELETE"])
        self.app.add_api_route("/v1/{operation}", self.create, methods=["POST"])

    def check_auth(self, request: Request) -> Response | None:
        if request.headers.get("authorization") != f"Bearer {TEST_KEY}":
            return JSONResponse({"error": "Invalid API key"}, status_code=401)
        if request.headers.get("x-runway-version") != "2024-11-06":
            return JSONResponse({"error": "X-Runway-Version header is required"}, status_code=400)
        return None

    async def create(self, request: Request, operation: str) -> Response:
        if (early := await self.enter(request)) is not None:
            return early
        body = self.requests[-1].json or {}
        if problems := self.check_fields(operation, body):
            return JSONResponse({"error": "; ".join(problems)}, status_code=400)
        ratio = body.get("ratio")
        if ratio and body.get("model") in RATIOS and ratio not in RATIOS[body["model"]]:
            return JSONResponse({"error": f"ratio: {ratio} is not valid for {body['model']}"}, status_code=400)
        for field in ("promptImage", "videoUri"):
            if field in body and not str(body[field]).startswith(("https://", "data:")):
                return JSONResponse({"error": f"{field}: must be an HTTPS URL or a data URI"}, status_code=400)
        job = self.new_id()
        self.jobs[job] = {}
        return JSONResponse({"id": job})

    async def get(self, request: Request, job: str) -> Response:
        if (early := await self.enter(request)) is not None:
            return early
        if job not in self.jobs:
            return JSONResponse({"error": "Task not found"}, status_code=404)
        state = self.advance(job)
        task = {"id": job, "createdAt": "2026-01-01T00:00:00Z"}
        if state == "running":
            return JSONResponse(task | {"status": "RUNNING", "progress": 0.5})
        if state == "failed":
            return JSONResponse(
                task | {"status": "FAILED", "failure": self.fail_job, "failureCode": "SAFETY.INPUT.TEXT"}
            )
        if state == "cancelled":
            return JSONResponse(task | {"status": "CANCELLED"})
        return JSONResponse(task | {"status": "SUCCEEDED", "output": [self.file_url()]})

    async def delete(self, request: Request, job: str) -> Response:
        if (early := await self.enter(request)) is not None:
            return early
        self.note_cancel(job)
        return Response(status_code=204)
