"""Health checks: GET /health (liveness: is the process up), GET /ready (readiness: the database, Redis when
configured, and the asset store answer), and GET /api/v1/health (the database and the asset store)."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter
from starlette.requests import HTTPConnection

from karate.api.deps import JSON
from karate.api.schemas import COMMON_ERRORS, HealthOut
from karate.observability.probes import Check, check_redis, check_storage
from karate.services.studio import Studio

router = APIRouter(tags=["health"])
public_router = APIRouter(tags=["health"], responses=COMMON_ERRORS)


@public_router.get("/health", response_model=HealthOut)
async def liveness() -> JSON:
    """The process is up and answering; nothing else is checked (restart it when this fails)."""
    return JSON({"status": "ok", "checks": {}})


# Out of the OpenAPI document (as /metrics): probes for load balancers and orchestrators, not the editor's API.
@public_router.get("/ready", response_model=HealthOut, include_in_schema=False)
async def ready(connection: HTTPConnection) -> JSON:
    """Whether this server can do its work: the database answers, Redis answers (when KARATE_REDIS_URL is
    set), and the asset store takes and gives back a file. 503 (send no traffic here) when one does not."""
    studio: Studio = connection.app.state.studio
    settings = studio.settings
    probes = {
        "database": studio.database.check(),
        "storage": check_storage(studio.store, settings.assets_dir),
        **({"redis": check_redis(settings.redis_url)} if settings.redis_url else {}),
    }
    results = await asyncio.gather(*probes.values())
    return _answer(dict(zip(probes, results, strict=True)))


@router.get("/health", response_model=HealthOut, responses={503: {"model": HealthOut}})
async def readiness(connection: HTTPConnection) -> JSON:
    """The database and the asset store, as /ready checks them (a local folder with its free space, or the bucket)."""
    studio: Studio = connection.app.state.studio
    database, storage = await asyncio.gather(
        studio.database.check(), check_storage(studio.store, studio.settings.assets_dir)
    )
    return _answer({"database": database, "storage": storage})


def _answer(checks: dict[str, Check]) -> JSON:
    healthy = all(check["ok"] for check in checks.values())
    return JSON({"status": "ok" if healthy else "degraded", "checks": checks}, status_code=200 if healthy else 503)
