"""Health checks: GET /health (is the process up) and GET /api/v1/health (database and storage)."""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

from fastapi import APIRouter

from karate.api.deps import JSON, DatabaseDep, SettingsDep
from karate.api.schemas import COMMON_ERRORS, HealthOut

router = APIRouter(tags=["health"])
public_router = APIRouter(tags=["health"], responses=COMMON_ERRORS)


@public_router.get("/health", response_model=HealthOut)
async def liveness() -> JSON:
    return JSON({"status": "ok", "checks": {}})


@router.get("/health", response_model=HealthOut, responses={503: {"model": HealthOut}})
async def readiness(database: DatabaseDep, settings: SettingsDep) -> JSON:
    checks = {"database": await database.check(), "storage": _check_storage(settings.assets_dir)}
    healthy = all(check["ok"] for check in checks.values())
    return JSON({"status": "ok" if healthy else "degraded", "checks": checks}, status_code=200 if healthy else 503)


def _check_storage(folder: Path) -> dict[str, object]:
    probe = folder / ".tmp" / f"health-{uuid.uuid4().hex}"
    try:
        probe.write_bytes(b"ok")
        probe.unlink()
        free = shutil.disk_usage(folder).free
    except OSError as error:
        return {"ok": False, "error": f"cannot write to {folder}: {error.strerror}; check KARATE_DATA_DIR"}
    return {"ok": True, "free_bytes": free}
