"""`karate serve`: run the studio with uvicorn, on loopback only until accounts exist, its files private."""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path

import uvicorn

from karate.app import create_app
from karate.config import Settings
from karate.engine.tuning import shorten_switch_interval


class UnsafeBindAddress(ValueError):
    """A request to listen on an address other people can reach, which needs accounts."""


def check_bind_address(host: str) -> None:
    """Local mode has no login, so it must only be reachable from this machine."""
    if host == "localhost":
        return
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise UnsafeBindAddress(
            f"refusing to listen on {host}: the studio runs in local mode, where nobody logs in, so anyone who "
            "can reach that address could use it. Listen on 127.0.0.1 (the default) and, to share the studio, "
            "wait for accounts (email/password, API keys) to be set up, or put an authenticating reverse proxy "
            "in front of 127.0.0.1."
        )


GRACE_SECONDS = 5


def serve(host: str, port: int, data_dir: Path | None, *, log_level: str = "info") -> None:
    """Run the studio until interrupted (blocking). Every file it creates (database, assets, cache) is
    readable by this user only, and it answers only under its loopback names, `host` and KARATE_ALLOWED_HOSTS."""
    check_bind_address(host)
    os.umask(0o077)
    shorten_switch_interval()  # this process is the studio's: it sets what the engine runs best under
    settings = Settings(data_dir=data_dir) if data_dir is not None else Settings()
    settings = settings.model_copy(update={"allowed_hosts": [*settings.allowed_hosts, host]})
    print(f"Karate AI – Design Studio: http://{host}:{port}  (data in {settings.data_dir.resolve()})", flush=True)
    # An open event stream never ends by itself: on Ctrl+C or SIGTERM the server waits this long for
    # requests to finish, then closes the rest, so the lifespan can settle the runs still going.
    uvicorn.run(
        create_app(settings),
        host=host,
        port=port,
        log_level=log_level,
        proxy_headers=False,
        ws="websockets-sansio" if _has_sansio() else "auto",
        timeout_graceful_shutdown=GRACE_SECONDS,
    )


def _has_sansio() -> bool:
    try:
        import uvicorn.protocols.websockets.websockets_sansio_impl  # noqa: F401
    except ImportError:
        return False
    return True
