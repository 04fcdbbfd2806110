"""Signing users up in tests of a studio with accounts: each user is an httpx client carrying its session
cookie and CSRF token, as a browser tab would."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from karate.config import Settings
from tests.api.conftest import RunningStudio

PASSWORD = "correct horse battery"


@dataclass
class SignedInUser:
    id: str
    email: str
    client: httpx.AsyncClient
    csrf_token: str


def with_accounts(settings: Settings) -> Settings:
    return settings.model_copy(update={"auth": True})


def accounts_mode() -> Any:
    """The `studio_settings` fixture of a test module whose studio runs with accounts, as
    `studio_settings = accounts_mode()`; a test marked `@local_mode` gets a studio in local mode instead."""

    @pytest.fixture(name="studio_settings")
    def settings(studio_settings: Settings, request: pytest.FixtureRequest) -> Settings:
        return studio_settings if getattr(request, "param", None) == "local" else with_accounts(studio_settings)

    return settings


local_mode = pytest.mark.parametrize("studio_settings", ["local"], indirect=True)


def user_fixture(name: str) -> Any:
    """A fixture named `name`: a user signed up as `name` on the test's studio, its client closed after the test:
    `alice = user_fixture("alice")`."""

    @pytest.fixture(name=name)
    async def user(studio: RunningStudio) -> AsyncIterator[SignedInUser]:
        signed_up = await sign_up(studio.url, name)
        yield signed_up
        await signed_up.client.aclose()

    return user


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
