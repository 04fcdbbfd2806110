"""Fake fal.ai: queue submit, status (202 while running), result, PUT cancel, and storage uploads."""

from __future__ import annotations

from typing import Any

from fastapi import Request, Response
from fastapi.responses import JSONResponse

from tests.providers.fakes.base import TEST_KEY, FakeProvider


class FakeFal(FakeProvider):
    name = "fal"

    def install(self) -> None:
        self.app.add_api_route("/storage/upload/initiate", self.initiate, methods=["POST"])
        self.app.add_api_route("/upload/{slot}", self.put_upload, methods=["PUT"])
        self.app.add_api_route("/{path:path}", self.dispatch, methods=["GET", "POST", "PUT"])

    def check_auth(self, request: Request) -> Response | None:
        if request.url.path.startswith("/upload/"):
            return None  # signed storage URLs take no key
        if request.headers.get("authorization") != f"Key {TEST_KEY}":
            app = "/".join(request.url.path.strip("/").split("/")[:2])
            return JSONResponse(
                {
                    "detail": f"Cannot access application '{app}'. Authentication is required to "
                    "access this application."
                },
                status_code=401,
            )
        return None

    async def initiate(self, request: Request) -> Response:
        if (early := await self.enter(request)) is not None:
            return early
        body = self.requests[-1].json or {}
        if request.query_params.get("storage_type") != "gcs" or not body.get("content_type"):
            return JSONResponse({"detail": "content_type and storage_type are required"}, status_code=422)
        slot = self.new_id()
        return JSONResponse({"upload_url": f"{self.url}/upload/{slot}", "file_url": f"{self.url}/files/{slot}.png"})

    async def put_upload(self, request: Request, slot: str) -> Response:
        if (early := await self.enter(request)) is not None:
            return early
        return Response(status_code=200)

    async def dispatch(self, request: Request, path: str) -> Response:
        if (early := await self.enter(request)) is not None:
            return early
        parts = path.split("/")
        if request.method == "POST":
            return self.submit(path, self.requests[-1].json)
        if "requests" not in parts:
            return JSONResponse({"detail": "Not found"}, status_code=404)
        job = parts[parts.index("requests") + 1]
        if job not in self.jobs:
            return JSONResponse({"detail": "Request not found"}, status_code=404)
        if request.method == "PUT" and parts[-1] == "cancel":
            self.note_cancel(job)
            return JSONResponse({"status": "CANCELLATION_REQUESTED"}, status_code=202)
        if parts[-1] == "status":
            return self.status(job)
        return JSONResponse(self.result(self.jobs[job]["endpoint"]))

    def submit(self, endpoint: str, body: Any) -> Response:
        if not isinstance(body, dict):
            return JSONResponse(
                {"detail": [{"loc": ["body"], "msg": "a JSON object is required", "type": "type_error"}]},
                status_code=422,
            )
        problems = self.check_fields(endpoint, body)
        if problems:
            return JSONResponse(
                {
                    "detail": [
                        {"loc": ["body", p.split(":")[0]], "msg": p.split(": ")[1], "type": "value_error"}
                        for p in problems
                    ]
                },
                status_code=422,
            )
        job = self.new_id()
        self.jobs[job] = {"endpoint": endpoint}
        app = "/".join(endpoint.split("/")[:2])  # fal's URLs keep only owner/app
        base = f"{self.url}/{app}/requests/{job}"
        return JSONResponse(
            {
                "request_id": job,
                "response_url": base,
                "status_url": f"{base}/status",
                "cancel_url": f"{base}/cancel",
                "queue_position": 0,
            }
        )

    def status(self, job: str) -> Response:
        state = self.advance(job)
        if state == "running":
            first = self.jobs[job]["polls"] == 1
            body = (
                {"status": "IN_QUEUE", "queue_position": 2}
                if first
                else {"status": "IN_PROGRESS", "logs": [{"message": "step 5/10", "level": "INFO"}]}
            )
            return JSONResponse(body, status_code=202)
        body: dict[str, Any] = {"status": "COMPLETED", "logs": None, "metrics": {"inference_time": 0.1}}
        if state == "failed":
            body |= {"error": self.fail_job, "error_type": "runner_server_error"}
        return JSONResponse(body)

    def result(self, endpoint: str) -> dict[str, Any]:
        if self.malformed:
            return {"images": [{"url": self.file_url()}]}
        kind = self.output_kind
        if kind == "text":
            return {"output": "A red square on black."}
        file = {"url": self.file_url(), "content_type": "x", "file_name": "output", "file_size": 10}
        if kind == "video":
            return {"video": file, "seed": 1}
        if kind == "mesh":
            return {"model_mesh": file, "model_glb": file, "seed": 1}
        if kind == "vector":
            return {"image": file}
        return {"images": [file], "seed": 1, "has_nsfw_concepts": [False]}
