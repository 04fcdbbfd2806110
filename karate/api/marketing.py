"""The marketing emails' unsubscribe link, without signing in: POST /api/v1/marketing/unsubscribe with the token of
the link stops the emails of tips to its account, and /resubscribe undoes it (the page the link opens offers both).
A POST to the link itself (`/unsubscribe?token=`, a mail app's one-click unsubscribe, RFC 8058) stops them too.
Signed-in people change the same choice with PATCH /api/v1/me."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from karate.api.deps import JSON, DatabaseDep, UrlSignerDep
from karate.api.marketing_schemas import MarketingChoiceOut, MarketingLink
from karate.api.schemas import COMMON_ERRORS, INVALID, NOT_FOUND
from karate.services.marketing_choice import UNSUBSCRIBE_PAGE, MarketingChoice

router = APIRouter(prefix="/marketing", tags=["account"], responses={**INVALID, **NOT_FOUND})
#: The email's link itself, at the site's root beside the page it opens (karate.app mounts it).
link_router = APIRouter(tags=["account"], responses={**COMMON_ERRORS, **INVALID, **NOT_FOUND})


async def _choice(database: DatabaseDep, signer: UrlSignerDep) -> MarketingChoice:
    return MarketingChoice(database, signer)


MarketingChoiceDep = Annotated[MarketingChoice, Depends(_choice)]


@router.post("/unsubscribe", response_model=MarketingChoiceOut)
async def unsubscribe(body: MarketingLink, choice: MarketingChoiceDep) -> JSON:
    """Send no more emails of tips to the account the token names (no sign-in: the token is the proof). 422 for a
    token the studio did not sign; 404 when its account was deleted."""
    return JSON(await choice.choose(body.token, receives=False))


@router.post("/resubscribe", response_model=MarketingChoiceOut)
async def resubscribe(body: MarketingLink, choice: MarketingChoiceDep) -> JSON:
    """Undo an unsubscribe with the same token: the account receives the emails of tips again."""
    return JSON(await choice.choose(body.token, receives=True))


@link_router.post(UNSUBSCRIBE_PAGE, response_model=MarketingChoiceOut)
async def one_click_unsubscribe(
    token: Annotated[str, Query(min_length=1, max_length=200, description="The token from the email's link")],
    choice: MarketingChoiceDep,
) -> JSON:
    """A mail app's one-click unsubscribe (RFC 8058: the email's List-Unsubscribe header names this link, and the
    app POSTs `List-Unsubscribe=One-Click` to it, without cookies): send no more emails of tips to the account the
    token names. The body is not read; the token is the proof. A GET of the link opens the page instead."""
    return JSON(await choice.choose(token, receives=False))
