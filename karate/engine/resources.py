"""What a run uses of the engine that prepared it: the typed interface an `Execution` and its collaborators
hold instead of the `Engine` class (which builds them, so they cannot import it)."""

from __future__ import annotations

from concurrent.futures import Executor
from typing import Protocol

from karate.engine.cache import CacheIndex
from karate.engine.context import NodeServices
from karate.storage.assets import AssetStore


class RunResources(Protocol):
    """The engine as a run sees it: where results are kept, the two thread pools, and the limits."""

    @property
    def store(self) -> AssetStore:
        """Content-addressed files: images in and out, every stored result."""

    @property
    def cache(self) -> CacheIndex:
        """Results by node key: looked up before a node runs, written after."""

    @property
    def pool(self) -> Executor:
        """Nodes' CPU work and image decodes."""

    @property
    def persister(self) -> Executor:
        """Writes results to the store and the cache index, at low priority."""

    @property
    def node_timeout(self) -> float:
        """Seconds a node may run when its spec sets no timeout of its own."""

    @property
    def inline_bytes(self) -> int:
        """Inputs up to this size run on the event loop; results up to it are stored in batches."""

    @property
    def services(self) -> NodeServices:
        """What nodes reach through their context: the studio's settings and provider hub."""
