"""Request dependencies: the parts of the running studio a handler uses (`RunServiceDep`, ...), each named
and typed, and the user a request acts for."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Annotated, Any, TypeVar

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

T = TypeVar("T")


def _studio(connection: HTTPConnection) -> Studio:
    return connection.app.state.studio  # type: ignore[no-any-return]  # app.state is untyped; create_app sets it


def _from_studio(part: Callable[[Studio], T]) -> Callable[[HTTPConnection], Coroutine[Any, Any, T]]:
    """A dependency giving one part of the running studio. It is an `async def` on purpose: FastAPI runs
    plain `def` dependencies in a thread pool, which costs more than the whole request on these hot paths."""

    async def dependency(connection: HTTPConnection) -> T:
        return part(_studio(connection))

    return dependency


# Local mode: the studio listens on loopback only and every request acts for the local owner.
UserDep = Annotated[str, Depends(_from_studio(lambda studio: studio.local_owner_id))]
SettingsDep = Annotated[Settings, Depends(_from_studio(lambda studio: studio.settings))]
DatabaseDep = Annotated[Database, Depends(_from_studio(lambda studio: studio.database))]
RunServiceDep = Annotated[RunService, Depends(_from_studio(lambda studio: studio.runs))]
WorkflowServiceDep = Annotated[WorkflowService, Depends(_from_studio(lambda studio: studio.workflows))]
AssetServiceDep = Annotated[AssetService, Depends(_from_studio(lambda studio: studio.assets))]
UrlSignerDep = Annotated[UrlSigner, Depends(_from_studio(lambda studio: studio.signer))]
RunEventFeedDep = Annotated[RunEventFeed, Depends(_from_studio(lambda studio: studio.events))]
ProviderHubDep = Annotated[ProviderHub, Depends(_from_studio(lambda studio: studio.providers))]
NodeRegistryDep = Annotated[NodeRegistry, Depends(_from_studio(lambda studio: studio.registry))]
# The node catalog as JSON bytes (made once per studio).
NodeCatalogDep = Annotated[bytes, Depends(_from_studio(lambda studio: studio.node_catalog()))]

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
