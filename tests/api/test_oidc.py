"""OIDC bearer tokens (Clerk's, or any issuer's): verified against the issuer's published keys; the first
token of a subject makes its account; expired, tampered, foreign and mis-addressed tokens are refused."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from joserfc.jwk import RSAKey

from karate.config import Settings
from tests.api.accounts import with_accounts
from tests.api.oidc_issuer import LocalIssuer


@pytest.fixture(scope="module")
def issuer() -> Iterator[LocalIssuer]:
    local = LocalIssuer()
    with local.server:
        yield local


@pytest.fixture
def studio_settings(studio_settings: Settings, issuer: LocalIssuer) -> Settings:
    return with_accounts(studio_settings).model_copy(
        update={"oidc_issuer": issuer.url, "oidc_audience": "karate-studio"}
    )


def _bearer(token: str) -> dict[str, str]:
    return {"authorization": f"Bearer {token}"}


async def test_a_valid_token_signs_its_subject_in_and_keeps_one_account(
    client: httpx.AsyncClient, issuer: LocalIssuer
) -> None:
    token = issuer.token("user_2abc", email="ada@example.com", name="Ada")
    me = await client.get("/api/v1/auth/me", headers=_bearer(token))
    assert me.status_code == 200, me.text
    assert me.json()["email"] == "ada@example.com" and me.json()["name"] == "Ada"
    made = await client.post("/api/v1/workflows", json={"title": "by token"}, headers=_bearer(token))
    assert made.status_code == 201  # no CSRF token needed: a bearer token is not a cookie
    again = await client.get("/api/v1/auth/me", headers=_bearer(issuer.token("user_2abc")))
    assert again.json()["id"] == me.json()["id"]


@pytest.mark.parametrize(
    "case",
    ["expired", "tampered", "other issuer", "other audience", "unknown key", "garbage"],
)
async def test_a_bad_token_is_refused_in_words(client: httpx.AsyncClient, issuer: LocalIssuer, case: str) -> None:
    stranger = RSAKey.generate_key(2048, parameters={"kid": issuer.key.kid}, private=True)
    tokens = {
        "expired": issuer.token("user_x", exp=1_700_000_000),
        "tampered": issuer.token("user_x")[:-4] + "AAAA",
        "other issuer": issuer.token("user_x", iss="https://evil.example.com"),
        "other audience": issuer.token("user_x", aud="another-app"),
        "unknown key": issuer.token("user_x", key=stranger),  # the issuer's key id, someone else's key
        "garbage": "not-a-token",
    }
    answer = await client.get("/api/v1/workflows", headers=_bearer(tokens[case]))
    assert answer.status_code == 401, answer.text
    assert "sign in again" in answer.json()["detail"]


async def test_a_rotated_key_is_fetched_once_and_accepted(client: httpx.AsyncClient, issuer: LocalIssuer) -> None:
    assert (await client.get("/api/v1/auth/me", headers=_bearer(issuer.token("user_r")))).status_code == 200
    issuer.rotate()
    fetched = issuer.jwks_fetches
    answer = await client.get("/api/v1/auth/me", headers=_bearer(issuer.token("user_r")))
    assert answer.status_code == 200, answer.text
    assert issuer.jwks_fetches == fetched + 1
