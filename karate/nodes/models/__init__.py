"""Every catalog entry becomes a node type here: ports, parameters and routes come from the data.

Node categories are `models/<catalog category>` (models/image, models/video, ...).
"""

from __future__ import annotations

from typing import Any, Literal

from karate.catalog import CATALOG
from karate.catalog.schema import ModelEntry, ModelParam
from karate.engine.context import NodeContext
from karate.engine.ports import Audio, ImageFile, Mesh, Text, Vector, Video
from karate.engine.registry import NodeRegistry, node
from karate.engine.sdk import Input, Node, Param
from karate.nodes.models.runner import run_model

PORT_TYPES: dict[str, Any] = {
    "text": Text,
    "image": ImageFile,
    "video": Video,
    "audio": Audio,
    "mesh": Mesh,
    "vector": Vector,
}
_PARAM_TYPES: dict[str, Any] = {"string": str, "text": str, "integer": int, "number": float, "boolean": bool}
_FALLOVER_MARGIN = 60.0


def _param_type(param: ModelParam) -> Any:
    if param.kind == "enum":
        return Literal.__getitem__(tuple(param.choices or ()))
    return _PARAM_TYPES[param.kind]


def _param_field(param: ModelParam) -> Any:
    return Param(
        param.default,
        description=param.description,
        ge=param.ge,
        le=param.le,
        ui="textarea" if param.kind == "text" else ("select" if param.kind == "enum" else None),
        advanced=param.advanced,
    )


def node_extra(entry: ModelEntry) -> dict[str, Any]:
    """What the registry JSON says beyond ports and params: credits, routes (names only), status flags, and how an
    upscaling model enlarges (its `upscaling`)."""
    return {
        "model_category": entry.category,
        "credits": entry.credits,
        "routes": [
            {
                "provider": route.provider,
                "model": route.model,
                "operation": route.operation or None,
                "when": route.when or None,
                "status": route.status,
                "note": route.note or None,
            }
            for route in entry.routes
        ],
        "deprecated_routes": entry.deprecated_routes,
        "unconfirmed_routes": entry.unconfirmed_routes,
        "alternatives": list(entry.alternatives),
        **({"upscaling": entry.upscaling.to_json()} if entry.upscaling is not None else {}),
    }


def build_model_node(entry: ModelEntry, target: NodeRegistry | None = None) -> type[Node]:
    """A Node subclass for one catalog entry, registered under the entry's id (in `target` if given)."""
    annotations: dict[str, Any] = {}
    attributes: dict[str, Any] = {}
    for port in entry.inputs:
        port_type = PORT_TYPES[port.kind]
        annotations[port.name] = list[port_type] if port.list else port_type  # type: ignore[valid-type]  # chosen at run time
        attributes[port.name] = Input(port.description, required=port.required)
    for param in entry.params:
        annotations[param.name] = _param_type(param)
        attributes[param.name] = _param_field(param)

    async def run(self: Node, ctx: NodeContext) -> Any:
        return await run_model(entry, self, ctx)

    routes = max(1, len(entry.routes))
    class_name = "".join(part.title() for part in entry.id.removeprefix("model.").split("_")) + "Model"
    cls = type(
        class_name,
        (Node,),
        {
            "__annotations__": annotations,
            "__doc__": entry.description,
            "__module__": __name__,
            "outputs": {entry.output.name: PORT_TYPES[entry.output.kind]},
            # room for every route to use its whole job time before the engine steps in
            "timeout": entry.job_timeout * routes + _FALLOVER_MARGIN,
            "run": run,
            **attributes,
        },
    )
    return node(
        entry.id,
        title=entry.title,
        category=f"models/{entry.category}",
        version=1,
        description=entry.description,
        target=target,
        **node_extra(entry),
    )(cls)


MODEL_NODES: dict[str, type[Node]] = {entry.id: build_model_node(entry) for entry in CATALOG}
