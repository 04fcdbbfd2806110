"""The price of a run before it runs: the catalog credits of each node that would execute, the nodes whose
result is cached costing nothing (karate.engine.plan decides which), and the check that refuses a run the
balance does not cover (402) before anything is recorded or sent to a provider."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from karate.catalog import get_entry
from karate.engine import Engine, GraphValidationError, compile_graph
from karate.engine.plan import NodePlan, plan_run
from karate.engine.sdk import NodeSpec
from karate.engine.validation import CompiledGraph
from karate.providers import ProviderHub
from karate.services.credits import CreditService
from karate.services.errors import InsufficientCredits
from karate.services.workflows import WorkflowService, parse_document


def node_price(spec: NodeSpec) -> int:
    """A node type's catalog credits: what one execution of it is charged (0 for local tools)."""
    credits = spec.extra.get("credits")
    return credits if isinstance(credits, int) else 0


@dataclass(frozen=True, slots=True)
class Price:
    """`nodes`: [{node_id, type, plan, credits}] (credits charged if it runs as planned); `total`."""

    nodes: list[dict[str, Any]]
    total: int


class RunPricer:
    """Prices runs; `charged` is whether this studio charges them (accounts mode)."""

    def __init__(
        self,
        engine: Engine,
        workflows: WorkflowService,
        credits: CreditService,
        *,
        charged: bool,
        providers: ProviderHub | None = None,
    ) -> None:
        self.engine = engine
        self.providers = providers
        self.workflows = workflows
        self.credits = credits
        self.charged = charged

    def price(self, graph: CompiledGraph, targets: list[str] | None) -> Price:
        nodes, total = [], 0
        for planned in plan_run(graph, self.engine.cache, targets):
            cls = graph.classes.get(planned.node_id)
            plan = planned.plan
            if plan == NodePlan.RUN and not self._offered(planned.node_type):
                plan = NodePlan.UNAVAILABLE
            cost = node_price(cls.spec) if cls is not None and plan == NodePlan.RUN else 0
            total += cost
            nodes.append({"node_id": planned.node_id, "type": planned.node_type, "plan": plan, "credits": cost})
        return Price(nodes, total)

    def _offered(self, node_type: str) -> bool:
        """Whether a configured provider offers the node's model (always, for what is not a catalog model):
        a model node with none fails before any provider is called, and is charged nothing."""
        entry = get_entry(node_type)
        if entry is None or self.providers is None:
            return True
        return any(self.providers.is_configured(route.provider) for route in entry.routes)

    async def estimate(
        self, owner_id: str, document: Any, *, workflow_id: str | None = None, from_node: str | None = None
    ) -> dict[str, Any]:
        """`RunEstimate` for a document or a saved workflow the user may read: what a run of it now would
        charge, node by node, and the user's balance (None where nothing is charged). A graph of which
        nothing can run yet is priced at nothing, every node blocked; InvalidRequest only for a document
        that is not one."""
        if workflow_id is not None:
            document = (await self.workflows.readable(workflow_id, owner_id)).document
        parsed, _ = parse_document(document, self.workflows.limits)
        targets = [from_node] if from_node else None
        try:
            price = self.price(compile_graph(parsed, self.engine.registry, targets=targets), targets)
        except GraphValidationError:  # nothing can run yet (an unfinished graph): nothing would be charged
            blocked = NodePlan.BLOCKED
            price = Price([{"node_id": n.id, "type": n.type, "plan": blocked, "credits": 0} for n in parsed.nodes], 0)
        balance = await self.credits.balance(owner_id) if self.charged else None
        return {
            "nodes": price.nodes,
            "total": price.total,
            "charged": self.charged,
            "balance": balance,
            "shortfall": max(0, price.total - balance) if balance is not None else 0,
        }

    async def check_covers(self, owner_id: str, graph: CompiledGraph, targets: list[str] | None) -> None:
        """InsufficientCredits (402, naming the shortfall) when the run's price passes the owner's balance."""
        total = self.price(graph, targets).total
        if not total:
            return
        balance = await self.credits.balance(owner_id)
        if total > balance:
            raise InsufficientCredits(
                f"Insufficient credits: this run costs {total} credits and the balance is {balance}, "
                f"{total - balance} short; {self.credits.when_short('run fewer model nodes')}",
                needed=total,
                balance=balance,
            )
