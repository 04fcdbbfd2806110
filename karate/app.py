"""The FastAPI application: the studio's lifespan, the API routers, error mapping, the request guards
(host, origin, body size) and the web app."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.datastructures import URL
from starlette.middleware.cors import CORSMiddleware

from karate.api import api_router
from karate.api.activity import document_activity
from karate.api.billing import webhook_router as stripe_webhook_router
from karate.api.collab import CollabSockets
from karate.api.docs import mount_api_docs
from karate.api.errors import install_error_handlers
from karate.api.events import document_run_events
from karate.api.health import public_router
from karate.api.limits import BodyLimits
from karate.api.marketing import link_router as unsubscribe_link_router
from karate.api.metrics import router as metrics_router
from karate.api.security import PageHeaders, SameOriginOnly, TrustedHosts, cors_origins, trusted_hosts
from karate.api.streams import ServerStop
from karate.api.web import mount_web_app
from karate.config import Settings
from karate.observability import install_observability
from karate.observability.http import RequestMetrics
from karate.services.marketing_choice import UNSUBSCRIBE_PAGE
from karate.services.studio import Studio


def create_app(settings: Settings | None = None, *, freeze_gc: bool = False) -> FastAPI:
    """The studio's app. `freeze_gc` (the `karate serve` process): once started, the objects that live as long as
    the server are moved out of the garbage collector's reach, so its full collections no longer pause every
    open room for 0.1-0.4 s (bench/collab/RESULTS.md)."""
    settings = settings or Settings()
    observability = install_observability(settings, service="studio")  # scrubbed logs, Sentry, Slack alerts
    cors = cors_origins(settings.cors_origins)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        studio = await Studio.open(settings)
        observability.watch(studio.providers)
        # support tickets and the scheduled agents' alerts reach the team's Slack, when it is set
        studio.support.slack = studio.agent_schedule.tools.slack = observability.alerts
        await studio.start()
        app.state.studio = studio
        # `karate serve` begins it as it starts to stop (karate.server), so open event streams do not hold it up
        app.state.server_stop = stop = ServerStop()
        if freeze_gc:
            gc.collect()
            gc.freeze()
        try:
            yield
        finally:
            stop.begin()
            await studio.stop()
            observability.close()

    app = FastAPI(
        title="Karate AI – Design Studio",
        version="1.0",
        description="Node-based AI workspace: workflows, runs with live events, assets, node catalog.",
        lifespan=lifespan,
        docs_url=None,  # served by mount_api_docs, from the studio's own files
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.observability = observability
    install_error_handlers(app)
    # Starlette runs the last middleware added first: request metrics, the security headers (on every answer),
    # the host check, the origin check, the co-editing WebSockets, CORS for KARATE_CORS_ORIGINS, then body limits.
    app.add_middleware(BodyLimits, request_bytes=settings.max_request_bytes, upload_bytes=settings.upload_max_bytes)
    if cors:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=cors,
            allow_credentials=True,
            allow_methods=["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"],
            allow_headers=["content-type", "x-csrf-token", "x-api-key", "authorization"],
            expose_headers=["Retry-After"],
            max_age=600,
        )
    # KARATE_PUBLIC_URL is the studio's own address as browsers reach it (through a proxy that may end TLS)
    public = [settings.public_url] if settings.public_url else []
    public_host = [URL(settings.public_url).hostname or ""] if settings.public_url else []
    app.add_middleware(CollabSockets)  # co-editing WebSockets: checked by the two below, past nothing else
    # a mail app's one-click unsubscribe may come from its own page: the link's token, not the origin, is the proof
    app.add_middleware(
        SameOriginOnly,
        allowed_origins=[*settings.allowed_origins, *cors, *public],
        open_posts=[UNSUBSCRIBE_PAGE],
    )
    app.add_middleware(TrustedHosts, hosts=trusted_hosts([*settings.allowed_hosts, *public_host]))
    app.add_middleware(PageHeaders)
    app.add_middleware(RequestMetrics)  # outermost: times every request, refused ones included
    app.include_router(public_router)
    app.include_router(metrics_router)
    app.include_router(stripe_webhook_router)
    app.include_router(unsubscribe_link_router)
    app.include_router(api_router)
    mount_api_docs(app)
    document_run_events(app)
    document_activity(app)
    mount_web_app(app, settings.resolved_web_dist)
    return app
