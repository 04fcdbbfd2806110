"""What keeps other web pages away from the studio, which has no login in local mode: it answers only under
its own host names (against DNS rebinding), takes requests only from its own pages and the origins named in
KARATE_ALLOWED_ORIGINS and KARATE_CORS_ORIGINS (against cross-site requests and WebSocket hijacking), and
every answer carries the security headers (no framing, no MIME sniffing, no referrer to other sites)."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable
from html.parser import HTMLParser
from typing import Any

import orjson
from starlette.datastructures import URL, Headers, MutableHeaders
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol

#: The names a loopback-bound studio is reached at; KARATE_ALLOWED_HOSTS adds to them.
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]")

_DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443}
_WEB_SCHEMES = {"ws": "http", "wss": "https"}
_TRUSTED = "karate.trusted_host"


def trusted_hosts(allowed_hosts: Iterable[str], bound_host: str | None = None) -> list[str]:
    """The host names (no port) requests may name in `Host`: loopback, the bound host and the allowed ones.
    IPv6 addresses are written in brackets, as they appear in a Host header."""
    names = [*LOOPBACK_HOSTS, *([bound_host] if bound_host else []), *allowed_hosts]
    bracketed = (f"[{name}]" if ":" in name and not name.startswith("[") else name for name in names)
    return list(dict.fromkeys(name.strip().lower() for name in bracketed if name.strip()))


async def refuse(scope: Scope, receive: Receive, send: Send, status: int, detail: str, code: str) -> None:
    """Answer with a JSON error `{detail, code}`. A WebSocket handshake gets it as its denial response where
    the server supports that (uvicorn does); otherwise the handshake is closed, which answers 403."""
    if scope["type"] == "websocket" and "websocket.http.response" not in scope.get("extensions", {}):
        await send({"type": "websocket.close", "code": 1008, "reason": code})
        return
    response = Response(
        orjson.dumps({"detail": detail, "code": code}), status_code=status, media_type="application/json"
    )
    await response(scope, receive, send)
    if scope["type"] == "websocket":
        _handshake_denied(receive)


def _handshake_denied(receive: Receive) -> None:
    """uvicorn's websockets-sansio protocol (what `karate serve` runs; 0.54) does not count a denial response as the
    handshake's end, so after each it logged "ASGI callable returned without completing handshake" at ERROR
    (Kludex/uvicorn#3138, not merged): marked ended, as its wsproto protocol does. Elsewhere nothing to do."""
    protocol = getattr(receive, "__self__", None)  # the server's connection, when it is that protocol's
    if isinstance(protocol, WebSocketsSansIOProtocol) and protocol.initial_response is not None:
        protocol.handshake_complete = True


class TrustedHosts:
    """Refuse requests whose Host header is not one of the studio's names (DNS rebinding: a page whose name
    now resolves to 127.0.0.1 sends its own name). Starlette's TrustedHostMiddleware decides; this class
    words the refusal as the API's JSON errors do and says which setting to change. `GET /health` and `GET /ready`
    answer under any name: a load balancer's health checks name the server by its address, and these two say
    only whether the process and what it depends on are up."""

    def __init__(self, app: ASGIApp, hosts: list[str]) -> None:
        self.app = app
        self.hosts = hosts
        self._decide = TrustedHostMiddleware(_mark_trusted, allowed_hosts=hosts, www_redirect=False)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        await self._decide(scope, receive, _discard)
        if scope.pop(_TRUSTED, False) or _is_health_check(scope):
            await self.app(scope, receive, send)
            return
        host = Headers(scope=scope).get("host", "")
        names = ", ".join(self.hosts)
        detail = (
            f"this studio does not answer to the host name {host!r}; it answers only at {names}. To reach "
            "it under another name, add that name to KARATE_ALLOWED_HOSTS (comma-separated)"
        )
        await refuse(scope, receive, send, 400, detail, "untrusted_host")


_HEALTH_PATHS = ("/health", "/ready")


def _is_health_check(scope: Scope) -> bool:
    return scope["type"] == "http" and scope["method"] in ("GET", "HEAD") and scope["path"] in _HEALTH_PATHS


async def _mark_trusted(scope: Scope, receive: Receive, send: Send) -> None:
    scope[_TRUSTED] = True


async def _discard(message: Message) -> None:
    """TrustedHostMiddleware's own plain-text refusal goes nowhere; TrustedHosts sends a worded one."""


def _origin_key(url: URL) -> tuple[str, str, int] | None:
    scheme = _WEB_SCHEMES.get(url.scheme, url.scheme)
    if scheme not in ("http", "https") or not url.hostname:
        return None
    return scheme, url.hostname.lower(), url.port or _DEFAULT_PORTS[scheme]


class SameOriginOnly:
    """Refuse requests that a page from another origin makes: any request whose `Origin` header names
    another site, WebSocket handshakes included (browsers send no CORS preflight for those, nor for simple
    POSTs). Requests without `Origin` (the CLI, curl, scripts) and the studio's own pages pass;
    KARATE_ALLOWED_ORIGINS adds origins (e.g. a development server). `open_posts`: paths any page may POST to,
    those that act on a token in the request alone, never on the caller's cookies (an email's unsubscribe link)."""

    def __init__(self, app: ASGIApp, allowed_origins: Iterable[str] = (), open_posts: Iterable[str] = ()) -> None:
        self.app = app
        self.allowed = {key for key in (_origin_key(URL(origin)) for origin in allowed_origins) if key}
        self.open_posts = frozenset(open_posts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket") and not self._open(scope):
            origin = Headers(scope=scope).get("origin")
            if origin is not None and not self.permits(origin, scope):
                detail = (
                    f"requests from pages at {origin} are refused: only the studio's own pages may use it. "
                    "To allow another page, add its origin to KARATE_ALLOWED_ORIGINS (comma-separated)"
                )
                await refuse(scope, receive, send, 403, detail, "foreign_origin")
                return
        await self.app(scope, receive, send)

    def _open(self, scope: Scope) -> bool:
        return scope["type"] == "http" and scope["method"] == "POST" and scope["path"] in self.open_posts

    def permits(self, origin: str, scope: Scope) -> bool:
        key = _origin_key(URL(origin))
        return key is not None and (key == _origin_key(URL(scope=scope)) or key in self.allowed)


# --- pages --------------------------------------------------------------------------------------------

_PAGE_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self' 'unsafe-inline'",  # React and xyflow position things with inline styles
    "img-src": "'self' data: blob:",
    "media-src": "'self' blob:",
    "font-src": "'self' data:",
    "connect-src": "'self' blob:",
    "worker-src": "'self' blob:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


class _InlineScripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.scripts: list[str] = []
        self._current: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script" and not any(name == "src" for name, _ in attrs):
            self._current = []

    def handle_data(self, data: str) -> None:
        if self._current is not None:
            self._current.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._current is not None:
            self.scripts.append("".join(self._current))
            self._current = None


def page_policy(html: str = "") -> str:
    """The Content-Security-Policy for an HTML page: only the studio's own files, never framed; the page's
    own inline scripts are allowed by their sha256 hashes, and no other inline script runs."""
    parser = _InlineScripts()
    parser.feed(html)
    parser.close()
    hashes = [base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() for script in parser.scripts]
    policy = dict(_PAGE_POLICY)
    policy["script-src"] = " ".join(["'self'", *(f"'sha256-{digest}'" for digest in hashes)])
    return "; ".join(f"{name} {value}" for name, value in policy.items())


_BASE_PAGE_POLICY = page_policy()


#: Browser features the studio never uses, turned off for its pages and anything they embed.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
#: Browsers reach the studio only over https for a year once they have seen it so (sent over https only).
STRICT_TRANSPORT = "max-age=31536000"


class PageHeaders:
    """Security headers on every answer: no response may be framed by another site (X-Frame-Options, and CSP
    frame-ancestors for pages), nor have its type guessed (nosniff); links to other sites send no referrer, so
    signed asset URLs stay here (Referrer-Policy); camera, microphone and the like are off; over https,
    Strict-Transport-Security. An HTML response without its own policy gets the page policy, which runs no
    inline script."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("X-Frame-Options", "DENY")
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("Referrer-Policy", "same-origin")
                headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
                if scope.get("scheme") == "https":
                    headers.setdefault("Strict-Transport-Security", STRICT_TRANSPORT)
                if headers.get("content-type", "").startswith("text/html"):
                    headers.setdefault("Content-Security-Policy", _BASE_PAGE_POLICY)
            await send(message)

        await self.app(scope, receive, send_with_headers)


class UnsafeCorsOrigins(ValueError):
    """KARATE_CORS_ORIGINS names a wildcard or something that is not a web origin."""


def cors_origins(origins: Iterable[str]) -> list[str]:
    """The origins (scheme://host[:port]) whose pages may call the API with the user's credentials (CORS).
    Each is named exactly: "*" (any site at all, with the user's cookies) is refused, as is anything that is
    not an http(s) origin, with UnsafeCorsOrigins saying what to write instead."""
    checked = []
    for origin in origins:
        url = URL(origin.strip().rstrip("/"))
        if "*" in origin or url.scheme not in ("http", "https") or not url.hostname or url.path or url.query:
            raise UnsafeCorsOrigins(
                f"KARATE_CORS_ORIGINS may name only exact web origins such as https://app.example.com, not "
                f"{origin!r}: a wildcard would let any site call the studio with its users' sign-ins"
            )
        checked.append(f"{url.scheme}://{url.netloc}")
    return checked


def html_headers(html: str, **extra: Any) -> dict[str, str]:
    """Headers for serving `html`: its Content-Security-Policy, plus `extra`."""
    return {"Content-Security-Policy": page_policy(html), **extra}
