"""Port types: what flows along an edge, and which connections fit."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from karate.engine.labels import name_label


class PortType(StrEnum):
    TEXT = "text"
    NUMBER = "number"
    BOOLEAN = "boolean"
    IMAGE = "image"
    MASK = "mask"
    VIDEO = "video"
    AUDIO = "audio"
    MESH = "mesh"
    VECTOR = "vector"


# What a port carries, in words for a sentence: one value ("Connect an image to ...") and several (a list input).
_ONE_IN_WORDS = {
    PortType.TEXT: "a text",
    PortType.NUMBER: "a number",
    PortType.BOOLEAN: "a yes/no value",
    PortType.IMAGE: "an image",
    PortType.MASK: "a mask",
    PortType.VIDEO: "a video",
    PortType.AUDIO: "an audio file",
    PortType.MESH: "a mesh",
    PortType.VECTOR: "a vector",
}
_SEVERAL_IN_WORDS = {
    PortType.TEXT: "texts",
    PortType.NUMBER: "numbers",
    PortType.BOOLEAN: "yes/no values",
    PortType.IMAGE: "images",
    PortType.MASK: "masks",
    PortType.VIDEO: "videos",
    PortType.AUDIO: "audio files",
    PortType.MESH: "meshes",
    PortType.VECTOR: "vectors",
}


@dataclass(frozen=True, slots=True)
class PortSpec:
    """One named input or output of a node type."""

    name: str
    type: PortType
    is_list: bool = False
    required: bool = True
    description: str = ""

    @property
    def type_label(self) -> str:
        return f"list[{self.type}]" if self.is_list else str(self.type)

    @property
    def type_words(self) -> str:
        """What the port takes, in words: "an image"; "one or more images" for a list input."""
        return f"one or more {_SEVERAL_IN_WORDS[self.type]}" if self.is_list else _ONE_IN_WORDS[self.type]

    @property
    def label(self) -> str:
        """The port's name as a person reads it: "first_frame" -> "First frame", "svg" -> "SVG"."""
        return name_label(self.name)

    def to_json(self) -> dict[str, object]:
        return {
            "name": self.name,
            "type": str(self.type),
            "list": self.is_list,
            "required": self.required,
            "description": self.description,
        }


# A source type may feed a target type when they are equal or listed here (the engine converts).
_COERCIONS: frozenset[tuple[PortType, PortType]] = frozenset(
    {
        (PortType.MASK, PortType.IMAGE),  # a mask is shown as a grey image
        (PortType.IMAGE, PortType.MASK),  # an uploaded black-and-white image used as a mask (alpha if it has one)
        (PortType.NUMBER, PortType.TEXT),
        (PortType.BOOLEAN, PortType.NUMBER),
    }
)


def can_connect(source: PortSpec, target: PortSpec) -> bool:
    """Whether an edge from `source` into `target` is allowed.

    A single value may feed a list input (it is collected); a list may not feed a single input.
    """
    if source.is_list and not target.is_list:
        return False
    return source.type == target.type or (source.type, target.type) in _COERCIONS


def connection_table() -> list[dict[str, object]]:
    """Every kind of output that may feed every kind of input, as `can_connect` decides, for clients that
    check connections before they send a workflow (the editor): one entry per allowed pairing,
    `{"source": "image", "source_list": False, "target": "mask", "target_list": False}`. A pairing that
    is not listed is refused. Ordered by source, then target, in PortType's order."""
    kinds = [(port_type, is_list) for port_type in PortType for is_list in (False, True)]
    return [
        {"source": str(source), "source_list": source_list, "target": str(target), "target_list": target_list}
        for source, source_list in kinds
        for target, target_list in kinds
        if can_connect(PortSpec("output", source, source_list), PortSpec("input", target, target_list))
    ]
