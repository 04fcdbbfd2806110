"""The FastAPI application: the studio's lifespan, the API routers, error mapping and the web app."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from karate.api import api_router
from karate.api.errors import install_error_handlers
from karate.api.health import public_router
from karate.api.web import mount_web_app
from karate.config import Settings
from karate.services.studio import Studio


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        studio = Studio(settings)
        await studio.start()
        app.state.studio = studio
        try:
            yield
        finally:
            await studio.stop()

    app = FastAPI(
        title="Karate AI – Design Studio",
        version="1.0",
        description="Node-based AI workspace: workflows, runs with live events, assets, node catalog.",
        lifespan=lifespan,
        docs_url="/api/docs",
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    install_error_handlers(app)
    app.include_router(public_router)
    app.include_router(api_router)
    mount_web_app(app, settings.resolved_web_dist)
    return app
