"""Buying credits with Stripe: a Checkout Session with the price and the buyer, and a webhook that credits a
paid session once, however often Stripe delivers the event."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import httpx
import pytest
from pydantic import SecretStr

from karate.config import Settings
from tests.api.accounts import SignedInUser, user_fixture, with_accounts
from tests.api.stripe_fake import SECRET_KEY, WEBHOOK_SECRET, FakeStripe, deliver, signature


@pytest.fixture(scope="module")
def stripe_fake() -> Iterator[FakeStripe]:
    fake = FakeStripe()
    with fake.server:
        yield fake


@pytest.fixture
def studio_settings(studio_settings: Settings, stripe_fake: FakeStripe) -> Settings:
    return with_accounts(studio_settings).model_copy(
        update={
            "stripe_secret_key": SecretStr(SECRET_KEY),
            "stripe_webhook_secret": SecretStr(WEBHOOK_SECRET),
            "stripe_api_base": stripe_fake.url,
            "stripe_price_per_credit_cents": 2,
        }
    )


buyer = user_fixture("buyer")


async def _balance(user: SignedInUser) -> int:
    return int((await user.client.get("/api/v1/auth/me")).json()["credits"])


async def test_checkout_names_the_buyer_the_credits_and_the_price(buyer: SignedInUser, stripe_fake: FakeStripe) -> None:
    answer = await buyer.client.post("/api/v1/credits/checkout", json={"credits": 500})
    assert answer.status_code == 201, answer.text
    session = stripe_fake.sessions[answer.json()["id"]]
    assert answer.json()["url"] == session["url"]
    assert session["metadata"] == {"user_id": buyer.id, "credits": "500"}
    assert session["customer_email"] == buyer.email and session["mode"] == "payment"
    item = session["line_items"]["0"]
    assert item["quantity"] == "500" and item["price_data"]["unit_amount"] == "2"
    too_few = await buyer.client.post("/api/v1/credits/checkout", json={"credits": 5})
    assert too_few.status_code == 422


async def test_a_paid_session_is_credited_once_however_often_it_is_delivered(
    client: httpx.AsyncClient, buyer: SignedInUser, stripe_fake: FakeStripe
) -> None:
    before = await _balance(buyer)
    session_id = (await buyer.client.post("/api/v1/credits/checkout", json={"credits": 300})).json()["id"]
    payload = stripe_fake.completed_event(session_id, event_id=f"evt_{session_id}")
    first = await deliver(client, payload)
    assert first.status_code == 200 and first.json()["outcome"] == "credited"
    replays = await asyncio.gather(*(deliver(client, payload) for _ in range(8)))
    assert {r.json()["outcome"] for r in replays} == {"already_applied"}
    assert await _balance(buyer) == before + 300
    history = (await buyer.client.get("/api/v1/credits")).json()
    assert history["for_sale"] is True
    purchases = [entry for entry in history["history"]["items"] if entry["kind"] == "purchase"]
    assert [entry["amount"] for entry in purchases] == [300]


async def test_a_forged_or_stale_signature_credits_nothing(
    client: httpx.AsyncClient, buyer: SignedInUser, stripe_fake: FakeStripe
) -> None:
    before = await _balance(buyer)
    session_id = (await buyer.client.post("/api/v1/credits/checkout", json={"credits": 200})).json()["id"]
    payload = stripe_fake.completed_event(session_id, event_id="evt_forged")
    forged = await deliver(client, payload, signature(payload, secret="whsec_someone_else"))
    assert forged.status_code == 422 and "STRIPE_WEBHOOK_SECRET" in forged.json()["detail"]
    stale = await deliver(client, payload, signature(payload, at=1_600_000_000))
    assert stale.status_code == 422
    assert await _balance(buyer) == before


async def test_other_events_are_acknowledged_and_ignored(client: httpx.AsyncClient) -> None:
    payload = b'{"id": "evt_other", "object": "event", "type": "customer.created", "data": {"object": {}}}'
    answer = await deliver(client, payload)
    assert answer.status_code == 200 and answer.json()["outcome"] == "ignored"
