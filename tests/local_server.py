"""An ASGI app served for a test by uvicorn, in a thread with its own event loop, on a free loopback socket: the
studio itself, and the local fakes of what it talks to (model providers, Stripe, an OIDC issuer)."""

from __future__ import annotations

import socket
import threading
from types import TracebackType
from typing import Any, Literal

import uvicorn

START_SECONDS = 30


def free_socket() -> socket.socket:
    """A loopback socket bound to a port nobody else has (not yet listening)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


class _Server(uvicorn.Server):
    """Says when it is listening (uvicorn's `started` flag has nothing to wait on)."""

    def __init__(self, config: uvicorn.Config) -> None:
        super().__init__(config)
        self.ready = threading.Event()

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        self.ready.set()


class LocalServer:
    """`app` on its own port, known (`url`) before it starts; `start()` returns once it answers, `stop()` waits for
    it to finish. Also a context manager that starts and stops it."""

    def __init__(self, app: Any, name: str, *, lifespan: Literal["auto", "on", "off"] = "auto") -> None:
        self.name = name
        self._sock = free_socket()
        self._server = _Server(uvicorn.Config(app, log_level="warning", lifespan=lifespan))
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [self._sock]}, name=name, daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self._sock.getsockname()
        return f"http://{host}:{port}"

    def start(self) -> None:
        self._thread.start()
        if not self._server.ready.wait(START_SECONDS):
            raise RuntimeError(f"{self.name} did not start within {START_SECONDS} s; see the log above")

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(30)
        self._sock.close()

    def __enter__(self) -> LocalServer:
        self.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.stop()
