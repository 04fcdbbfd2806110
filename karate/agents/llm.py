"""The LLM planner's front: which LLM KARATE_PLANNER_MODEL picks, and `plan_with_llm`, which answers None (the
caller's offline planner answers) when there is none. pydantic-ai and the provider SDKs (llm_agent.py) load on
the first plan that uses an LLM, off the event loop: a studio without one never loads them.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from karate.agents.context import PlanContext
from karate.agents.patch import PlanOut, PlanRequest
from karate.config import Settings

log = logging.getLogger(__name__)

LlmProvider = Literal["openai", "anthropic", "ollama"]
#: The order "auto" tries providers in, and the model each gets unless KARATE_PLANNER_MODEL names one
#: (Ollama's is KARATE_OLLAMA_MODEL, the model the studio's text nodes use).
AUTO_ORDER: tuple[LlmProvider, ...] = ("openai", "anthropic", "ollama")
DEFAULT_MODELS: Mapping[LlmProvider, str] = {"openai": "gpt-4.1-mini", "anthropic": "claude-haiku-4-5"}
OFFLINE = "offline"


@dataclass(frozen=True, slots=True)
class PlannerModel:
    """Which LLM plans: one of our three LLM providers and that provider's model name."""

    provider: LlmProvider
    name: str


def _configured(provider: LlmProvider, settings: Settings) -> bool:
    if provider == "openai":
        return settings.openai_api_key is not None
    if provider == "anthropic":
        return settings.anthropic_api_key is not None
    return bool(settings.ollama_host)


def choose_model(settings: Settings) -> PlannerModel | None:
    """The LLM KARATE_PLANNER_MODEL asks for, if its provider is configured; None means plan offline.

    "" (auto): the first configured of OpenAI, Anthropic, Ollama, with its default model. "offline": None.
    "provider:model": that model, when the provider is one of the three and configured (else None, logged).
    """
    wanted = settings.planner_model.strip()
    if wanted.lower() == OFFLINE:
        return None
    if not wanted:
        provider = next((name for name in AUTO_ORDER if _configured(name, settings)), None)
        if provider is None:
            return None
        return PlannerModel(provider, DEFAULT_MODELS.get(provider, settings.ollama_model))
    name, _, model = wanted.partition(":")
    provider = next((known for known in AUTO_ORDER if known == name.strip().lower()), None)
    if provider is None or not model.strip():
        log.warning("KARATE_PLANNER_MODEL=%r is neither 'offline' nor openai:, anthropic: or ollama:<model>", wanted)
        return None
    if not _configured(provider, settings):
        log.warning("KARATE_PLANNER_MODEL names %s, which has no key or host set; planning offline", provider)
        return None
    return PlannerModel(provider, model.strip())


async def plan_with_llm(request: PlanRequest, context: PlanContext, settings: Settings) -> PlanOut | None:
    """The LLM's validated plan (planner=llm), or None: no LLM configured (then no HTTP call is made), the
    provider failed or answered late (KARATE_PLANNER_TIMEOUT), or its answer was still invalid after one retry.

    Never raises for a provider's failure; each is logged with the reason.
    """
    choice = choose_model(settings)
    if choice is None:
        return None
    # loading pydantic-ai and the SDKs takes seconds the first time; the event loop keeps serving meanwhile
    llm_agent = await asyncio.to_thread(importlib.import_module, "karate.agents.llm_agent")
    plan: PlanOut | None = await llm_agent.run_planner(choice, request, context, settings)
    return plan
