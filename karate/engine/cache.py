"""Cache keys and the interface of the persistent cache index.

A node's key is a sha256 of its type, version, parameters and, for each input, the key of the node
that feeds it (or the content of that value, after a volatile node). Each key is built from its
parents' keys, so computing all keys costs O(nodes + edges), not the quadratic cost of hashing whole
ancestries.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any, Protocol

from pydantic import BaseModel


def params_fingerprint(params: BaseModel) -> str:
    return json.dumps(params.model_dump(mode="json"), sort_keys=True, separators=(",", ":"), default=str)


def node_key(node_type: str, version: int, params: str, inputs: list[tuple[str, str, str]]) -> str:
    """inputs: (input name, parent key or content identity, source port), in edge order."""
    digest = hashlib.sha256()
    digest.update(f"{node_type}\x00{version}\x00{params}".encode())
    for name, parent, port in inputs:
        digest.update(f"\x01{name}\x00{parent}\x00{port}".encode())
    return digest.hexdigest()


@dataclass(frozen=True, slots=True)
class CacheEntry:
    key: str
    node_type: str
    outputs: dict[str, Any]  # port name → JSON form of the value (see values.value_to_json)


class CacheIndex(Protocol):
    """Where cached node results are recorded (the pixels themselves are assets)."""

    def get_many(self, keys: list[str]) -> dict[str, CacheEntry]: ...
    def put(self, entry: CacheEntry, assets: list[str], size: int) -> None: ...
    def touch(self, keys: list[str]) -> None: ...
    def flush(self) -> None: ...
    def close(self) -> None: ...


class NullCacheIndex:
    """A cache that remembers nothing (for callers that want every node to run)."""

    def get_many(self, keys: list[str]) -> dict[str, CacheEntry]:
        return {}

    def put(self, entry: CacheEntry, assets: list[str], size: int) -> None:
        return None

    def touch(self, keys: list[str]) -> None:
        return None

    def flush(self) -> None:
        return None

    def close(self) -> None:
        return None
