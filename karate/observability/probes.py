"""What /ready and /metrics ask of the infrastructure: whether Redis and the asset store answer, and how many
runs wait in the queue. Each probe answers within a few seconds and never raises."""

from __future__ import annotations

import asyncio
import hashlib
import shutil
import time
import uuid
from pathlib import Path

from sqlalchemy import func, select

from karate.db import Database
from karate.db.models import Run
from karate.services.redaction import scrub
from karate.storage.assets import AssetStore, LinksDirectly, LocalAssetStore

_PROBE_TIMEOUT_S = 3.0
#: A tiny asset every store can hold: storing it again is a no-op, and it is read back to prove reads work.
_PROBE_BYTES = b"karate readiness probe\n"
Check = dict[str, object]


async def queued_runs(database: Database) -> int | None:
    """Runs waiting to be executed (status queued), from the database all servers and workers share; None
    when the database cannot say."""
    try:
        async with database.session() as session:
            count = (
                await session.execute(select(func.count()).select_from(Run).where(Run.status == "queued"))
            ).scalar()
    except Exception:  # the scrape still answers; /ready says what is wrong with the database
        return None
    return int(count or 0)


async def check_redis(url: str) -> Check:
    """Whether Redis at `url` answers PING: `{"ok", "latency_ms"}` or `{"ok": False, "error"}`."""
    import redis.asyncio as redis

    started = time.perf_counter()
    client = redis.from_url(url, socket_timeout=_PROBE_TIMEOUT_S, socket_connect_timeout=_PROBE_TIMEOUT_S)
    try:
        await asyncio.wait_for(client.ping(), _PROBE_TIMEOUT_S)
    except Exception as error:
        return {"ok": False, "error": _words(error, "KARATE_REDIS_URL")}
    finally:
        await client.aclose()
    return {"ok": True, "latency_ms": round((time.perf_counter() - started) * 1000, 2)}


async def check_storage(store: AssetStore, folder: Path) -> Check:
    """Whether the asset store takes and gives back a file. A local folder: a file is written and removed
    there (its free space is reported); any other store: a tiny probe asset is stored and read back."""
    if isinstance(store, LocalAssetStore) and not isinstance(store, LinksDirectly):  # S3: its folder holds copies
        return await asyncio.to_thread(check_folder, folder)
    try:
        await asyncio.wait_for(asyncio.to_thread(_store_round_trip, store), _PROBE_TIMEOUT_S * 3)
    except Exception as error:
        return {"ok": False, "error": _words(error, "KARATE_STORAGE_URL")}
    return {"ok": True}


def check_folder(folder: Path) -> Check:
    """Whether `folder` can be written: `{"ok", "free_bytes"}` or `{"ok": False, "error"}`."""
    probe = folder / ".tmp" / f"health-{uuid.uuid4().hex}"
    try:
        probe.parent.mkdir(parents=True, exist_ok=True)
        probe.write_bytes(b"ok")
        probe.unlink()
        free = shutil.disk_usage(folder).free
    except OSError as error:
        return {"ok": False, "error": f"cannot write to {folder}: {error.strerror}; check KARATE_DATA_DIR"}
    return {"ok": True, "free_bytes": free}


def _store_round_trip(store: AssetStore) -> None:
    ref = store.put_bytes(_PROBE_BYTES, "text/plain")
    if store.read_bytes(ref.sha256) != _PROBE_BYTES or ref.sha256 != hashlib.sha256(_PROBE_BYTES).hexdigest():
        raise OSError("the store gave back other bytes than it was given")


def _words(error: BaseException, setting: str) -> str:
    """What went wrong, scrubbed of secrets (a password in a URL), and the setting to check."""
    text = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    return scrub(f"{text}; check {setting}")
