"""Buying credits: `POST /api/v1/credits/checkout` starts a Stripe Checkout, and Stripe's webhook
(`POST /api/stripe/webhook`, outside /api/v1 as Stripe's dashboard is told) credits what was paid."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Request
from pydantic import BaseModel, ConfigDict, Field

from karate.api.deps import JSON, AccountServiceDep, BillingDep, PrincipalDep
from karate.api.schemas import COMMON_ERRORS, INVALID, ErrorBody, Responses
from karate.services.billing import MAX_CREDITS, MIN_CREDITS, WebhookOutcome

router = APIRouter(tags=["credits"])
UNAVAILABLE: Responses = {
    404: {"model": ErrorBody, "description": "This studio does not sell credits (Stripe is not set up)"},
    503: {"model": ErrorBody, "description": "Stripe could not be reached; nothing was charged"},
}
webhook_router = APIRouter(tags=["credits"], responses=COMMON_ERRORS)


class CheckoutCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    credits: int = Field(ge=MIN_CREDITS, le=MAX_CREDITS, description="How many credits to buy")


class CheckoutOut(BaseModel):
    id: str
    url: str = Field(description="Stripe's page where the buyer pays; the studio's page follows")


class WebhookOut(BaseModel):
    outcome: WebhookOutcome


@router.post("/credits/checkout", status_code=201, response_model=CheckoutOut, responses={**INVALID, **UNAVAILABLE})
async def start_checkout(
    body: CheckoutCreate, request: Request, principal: PrincipalDep, accounts: AccountServiceDep, billing: BillingDep
) -> JSON:
    """Start buying credits: answers the Stripe page to send the buyer to. Credited once Stripe confirms
    the payment to the webhook."""
    user = await accounts.user(principal.user_id)
    checkout = await billing.checkout(user.id, user.email, body.credits, return_url=str(request.base_url))
    return JSON({"id": checkout.id, "url": checkout.url}, status_code=201)


@webhook_router.post("/api/stripe/webhook", response_model=WebhookOut, responses={**INVALID, **UNAVAILABLE})
async def stripe_webhook(
    request: Request, billing: BillingDep, stripe_signature: Annotated[str | None, Header()] = None
) -> JSON:
    """Stripe's events, verified by their Stripe-Signature; a paid checkout is credited once per event."""
    return JSON({"outcome": await billing.apply_event(await request.body(), stripe_signature)})
