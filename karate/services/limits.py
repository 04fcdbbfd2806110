"""Size limits on workflows (nodes and edges), checked where a workflow document is read, by the API and the
CLI alike, before any per-node work: a graph of a hundred thousand edges is refused at once, in a sentence."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from karate.config import Settings, get_settings
from karate.services.errors import PayloadTooLarge


class GraphTooLarge(PayloadTooLarge):
    """A workflow with more nodes or edges than the studio accepts (413)."""


@dataclass(frozen=True)
class GraphLimits:
    """The most nodes and edges a workflow may have."""

    nodes: int
    edges: int

    @classmethod
    def of(cls, settings: Settings | None = None) -> GraphLimits:
        """From KARATE_MAX_GRAPH_NODES and KARATE_MAX_GRAPH_EDGES (of `settings`, else the environment)."""
        settings = settings or get_settings()
        return cls(settings.max_graph_nodes, settings.max_graph_edges)


def check_graph_size(document: Any, limits: GraphLimits) -> None:
    """Raise GraphTooLarge if `document` (a WorkflowDocument or its JSON) has more nodes or edges than `limits`.
    Anything that is not a list of nodes or edges is left to the shape check that follows."""
    for kind, limit, setting in (
        ("nodes", limits.nodes, "KARATE_MAX_GRAPH_NODES"),
        ("edges", limits.edges, "KARATE_MAX_GRAPH_EDGES"),
    ):
        items = document.get(kind) if isinstance(document, dict) else getattr(document, kind, None)
        count = len(items) if isinstance(items, list) else 0
        if count > limit:
            raise GraphTooLarge(
                f"the workflow has {count} {kind}, over the limit of {limit}; split it into smaller "
                f"workflows or raise {setting}"
            )
