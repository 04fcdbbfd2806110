"""The shared machinery of the fake provider servers: a FastAPI app served on a free loopback port
(tests.local_server), a record of every request, scripted faults, job clocks and sample output files."""

from __future__ import annotations

import asyncio
import base64
import itertools
import json
import re
import threading
import time
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any

import cv2
import numpy as np
from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse

from tests.local_server import LocalServer
from tests.providers.fakes import schemas

TEST_KEY = "test-secret-key-0123456789abcdef"


def _png() -> bytes:
    image = np.zeros((8, 8, 3), np.uint8)
    image[2:6, 2:6] = (200, 30, 30)
    return cv2.imencode(".png", image)[1].tobytes()


SAMPLES: dict[str, tuple[bytes, str]] = {
    "image": (_png(), "image/png"),
    "video": (b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64, "video/mp4"),
    "mesh": (b"glTF\x02\x00\x00\x00" + (28).to_bytes(4, "little") + b"\x00" * 16, "model/gltf-binary"),
    "vector": (
        b'<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4"/></svg>',
        "image/svg+xml",
    ),
    "audio": (b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 32, "audio/wav"),
    "html": (b"<html><body>Not found</body></html>", "text/html"),
}
EXTENSIONS = {"image": "png", "video": "mp4", "mesh": "glb", "vector": "svg", "audio": "wav", "html": "html"}


@dataclass
class Recorded:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes
    json: Any = None
    form: dict[str, Any] = field(default_factory=dict)
    files: dict[str, list[tuple[str, str, bytes]]] = field(default_factory=dict)
    at: float = field(default_factory=time.monotonic)


@dataclass
class Fault:
    method: str
    pattern: re.Pattern[str]
    status: int
    body: Any
    headers: dict[str, str]
    times: int


class FakeProvider(ABC):
    """Subclasses add their routes in `install` and say how they check auth and shape errors."""

    name = ""

    def __init__(self) -> None:
        self.app = FastAPI()
        self.requests: list[Recorded] = []
        self._cond = threading.Condition()
        self._ids = itertools.count(1)
        self.server = LocalServer(self.app, f"fake {self.name}", lifespan="off")
        self.reset()
        self.app.add_api_route("/files/{name}", self._serve_file, methods=["GET"])
        self.install()

    # --- behaviour knobs, reset between tests ----------------------------------------------------

    def reset(self) -> None:
        with self._cond:
            self.requests.clear()
            self.faults: list[Fault] = []
            self.latency = 0.0
            self.polls_to_finish = 2  # status polls before a job is done
            self.hang = False  # jobs never finish (slow-job and cancel tests)
            self.paused = False  # requests get no answer until resume() (a provider slow to answer)
            self.fail_job: str | None = None
            self.output_kind = "image"
            self.malformed = False  # finished jobs carry no usable output
            self.cancelled: list[str] = []
            self.jobs: dict[str, dict[str, Any]] = {}
            self.strict_schemas = True

    @abstractmethod
    def install(self) -> None:
        """Add this provider's documented routes to `self.app`."""

    @property
    def url(self) -> str:
        return self.server.url

    def file_url(self, kind: str | None = None) -> str:
        kind = "html" if self.malformed else (kind or self.output_kind)
        return f"{self.url}/files/output.{EXTENSIONS[kind]}"

    def sample(self, kind: str | None = None) -> bytes:
        return SAMPLES[kind or self.output_kind][0]

    def sample_b64(self, kind: str | None = None) -> str:
        return base64.b64encode(self.sample(kind)).decode()

    def new_id(self) -> str:
        return f"{self.name}-job-{next(self._ids)}"

    # --- faults and waiting ----------------------------------------------------------------------

    def add_fault(
        self,
        method: str,
        path_regex: str,
        status: int,
        body: Any = None,
        *,
        headers: dict[str, str] | None = None,
        times: int = 1,
    ) -> None:
        with self._cond:
            self.faults.append(Fault(method, re.compile(path_regex), status, body, headers or {}, times))

    def wait_for(self, predicate: Any, timeout: float = 5.0) -> bool:
        """Block (in a worker thread, not the test's loop) until `predicate(self)` holds."""
        with self._cond:
            return self._cond.wait_for(lambda: predicate(self), timeout)

    def received(self, method: str | None = None, path_contains: str = "") -> list[Recorded]:
        return [r for r in self.requests if (method is None or r.method == method) and path_contains in r.path]

    # --- request handling helpers ----------------------------------------------------------------

    async def enter(self, request: Request) -> Response | None:
        """Record the request; answer a scripted fault or an auth failure instead of handling it."""
        recorded = await _record(request)
        with self._cond:
            self.requests.append(recorded)
            self._cond.notify_all()
            fault = next(
                (f for f in self.faults if f.method == request.method and f.pattern.search(request.url.path)), None
            )
            if fault is not None:
                fault.times -= 1
                if fault.times <= 0:
                    self.faults.remove(fault)
        if self.latency:
            await asyncio.sleep(self.latency)
        if self.paused:
            await asyncio.to_thread(self._wait_until_resumed)
        if fault is not None:
            return _response(fault.status, fault.body, fault.headers)
        return self.check_auth(request)

    def check_auth(self, request: Request) -> Response | None:
        return None

    def pause(self) -> None:
        """Hold every request without an answer until `resume()`."""
        with self._cond:
            self.paused = True

    def resume(self) -> None:
        with self._cond:
            self.paused = False
            self._cond.notify_all()

    def _wait_until_resumed(self) -> None:
        with self._cond:
            self._cond.wait_for(lambda: not self.paused, timeout=60)

    def check_fields(self, model: str, body: dict[str, Any]) -> list[str]:
        """Problems of `body` against the provider's documented schema for `model` (when we have one)."""
        documented = schemas.DOCUMENTED.get(self.name, {}).get(model)
        if documented is None or not self.strict_schemas:
            return []
        allowed, required = documented
        problems = [f"{name}: additional property not allowed" for name in body if name not in allowed]
        problems += [f"{name}: required" for name in required if name not in body]
        return problems

    def note_cancel(self, job_id: str) -> None:
        with self._cond:
            self.cancelled.append(job_id)
            if job_id in self.jobs:
                self.jobs[job_id]["cancelled"] = True
            self._cond.notify_all()

    def advance(self, job_id: str) -> str:
        """One poll of a job: 'running', 'done', 'failed' or 'cancelled'."""
        job = self.jobs[job_id]
        if job.get("cancelled"):
            return "cancelled"
        job["polls"] = job.get("polls", 0) + 1
        if self.hang or job["polls"] < self.polls_to_finish:
            return "running"
        return "failed" if self.fail_job else "done"

    async def _serve_file(self, name: str) -> Response:
        kind = next((k for k, ext in EXTENSIONS.items() if name.endswith("." + ext)), "image")
        data, mime = SAMPLES[kind]
        return Response(data, media_type=mime)

    # --- lifecycle -------------------------------------------------------------------------------

    def start(self) -> None:
        self.server.start()

    def stop(self) -> None:
        self.server.stop()


def _response(status: int, body: Any, headers: dict[str, str]) -> Response:
    if isinstance(body, bytes | str):
        return Response(body, status_code=status, headers=headers)
    return JSONResponse(body, status_code=status, headers=headers)


async def _record(request: Request) -> Recorded:
    body = await request.body()
    recorded = Recorded(
        request.method,
        request.url.path,
        dict(request.query_params),
        {k.lower(): v for k, v in request.headers.items()},
        body,
    )
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("application/json") and body:
        try:
            recorded.json = json.loads(body)
        except ValueError:
            recorded.json = None
    elif content_type.startswith("multipart/form-data"):
        form = await request.form()
        for key, value in form.multi_items():
            if hasattr(value, "read"):
                data = await value.read()
                recorded.files.setdefault(key, []).append((value.filename or "", value.content_type or "", data))
            else:
                recorded.form[key] = value
    return recorded
