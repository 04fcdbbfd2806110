"""GET /api/v1/nodes: the node catalog, generated from the registry (the editor's palette and forms)."""

from __future__ import annotations

from fastapi import APIRouter, Response

from karate.api.deps import NodeCatalogDep
from karate.api.node_schemas import NodeCatalog

router = APIRouter(tags=["nodes"])


@router.get("/nodes", response_model=NodeCatalog)
async def list_nodes(catalog: NodeCatalogDep) -> Response:
    """Every node type: ports, parameter JSON schema, category, version."""
    return Response(catalog, media_type="application/json")
