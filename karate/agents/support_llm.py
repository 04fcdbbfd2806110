"""The support agent's LLM writer (pydantic-ai): the question and the matching docs sections in one message, a
plain-text answer back, bounded in length, requests and time (KARATE_PLANNER_TIMEOUT). Loaded by
`karate.agents.support` only when an answer uses an LLM."""

from __future__ import annotations

import asyncio
import logging

from pydantic_ai import Agent, AgentRunError, UserError
from pydantic_ai.models import create_async_httpx2_client
from pydantic_ai.usage import UsageLimits

from karate.agents.help_library import Passage, excerpt
from karate.agents.llm import PlannerModel
from karate.agents.llm_agent import build_model, model_settings
from karate.config import Settings

log = logging.getLogger(__name__)

MAX_ANSWER_TOKENS = 800
MAX_ANSWER_CHARS = 4000

INSTRUCTIONS = """\
You answer questions from people using Karate Studio, a node-based AI design tool: they wire AI models and image \
tools into graphs on a canvas and run them. Answer from the documentation sections you are given; say plainly when \
they do not cover the question, and never invent settings, buttons or endpoints. Write a short, friendly answer in \
plain sentences a designer understands (no Markdown headings), naming the sections you used."""

agent: Agent[None, str] = Agent(None, output_type=str, instructions=INSTRUCTIONS, name="support")


def message(ticket: str, passages: list[Passage]) -> str:
    docs = "\n\n".join(f"[{passage.title}] ({passage.where})\n{excerpt(passage)}" for passage in passages)
    return f"Question:\n{ticket}\n\nDocumentation sections:\n{docs or '(none matched)'}"


async def write_answer(choice: PlannerModel, ticket: str, passages: list[Passage], settings: Settings) -> str | None:
    """The LLM's answer, or None when it fails, is late or says nothing (each logged)."""
    try:
        async with asyncio.timeout(settings.planner_timeout):
            async with create_async_httpx2_client(timeout=settings.provider_call_timeout) as http_client:
                result = await agent.run(
                    message(ticket, passages),
                    model=build_model(choice, settings, http_client),
                    model_settings=model_settings(settings, MAX_ANSWER_TOKENS),
                    usage_limits=UsageLimits(request_limit=2),
                )
    except TimeoutError:
        log.warning("the %s support agent took over %s s; quoting the docs", choice.provider, settings.planner_timeout)
        return None
    except (AgentRunError, UserError, OSError) as error:
        log.warning("the %s support agent (%s) failed: %s; quoting the docs", choice.provider, choice.name, error)
        return None
    answer = result.output.strip()
    return answer[:MAX_ANSWER_CHARS] or None
