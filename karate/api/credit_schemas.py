"""Shapes of the credits API: a run's price before it runs, the balance and its history, an admin's grant,
and the 402 a run its balance does not cover gets."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from karate.api.schemas import ErrorBody, Responses, Text
from karate.engine.plan import NodePlan
from karate.services.credits import CreditKind


class NodeEstimate(BaseModel):
    node_id: str
    type: str
    plan: NodePlan = Field(
        description="run: it executes; cached: its result is reused, free; blocked: it has a problem and does not run"
    )
    credits: int = Field(description="What it would be charged (0 when cached, blocked or a local tool)")


class RunEstimate(BaseModel):
    """What a run of the workflow would charge now, node by node. Nodes after a URL fetch are priced as
    running (their cache key depends on what is fetched): the most the run can spend."""

    nodes: list[NodeEstimate]
    total: int = Field(description="Credits the run would be charged")
    charged: bool = Field(description="Whether this studio charges runs (accounts mode); local mode only shows prices")
    balance: int | None = Field(description="Your balance; null where nothing is charged")
    shortfall: int = Field(description="Credits the balance lacks to run it (0 when it covers the run)")


class CreditProject(BaseModel):
    """The project a run was of, as it is now."""

    id: str
    title: str
    in_trash: bool = Field(description="Deleted: in its owner's Trash (restorable for 30 days), not to be opened")


class CreditSpentOn(BaseModel):
    """The model node a hold (or its refund) was for, as its run had it."""

    project: CreditProject | None = Field(
        description="The project the run was of; null for a run of a document never saved, or of a project deleted "
        "for good"
    )
    node_title: str | None = Field(
        description="The node's title in that run: the one it was given, else its model's name; null when it had "
        "none and this studio no longer has its model"
    )
    model: str | None = Field(
        description="The model's name (its node type's title); null when this studio no longer has it"
    )


class CreditEntryOut(BaseModel):
    """One row of the ledger: a signed change of the balance and the balance after it."""

    id: int
    kind: CreditKind
    amount: int = Field(description="Credits added (positive) or taken (negative)")
    balance_after: int
    run_id: str | None
    node_id: str | None
    spent_on: CreditSpentOn | None = Field(
        description="For a model node's hold or refund: the project and node it was for; null for other rows, and "
        "for rows whose run is no longer kept"
    )
    reference: str | None = Field(description="What it was for outside the studio: a purchase, ...")
    note: str | None
    created_at: str


class CreditHistory(BaseModel):
    items: list[CreditEntryOut]
    total: int
    limit: int
    offset: int


class CreditLimits(BaseModel):
    run: int | None = Field(description="Most credits one run may spend (KARATE_RUN_CREDIT_LIMIT); null: no cap")
    monthly: int | None = Field(
        description="Most credits you may spend in a calendar month, UTC (KARATE_MONTHLY_CREDIT_LIMIT); null: no cap"
    )


class CreditsOut(BaseModel):
    balance: int
    spent_this_month: int = Field(description="Credits held or spent by your model nodes this month (UTC)")
    charged: bool = Field(description="Whether this studio charges runs (accounts mode)")
    for_sale: bool = Field(description="Whether credits can be bought here (POST /api/v1/credits/checkout)")
    limits: CreditLimits
    history: CreditHistory = Field(description="Your ledger, newest first")


class AdminCreditGrant(BaseModel):
    """Give a user credits (a negative amount takes them back). Name the user by `email` or `user_id`."""

    model_config = ConfigDict(extra="forbid")

    email: Text | None = Field(None, min_length=3, max_length=320)
    user_id: str | None = Field(None, pattern=r"^[0-9a-f]{32}$")
    amount: int = Field(ge=-1_000_000_000, le=1_000_000_000, description="Credits to add; negative takes them back")
    note: Text | None = Field(None, max_length=1000, description="Why, for the ledger and the audit log")


class AdminCreditGranted(BaseModel):
    user_id: str
    amount: int
    balance: int = Field(description="The user's balance after the grant")


class InsufficientCreditsBody(ErrorBody):
    """402: the balance does not cover the run's price; nothing was recorded or sent to a provider."""

    needed: int = Field(description="Credits the run costs")
    balance: int
    shortfall: int = Field(description="Credits lacking: needed minus balance")


#: A run (or a rerun) the balance does not cover: 402, before anything is recorded or sent.
INSUFFICIENT: Responses = {
    402: {"model": InsufficientCreditsBody, "description": "Insufficient credits: the balance does not cover the run"}
}
