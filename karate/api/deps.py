"""Request dependencies: the parts of the running studio a handler uses (`RunServiceDep`, ...), each named
and typed, and the user a request acts for."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request
from fastapi.responses import Response
from starlette.requests import HTTPConnection

from karate import json_bytes
from karate.agents.service import Planner
from karate.api.streams import ServerStop
from karate.collab.activity import WorkflowActivity
from karate.collab.comments import CommentService
from karate.collab.versions import VersionService
from karate.config import Settings
from karate.db import Database
from karate.engine.registry import NodeRegistry
from karate.providers import ProviderHub
from karate.services.accounts import API_KEY_HEADER, CSRF_HEADER, SESSION_COOKIE, AccountService, csrf_matches
from karate.services.agent_jobs import AgentJobQueue
from karate.services.assets import AssetService
from karate.services.billing import Billing
from karate.services.credits import CreditService
from karate.services.credits_estimate import RunPricer
from karate.services.errors import CsrfRejected, Forbidden, Unauthorized
from karate.services.identity import Principal
from karate.services.live import RunEventFeed
from karate.services.password_resets import PasswordResets
from karate.services.runs import RunService
from karate.services.sharing import ShareService
from karate.services.signing import UrlSigner
from karate.services.studio import Studio
from karate.services.support import SupportDesk
from karate.services.support_threads import TicketThreads
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


async def _server_stop(connection: HTTPConnection) -> ServerStop:
    return connection.app.state.server_stop  # type: ignore[no-any-return]  # the app's lifespan sets it


_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


async def optional_principal(connection: HTTPConnection) -> Principal | None:
    """Who the request acts for, from verified credentials only; None when it carries none (signed out).
    Local mode: always the local owner. Accounts mode: the session cookie, else `x-api-key`, else an OIDC
    bearer token. Invalid or expired credentials are refused (401), not ignored; a session-authenticated
    write without its CSRF token is refused (403). Worked out once per request."""
    cached = connection.scope.get("karate.principal", _UNSET)
    if cached is not _UNSET:
        return cached  # type: ignore[no-any-return]  # set below, always a Principal or None
    principal = await _authenticate(connection, _studio(connection))
    connection.scope["karate.principal"] = principal
    return principal


async def _authenticate(connection: HTTPConnection, studio: Studio) -> Principal | None:
    if studio.local_principal is not None:
        return studio.local_principal
    accounts = studio.accounts
    key = connection.headers.get(API_KEY_HEADER)
    if key:
        principal = await accounts.from_api_key(key)
        if principal is None:
            raise Unauthorized("this API key is not valid (revoked or mistyped); create one in your account")
        return principal
    authorization = connection.headers.get("authorization", "")
    if authorization.lower().startswith("bearer "):
        if studio.oidc is None:
            raise Unauthorized("this studio takes no bearer tokens (KARATE_OIDC_ISSUER is not set); sign in")
        claims = await studio.oidc.claims(authorization[7:].strip())
        return await accounts.from_oidc(studio.oidc.issuer, claims)
    token = connection.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    principal = await accounts.from_session(token)
    if principal is None:
        raise Unauthorized("your sign-in has expired; sign in again")
    method = connection.scope.get("method", "GET")  # a WebSocket handshake is a GET
    sent = connection.headers.get(CSRF_HEADER)
    if method not in _SAFE_METHODS and not csrf_matches(principal, sent):
        if not sent:  # the studio's pages always send it: this is a script using the session cookie
            raise CsrfRejected(
                f"a change made with the sign-in cookie needs the {CSRF_HEADER} header the sign-in answered with; "
                "a script is better off with an API key (create one in your account, send it as x-api-key)"
            )
        raise CsrfRejected("this page's sign-in is out of date (you signed in again elsewhere); reload the page")
    return principal


async def require_principal(principal: Annotated[Principal | None, Depends(optional_principal)]) -> Principal:
    if principal is None:
        raise Unauthorized("sign in to use the studio (or send an API key as x-api-key)")
    return principal


async def require_admin(principal: Annotated[Principal, Depends(require_principal)]) -> Principal:
    if not principal.is_admin:
        raise Forbidden("only an admin may do this; ask one of the studio's admins")
    return principal


async def require_staff(principal: Annotated[Principal, Depends(require_principal)]) -> Principal:
    if not principal.is_staff:
        raise Forbidden("only staff and admins may use the agents' job queue; ask an admin for the staff role")
    return principal


async def _user_id(principal: Annotated[Principal, Depends(require_principal)]) -> str:
    return principal.user_id


_UNSET = object()

#: The verified caller, or None when signed out (for what a public link may read).
OptionalPrincipalDep = Annotated[Principal | None, Depends(optional_principal)]
#: The verified caller; 401 when signed out.
PrincipalDep = Annotated[Principal, Depends(require_principal)]
#: An admin (or local mode's owner); 403 for anyone else.
AdminDep = Annotated[Principal, Depends(require_admin)]
#: Staff or an admin (in local mode the machine's owner).
StaffDep = Annotated[Principal, Depends(require_staff)]
#: The id of the user a request acts for (the local owner in local mode); 401 when signed out.
UserDep = Annotated[str, Depends(_user_id)]
AccountServiceDep = Annotated[AccountService, Depends(_from_studio(lambda studio: studio.accounts))]
BillingDep = Annotated[Billing, Depends(_from_studio(lambda studio: studio.billing))]
PasswordResetsDep = Annotated[PasswordResets, Depends(_from_studio(lambda studio: studio.password_resets))]
SettingsDep = Annotated[Settings, Depends(_from_studio(lambda studio: studio.settings))]


async def _site_url(request: Request) -> str:
    """The studio's address for the links it mails: KARATE_PUBLIC_URL, else the address this request came to."""
    return _studio(request).settings.public_url or str(request.base_url)


SiteUrlDep = Annotated[str, Depends(_site_url)]
DatabaseDep = Annotated[Database, Depends(_from_studio(lambda studio: studio.database))]
RunServiceDep = Annotated[RunService, Depends(_from_studio(lambda studio: studio.runs))]
CreditServiceDep = Annotated[CreditService, Depends(_from_studio(lambda studio: studio.credits))]
RunPricerDep = Annotated[RunPricer, Depends(_from_studio(lambda studio: studio.pricer))]
WorkflowServiceDep = Annotated[WorkflowService, Depends(_from_studio(lambda studio: studio.workflows))]
ShareServiceDep = Annotated[ShareService, Depends(_from_studio(lambda studio: studio.sharing))]
AssetServiceDep = Annotated[AssetService, Depends(_from_studio(lambda studio: studio.assets))]
UrlSignerDep = Annotated[UrlSigner, Depends(_from_studio(lambda studio: studio.signer))]
RunEventFeedDep = Annotated[RunEventFeed, Depends(_from_studio(lambda studio: studio.events))]
ProviderHubDep = Annotated[ProviderHub, Depends(_from_studio(lambda studio: studio.providers))]
PlannerDep = Annotated[Planner, Depends(_from_studio(lambda studio: studio.planner))]
SupportDeskDep = Annotated[SupportDesk, Depends(_from_studio(lambda studio: studio.support))]
TicketThreadsDep = Annotated[TicketThreads, Depends(_from_studio(lambda studio: studio.support_threads))]
AgentJobQueueDep = Annotated[AgentJobQueue, Depends(_from_studio(lambda studio: studio.agent_jobs))]
NodeRegistryDep = Annotated[NodeRegistry, Depends(_from_studio(lambda studio: studio.registry))]
VersionServiceDep = Annotated[VersionService, Depends(_from_studio(lambda studio: studio.versions))]
CommentServiceDep = Annotated[CommentService, Depends(_from_studio(lambda studio: studio.comments))]
WorkflowActivityDep = Annotated[WorkflowActivity, Depends(_from_studio(lambda studio: studio.activity))]
# Begun when the server starts to stop: open event streams end then (karate.api.streams).
ServerStopDep = Annotated[ServerStop, Depends(_server_stop)]
# The node catalog as JSON bytes (made once per studio).
NodeCatalogDep = Annotated[bytes, Depends(_from_studio(lambda studio: studio.node_catalog()))]

ID_PATTERN = r"^[0-9a-f]{32}$"


class JSON(Response):
    """A JSON response rendered by orjson; routers return it to skip a second validation pass."""

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return json_bytes.dumps(content)


__all__ = [
    "JSON",
    "AccountServiceDep",
    "AdminDep",
    "BillingDep",
    "CommentServiceDep",
    "PasswordResetsDep",
    "OptionalPrincipalDep",
    "PrincipalDep",
    "AssetServiceDep",
    "CreditServiceDep",
    "DatabaseDep",
    "NodeCatalogDep",
    "NodeRegistryDep",
    "PlannerDep",
    "SupportDeskDep",
    "SiteUrlDep",
    "TicketThreadsDep",
    "AgentJobQueueDep",
    "StaffDep",
    "ProviderHubDep",
    "Request",
    "RunPricerDep",
    "RunEventFeedDep",
    "RunServiceDep",
    "ServerStopDep",
    "SettingsDep",
    "ShareServiceDep",
    "UrlSignerDep",
    "UserDep",
    "VersionServiceDep",
    "WorkflowActivityDep",
    "WorkflowServiceDep",
]
