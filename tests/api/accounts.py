"""Signing users up in tests of a studio with accounts: each user is an httpx client carrying its session
cookie and CSRF token, as a browser tab would."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import httpx
import pytest

from karate.config import Settings

PASSWORD = "correct horse battery"


@dataclass
class SignedInUser:
    id: str
    email: str
    client: httpx.AsyncClient
    csrf_token: str


def with_accounts(settings: Settings) -> Settings:
    return settings.model_copy(update={"auth": True})


async def sign_up(base_url: str, name: str = "user", *, hooks: dict[str, list[object]] | None = None) -> SignedInUser:
    """A new account signed in on its own client (close it with `await user.client.aclose()`)."""
    email = f"{name}-{uuid.uuid4().hex[:8]}@example.com"
    client = httpx.AsyncClient(base_url=base_url, timeout=30, event_hooks=hooks or {})  # type: ignore[arg-type]
    answer = await client.post("/api/v1/auth/signup", json={"email": email, "password": PASSWORD, "name": name})
    if answer.status_code != 201:
        await client.aclose()
        pytest.fail(f"sign-up failed: {answer.status_code} {answer.text}")
    body = answer.json()
    client.headers["x-csrf-token"] = body["csrf_token"]
    return SignedInUser(body["user"]["id"], email, client, body["csrf_token"])
