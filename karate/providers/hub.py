"""The ProviderHub: one adapter (with its own pooled httpx client) per provider, shared by every run."""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from karate.config import Settings
from karate.providers.anthropic import AnthropicAdapter
from karate.providers.base import ProviderAdapter
from karate.providers.call import ProviderCall, ProviderResult
from karate.providers.fal import FalAdapter
from karate.providers.google import GoogleAdapter
from karate.providers.local import LocalAdapter
from karate.providers.luma import LumaAdapter
from karate.providers.ollama import OllamaAdapter
from karate.providers.openai import OpenAIAdapter
from karate.providers.replicate import ReplicateAdapter
from karate.providers.runway import RunwayAdapter
from karate.providers.stability import StabilityAdapter
from karate.storage.assets import AssetRef

ADAPTERS: dict[str, type[ProviderAdapter]] = {
    cls.name: cls
    for cls in (
        ReplicateAdapter,
        FalAdapter,
        OpenAIAdapter,
        StabilityAdapter,
        GoogleAdapter,
        RunwayAdapter,
        LumaAdapter,
        AnthropicAdapter,
        OllamaAdapter,
        LocalAdapter,
    )
}

PublicUrl = Callable[[AssetRef], Awaitable[str] | str]
#: Told of each model call as it ends: the provider's name, the seconds it took, and the error that ended it
#: (a ProviderError after its retries, or an unexpected one; None when it gave a result). Not told of a
#: call that was cancelled. The studio's metrics and admin alerts are observers (karate.observability).
ProviderObserver = Callable[[str, float, Exception | None], None]

log = logging.getLogger("karate.providers")


def key_variables(providers: Iterable[str]) -> str:
    """The environment variables that give these providers their keys, as people are told to set them:
    "FAL_KEY or REPLICATE_API_TOKEN" (each once, in the providers' order; unknown providers left out)."""
    return " or ".join(dict.fromkeys(ADAPTERS[name].key_env for name in providers if name in ADAPTERS))


class ProviderHub:
    """Adapters are created on first use; close the hub when the process stops."""

    def __init__(self, settings: Settings | None = None, *, public_url: PublicUrl | None = None) -> None:
        self.settings = settings or Settings()
        self.public_url = public_url
        self._adapters: dict[str, ProviderAdapter] = {}
        self.observers: list[ProviderObserver] = []

    def adapter(self, name: str) -> ProviderAdapter:
        if name not in self._adapters:
            if name not in ADAPTERS:
                raise KeyError(f"unknown provider {name!r}")
            self._adapters[name] = ADAPTERS[name](self.settings)
        return self._adapters[name]

    async def run(self, name: str, call: ProviderCall) -> ProviderResult:
        """Run one model call on provider `name` (its adapter retries what is worth retrying), and tell the
        observers how it ended."""
        adapter = self.adapter(name)
        started = time.perf_counter()
        try:
            result = await adapter.run(call)
        except Exception as error:
            self._tell(name, time.perf_counter() - started, error)
            raise
        self._tell(name, time.perf_counter() - started, None)
        return result

    def _tell(self, name: str, seconds: float, error: Exception | None) -> None:
        for observer in self.observers:
            try:
                observer(name, seconds, error)
            except Exception:  # an observer's bug must not change the node's outcome
                log.exception("a provider-call observer failed")

    def is_configured(self, name: str) -> bool:
        return _probe(name, self.settings).configured

    def key_env(self, name: str) -> str:
        return ADAPTERS[name].key_env

    def label(self, name: str) -> str:
        return ADAPTERS[name].label

    def status(self) -> list[dict[str, Any]]:
        return provider_status(self.settings)

    async def aclose(self) -> None:
        for adapter in self._adapters.values():
            await adapter.aclose()
        self._adapters.clear()


def _probe(name: str, settings: Settings) -> ProviderAdapter:
    """An adapter to ask questions of, without opening a connection pool."""
    adapter = ADAPTERS[name].__new__(ADAPTERS[name])
    adapter.settings = settings
    return adapter


def provider_status(settings: Settings | None = None) -> list[dict[str, Any]]:
    """Every provider, whether it is configured, and the variable that configures it (never the key)."""
    settings = settings or Settings()
    rows = []
    for name, cls in ADAPTERS.items():
        probe = _probe(name, settings)
        rows.append(
            {
                "name": name,
                "label": cls.label,
                "configured": probe.configured,
                "env": cls.key_env,
                "base_url": probe.base_url or None,
                "local": name in ("local", "ollama"),
            }
        )
    return rows
