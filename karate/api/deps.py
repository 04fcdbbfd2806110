"""Request dependencies: the running studio and the user a request acts for."""

from __future__ import annotations

from typing import Annotated, Any

import orjson
from fastapi import Depends, Request
from fastapi.responses import Response
from starlette.requests import HTTPConnection

from karate.services.studio import Studio


# Dependencies are `async def` on purpose: FastAPI runs plain `def` dependencies in a thread pool,
# which costs more than the whole request on these hot paths.
async def get_studio(connection: HTTPConnection) -> Studio:
    return connection.app.state.studio  # type: ignore[no-any-return]


async def current_user(connection: HTTPConnection) -> str:
    """Local mode: the studio listens on loopback only and every request acts for the local owner."""
    return connection.app.state.studio.local_owner_id  # type: ignore[no-any-return]


StudioDep = Annotated[Studio, Depends(get_studio)]
UserDep = Annotated[str, Depends(current_user)]

ID_PATTERN = r"^[0-9a-f]{32}$"


class JSON(Response):
    """A JSON response rendered by orjson; routers return it to skip a second validation pass."""

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)


__all__ = ["JSON", "Request", "StudioDep", "UserDep"]
