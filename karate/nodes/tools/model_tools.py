"""Tools that need a learned model, the Z-Depth Extractor and the Image Describer: they run the catalog's
depth and vision-language models through the first configured provider, and say what to set otherwise."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any, Literal

import cv2
import numpy as np

from karate.catalog import get_entry
from karate.engine.values import decode_asset
from karate.nodes.models.runner import run_model
from karate.sdk import AssetRef, ImageFile, Input, Mask, Node, NodeContext, Param, Text, node

_DESCRIBE = {
    "short": "Describe this image in one sentence: the subject, the setting and the style.",
    "detailed": "Describe this image in one detailed paragraph: subject, setting, style, lighting and colours.",
}


async def run_catalog_model(model_id: str, ctx: NodeContext, **values: Any) -> Any:
    entry = get_entry(model_id)
    assert entry is not None, f"the catalog has no {model_id}"
    defaults = {param.name: param.default for param in entry.params}
    return await run_model(entry, SimpleNamespace(**{**defaults, **values}), ctx)


def catalog_credits(model_id: str) -> int:
    """The credits of the catalog model a tool runs: its price, as a model node's (shown before a run)."""
    entry = get_entry(model_id)
    return entry.credits if entry is not None else 0


def _grey(ref: AssetRef, ctx: NodeContext, invert: bool) -> np.ndarray:
    pixels = decode_asset(ref, ctx.store)
    grey = cv2.cvtColor(pixels[:, :, :3], cv2.COLOR_RGB2GRAY)
    return 255 - grey if invert else grey


@node(
    "tool.depth",
    title="Z-Depth Extractor",
    category="tools",
    version=2,
    credits=catalog_credits("model.depth_anything"),
)
class DepthExtractor(Node):
    """Estimate how far each pixel is from the camera and give it as a grey depth map, using a depth
    model (Depth Anything) through a provider (fal or Replicate)."""

    image: ImageFile = Input()
    near_is_bright: bool = Param(True, description="White for near, black for far (off: the reverse)")
    outputs = {"depth": Mask}
    timeout = 600

    async def run(self, ctx: NodeContext) -> np.ndarray:
        depth = await run_catalog_model("model.depth_anything", ctx, image=self.image)
        return await asyncio.to_thread(_grey, depth, ctx, not self.near_is_bright)


@node(
    "tool.describe",
    title="Image Describer",
    category="tools",
    version=2,
    credits=catalog_credits("model.image_describer"),
)
class ImageDescriber(Node):
    """Write a text description of the image with a vision-language model through a provider (OpenAI,
    Anthropic, Gemini or a local Ollama); useful as a prompt for other models."""

    image: ImageFile = Input()
    detail: Literal["short", "detailed"] = Param("short", ui="select", description="One sentence, or a full paragraph")
    instructions: str = Param(
        "", max_length=2000, ui="textarea", description='Extra guidance, e.g. "describe the lighting and the style"'
    )
    outputs = {"text": Text}
    timeout = 300

    async def run(self, ctx: NodeContext) -> str:
        instruction = _DESCRIBE[self.detail] + (f" {self.instructions}" if self.instructions else "")
        text = await run_catalog_model("model.image_describer", ctx, image=self.image, instruction=instruction)
        return str(text)
