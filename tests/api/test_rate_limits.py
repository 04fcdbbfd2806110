"""Rate limits of a studio with accounts: sign-in attempts per account and per address, sign-ups, runs, agent
requests and uploads per user and per address; a request over the limit is answered 429 with Retry-After and
says how long to wait. Each client below connects from its own loopback address (127.0.0.x), as different
machines would."""

from __future__ import annotations

import os
import uuid

import httpx
import pytest

from karate.config import Settings
from karate.services.errors import TooManyRequests
from karate.services.rate_limits import Action, Counted, RateLimiter
from tests.api.accounts import PASSWORD, SignedInUser, sign_up, user_fixture, with_accounts
from tests.api.conftest import RunningStudio
from tests.api.helpers import chain_document, png_bytes

LIMIT = 3


@pytest.fixture
def studio_settings(studio_settings: Settings) -> Settings:
    return with_accounts(studio_settings).model_copy(
        update={"login_attempts_per_minute": LIMIT, "requests_per_minute": LIMIT}
    )


alice = user_fixture("alice")


def from_address(studio: RunningStudio, host: int, **kwargs: object) -> httpx.AsyncClient:
    """A client whose requests come from 127.0.0.`host`."""
    transport = httpx.AsyncHTTPTransport(local_address=f"127.0.0.{host}")
    return httpx.AsyncClient(base_url=studio.url, transport=transport, timeout=30, **kwargs)  # type: ignore[arg-type]


def assert_limited(answer: httpx.Response, words: str) -> None:
    assert answer.status_code == 429, answer.text
    wait = int(answer.headers["retry-after"])
    assert 1 <= wait <= 60
    assert answer.json()["detail"] == f"{words}; wait {wait} s"


async def sign_in(client: httpx.AsyncClient, email: str, password: str = "wrong password") -> httpx.Response:
    return await client.post("/api/v1/auth/login", json={"email": email, "password": password})


async def test_sign_in_attempts_on_one_account_are_limited_from_any_address(
    studio: RunningStudio, alice: SignedInUser
) -> None:
    for host in range(2, 2 + LIMIT):
        async with from_address(studio, host) as client:
            assert (await sign_in(client, alice.email)).status_code == 401
    async with from_address(studio, 9) as client:
        refused = await sign_in(client, alice.email, PASSWORD)  # even the right password waits
        assert_limited(refused, "too many sign-in attempts for this account")
        assert (await sign_in(client, "someone-else@example.com")).status_code == 401  # other accounts are not


async def test_sign_in_attempts_from_one_address_are_limited_across_accounts(studio: RunningStudio) -> None:
    async with from_address(studio, 2) as client:
        for index in range(LIMIT):
            assert (await sign_in(client, f"guess{index}@example.com")).status_code == 401
        assert_limited(await sign_in(client, "guess-more@example.com"), "too many sign-in attempts from this address")
    async with from_address(studio, 3) as client:
        assert (await sign_in(client, "guess-more@example.com")).status_code == 401


async def test_sign_ups_from_one_address_are_limited(studio: RunningStudio) -> None:
    async with from_address(studio, 4) as client:
        for _ in range(LIMIT):
            email = f"new-{uuid.uuid4().hex[:8]}@example.com"
            answer = await client.post("/api/v1/auth/signup", json={"email": email, "password": PASSWORD})
            assert answer.status_code == 201
        again = await client.post("/api/v1/auth/signup", json={"email": "late@example.com", "password": PASSWORD})
        assert_limited(again, "too many sign-ups from this address")


async def test_runs_are_limited_per_user_and_per_address(studio: RunningStudio, alice: SignedInUser) -> None:
    upload = await alice.client.post("/api/v1/assets", files={"file": ("a.png", png_bytes(), "image/png")})
    document = chain_document(upload.json()["id"])
    for _ in range(LIMIT):
        assert (await alice.client.post("/api/v1/runs", json={"workflow": document})).status_code == 202
    # alice from another machine: her own allowance is spent
    cookies, headers = alice.client.cookies, {"x-csrf-token": alice.csrf_token}
    async with from_address(studio, 5, cookies=cookies, headers=headers) as elsewhere:
        assert_limited(
            await elsewhere.post("/api/v1/runs", json={"workflow": document}), "too many runs for this account"
        )
    # bob from alice's machine: the address's allowance is spent
    bob = await sign_up(studio.url, "bob")
    try:
        answer = await bob.client.post("/api/v1/runs", json={"workflow": document})
        assert_limited(answer, "too many runs from this address")
    finally:
        await bob.client.aclose()


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("/api/v1/assets", "too many uploads from this address"),
        ("/api/v1/ai/infer", "too many agent requests from this address"),
        (f"/api/v1/agents/support/{'0' * 32}/replies", "too many agent requests from this address"),
    ],
)
async def test_uploads_and_agent_requests_are_limited(alice: SignedInUser, path: str, words: str) -> None:
    # every request counts, whether or not it is then accepted
    sent = [await alice.client.post(path, json={}) for _ in range(LIMIT)]
    assert all(answer.status_code == 422 for answer in sent)
    assert_limited(await alice.client.post(path, json={}), words)


REDIS_URL = os.environ.get("KARATE_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.mark.redis
async def test_servers_sharing_redis_share_the_count() -> None:
    settings = Settings(redis_url=REDIS_URL, login_attempts_per_minute=2)
    first, second = RateLimiter(settings, enabled=True), RateLimiter(settings, enabled=True)
    if not await first.storage.check():
        pytest.fail(f"Redis not reachable at {REDIS_URL}; start it or set KARATE_TEST_REDIS_URL", pytrace=False)
    key = uuid.uuid4().hex
    try:
        await first.hit(Action.SIGN_IN, Counted.ACCOUNT, key)
        await second.hit(Action.SIGN_IN, Counted.ACCOUNT, key)
        with pytest.raises(TooManyRequests) as refused:
            await first.hit(Action.SIGN_IN, Counted.ACCOUNT, key)
        assert 1 <= refused.value.retry_after <= 60
        await second.hit(Action.SIGN_IN, Counted.ACCOUNT, uuid.uuid4().hex)  # another account is not limited
    finally:
        await first.aclose()
        await second.aclose()
