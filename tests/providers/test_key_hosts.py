"""A provider's key goes only to the hosts configured for it, never to a host named in a provider's answer:
polling URLs, output files and redirects to other hosts are fetched without it."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from karate.providers.base import ProviderAdapter
from karate.providers.call import ProviderCall
from karate.providers.hub import ADAPTERS
from karate.storage.assets import AssetRef, LocalAssetStore
from tests.providers.conftest import settings_for
from tests.providers.fakes import TEST_KEY, FakeProvider
from tests.providers.fakes.base import SAMPLES

ELSEWHERE = "http://elsewhere.test"
KEYED = [name for name, cls in ADAPTERS.items() if cls.key_setting]


class Elsewhere:
    """Another host, as a provider's answer may name one: records what it receives, serves a PNG, answers
    Replicate-style polls, and redirects /redirect to itself."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if request.url.path.endswith(".png"):
            return httpx.Response(200, content=SAMPLES["image"][0], headers={"Content-Type": "image/png"})
        if request.url.path.startswith("/v1/predictions/"):
            return httpx.Response(200, json={"id": "p1", "status": "succeeded", "output": f"{ELSEWHERE}/out.png"})
        return httpx.Response(200, json={})

    def key_headers(self, adapter: ProviderAdapter) -> list[tuple[str, str]]:
        """Every key header any request here carried."""
        names = {name.lower() for name in adapter.auth_headers()}
        return [
            (name, value)
            for request in self.requests
            for name, value in request.headers.items()
            if name.lower() in names or TEST_KEY in value
        ]


def adapter_with_elsewhere(name: str, fakes: dict[str, FakeProvider]) -> tuple[ProviderAdapter, Elsewhere]:
    elsewhere = Elsewhere()
    client = httpx.AsyncClient(follow_redirects=True, mounts={"all://elsewhere.test": httpx.MockTransport(elsewhere)})
    return ADAPTERS[name](settings_for(fakes, provider_max_retries=0), client=client), elsewhere


def a_call(store: LocalAssetStore, **extra: Any) -> ProviderCall:
    return ProviderCall(
        title="Flux",
        model="black-forest-labs/flux-schnell",
        body={"prompt": "a cat"},
        output_kind="image",
        store=store,
        **extra,
    )


@pytest.mark.parametrize("name", KEYED)
async def test_the_key_goes_to_the_configured_host_only(
    name: str, fakes: dict[str, FakeProvider], store: LocalAssetStore
) -> None:
    adapter, elsewhere = adapter_with_elsewhere(name, fakes)
    try:
        assert adapter.sends_key_to(httpx.URL(adapter.base_url + "/anything"))
        await adapter.request("GET", f"{ELSEWHERE}/v1/status")  # a polling URL from an answer
        await adapter.download(a_call(store), f"{ELSEWHERE}/files/out.png", headers=adapter.auth_headers())
        assert len(elsewhere.requests) == 2
        assert elsewhere.key_headers(adapter) == []
    finally:
        await adapter.aclose()


@pytest.mark.parametrize("name", KEYED)
async def test_a_redirect_to_another_host_drops_the_key(name: str, fakes: dict[str, FakeProvider]) -> None:
    adapter, elsewhere = adapter_with_elsewhere(name, fakes)
    fake = fakes[name]
    fake.add_fault("GET", "/", 302, b"", headers={"Location": f"{ELSEWHERE}/moved"})
    base = httpx.URL(adapter.base_url)
    try:
        # the fakes record requests on their documented routes: any path they check auth on will do
        route = {
            "replicate": "/v1/predictions/x",
            "fal": "/a/b/requests/x/status",
            "openai": "/v1/videos/x",
            "stability": "/v2beta/results/x",
            "google": "/v1beta/models/x",
            "runway": "/v1/tasks/x",
            "luma": "/generations/x",
            "anthropic": "/v1/messages",
        }[name]
        method = "POST" if name == "anthropic" else "GET"
        if method == "POST":
            fake.faults.clear()
            fake.add_fault("POST", "/", 307, b"", headers={"Location": f"{ELSEWHERE}/moved"})
        await adapter.request(method, str(base.copy_with(path=route)), json={} if method == "POST" else None)
        sent = fake.received()[-1]
        assert any(TEST_KEY in value for value in sent.headers.values())  # the provider's own host had the key
        assert [str(request.url) for request in elsewhere.requests] == [f"{ELSEWHERE}/moved"]
        assert elsewhere.key_headers(adapter) == []
    finally:
        await adapter.aclose()


async def test_replicate_polls_and_downloads_on_another_host_without_the_key(
    fakes: dict[str, FakeProvider], store: LocalAssetStore
) -> None:
    adapter, elsewhere = adapter_with_elsewhere("replicate", fakes)
    fakes["replicate"].add_fault(
        "POST",
        "/predictions",
        201,
        {"id": "p1", "status": "starting", "urls": {"get": f"{ELSEWHERE}/v1/predictions/p1"}},
    )
    try:
        result = await adapter.run(a_call(store))
        assert isinstance(result, AssetRef) and store.read_bytes(result.sha256) == SAMPLES["image"][0]
        assert [request.url.path for request in elsewhere.requests] == ["/v1/predictions/p1", "/out.png"]
        assert elsewhere.key_headers(adapter) == []
        assert fakes["replicate"].received("POST")[-1].headers["authorization"] == f"Bearer {TEST_KEY}"
    finally:
        await adapter.aclose()
