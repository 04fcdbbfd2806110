"""The studio's CreditGate (karate.engine.credits): a model node's hold, settle and refund, charged to the
owner of the live run it belongs to. Given to the engine only in accounts mode."""

from __future__ import annotations

from karate.engine.credits import CreditRefused
from karate.services.credits import BudgetExceeded, CreditService
from karate.services.errors import InsufficientCredits
from karate.services.live import LiveRuns


class RunCreditGate:
    def __init__(self, credits: CreditService, live: LiveRuns) -> None:
        self.credits = credits
        self.live = live

    async def hold(self, run_id: str, node_id: str, amount: int) -> None:
        live = self.live.get(run_id)
        if live is None or live.owner_id is None:
            raise CreditRefused("this run has no owner to charge its credits to; run the workflow again")
        try:
            await self.credits.hold(live.owner_id, run_id, node_id, amount)
        except InsufficientCredits as error:
            raise CreditRefused(error.message) from None
        except BudgetExceeded as error:
            raise CreditRefused(error.message, code=BudgetExceeded.code) from None

    async def settle(self, run_id: str, node_id: str) -> None:
        await self.credits.settle(run_id, node_id)

    async def refund(self, run_id: str, node_id: str) -> None:
        await self.credits.refund(run_id, node_id)
