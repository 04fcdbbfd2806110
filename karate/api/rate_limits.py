"""Rate limits as route dependencies: `limited(Action.RUN)` counts a request per caller's address and per
signed-in user, `limited_by_address(Action.SIGN_UP)` per address only (for routes used signed out). A request
over the limit is answered 429 with Retry-After (karate.services.rate_limits). The address is the socket
peer's: headers a client sets (X-Forwarded-For) are not trusted."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends
from starlette.requests import HTTPConnection

from karate.api.deps import OptionalPrincipalDep, _from_studio
from karate.api.schemas import ErrorBody
from karate.services.rate_limits import Action, Counted, RateLimiter

RateLimiterDep = Annotated[RateLimiter, Depends(_from_studio(lambda studio: studio.rate_limits))]

#: The answer documented on every rate-limited route.
RATE_LIMITED: dict[int | str, dict[str, Any]] = {
    429: {"model": ErrorBody, "description": "Too many requests this minute; Retry-After says how many seconds to wait"}
}


def client_address(connection: HTTPConnection) -> str:
    """The address a request came from: the socket peer."""
    return connection.client.host if connection.client else "unknown"


def limited_by_address(action: Action) -> Any:  # FastAPI types Depends(...) as Any
    """A dependency counting `action` per client address."""

    async def dependency(connection: HTTPConnection, limiter: RateLimiterDep) -> None:
        await limiter.hit(action, Counted.ADDRESS, client_address(connection))

    return Depends(dependency)


def limited(action: Action) -> Any:  # FastAPI types Depends(...) as Any
    """A dependency counting `action` per client address and per signed-in user."""

    async def dependency(connection: HTTPConnection, limiter: RateLimiterDep, principal: OptionalPrincipalDep) -> None:
        await limiter.hit(action, Counted.ADDRESS, client_address(connection))
        if principal is not None:
            await limiter.hit(action, Counted.ACCOUNT, principal.user_id)

    return Depends(dependency)


RUN_LIMIT = limited(Action.RUN)
AGENT_LIMIT = limited(Action.AGENT)
UPLOAD_LIMIT = limited(Action.UPLOAD)
