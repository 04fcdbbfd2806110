"""Fixtures for provider tests: every fake provider on loopback, a ProviderHub pointed at them, and an
engine whose registry also has an audio input (the studio has no audio upload node yet)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

from karate.catalog.schema import ModelEntry
from karate.config import Settings
from karate.engine import Engine
from karate.engine.context import NodeServices
from karate.engine.registry import NodeRegistry, load_builtin_nodes, node
from karate.nodes.models import build_model_node
from karate.providers.hub import ProviderHub
from karate.sdk import AssetRef, Audio, InvalidInput, Node, NodeContext, Param
from tests.providers.fakes import FAKES, TEST_KEY, FakeProvider

KEY_FIELDS = (
    "replicate_api_token",
    "fal_key",
    "openai_api_key",
    "stability_api_key",
    "gemini_api_key",
    "runwayml_api_secret",
    "lumaai_api_key",
    "anthropic_api_key",
)


class AudioFileInput(Node):
    """An audio file already in the asset store (test-only input)."""

    asset_id: str = Param("")
    outputs = {"audio": Audio}

    def run(self, ctx: NodeContext) -> AssetRef:
        if not ctx.store.exists(self.asset_id):
            raise InvalidInput("no such audio")
        return ctx.store.ref(self.asset_id)


@pytest.fixture(scope="session")
def fake_servers() -> Iterator[dict[str, FakeProvider]]:
    servers = {name: cls() for name, cls in FAKES.items()}
    for server in servers.values():
        server.start()
    yield servers
    for server in servers.values():
        server.stop()


@pytest.fixture
def fakes(fake_servers: dict[str, FakeProvider]) -> dict[str, FakeProvider]:
    for server in fake_servers.values():
        server.reset()
    return fake_servers


def settings_for(
    fakes: dict[str, FakeProvider], *, keys: dict[str, str | None] | None = None, **overrides: Any
) -> Settings:
    """Settings that point every adapter at its fake, with fast retries and polls."""
    values: dict[str, Any] = {field: TEST_KEY for field in KEY_FIELDS}
    values.update(keys or {})
    values.update(
        replicate_base_url=fakes["replicate"].url,
        fal_base_url=fakes["fal"].url,
        fal_rest_url=fakes["fal"].url,
        openai_base_url=fakes["openai"].url + "/v1",
        stability_base_url=fakes["stability"].url,
        google_base_url=fakes["google"].url + "/v1beta",
        runway_base_url=fakes["runway"].url,
        luma_base_url=fakes["luma"].url,
        anthropic_base_url=fakes["anthropic"].url,
        ollama_host=fakes["ollama"].url,
        provider_retry_base_delay=0.01,
        provider_retry_max_delay=2.0,
        provider_poll_interval=0.01,
        provider_poll_max_interval=0.02,
        provider_call_timeout=5.0,
    )
    values.update(overrides)
    return Settings(_env_file=None, **values)


def public_url(ref: AssetRef) -> str:
    return f"https://assets.example.test/{ref.sha256}"


@pytest.fixture
async def hub(fakes: dict[str, FakeProvider]) -> AsyncIterator[ProviderHub]:
    provider_hub = ProviderHub(settings_for(fakes), public_url=public_url)
    yield provider_hub
    await provider_hub.aclose()


def registry_with(entry: ModelEntry | None = None) -> NodeRegistry:
    """The built-in node types plus the test audio input; `entry` replaces its catalog node if given."""
    registry = NodeRegistry()
    for cls in load_builtin_nodes():
        if entry is None or cls.spec.type != entry.id:
            registry.register(cls)
    node("test.audio", title="Audio (test)", category="inputs", target=registry)(
        type("TestAudio", (AudioFileInput,), {"asset_id": Param(""), "__annotations__": {"asset_id": str}})
    )
    if entry is not None:
        build_model_node(entry, target=registry)
    return registry


@pytest.fixture
def make_engine(store: Any, cache: Any) -> Iterator[Any]:
    engines: list[Engine] = []

    def build(hub: ProviderHub, entry: ModelEntry | None = None) -> Engine:
        engine = Engine(store, cache, registry=registry_with(entry), services=NodeServices(providers=hub))
        engines.append(engine)
        return engine

    yield build
    for engine in engines:
        engine.close()
