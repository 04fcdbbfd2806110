"""Buying credits with Stripe (spec 2.2): a Checkout Session per purchase, and the webhook that credits it.

`checkout` creates the session through the official SDK (StripeClient over httpx, at KARATE_STRIPE_API_BASE)
with the buyer's user id and the credits in its metadata, and answers the page Stripe hosts. Stripe then
posts `checkout.session.completed` to the webhook; `apply_event` verifies its `Stripe-Signature` with
STRIPE_WEBHOOK_SECRET and credits the purchase once: the grant's reference is the event id, so a replayed
event (Stripe retries until it gets a 2xx) changes nothing, even when the first delivery crashed midway.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import stripe
from sqlalchemy.exc import IntegrityError

from karate.config import Settings
from karate.db import Database
from karate.db.account_tables import StripeEvent
from karate.db.models import utcnow
from karate.services.credits import CreditKind, CreditService
from karate.services.errors import InvalidRequest, NotFound, ServiceUnavailable

log = logging.getLogger("karate.billing")

#: Fewest and most credits one checkout may buy.
MIN_CREDITS, MAX_CREDITS = 100, 1_000_000


class WebhookOutcome(StrEnum):
    """What the webhook did with an event."""

    CREDITED = "credited"
    ALREADY_APPLIED = "already_applied"
    IGNORED = "ignored"  # an event type this studio does not act on, or an unpaid session


@dataclass(frozen=True, slots=True)
class Checkout:
    """A Checkout Session: its id and the address of the page where the buyer pays."""

    id: str
    url: str


class Billing:
    """Checkout Sessions and the webhook, over the credit service."""

    def __init__(self, database: Database, settings: Settings, credits: CreditService) -> None:
        self.database = database
        self.settings = settings
        self.credits = credits

    def _client(self) -> stripe.StripeClient:
        key = self.settings.stripe_secret_key
        if key is None:
            raise NotFound(
                "this studio does not sell credits (STRIPE_SECRET_KEY is not set); ask its admin to grant them"
            )
        return stripe.StripeClient(
            key.get_secret_value(),
            http_client=stripe.HTTPXClient(),
            base_addresses={"api": self.settings.stripe_api_base},
            max_network_retries=2,
        )

    async def checkout(self, user_id: str, email: str, credits: int, *, return_url: str) -> Checkout:
        """A Checkout Session for `credits` credits at KARATE_STRIPE_PRICE_PER_CREDIT_CENTS each; the buyer
        comes back to `return_url` (with ?checkout=success or ?checkout=cancelled)."""
        if not MIN_CREDITS <= credits <= MAX_CREDITS:
            raise InvalidRequest(f"buy between {MIN_CREDITS} and {MAX_CREDITS:,} credits at a time")
        separator = "&" if "?" in return_url else "?"
        params: dict[str, Any] = {
            "mode": "payment",
            "customer_email": email,
            "client_reference_id": user_id,
            "metadata": {"user_id": user_id, "credits": str(credits)},
            "line_items": [
                {
                    "quantity": credits,
                    "price_data": {
                        "currency": "usd",
                        "unit_amount": self.settings.stripe_price_per_credit_cents,
                        "product_data": {"name": "Karate Studio credits"},
                    },
                }
            ],
            "success_url": f"{return_url}{separator}checkout=success",
            "cancel_url": f"{return_url}{separator}checkout=cancelled",
        }
        try:
            session = await self._client().v1.checkout.sessions.create_async(params)  # type: ignore[arg-type]  # a plain dict is what the SDK sends
        except stripe.StripeError as error:
            log.warning("Stripe refused a checkout: %s", error.user_message or type(error).__name__)
            raise ServiceUnavailable(
                "Stripe could not start the checkout; try again in a minute (nothing was charged)"
            ) from None
        if not session.url:
            raise ServiceUnavailable("Stripe started a checkout without a page to pay on; try again")
        return Checkout(session.id, session.url)

    async def apply_event(self, payload: bytes, signature: str | None) -> WebhookOutcome:
        """Verify a webhook delivery and credit a paid checkout once. InvalidRequest for a bad signature (the
        delivery is refused, and Stripe shows the failure on its dashboard)."""
        secret = self.settings.stripe_webhook_secret
        if secret is None:
            raise NotFound("this studio takes no Stripe events: set STRIPE_WEBHOOK_SECRET to turn the webhook on")
        try:
            event = stripe.Webhook.construct_event(payload, signature, secret.get_secret_value())
        except (stripe.SignatureVerificationError, ValueError):
            raise InvalidRequest(
                "the Stripe-Signature does not match this payload; check STRIPE_WEBHOOK_SECRET"
            ) from None
        if event.type != "checkout.session.completed":
            return WebhookOutcome.IGNORED
        session: dict[str, Any] = event.data.object.to_dict()
        metadata = session.get("metadata") or {}
        user_id, credits = metadata.get("user_id"), str(metadata.get("credits", ""))
        if session.get("payment_status") != "paid" or not user_id or not credits.isdigit():
            return WebhookOutcome.IGNORED
        try:
            granted = await self.credits.grant(
                str(user_id),
                int(credits),
                kind=CreditKind.PURCHASE,
                reference=event.id,
                note=f"Stripe {session.get('id')}",
            )
        except NotFound:  # the account was deleted after paying: nothing to credit, and no retry will help
            log.warning("Stripe event %s paid for an account that no longer exists (%s)", event.id, user_id)
            return WebhookOutcome.IGNORED
        await self._remember(event.id, event.type)
        return WebhookOutcome.CREDITED if granted.applied else WebhookOutcome.ALREADY_APPLIED

    async def _remember(self, event_id: str, event_type: str) -> None:
        """Keep the event id (for the record; the grant's reference is what makes a replay change nothing)."""
        try:
            async with self.database.session() as session:
                session.add(StripeEvent(id=event_id, type=event_type, created_at=utcnow()))
                await session.commit()
        except IntegrityError:
            pass  # delivered before
