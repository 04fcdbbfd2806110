"""Z-Depth and Image Describer run their catalog models through the providers, or say what to set."""

from __future__ import annotations

from typing import Any

import numpy as np

from karate.engine import RunStatus
from karate.providers.hub import ProviderHub
from tests.helpers import edge, node, store_image, workflow
from tests.providers.conftest import KEY_FIELDS, settings_for

IMAGE = np.full((8, 8, 3), 128, np.uint8)


def tool_workflow(store: Any, tool: str, **params: Any) -> dict[str, Any]:
    return workflow(
        [node("img", "input.image", asset_id=store_image(store, IMAGE)), node("tool", tool, **params)],
        [edge("img", "tool")],
    )


async def test_depth_runs_depth_anything_through_the_first_configured_provider(make_engine, hub, fakes, store):
    result = await make_engine(hub).run(tool_workflow(store, "tool.depth", near_is_bright=False))
    assert result.status == RunStatus.COMPLETED, result.error
    depth = result.nodes["tool"].outputs["depth"].pixels(store)
    assert depth.ndim == 2 and depth.dtype == np.uint8
    assert fakes["fal"].received("POST", "imageutils/depth"), "the depth model was asked through fal"


async def test_describe_sends_the_image_and_the_instruction_to_a_vision_model(make_engine, hub, fakes, store):
    doc = tool_workflow(store, "tool.describe", detail="detailed", instructions="Mention the colour.")
    result = await make_engine(hub).run(doc)
    assert result.status == RunStatus.COMPLETED, result.error
    text = result.nodes["tool"].outputs["text"]
    assert isinstance(text, str) and text.strip()
    (request,) = fakes["openai"].received("POST", "chat/completions")
    sent = str(request.json)
    assert "Mention the colour." in sent and "one detailed paragraph" in sent and "base64" in sent


async def test_without_any_provider_the_tools_name_the_keys_to_set(make_engine, fakes, store):
    no_keys = ProviderHub(settings_for(fakes, keys={field: None for field in KEY_FIELDS}, ollama_host=None))
    engine = make_engine(no_keys)
    depth = await engine.run(tool_workflow(store, "tool.depth"))
    describe = await engine.run(tool_workflow(store, "tool.describe"))
    await no_keys.aclose()
    for result, keys in (
        (depth, ("FAL_KEY", "REPLICATE_API_TOKEN")),
        (describe, ("OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY", "OLLAMA_HOST")),
    ):
        error = result.nodes["tool"].error
        assert result.status == RunStatus.FAILED and error is not None and error.code == "provider_not_configured"
        assert all(key in error.message for key in keys), error.message
