"""HTTP latency for /metrics: an ASGI middleware that times every HTTP request and labels it with the route
template it matched (`/api/v1/runs/{run_id}`), never the raw path, so the series stay few."""

from __future__ import annotations

import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from karate.observability.logs import request_scope, serve_request
from karate.observability.metrics import HTTP_REQUEST_DURATION

#: The label of requests no route matched (refused before routing, or unknown paths).
UNMATCHED = "unmatched"
#: Methods labelled by name; any other a client invents is "other" (a label value per invented word would
#: let clients grow the series without bound).
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


class RequestMetrics:
    """Observes karate_http_request_duration_seconds{route, method, status} once each answer is sent (for a
    stream, once it ends). Add it last, so that it is outermost and also times the requests the other
    middleware refuse. A request that fails without an answer counts as status 500. It also makes the request's
    scope the one log lines take their user from."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500
        scope_token = serve_request(scope)  # log lines name the request's user (karate.observability.logs)

        async def send_and_note(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_and_note)
        finally:
            request_scope.reset(scope_token)
            route = route_template(scope)
            method = scope["method"] if scope["method"] in _METHODS else "other"
            HTTP_REQUEST_DURATION.labels(route, method, str(status)).observe(time.perf_counter() - started)


def route_template(scope: Scope) -> str:
    """The template of the route that answered (`/api/v1/runs/{run_id}`): the matched route's own template
    after the part of the path its routers' prefixes took. Routers nested with include_router may hand over
    a route whose template is relative to them (`/runs/{run_id}`); the prefix is the left part of the path
    before the route's pattern matches, which is never a parameter's value."""
    route = scope.get("route")
    template = getattr(route, "path_format", None)
    pattern = getattr(route, "path_regex", None)
    if not template or pattern is None:
        return UNMATCHED
    path: str = scope.get("path", "")
    for index, char in enumerate(path):
        if char == "/" and pattern.match(path[index:]):
            return path[:index] + str(template)
    return str(template)
