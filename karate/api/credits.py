"""Credits: a run's price before it runs (POST /runs/estimate), your balance and ledger (GET /credits), and
an admin's grant (POST /admin/credits, written to the audit log)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from karate.api.credit_schemas import AdminCreditGrant, AdminCreditGranted, CreditsOut, RunEstimate
from karate.api.deps import JSON, AdminDep, CreditServiceDep, RunPricerDep, UserDep
from karate.api.run_schemas import RunCreate
from karate.api.schemas import INVALID, NOT_FOUND
from karate.services.errors import InvalidRequest

router = APIRouter(tags=["credits"], responses=INVALID)


@router.post("/runs/estimate", response_model=RunEstimate, responses=NOT_FOUND)
async def estimate_run(body: RunCreate, pricer: RunPricerDep, user: UserDep) -> JSON:
    """The credits a run of this workflow (`workflow_id`, or a `workflow` document) would charge now, node
    by node: nodes whose result is cached are free. Local mode shows the price and charges nothing."""
    if (body.workflow_id is None) == (body.workflow is None):
        raise InvalidRequest(
            "send either workflow_id (a saved workflow) or workflow (a document), not both and not neither"
        )
    return JSON(await pricer.estimate(user, body.workflow, workflow_id=body.workflow_id, from_node=body.from_node))


@router.get("/credits", response_model=CreditsOut)
async def get_credits(
    credits: CreditServiceDep,
    pricer: RunPricerDep,
    user: UserDep,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> JSON:
    """Your balance, what you spent this month, the caps, and a page of your ledger (newest first)."""
    return JSON(await credits.overview(user, charged=pricer.charged, limit=limit, offset=offset))


@router.post("/admin/credits", response_model=AdminCreditGranted, responses=NOT_FOUND)
async def grant_credits(body: AdminCreditGrant, credits: CreditServiceDep, admin: AdminDep) -> JSON:
    """Give a user credits, or take them back with a negative amount (admins only; written to the audit log)."""
    granted = await credits.admin_grant(
        admin.user_id, email=body.email, user_id=body.user_id, amount=body.amount, note=body.note
    )
    return JSON(granted)
