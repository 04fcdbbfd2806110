"""Everything a node author imports: `from karate.sdk import node, Node, Input, Param, Image, ...`."""

from karate.engine.context import NodeContext, RunCancelled
from karate.engine.errors import InvalidInput, NodeFailure, NotConfigured
from karate.engine.ports import (
    Audio,
    Boolean,
    Image,
    ImageFile,
    Mask,
    MaskFile,
    Mesh,
    Number,
    Text,
    Vector,
    Video,
)
from karate.engine.registry import node
from karate.engine.sdk import Input, Node, Param, UiHint
from karate.storage.assets import AssetRef

__all__ = [
    "AssetRef",
    "Audio",
    "Boolean",
    "Image",
    "ImageFile",
    "Input",
    "InvalidInput",
    "Mask",
    "MaskFile",
    "Mesh",
    "Node",
    "NodeContext",
    "NodeFailure",
    "NotConfigured",
    "Number",
    "Param",
    "RunCancelled",
    "Text",
    "UiHint",
    "Vector",
    "Video",
    "node",
]
