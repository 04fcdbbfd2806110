"""Local fakes of what the studio alerts and reports to: a Slack incoming webhook and a Sentry project's
envelope endpoint, each a small FastAPI app on a free loopback port that records what it is sent."""

from __future__ import annotations

import gzip
import json
import threading
from typing import Any

from fastapi import FastAPI, Request, Response

from tests.local_server import LocalServer


class _Recorder:
    def __init__(self, name: str) -> None:
        self.app = FastAPI()
        self.server = LocalServer(self.app, name, lifespan="off")
        self._cond = threading.Condition()
        self.received: list[Any] = []

    def record(self, item: Any) -> None:
        with self._cond:
            self.received.append(item)
            self._cond.notify_all()

    def wait_for(self, count: int, timeout: float = 10.0) -> list[Any]:
        """Block (in a thread) until `count` items have arrived; what arrived."""
        with self._cond:
            self._cond.wait_for(lambda: len(self.received) >= count, timeout)
            return list(self.received)


class FakeSlack(_Recorder):
    """Slack's incoming webhook: POST /services/T/B/X with {"text": ...}; answers "ok" as Slack does."""

    def __init__(self) -> None:
        super().__init__("fake slack")
        self.app.add_api_route("/services/T000/B000/secretpart", self._hook, methods=["POST"])

    @property
    def webhook_url(self) -> str:
        return f"{self.server.url}/services/T000/B000/secretpart"

    async def _hook(self, request: Request) -> Response:
        body = await request.json()
        self.record(body["text"])
        return Response("ok", media_type="text/plain")

    @property
    def texts(self) -> list[str]:
        return list(self.received)


class FakeSentry(_Recorder):
    """A Sentry project's envelope endpoint (POST /api/1/envelope/): each item of each envelope is recorded
    as `(item header, payload)`, payloads decoded from gzip and JSON."""

    KEY = "0123456789abcdef0123456789abcdef"

    def __init__(self) -> None:
        super().__init__("fake sentry")
        self.raw: list[bytes] = []
        self.app.add_api_route("/api/1/envelope/", self._envelope, methods=["POST"])

    @property
    def dsn(self) -> str:
        host_port = self.server.url.removeprefix("http://")
        return f"http://{self.KEY}@{host_port}/1"

    async def _envelope(self, request: Request) -> Response:
        data = await request.body()
        if request.headers.get("content-encoding") == "gzip":
            data = gzip.decompress(data)
        self.raw.append(data)
        lines = data.split(b"\n")
        index = 1  # lines[0] is the envelope's header
        while index + 1 < len(lines):
            header = json.loads(lines[index])
            payload = lines[index + 1]
            try:
                parsed: Any = json.loads(payload)
            except ValueError:
                parsed = payload.decode(errors="replace")
            self.record((header, parsed))
            index += 2
        return Response("{}", media_type="application/json")

    def events(self) -> list[dict[str, Any]]:
        return [payload for header, payload in self.received if header.get("type") == "event"]
