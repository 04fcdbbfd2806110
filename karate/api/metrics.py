"""GET /metrics: this process's Prometheus metrics (karate.observability.metrics). In local mode it is open,
as the rest of the studio is, to this machine only; with accounts, a scraper sends KARATE_METRICS_TOKEN as a
bearer token, or an admin reads it signed in (session or API key). Everyone else is refused."""

from __future__ import annotations

import hmac

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from starlette.requests import HTTPConnection

from karate.api.deps import DatabaseDep, optional_principal
from karate.observability.metrics import exposition
from karate.observability.probes import queued_runs
from karate.services.errors import Forbidden, Unauthorized
from karate.services.studio import Studio

router = APIRouter(tags=["metrics"])


async def metrics_reader(connection: HTTPConnection) -> None:
    """Let through the metrics token's bearer, then an admin (the local owner in local mode)."""
    studio: Studio = connection.app.state.studio
    token = studio.settings.metrics_token
    authorization = connection.headers.get("authorization", "")
    if token is not None and authorization[:7].lower() == "bearer ":
        if hmac.compare_digest(authorization[7:].strip().encode(), token.get_secret_value().encode()):
            return
        raise Unauthorized("this is not the metrics token; send KARATE_METRICS_TOKEN as the bearer token")
    principal = await optional_principal(connection)
    if principal is None:
        raise Unauthorized("send the metrics token (KARATE_METRICS_TOKEN) as a bearer token, or sign in as an admin")
    if not principal.is_admin:
        raise Forbidden("only an admin or the metrics scraper may read the metrics")


@router.get(
    "/metrics",
    dependencies=[Depends(metrics_reader)],
    response_class=Response,
    include_in_schema=False,  # for Prometheus, not for the editor's API
)
async def metrics(database: DatabaseDep) -> Response:
    """Prometheus metrics of this process: HTTP latency by route, runs by status, node durations by type,
    provider latency and errors by provider, the queue of runs waiting, and the credits spent."""
    body, content_type = exposition(await queued_runs(database))
    return Response(body, media_type=content_type)
