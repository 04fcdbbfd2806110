"""Request dependencies: the parts of the running studio a handler uses (`RunServiceDep`, ...), each named
and typed, and the user a request acts for."""

from __future__ import annotations

from typing import Annotated, Any

import orjson
from fastapi import Depends, Request
from fastapi.responses import Response
from starlette.requests import HTTPConnection

from karate.config import Settings
from karate.db import Database
from karate.engine.registry import NodeRegistry
from karate.providers import ProviderHub
from karate.services.assets import AssetService
from karate.services.live import RunEventFeed
from karate.services.runs import RunService
from karate.services.signing import UrlSigner
from karate.services.studio import Studio
from karate.services.workflows import WorkflowService


# Dependencies are `async def` on purpose: FastAPI runs plain `def` dependencies in a thread pool,
# which costs more than the whole request on these hot paths. Each names the one part a handler uses.
def _studio(connection: HTTPConnection) -> Studio:
    return connection.app.state.studio  # type: ignore[no-any-return]


async def current_user(connection: HTTPConnection) -> str:
    """Local mode: the studio listens on loopback only and every request acts for the local owner."""
    return _studio(connection).local_owner_id


async def get_settings(connection: HTTPConnection) -> Settings:
    return _studio(connection).settings


async def get_database(connection: HTTPConnection) -> Database:
    return _studio(connection).database


async def get_run_service(connection: HTTPConnection) -> RunService:
    return _studio(connection).runs


async def get_workflow_service(connection: HTTPConnection) -> WorkflowService:
    return _studio(connection).workflows


async def get_asset_service(connection: HTTPConnection) -> AssetService:
    return _studio(connection).assets


async def get_url_signer(connection: HTTPConnection) -> UrlSigner:
    return _studio(connection).signer


async def get_event_feed(connection: HTTPConnection) -> RunEventFeed:
    return _studio(connection).events


async def get_provider_hub(connection: HTTPConnection) -> ProviderHub:
    return _studio(connection).providers


async def get_node_registry(connection: HTTPConnection) -> NodeRegistry:
    return _studio(connection).registry


async def get_node_catalog(connection: HTTPConnection) -> bytes:
    """The node catalog as JSON bytes (made once per studio)."""
    return _studio(connection).node_catalog()


UserDep = Annotated[str, Depends(current_user)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
DatabaseDep = Annotated[Database, Depends(get_database)]
RunServiceDep = Annotated[RunService, Depends(get_run_service)]
WorkflowServiceDep = Annotated[WorkflowService, Depends(get_workflow_service)]
AssetServiceDep = Annotated[AssetService, Depends(get_asset_service)]
UrlSignerDep = Annotated[UrlSigner, Depends(get_url_signer)]
RunEventFeedDep = Annotated[RunEventFeed, Depends(get_event_feed)]
ProviderHubDep = Annotated[ProviderHub, Depends(get_provider_hub)]
NodeRegistryDep = Annotated[NodeRegistry, Depends(get_node_registry)]
NodeCatalogDep = Annotated[bytes, Depends(get_node_catalog)]

ID_PATTERN = r"^[0-9a-f]{32}$"


class JSON(Response):
    """A JSON response rendered by orjson; routers return it to skip a second validation pass."""

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)


__all__ = [
    "JSON",
    "AssetServiceDep",
    "DatabaseDep",
    "NodeCatalogDep",
    "NodeRegistryDep",
    "ProviderHubDep",
    "Request",
    "RunEventFeedDep",
    "RunServiceDep",
    "SettingsDep",
    "UrlSignerDep",
    "UserDep",
    "WorkflowServiceDep",
]
