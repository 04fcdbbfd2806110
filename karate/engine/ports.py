"""The annotations a node author writes for ports: `image: Image = Input()`.

Each alias says the port type and how the node wants the value delivered: `Image` and `Mask` as numpy
arrays, `ImageFile` as an encoded file in the asset store (for nodes that upload images elsewhere),
`Video`, `Audio`, `Mesh` and `Vector` as asset references, `Text`, `Number` and `Boolean` as Python values.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, get_args, get_origin

from karate.engine.types import PortType
from karate.storage.assets import AssetRef

if TYPE_CHECKING:
    from numpy import ndarray as _Pixels
else:

    class _Pixels:
        """What `Image` and `Mask` hold, numpy.ndarray, as a type checker reads them. At run time only the
        PortKind is read, and this stand-in lets the SDK load without numpy (a text workflow never needs it)."""


@dataclass(frozen=True, slots=True)
class PortKind:
    type: PortType
    form: str = "value"  # "pixels", "file" or "value"


Text = Annotated[str, PortKind(PortType.TEXT)]
Number = Annotated[float, PortKind(PortType.NUMBER)]
Boolean = Annotated[bool, PortKind(PortType.BOOLEAN)]
Image = Annotated[_Pixels, PortKind(PortType.IMAGE, "pixels")]
Mask = Annotated[_Pixels, PortKind(PortType.MASK, "pixels")]
ImageFile = Annotated[AssetRef, PortKind(PortType.IMAGE, "file")]
MaskFile = Annotated[AssetRef, PortKind(PortType.MASK, "file")]
Video = Annotated[AssetRef, PortKind(PortType.VIDEO, "file")]
Audio = Annotated[AssetRef, PortKind(PortType.AUDIO, "file")]
Mesh = Annotated[AssetRef, PortKind(PortType.MESH, "file")]
Vector = Annotated[AssetRef, PortKind(PortType.VECTOR, "file")]


# Plain Python annotations are accepted for the simple port types: `a: float = Input()`.
_PLAIN: dict[Any, PortKind] = {
    str: PortKind(PortType.TEXT),
    float: PortKind(PortType.NUMBER),
    int: PortKind(PortType.NUMBER),
    bool: PortKind(PortType.BOOLEAN),
}


@dataclass(frozen=True, slots=True)
class ResolvedPort:
    kind: PortKind
    is_list: bool


def resolve_port_annotation(annotation: Any) -> ResolvedPort | None:
    """Find the PortKind in `Image`, `list[Image]` or `Image | None`; None if it is not a port type."""
    if annotation in _PLAIN:
        return ResolvedPort(_PLAIN[annotation], False)
    origin = get_origin(annotation)
    if origin is Annotated:
        for meta in annotation.__metadata__:
            if isinstance(meta, PortKind):
                return ResolvedPort(meta, False)
        return None
    if origin is list:
        (item,) = get_args(annotation)
        inner = resolve_port_annotation(item)
        return ResolvedPort(inner.kind, True) if inner else None
    args = [arg for arg in get_args(annotation) if arg is not type(None)]
    if len(args) == 1:  # Optional[X]
        return resolve_port_annotation(args[0])
    return None
