"""What a model node asks of the studio's credits before it calls a provider (the engine knows no SQL: the
studio gives its gate in NodeServices.credits; none outside accounts mode, where nothing is charged)."""

from __future__ import annotations

from typing import Protocol

from karate.engine.errors import NodeFailure


class CreditRefused(NodeFailure):
    """The credits of a node could not be held: the balance does not cover it, or a budget cap would be
    passed. The message says by how much and what to do; no provider was called."""

    code = "insufficient_credits"


class CreditGate(Protocol):
    """Holds a node's credits before its provider is called, then settles (spent) or refunds them, each
    exactly once per (run, node). `hold` raises CreditRefused when it cannot hold them."""

    async def hold(self, run_id: str, node_id: str, amount: int) -> None: ...

    async def settle(self, run_id: str, node_id: str) -> None: ...

    async def refund(self, run_id: str, node_id: str) -> None: ...
