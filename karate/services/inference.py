"""One-model inference (POST /api/v1/ai/infer): the model id must be a model node type in the registry."""

from __future__ import annotations

from typing import Any

from karate.engine.registry import NodeRegistry
from karate.engine.types import PortType
from karate.services.errors import InvalidRequest

MODEL_CATEGORY = "models"


def is_model_category(category: str) -> bool:
    """`models`, or a sub-category such as `models/image` or `models.video`."""
    return category == MODEL_CATEGORY or category.startswith((MODEL_CATEGORY + "/", MODEL_CATEGORY + "."))


def model_ids(registry: NodeRegistry) -> list[str]:
    return [cls.spec.type for cls in registry if is_model_category(cls.spec.category)]


def inference_document(registry: NodeRegistry, model: str, prompt: str) -> dict[str, Any]:
    """The workflow Prompt → model, after checking the model id against the allow-list."""
    cls = registry.get(model)
    if cls is None or not is_model_category(cls.spec.category):
        known = model_ids(registry)
        listing = (
            f"models available here: {', '.join(known[:20])}"
            if known
            else "no model node types are installed on this server yet"
        )
        raise InvalidRequest(
            f"{model!r} is not a model id; {listing}. GET /api/v1/nodes lists every node type — "
            f"model ids are the `type` of entries whose category is {MODEL_CATEGORY!r}"
        )
    text_inputs = [port for port in cls.spec.inputs.values() if port.type == PortType.TEXT]
    if not text_inputs:
        raise InvalidRequest(f"model {model!r} takes no text prompt; build a workflow with its inputs instead")
    port = next((p for p in text_inputs if p.name == "prompt"), text_inputs[0])
    return {
        "schema_version": 1,
        "nodes": [
            {"id": "prompt", "type": "input.prompt", "params": {"text": prompt}},
            {"id": "model", "type": model, "params": {}},
        ],
        "edges": [
            {
                "id": "prompt-model",
                "source": "prompt",
                "sourceHandle": "text",
                "target": "model",
                "targetHandle": port.name,
            }
        ],
    }
