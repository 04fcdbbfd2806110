"""The HTTP API under /api/v1: one router per resource, thin, over karate.services."""

from fastapi import APIRouter

from karate.api import ai, assets, auth, events, health, nodes, providers, runs, workflows
from karate.api.schemas import COMMON_ERRORS

api_router = APIRouter(prefix="/api/v1", responses=COMMON_ERRORS)
for module in (health, auth, nodes, workflows, runs, events, assets, ai, providers):
    api_router.include_router(module.router)

__all__ = ["api_router"]
