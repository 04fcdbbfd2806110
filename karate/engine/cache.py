"""Cache keys (the persistent index and its interface live in karate.storage.cache_index).

A node's key is a sha256 of its type, version, parameters and, for each input, the key of the node
that feeds it (or the content of that value, after a volatile node). Each key is built from its
parents' keys, so computing all keys costs O(nodes + edges), not the quadratic cost of hashing whole
ancestries.
"""

from __future__ import annotations

import hashlib
import json

from pydantic import BaseModel

# The row type and protocol belong to storage (the engine depends on storage, never the reverse);
# re-exported here for engine modules that import them with the keys.
from karate.storage.cache_index import CacheEntry, CacheIndex

__all__ = ["CacheEntry", "CacheIndex", "node_key", "params_fingerprint"]


def params_fingerprint(params: BaseModel) -> str:
    return json.dumps(params.model_dump(mode="json"), sort_keys=True, separators=(",", ":"), default=str)


def node_key(node_type: str, version: int, params: str, inputs: list[tuple[str, str, str]]) -> str:
    """inputs: (input name, parent key or content identity, source port), in edge order."""
    digest = hashlib.sha256()
    digest.update(f"{node_type}\x00{version}\x00{params}".encode())
    for name, parent, port in inputs:
        digest.update(f"\x01{name}\x00{parent}\x00{port}".encode())
    return digest.hexdigest()
