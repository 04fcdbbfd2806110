"""Prompt and number inputs: values typed into the node itself."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from karate.sdk import Node, Number, Param, Text, node


@node("input.prompt", title="Prompt", category="inputs")
class Prompt(Node):
    """A piece of text, usually the prompt for an AI model."""

    text: str = Param("", max_length=20_000, ui="textarea", description="The text this node gives out")
    outputs = {"text": Text}

    def run(self, ctx: object) -> str:
        return self.text

    @classmethod
    def known_outputs(cls, params: Mapping[str, Any]) -> dict[str, Any]:
        return {"text": params["text"]}


@node("input.number", title="Number", category="inputs")
class NumberInput(Node):
    """A number, for any numeric input of another node."""

    value: float = Param(0.0, description="The number this node gives out")
    outputs = {"number": Number}

    def run(self, ctx: object) -> float:
        return self.value
