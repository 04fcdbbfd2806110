"""A local OpenID Connect issuer for tests: its discovery document and published keys (JWKS) over HTTP, and
tokens signed with its key, as a Clerk instance issues them. `rotate()` publishes a new key."""

from __future__ import annotations

import itertools
import time
from typing import Any

from fastapi import FastAPI
from joserfc import jwt
from joserfc.jwk import RSAKey

from tests.local_server import LocalServer


class LocalIssuer:
    def __init__(self) -> None:
        self._kids = itertools.count(1)
        self.key = self._new_key()
        self.jwks_fetches = 0
        self.app = FastAPI()
        self.app.add_api_route("/.well-known/openid-configuration", self._discovery, methods=["GET"])
        self.app.add_api_route("/.well-known/jwks.json", self._jwks, methods=["GET"])
        self.server = LocalServer(self.app, "the local issuer")

    def _new_key(self) -> RSAKey:
        return RSAKey.generate_key(2048, parameters={"kid": f"key-{next(self._kids)}"}, private=True)

    @property
    def url(self) -> str:
        return self.server.url

    def rotate(self) -> None:
        self.key = self._new_key()

    async def _discovery(self) -> dict[str, Any]:
        return {"issuer": self.url, "jwks_uri": f"{self.url}/.well-known/jwks.json"}

    async def _jwks(self) -> dict[str, Any]:
        self.jwks_fetches += 1
        return {"keys": [self.key.as_dict(private=False)]}

    def token(self, subject: str, *, key: RSAKey | None = None, **claims: Any) -> str:
        """A signed token for `subject`, valid for five minutes unless `claims` say otherwise."""
        now = int(time.time())
        key = key or self.key
        body = {"iss": self.url, "sub": subject, "iat": now, "exp": now + 300, "aud": "karate-studio", **claims}
        return jwt.encode({"alg": "RS256", "kid": key.kid}, body, key)
