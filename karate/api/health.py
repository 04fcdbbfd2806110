"""Health checks: GET /health (is the process up) and GET /api/v1/health (database and storage)."""

from __future__ import annotations

import shutil
import time
import uuid

from fastapi import APIRouter
from sqlalchemy import text

from karate.api.deps import JSON, StudioDep
from karate.api.schemas import COMMON_ERRORS, HealthOut

router = APIRouter(tags=["health"])
public_router = APIRouter(tags=["health"], responses=COMMON_ERRORS)


@public_router.get("/health", response_model=HealthOut)
async def liveness() -> JSON:
    return JSON({"status": "ok", "checks": {}})


@router.get("/health", response_model=HealthOut, responses={503: {"model": HealthOut}})
async def readiness(studio: StudioDep) -> JSON:
    checks = {"database": await _check_database(studio), "storage": _check_storage(studio)}
    healthy = all(check["ok"] for check in checks.values())
    return JSON({"status": "ok" if healthy else "degraded", "checks": checks}, status_code=200 if healthy else 503)


async def _check_database(studio: StudioDep) -> dict[str, object]:
    started = time.perf_counter()
    try:
        async with studio.database.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    except Exception as error:
        return {"ok": False, "error": f"{type(error).__name__}: {error}; check KARATE_DATABASE_URL"}
    return {"ok": True, "backend": studio.database.url.get_backend_name(),
            "latency_ms": round((time.perf_counter() - started) * 1000, 2)}


def _check_storage(studio: StudioDep) -> dict[str, object]:
    folder = studio.settings.assets_dir
    probe = folder / ".tmp" / f"health-{uuid.uuid4().hex}"
    try:
        probe.write_bytes(b"ok")
        probe.unlink()
        free = shutil.disk_usage(folder).free
    except OSError as error:
        return {"ok": False, "error": f"cannot write to {folder}: {error.strerror}; check KARATE_DATA_DIR"}
    return {"ok": True, "free_bytes": free}
