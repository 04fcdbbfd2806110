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
import logging
import time
from typing import Any

import httpx
from joserfc import jws, jwt
from joserfc.errors import InvalidKeyIdError, JoseError
from joserfc.jwk import KeySet

from karate.services.errors import Unauthorized

log = logging.getLogger(__name__)

ALGORITHMS = ("RS256", "ES256")
LEEWAY_S = 30
_REFETCH_S = 60.0


def _key_id(token: str) -> str:
    """The `kid` a token's header names ("" when it names none or cannot be read)."""
    try:
        return str(jws.extract_compact(token.encode()).protected.get("kid", ""))
    except (JoseError, ValueError):
        return ""


class OidcVerifier:
    """Turns a bearer token into its verified claims: `claims(token)` -> {"sub", "email"?, ...}."""

    def __init__(self, issuer: str, audience: str | None, *, client: httpx.AsyncClient | None = None) -> None:
        self.issuer = issuer.rstrip("/")
        self.audience = audience
        self._client = client
        self._keys: KeySet | None = None
        self._refreshed_at = -_REFETCH_S
        self._missing: dict[str, float] = {}  # key ids a fetch did not have, and when
        self._lock = asyncio.Lock()

    async def claims(self, token: str) -> dict[str, Any]:
        """The token's claims once verified; Unauthorized, saying why, otherwise."""
        keys = await self._key_set(refresh=None)
        try:
            decoded = jwt.decode(token, keys, algorithms=list(ALGORITHMS))
        except InvalidKeyIdError:  # a key id not in the set: the issuer may have rotated its keys
            decoded = self._decode(token, await self._key_set(refresh=_key_id(token)))
        except (JoseError, ValueError):
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

    async def _key_set(self, *, refresh: str | None) -> KeySet:
        """The issuer's keys; fetched again for a key id not seen yet (`refresh`), unless that id was already
        missing from a fetch in the last minute, and at most once a second: made-up key ids cannot make the
        studio hammer the issuer."""
        async with self._lock:
            now = time.monotonic()
            missing_lately = now - self._missing.get(refresh or "", -_REFETCH_S) < _REFETCH_S
            if self._keys is None or (refresh and not missing_lately and now - self._refreshed_at >= 1.0):
                self._keys = await self._fetch()
                if refresh:
                    self._refreshed_at = time.monotonic()
                    if not any(key.kid == refresh for key in self._keys.keys):
                        self._missing[refresh] = self._refreshed_at
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
            log.warning("the keys of the sign-in service at %s could not be read: %r", self.issuer, error)
            raise Unauthorized(
                f"the sign-in service at {self.issuer} could not be reached to check the token; try again shortly"
            ) from None
        finally:
            if self._client is None:
                await client.aclose()
