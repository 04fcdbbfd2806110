"""The natural-language builder behind `POST /api/v1/agents/plan`: an LLM planner when one is configured, the
offline planner otherwise or when the LLM's answer is missing or invalid; every answer validated, kept within the
pixel limit (no upscale of a picture of known size past it), noted where it saves a cut-out as JPEG
(karate.agents.flattening) and priced."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence

from karate.agents.context import PlanContext
from karate.agents.flattening import with_flattening_note
from karate.agents.patch import NodeChange, PlanOut, PlanRequest, PlanStatus
from karate.agents.upscale_limit import fit_upscales, picture_ids
from karate.agents.validate import validate_plan
from karate.config import Settings
from karate.engine.graph import WorkflowDocument
from karate.engine.registry import NodeRegistry
from karate.providers import ProviderHub
from karate.providers.hub import ADAPTERS
from karate.services.credits_estimate import node_price

log = logging.getLogger(__name__)

#: The recorded (width, height) of uploaded images, by asset id, for the ids asked (those of unknown size left out).
PictureSizes = Callable[[Sequence[str]], Awaitable[Mapping[str, tuple[int, int]]]]


class Planner:
    """Turns an instruction (and the graph on the canvas) into a validated, priced graph patch. `sizes`: where the
    sizes of the canvas's uploaded images are read (their asset rows); without it no size is known, and upscales
    are proposed as asked."""

    def __init__(
        self, settings: Settings, registry: NodeRegistry, providers: ProviderHub, *, sizes: PictureSizes | None = None
    ) -> None:
        self.settings = settings
        self.registry = registry
        self.providers = providers
        self.sizes = sizes

    def context(self) -> PlanContext:
        """The catalog and the providers configured now (a key added while the studio runs counts)."""
        configured = frozenset(name for name in ADAPTERS if self.providers.is_configured(name))
        return PlanContext(
            self.registry,
            configured,
            accounts=bool(self.settings.auth),
            max_image_pixels=self.settings.max_image_pixels,
        )

    async def canvas_context(self, request: PlanRequest) -> PlanContext:
        """`context()` with the sizes of the images uploaded to the canvas of `request`, where they are recorded."""
        context = self.context()
        ids = picture_ids(request.workflow)
        if self.sizes is None or not ids:
            return context
        return dataclasses.replace(context, pictures=dict(await self.sizes(ids)))

    async def plan(self, request: PlanRequest) -> PlanOut:
        """The patch for `request`; never raises for what the person typed (a question answers instead)."""
        from karate.agents.llm import plan_with_llm  # imported on first use: the CLI and tests that never plan skip it
        from karate.agents.offline import plan_offline, sentence

        context = await self.canvas_context(request)
        plan = await plan_with_llm(request, context, self.settings)
        if plan is not None and validate_plan(plan, request, context):
            log.warning("the LLM's plan for %r is invalid; the offline planner answers", request.instruction)
            plan = None
        if plan is not None:
            plan = fitted(plan, request, context)
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
        plan = with_flattening_note(plan, request)
        notes = [sentence(note) for note in plan.assumptions]  # the LLM's and the added notes read as the planner's
        return plan.model_copy(update={"credits": self.price(plan, request), "assumptions": notes})

    def price(self, plan: PlanOut, request: PlanRequest) -> int:
        """Credits of one run of the added model nodes and of the existing ones whose parameters change."""
        existing = {node.id: node.type for node in (request.workflow.nodes if request.workflow else [])}
        types = [node.type for node in plan.add_nodes] + [existing[c.id] for c in plan.change_nodes if c.id in existing]
        return sum(node_price(cls.spec) for node_type in types if (cls := self.registry.get(node_type)) is not None)


def fitted(plan: PlanOut, request: PlanRequest, context: PlanContext) -> PlanOut:
    """An LLM's `plan` with each upscale of a picture of known size lowered to the largest scale within the pixel
    limit, said in its assumptions (the offline planner does this itself, before it words its summary)."""
    add_nodes = [node.model_copy(deep=True) for node in plan.add_nodes]
    changes = {change.id: dict(change.params) for change in plan.change_nodes}
    workflow = request.workflow or WorkflowDocument()
    notes = fit_upscales(workflow, add_nodes, plan.add_edges, plan.remove_edges, changes, context)
    if not notes:
        return plan
    return plan.model_copy(
        update={
            "add_nodes": add_nodes,
            "change_nodes": [NodeChange(id=node_id, params=params) for node_id, params in changes.items()],
            "assumptions": [*plan.assumptions, *notes],
        }
    )
