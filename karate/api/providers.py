"""GET /api/v1/providers: which AI providers this studio can call (never their keys)."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from karate.api.deps import JSON, ProviderHubDep

router = APIRouter(tags=["providers"])


class ProviderOut(BaseModel):
    name: str
    label: str
    configured: bool
    env: str | None
    base_url: str | None
    local: bool


class ProviderList(BaseModel):
    providers: list[ProviderOut]


@router.get("/providers", response_model=ProviderList)
async def list_providers(providers: ProviderHubDep) -> JSON:
    """Every provider, whether it is configured, and the variable that configures it."""
    return JSON({"providers": providers.status()})
