"""What a planner may know about the studio: the node catalog, which providers have credentials, and the sizes of
the pictures uploaded to the canvas with the studio's pixel limit (so that it proposes no upscale past it)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from karate.catalog import get_entry
from karate.engine.registry import NodeRegistry
from karate.engine.sdk import NodeSpec
from karate.storage.media_errors import DEFAULT_MAX_PIXELS


@dataclass(frozen=True, slots=True)
class PlanContext:
    """`registry`: every node type; `configured`: provider names with credentials (e.g. {"fal", "openai"});
    `accounts`: a studio with sign-in, where the person asking cannot set the server's keys (an admin does);
    `pictures`: (width, height) in pixels of the uploaded images on the canvas, by asset id (those whose size is
    recorded); `max_image_pixels`: the largest image (width × height) the studio holds, KARATE_MAX_IMAGE_PIXELS."""

    registry: NodeRegistry
    configured: frozenset[str] = frozenset()
    accounts: bool = False
    pictures: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    max_image_pixels: int = DEFAULT_MAX_PIXELS

    def spec(self, node_type: str) -> NodeSpec | None:
        cls = self.registry.get(node_type)
        return cls.spec if cls is not None else None

    def specs(self) -> Iterator[NodeSpec]:
        return (cls.spec for cls in self.registry)

    def providers_of(self, node_type: str) -> list[str]:
        """The providers that can run a catalog model, in the catalog's order; [] for local nodes."""
        entry = get_entry(node_type)
        return [route.provider for route in entry.routes] if entry is not None else []

    def offered(self, node_type: str) -> bool:
        """Whether the node can run here: a local node always, a model when a configured provider offers it."""
        providers = self.providers_of(node_type)
        return not providers or any(name in self.configured for name in providers)
