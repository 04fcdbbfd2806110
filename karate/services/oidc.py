"""OIDC bearer tokens (a Clerk instance, or any OpenID Connect issuer): verified against the issuer's published
keys (JWKS, from its discovery document), with joserfc.

A token is accepted when its signature checks with one of the issuer's keys (RS256 or ES256), `iss` is the
issuer, `aud` names KARATE_OIDC_AUDIENCE when that is set, and it is within `nbf`/`exp` (30 s leeway). Its
subject is the account: the first token of a subject creates one (with the token's `email` when it has
one). Keys are fetched once and again when a token names a key id not seen yet (key rotation), at most
once a minute.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from karate.services.errors import Unauthorized

ALGORITHMS = ("RS256", "ES256")
LEEWAY_S = 30
_REFETCH_S = 60.0


class OidcVerifier:
    """Turns a bearer token into its verified claims: `claims(token)` -> {"sub", "email"?, ...}."""

    def __init__(self, issuer: str, audience: str | None, *, client: httpx.AsyncClient | None = None) -> None:
        self.issuer = issuer.rstrip("/")
        self.audience = audience
        self._client = client
        self._keys: KeySet | None = None
        self._fetched_at = -_REFETCH_S
        self._lock = asyncio.Lock()

    async def claims(self, token: str) -> dict[str, Any]:
        """The token's claims once verified; Unauthorized, saying why, otherwise."""
        keys = await self._key_set(refresh=False)
        try:
            decoded = jwt.decode(token, keys, algorithms=list(ALGORITHMS))
        except ValueError:  # a key id not in the set: the issuer may have rotated its keys
            keys = await self._key_set(refresh=True)
            decoded = self._decode(token, keys)
        except JoseError:
            raise Unauthorized("this bearer token's signature does not check; sign in again") from None
        return self._checked(decoded.claims)

    def _decode(self, token: str, keys: KeySet) -> jwt.Token:
        try:
            return jwt.decode(token, keys, algorithms=list(ALGORITHMS))
        except (ValueError, JoseError):
            raise Unauthorized("this bearer token's signature does not check; sign in again") from None

    def _checked(self, claims: dict[str, Any]) -> dict[str, Any]:
        now = time.time()
        if claims.get("iss", "").rstrip("/") != self.issuer:
            raise Unauthorized("this bearer token is from another issuer than KARATE_OIDC_ISSUER; sign in again")
        if self.audience is not None:
            audience = claims.get("aud")
            audiences = audience if isinstance(audience, list) else [audience]
            if self.audience not in audiences:
                raise Unauthorized("this bearer token is meant for another application; sign in again")
        expires = claims.get("exp")
        if not isinstance(expires, int | float) or expires + LEEWAY_S < now:
            raise Unauthorized("this bearer token has expired; sign in again")
        not_before = claims.get("nbf")
        if isinstance(not_before, int | float) and not_before - LEEWAY_S > now:
            raise Unauthorized("this bearer token is not valid yet; check this machine's clock")
        if not isinstance(claims.get("sub"), str) or not claims["sub"]:
            raise Unauthorized("this bearer token names no subject; sign in again")
        return claims

    async def _key_set(self, *, refresh: bool) -> KeySet:
        async with self._lock:
            stale = time.monotonic() - self._fetched_at >= _REFETCH_S
            if self._keys is None or (refresh and stale):
                self._keys = await self._fetch()
                self._fetched_at = time.monotonic()
            return self._keys

    async def _fetch(self) -> KeySet:
        client = self._client or httpx.AsyncClient(timeout=10)
        try:
            discovery = await client.get(f"{self.issuer}/.well-known/openid-configuration")
            discovery.raise_for_status()
            jwks = await client.get(str(discovery.json()["jwks_uri"]))
            jwks.raise_for_status()
            return KeySet.import_key_set(jwks.json())
        except (httpx.HTTPError, KeyError, ValueError) as error:
            raise Unauthorized(
                f"the sign-in service at {self.issuer} could not be reached to check the token "
                f"({type(error).__name__}); try again shortly"
            ) from None
        finally:
            if self._client is None:
                await client.aclose()
