"""The natural-language builder behind `POST /api/v1/agents/plan`: an LLM planner when one is configured, the
offline planner otherwise or when the LLM's answer is missing or invalid; every answer validated and priced."""

from __future__ import annotations

import logging

from karate.agents.context import PlanContext
from karate.agents.patch import PlanOut, PlanRequest, PlanStatus
from karate.agents.validate import validate_plan
from karate.config import Settings
from karate.engine.registry import NodeRegistry
from karate.providers import ProviderHub
from karate.providers.hub import ADAPTERS
from karate.services.credits_estimate import node_price

log = logging.getLogger(__name__)


class Planner:
    """Turns an instruction (and the graph on the canvas) into a validated, priced graph patch."""

    def __init__(self, settings: Settings, registry: NodeRegistry, providers: ProviderHub) -> None:
        self.settings = settings
        self.registry = registry
        self.providers = providers

    def context(self) -> PlanContext:
        """The catalog and the providers configured now (a key added while the studio runs counts)."""
        configured = frozenset(name for name in ADAPTERS if self.providers.is_configured(name))
        return PlanContext(self.registry, configured, accounts=bool(self.settings.auth))

    async def plan(self, request: PlanRequest) -> PlanOut:
        """The patch for `request`; never raises for what the person typed (a question answers instead)."""
        from karate.agents.llm import plan_with_llm  # imported on first use: the CLI and tests that never plan skip it
        from karate.agents.offline import plan_offline

        context = self.context()
        plan = await plan_with_llm(request, context, self.settings)
        if plan is not None and validate_plan(plan, request, context):
            log.warning("the LLM's plan for %r is invalid; the offline planner answers", request.instruction)
            plan = None
        if plan is None:
            plan = plan_offline(request, context)
            problems = validate_plan(plan, request, context)
            if problems:  # a defect of the offline planner: say so in the log, ask the person rather than guess
                log.error("offline plan for %r is invalid: %s", request.instruction, "; ".join(problems))
                plan = PlanOut(
                    status=PlanStatus.QUESTION,
                    planner=plan.planner,
                    summary="I could not build a graph for that",
                    question="Could you say it with the tools or models you want, step by step?",
                    suggestions=plan.suggestions,
                )
        return plan.model_copy(update={"credits": self.price(plan, request)})

    def price(self, plan: PlanOut, request: PlanRequest) -> int:
        """Credits of one run of the added model nodes and of the existing ones whose parameters change."""
        existing = {node.id: node.type for node in (request.workflow.nodes if request.workflow else [])}
        types = [node.type for node in plan.add_nodes] + [existing[c.id] for c in plan.change_nodes if c.id in existing]
        return sum(node_price(cls.spec) for node_type in types if (cls := self.registry.get(node_type)) is not None)
