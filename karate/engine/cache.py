"""Cache keys (the persistent index and its interface live in karate.storage.cache_index).

A node's key is a sha256 of its type, version, parameters and, for each input, the key of the node
that feeds it (or the content of that value, after a volatile node). Each key is built from its
parents' keys, so computing all keys costs O(nodes + edges), not the quadratic cost of hashing whole
ancestries.

A key's first 4 bytes are its **cluster**, shared with its parents: the smallest of their clusters, or,
for a node with no parent key (an input, a prompt), the first bytes of its own digest. So the keys of
everything downstream of one picture or prompt sit side by side in an index ordered by key (SQLite's and
PostgreSQL's B-trees): a run's lookups and commits touch a few pages of the index however large it has
grown, instead of one page at random per node (bench/scale, "Case cache"). A key is still a function of
the node's content and its ancestry only: the same computation has the same key in any graph.
"""

from __future__ import annotations

import hashlib
import json

from pydantic import BaseModel

# The row type and protocol belong to storage (the engine depends on storage, never the reverse);
# re-exported here for engine modules that import them with the keys.
from karate.storage.cache_index import CacheEntry, CacheIndex

__all__ = ["CLUSTER_HEX", "CacheEntry", "CacheIndex", "node_key", "params_fingerprint"]


def params_fingerprint(params: BaseModel) -> str:
    return json.dumps(params.model_dump(mode="json"), sort_keys=True, separators=(",", ":"), default=str)


#: Hex digits of a key that name its cluster (4 bytes).
CLUSTER_HEX = 8
_KEY_HEX = 64
_HEX_DIGITS = frozenset("0123456789abcdef")


def node_key(node_type: str, version: int, params: str, inputs: list[tuple[str, str, str]]) -> str:
    """A node's cache key: 64 lowercase hex digits. inputs: (input name, parent key or content identity,
    source port), in edge order. Its first CLUSTER_HEX digits are the smallest cluster among the parent keys,
    else its digest's own."""
    digest = hashlib.sha256()
    digest.update(f"{node_type}\x00{version}\x00{params}".encode())
    clusters = []
    for name, parent, port in inputs:
        digest.update(f"\x01{name}\x00{parent}\x00{port}".encode())
        cluster = parent[:CLUSTER_HEX]
        if len(parent) == _KEY_HEX and _HEX_DIGITS.issuperset(cluster):  # a key, not a content identity ("json:…")
            clusters.append(cluster)
    own = digest.hexdigest()
    return (min(clusters) if clusters else own[:CLUSTER_HEX]) + own[CLUSTER_HEX:]
