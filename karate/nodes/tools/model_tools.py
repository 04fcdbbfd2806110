"""Tools that need a learned model, the Z-Depth Extractor and the Image Describer: they run only through
a configured provider and say exactly what is missing otherwise."""

from __future__ import annotations

import os
from typing import Literal

import numpy as np

from karate.sdk import Image, Input, Mask, Node, NodeContext, NotConfigured, Param, Text, node

DEPTH_PROVIDER_KEYS = ("REPLICATE_API_TOKEN", "FAL_KEY")
DESCRIBE_PROVIDER_KEYS = ("OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY", "OLLAMA_HOST",
                          "REPLICATE_API_TOKEN", "FAL_KEY")


def configured_provider_keys(names: tuple[str, ...]) -> list[str]:
    """Which of these provider credentials are set in the server's environment (names only, never values).

    Provider credentials are the providers' own variable names, not KARATE_* settings, so they are read
    from the environment here rather than through `Settings`.
    """
    return [name for name in names if os.environ.get(name, "").strip()]


def missing_provider_route(tool: str, needs: str, keys: tuple[str, ...]) -> NotConfigured:
    """The error saying what to configure; a provider route for these tools is not in this version yet."""
    present = configured_provider_keys(keys)
    if not present:
        return NotConfigured(
            f"{tool} needs {needs}: set {' or '.join(keys)} on the server (provider routes for this tool "
            "arrive with the model catalog)")
    verb = "is" if len(present) == 1 else "are"
    return NotConfigured(
        f"{tool} needs {needs}; {', '.join(present)} {verb} set, but this version has no provider route for "
        f"{tool} yet, so it cannot run. Update the studio once the model catalog includes it.")


@node("tool.depth", title="Z-Depth Extractor", category="tools", version=1)
class DepthExtractor(Node):
    """Estimate how far each pixel is from the camera and give it as a grey depth map, using a depth
    model through a provider (Replicate or fal)."""

    image: Image = Input()
    near_is_bright: bool = Param(True, description="White for near, black for far (off: the reverse)")
    outputs = {"depth": Mask}

    def run(self, ctx: NodeContext) -> np.ndarray:
        raise missing_provider_route("Z-Depth", "a depth model", DEPTH_PROVIDER_KEYS)


@node("tool.describe", title="Image Describer", category="tools", version=1)
class ImageDescriber(Node):
    """Write a text description of the image with a vision-language model through a provider (OpenAI,
    Anthropic, Gemini, Ollama, Replicate or fal); useful as a prompt for other models."""

    image: Image = Input()
    detail: Literal["short", "detailed"] = Param("short", ui="select",
                                                 description="One sentence, or a full paragraph")
    instructions: str = Param("", max_length=2000, ui="textarea",
                              description="Extra guidance, e.g. \"describe the lighting and the style\"")
    outputs = {"text": Text}

    def run(self, ctx: NodeContext) -> str:
        raise missing_provider_route("Image Describer", "a vision-language model", DESCRIBE_PROVIDER_KEYS)
