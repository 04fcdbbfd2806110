"""The HTTP API under /api/v1: one router per resource, thin, over karate.services."""

from fastapi import APIRouter

from karate.api import (
    activity,
    admin,
    agent_jobs,
    agents,
    ai,
    assets,
    auth,
    billing,
    comments,
    credits,
    events,
    health,
    help,
    marketing,
    me,
    nodes,
    providers,
    runs,
    shares,
    versions,
    workflows,
)
from karate.api.schemas import COMMON_ERRORS

api_router = APIRouter(prefix="/api/v1", responses=COMMON_ERRORS)
for module in (
    health,
    auth,
    me,
    marketing,
    admin,
    credits,
    billing,
    nodes,
    workflows,
    shares,
    runs,
    events,
    versions,
    comments,
    activity,
    assets,
    ai,
    agents,
    agent_jobs,
    help,
    providers,
):
    api_router.include_router(module.router)

__all__ = ["api_router"]
