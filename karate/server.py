"""`karate serve`: run the studio with uvicorn, its files private; beyond loopback only with accounts."""

from __future__ import annotations

import contextlib
import copy
import os
import socket
import sys
from pathlib import Path
from typing import Any

import uvicorn
from fastapi import FastAPI

from karate.api.streams import end_streams
from karate.app import create_app
from karate.config import Settings, is_loopback
from karate.engine.tuning import shorten_switch_interval


class UnsafeBindAddress(ValueError):
    """A request to listen on an address other people can reach, which needs accounts."""


def check_bind_address(host: str, auth: bool | None = False) -> bool:
    """Whether the studio runs with accounts when listening on `host`: KARATE_AUTH when set, else accounts
    exactly when `host` is not loopback. Local mode has no login, so it must only be reachable from this
    machine: a non-loopback `host` with KARATE_AUTH=false raises UnsafeBindAddress."""
    if is_loopback(host):
        return bool(auth)
    if auth is False:
        raise UnsafeBindAddress(
            f"refusing to listen on {host}: the studio runs in local mode (KARATE_AUTH=false), where nobody signs "
            "in, so anyone who can reach that address could use it. Set KARATE_AUTH=true (or leave it unset) to "
            "require accounts, or listen on 127.0.0.1 (the default)."
        )
    return True


# How long a stop waits for requests in progress before it closes them. Open event streams do not wait for it:
# they end as the stop begins (StudioServer), and their clients resume from their last event.
GRACE_SECONDS = 5
# uvicorn's exit status when the server could not start.
_STARTUP_FAILURE = 3


class StudioServer(uvicorn.Server):
    """uvicorn's server that, as it begins to stop (Ctrl+C, SIGTERM), first ends the app's open event streams, so
    the stop does not wait out the grace period for them (karate.api.streams)."""

    def __init__(self, config: uvicorn.Config, app: FastAPI) -> None:
        super().__init__(config)
        self.app = app

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        end_streams(self.app)
        await super().shutdown(sockets)


def serve(host: str, port: int, data_dir: Path | None, *, log_level: str = "info") -> None:
    """Run the studio until interrupted (blocking). Every file it creates (database, assets, cache) is
    readable by this user only, and it answers only under its loopback names, `host` and KARATE_ALLOWED_HOSTS."""
    os.umask(0o077)
    shorten_switch_interval()  # this process is the studio's: it sets what the engine runs best under
    settings = Settings(data_dir=data_dir) if data_dir is not None else Settings()
    auth = check_bind_address(host, settings.auth)
    settings = settings.model_copy(update={"allowed_hosts": [*settings.allowed_hosts, host], "auth": auth})
    print(f"Karate AI – Design Studio: http://{host}:{port}  (data in {settings.data_dir.resolve()})", flush=True)
    app = create_app(settings, freeze_gc=True)
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level=log_level,
        # KARATE_LOG_FORMAT=json: create_app has set up the JSON lines, uvicorn's own included; its text
        # configuration would replace them
        log_config=None if settings.log_format == "json" else text_log_config(),
        proxy_headers=False,
        ws="websockets-sansio" if _has_sansio() else "auto",
        timeout_graceful_shutdown=GRACE_SECONDS,
        # Co-editing messages are tens of bytes: compressing each once per connection only costs time (a third of
        # the update latency at 50 people in a room, bench/collab/RESULTS.md); the reference Node server declines
        # it too.
        ws_per_message_deflate=False,
    )
    server = StudioServer(config, app)
    with contextlib.suppress(KeyboardInterrupt):  # as uvicorn.run: Ctrl+C is the way to stop
        server.run()
    if not server.started:
        sys.exit(_STARTUP_FAILURE)


def text_log_config() -> dict[str, Any]:
    """uvicorn's text logging (its access and error lines), and the studio's own `karate.*` loggers from INFO up
    with time, level and logger name, as `karate worker` writes them (without this, only their warnings reached
    the terminal, bare: no time, no level)."""
    config = copy.deepcopy(uvicorn.config.LOGGING_CONFIG)
    config["formatters"]["karate"] = {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}
    config["handlers"]["karate"] = {
        "formatter": "karate",
        "class": "logging.StreamHandler",
        "stream": "ext://sys.stderr",
    }
    config["loggers"]["karate"] = {"handlers": ["karate"], "level": "INFO", "propagate": False}
    return config


def _has_sansio() -> bool:
    try:
        import uvicorn.protocols.websockets.websockets_sansio_impl  # noqa: F401
    except ImportError:
        return False
    return True
