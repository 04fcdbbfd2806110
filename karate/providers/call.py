"""What a model node hands an adapter: one call of one model on one provider route."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from karate.storage.assets import AssetRef, AssetStore

Progress = Callable[[float | None, str], None]

#: what a provider produced for a node's output port: a stored file, or text
ProviderResult = AssetRef | str


@dataclass(frozen=True, slots=True)
class FileInput:
    """An input file inside a request body; each adapter turns it into what its API accepts."""

    ref: AssetRef
    port: str


@dataclass
class ProviderCall:
    """One run of a model through one provider.

    `model` is the provider's model id, slug or endpoint; `operation` picks one of the provider's APIs
    (e.g. Runway `image_to_video`); `body` is the provider's input with FileInput placeholders;
    `output_path` points into the provider's JSON at the file or text to keep (adapters have defaults).
    """

    title: str
    model: str
    body: dict[str, Any]
    output_kind: str
    store: AssetStore
    operation: str = ""
    output_path: str | None = None
    job_timeout: float = 600.0
    alternatives: list[str] = field(default_factory=list)
    progress: Progress = lambda fraction, message: None
    #: turns a stored asset into a public URL for providers that only take URLs (Luma); None when unavailable
    public_url: Callable[[AssetRef], Awaitable[str] | str] | None = None
