"""Fake Replicate: predictions (official, version, deployment), Prefer: wait, polling, cancel, files."""

from __future__ import annotations

from typing import Any

from fastapi import Request, Response
from fastapi.responses import JSONResponse

from tests.providers.fakes.base import TEST_KEY, FakeProvider

PROBLEM = "application/problem+json"


def problem(status: int, title: str, detail: str, **extra: Any) -> JSONResponse:
    return JSONResponse(
        {"title": title, "detail": detail, "status": status, **extra}, status_code=status, media_type=PROBLEM
    )


class FakeReplicate(FakeProvider):
    name = "replicate"

    def install(self) -> None:
        self.app.add_api_route("/v1/models/{owner}/{model}/predictions", self.create_official, methods=["POST"])
        self.app.add_api_route("/v1/deployments/{owner}/{model}/predictions", self.create_official, methods=["POST"])
        self.app.add_api_route("/v1/predictions", self.create_version, methods=["POST"])
        self.app.add_api_route("/v1/predictions/{job}", self.get, methods=["GET"])
        self.app.add_api_route("/v1/predictions/{job}/cancel", self.cancel, methods=["POST"])
        self.app.add_api_route("/v1/models/{owner}/{model}", self.model_info, methods=["GET"])
        self.app.add_api_route("/v1/files", self.upload, methods=["POST"])

    def check_auth(self, request: Request) -> Response | None:
        if request.headers.get("authorization") not in (f"Bearer {TEST_KEY}", f"Token {TEST_KEY}"):
            return problem(401, "Unauthenticated", "You did not pass a valid authentication token")
        return None

    async def create_official(self, request: Request, owner: str, model: str) -> Response:
        if (early := await self.enter(request)) is not None:
            return early
        body = self.requests[-1].json or {}
        if "version" in body:
            return problem(422, "Input validation failed", "- version: not allowed on an official model")
        return self._create(request, f"{owner}/{model}", body)

    async def create_version(self, request: Request) -> Response:
        if (early := await self.enter(request)) is not None:
            return early
        body = self.requests[-1].json or {}
        if not body.get("version"):
            return problem(422, "Invalid version or not permitted", "The specified version does not exist")
        return self._create(request, "community", body)

    def _create(self, request: Request, model: str, body: dict[str, Any]) -> Response:
        if not isinstance(body.get("input"), dict):
            return problem(422, "Input validation failed", "- input: input is required")
        problems = self.check_fields(model, body["input"])
        if problems:
            return problem(
                422,
                "Input validation failed",
                "\n".join(f"- input.{p}" for p in problems),
                invalid_fields=[{"type": "additional_property_not_allowed", "field": f"input.{p}"} for p in problems],
            )
        job = self.new_id()
        self.jobs[job] = {"model": model}
        waits = request.headers.get("prefer", "").startswith("wait")
        if waits and not self.hang and not self.fail_job:
            # the documented sync form: a finished prediction whose files are data URIs
            output = self._output(data_uri=True)
            return JSONResponse(
                self._prediction(job, "succeeded", output),
                status_code=201,
                headers={"Preference-Applied": request.headers["prefer"]},
            )
        return JSONResponse(self._prediction(job, "starting"), status_code=201)

    async def get(self, request: Request, job: str) -> Response:
        if (early := await self.enter(request)) is not None:
            return early
        if job not in self.jobs:
            return problem(404, "Not found", "The requested resource does not exist")
        state = self.advance(job)
        if state == "running":
            return JSONResponse(self._prediction(job, "processing", logs="  50%|█████     | 5/10 [00:01<00:01]"))
        if state == "failed":
            return JSONResponse(self._prediction(job, "failed", error=self.fail_job))
        if state == "cancelled":
            return JSONResponse(self._prediction(job, "canceled"))
        return JSONResponse(self._prediction(job, "succeeded", self._output(), logs="100%|██████████| 10/10"))

    async def cancel(self, request: Request, job: str) -> Response:
        if (early := await self.enter(request)) is not None:
            return early
        self.note_cancel(job)
        return JSONResponse(self._prediction(job, "canceled"))

    async def model_info(self, request: Request, owner: str, model: str) -> Response:
        if (early := await self.enter(request)) is not None:
            return early
        return JSONResponse(
            {
                "owner": owner,
                "name": model,
                "latest_version": {"id": "5c7d5dc6dd8bf75c1acaa8565735e7986bc5b66206b55cca93cb72c9bf15ccaa"},
            }
        )

    async def upload(self, request: Request) -> Response:
        if (early := await self.enter(request)) is not None:
            return early
        if "content" not in self.requests[-1].files:
            return problem(400, "Bad request", "multipart field 'content' is required")
        return JSONResponse({"id": "file-1", "urls": {"get": f"{self.url}/v1/files/file-1"}}, status_code=201)

    def _output(self, data_uri: bool = False) -> Any:
        if self.malformed:
            return None
        if self.output_kind == "text":
            return ["A red ", "square ", "on black."]
        if data_uri:
            from tests.providers.fakes.base import SAMPLES

            return [f"data:{SAMPLES[self.output_kind][1]};base64,{self.sample_b64()}"]
        return [self.file_url()] if self.output_kind == "image" else self.file_url()

    def _prediction(
        self, job: str, status: str, output: Any = None, *, logs: str = "", error: str | None = None
    ) -> dict[str, Any]:
        return {
            "id": job,
            "model": self.jobs.get(job, {}).get("model", ""),
            "version": "hidden",
            "input": {},
            "logs": logs,
            "output": output,
            "error": error,
            "status": status,
            "data_removed": False,
            "urls": {
                "get": f"{self.url}/v1/predictions/{job}",
                "cancel": f"{self.url}/v1/predictions/{job}/cancel",
                "web": f"https://replicate.com/p/{job}",
            },
        }
