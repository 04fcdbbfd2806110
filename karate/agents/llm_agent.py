"""The LLM planner's agent (pydantic-ai): the catalog as a table in the message and two tools, structured output
(`DraftPlan`) checked by `validate_plan` with one retry that tells the model the problems, bounded in requests and
in time. Loaded by `karate.agents.llm` only when a plan uses an LLM."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING

from pydantic_ai import Agent, AgentRunError, ModelRetry, RunContext, Tool, ToolOutput, UserError
from pydantic_ai.models import Model, create_async_httpx2_client
from pydantic_ai.settings import ModelSettings
from pydantic_ai.usage import UsageLimits

from karate.agents.context import PlanContext
from karate.agents.llm import PlannerModel
from karate.agents.llm_catalog import describe_node, search_lines
from karate.agents.llm_patch import DraftPlan, draft_problems, to_plan
from karate.agents.llm_prompt import INSTRUCTIONS, request_message
from karate.agents.patch import PlanOut, PlanRequest
from karate.agents.validate import validate_plan
from karate.config import Settings
from karate.engine.graph import WorkflowDocument
from karate.providers.config import ollama_base_url

if TYPE_CHECKING:
    import httpx2

log = logging.getLogger(__name__)

#: Model requests one plan may make: tool calls to read the catalog, the answer, and its one retry.
REQUEST_LIMIT = 8
#: Retries the provider's SDK makes on a 429, a 5xx or a dropped connection, within the planner's time.
SDK_RETRIES = 1
MAX_OUTPUT_TOKENS = 4096
OUTPUT_TOOL = "submit_plan"


def build_model(choice: PlannerModel, settings: Settings, client: httpx2.AsyncClient) -> Model:
    """The pydantic-ai model for `choice`, talking through `client` to the provider's configured base URL (only
    that provider's SDK is imported)."""
    if choice.provider == "openai":
        from pydantic_ai.models.openai import OpenAIChatModel
        from pydantic_ai.providers.openai import OpenAIProvider

        key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else None
        openai = OpenAIProvider(base_url=settings.openai_base_url, api_key=key, http_client=client)
        return OpenAIChatModel(choice.name, provider=openai)
    if choice.provider == "anthropic":
        from pydantic_ai.models.anthropic import AnthropicModel
        from pydantic_ai.providers.anthropic import AnthropicProvider

        key = settings.anthropic_api_key.get_secret_value() if settings.anthropic_api_key else None
        anthropic = AnthropicProvider(api_key=key, base_url=settings.anthropic_base_url, http_client=client)
        return AnthropicModel(choice.name, provider=anthropic)
    from pydantic_ai.models.ollama import OllamaModel
    from pydantic_ai.providers.ollama import OllamaProvider

    base_url = ollama_base_url(settings.ollama_host or "127.0.0.1:11434") + "/v1"
    return OllamaModel(choice.name, provider=OllamaProvider(base_url=base_url, http_client=client))


class PlannerDeps:
    """What the agent's tools and output check read: the request and the studio's catalog."""

    def __init__(self, request: PlanRequest, context: PlanContext) -> None:
        self.request = request
        self.context = context


def _describe_node(ctx: RunContext[PlannerDeps], node_type: str) -> str:
    """One node type's inputs, outputs, parameters (names, types, allowed values, defaults, bounds) and credits.

    Args:
        node_type: A type from the catalog, e.g. 'tool.blur'.
    """
    return describe_node(ctx.deps.context, node_type)


def _search_catalog(ctx: RunContext[PlannerDeps], query: str) -> str:
    """Catalog lines of the node types that match some words, best first.

    Args:
        query: Words such as 'remove background' or 'video from image'.
    """
    lines = search_lines(ctx.deps.context, query)
    return "\n".join(lines) if lines else f"No node type matches {query!r}."


def feedback(problems: list[str], ids: Mapping[str, str]) -> str:
    """The retry message: what is wrong, in the plan's own ids, and the ids given to its refs."""
    named = ", ".join(f"{ref} → {node_id}" for ref, node_id in ids.items())
    legend = f" (the new nodes were given these ids: {named})" if named else ""
    listed = "\n".join(f"- {problem}" for problem in problems)
    return f"This plan cannot be applied{legend}:\n{listed}\nFix these and call {OUTPUT_TOOL} again."


agent: Agent[PlannerDeps, DraftPlan] = Agent(
    None,
    output_type=ToolOutput(DraftPlan, name=OUTPUT_TOOL, description="Submit the graph change (or a question)"),
    instructions=INSTRUCTIONS,
    deps_type=PlannerDeps,
    name="planner",
    tools=[Tool(_describe_node, name="describe_node"), Tool(_search_catalog, name="search_catalog")],
    retries={"output": 1, "tools": 2},
)


@agent.output_validator
def _check_plan(ctx: RunContext[PlannerDeps], draft: DraftPlan) -> DraftPlan:
    """Refuse (ModelRetry, which the model reads) a draft the studio cannot apply as it is."""
    request, context = ctx.deps.request, ctx.deps.context
    ids: dict[str, str] = {}
    problems = draft_problems(draft, request.workflow or WorkflowDocument())
    if not problems:
        plan, ids = to_plan(draft, request, context)
        problems = validate_plan(plan, request, context)
    if problems:
        raise ModelRetry(feedback(problems, ids))
    return draft


def model_settings(settings: Settings, max_tokens: int = MAX_OUTPUT_TOKENS) -> ModelSettings:
    """What every LLM call of the studio's agents is bounded by: `max_tokens`, the provider call's and the
    planner's time, and SDK_RETRIES."""
    return ModelSettings(
        max_tokens=max_tokens,
        timeout=min(settings.provider_call_timeout, settings.planner_timeout),
        max_retries=SDK_RETRIES,
    )


async def run_planner(
    choice: PlannerModel, request: PlanRequest, context: PlanContext, settings: Settings
) -> PlanOut | None:
    """Ask `choice` for a plan; None when it fails, is late or answers an invalid plan twice (each logged)."""
    try:
        async with asyncio.timeout(settings.planner_timeout):
            async with create_async_httpx2_client(timeout=settings.provider_call_timeout) as http_client:
                result = await agent.run(
                    request_message(request, context),
                    model=build_model(choice, settings, http_client),
                    deps=PlannerDeps(request, context),
                    model_settings=model_settings(settings),
                    usage_limits=UsageLimits(request_limit=REQUEST_LIMIT),
                )
    except TimeoutError:
        log.warning("the %s planner took over %s s; planning offline", choice.provider, settings.planner_timeout)
        return None
    except (AgentRunError, UserError, OSError) as error:
        log.warning("the %s planner (%s) failed: %s; planning offline", choice.provider, choice.name, error)
        return None
    plan, _ = to_plan(result.output, request, context)
    return plan
