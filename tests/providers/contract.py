"""Helpers of the contract tests: a workflow that feeds a catalog entry through one route, and what the
fake of that route's provider should have received."""

from __future__ import annotations

import re
from typing import Any

from karate.catalog.mapping import build_body
from karate.catalog.schema import ModelEntry, ProviderRoute
from karate.providers.call import FileInput
from karate.storage.assets import AssetRef, LocalAssetStore
from tests.helpers import edge, node, workflow
from tests.providers.fakes.base import SAMPLES, FakeProvider

PROMPT = "a red square on black"
SOURCES = {
    "text": ("input.prompt", "text"),
    "image": ("input.image", "image"),
    "video": ("input.video", "video"),
    "audio": ("test.audio", "audio"),
}


def connected_inputs(entry: ModelEntry, route: ProviderRoute) -> list[str]:
    """Every input, except the one a `!name` route needs left unconnected."""
    skip = route.when[1:] if route.when.startswith("!") else None
    return [port.name for port in entry.inputs if port.name != skip]


def model_workflow(entry: ModelEntry, route: ProviderRoute, store: LocalAssetStore) -> dict[str, Any]:
    nodes = [node("model", entry.id)]
    edges = []
    ports = {port.name: port for port in entry.inputs}
    for name in connected_inputs(entry, route):
        kind = ports[name].kind
        source_type, source_port = SOURCES[kind]
        params = (
            {"text": PROMPT}
            if kind == "text"
            else {"asset_id": store.put_bytes(SAMPLES[kind][0], SAMPLES[kind][1]).sha256}
        )
        nodes.append(node(f"in_{name}", source_type, **params))
        edges.append(edge(f"in_{name}", "model", source_port, name))
    return workflow(nodes, edges)


def expected_fields(entry: ModelEntry, route: ProviderRoute) -> set[str]:
    """The top-level fields the route's mapping produces for default parameters and connected inputs."""
    values: dict[str, Any] = {param.name: param.default for param in entry.params}
    placeholder = FileInput(AssetRef("0" * 64, "image/png", 1), "x")
    ports = {port.name: port for port in entry.inputs}
    for name in connected_inputs(entry, route):
        port = ports[name]
        values[name] = PROMPT if port.kind == "text" else ([placeholder] if port.list else placeholder)
    return set(build_body(route.input, values))


def received_fields(fake: FakeProvider, route: ProviderRoute) -> set[str] | None:
    """The top-level fields of the job the fake received, in the provider's envelope; None if not comparable."""
    creates = [r for r in fake.requests if r.method == "POST" and not r.path.startswith(("/storage", "/v1/files"))]
    assert creates, f"{fake.name} received no job"
    request = creates[0]
    form = set(request.form) | {name.removesuffix("[]") for name in request.files}
    if route.provider == "replicate":
        return set(request.json["input"])
    if route.provider in ("fal", "google") and route.operation != "generate_content":
        return set(request.json)
    if route.provider in ("runway", "luma"):
        return set(request.json) - {"model"}
    if route.provider == "stability":
        return form
    if route.provider == "openai" and route.operation in ("images.edit", "videos"):
        return form - {"model"}
    if route.provider == "openai" and route.operation == "images.generate":
        return set(request.json) - {"model"}
    return None  # chat-style bodies are built by the adapter, not the mapping


def file_encodings(fake: FakeProvider, route: ProviderRoute) -> list[str]:
    """How input files reached the provider, as short labels, for the encoding assertions."""
    creates = [r for r in fake.requests if r.method == "POST" and not r.path.startswith(("/storage", "/v1/files"))]
    body = creates[0].body.decode("latin-1")
    labels = []
    if re.search(r"data:[a-z]+/[\w.+-]+;base64,", body):
        labels.append("data-uri")
    if f"{fake.url}/files/" in body:
        labels.append("uploaded-url")
    if "assets.example.test" in body:
        labels.append("public-url")
    if creates[0].files:
        labels.append("multipart")
    if re.search(r'"(bytesBase64Encoded|inlineData|base64)"|"images":\s*\["', body):
        labels.append("base64")
    return labels
