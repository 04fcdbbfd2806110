"""The node catalog's shapes (GET /nodes, karate/api/nodes.py), as they appear in /openapi.json: each node
type with its ports, its parameters' JSON schema and UI hints, an AI model node's provider routes, and which
outputs may feed which inputs. The editor's forms and types are generated from them."""

from __future__ import annotations

from typing import Annotated, Any, Literal, NotRequired

from pydantic import BaseModel, ConfigDict, Field
from typing_extensions import TypedDict

from karate.catalog.schema import RouteStatus
from karate.engine.sdk import UiHint
from karate.engine.types import PortType


class PortOut(BaseModel):
    name: str
    type: PortType
    list: bool = Field(description="Takes or gives a list of values")
    required: bool
    description: str


JsonType = Literal["string", "number", "integer", "boolean", "array", "object", "null"]


class ParamOut(TypedDict, total=False):
    """One parameter's JSON schema (pydantic's), with the studio's keys `ui` (how the editor shows the field),
    `step`, `advanced`, `visible_when` and `pattern_message`. Keys are left out, never null."""

    __pydantic_config__ = ConfigDict(extra="allow")  # type: ignore[misc]  # pydantic reads it; typing has no such key

    type: JsonType
    title: str
    description: str
    default: Any
    enum: list[str | int | float]
    minimum: float
    maximum: float
    exclusiveMinimum: float
    exclusiveMaximum: float
    maxLength: int
    pattern: str
    pattern_message: Annotated[
        str, Field(description="What the check before a run says of a value `pattern` refuses, in the user's words")
    ]
    examples: list[Any]
    enum_labels: Annotated[
        list[str], Field(description="How each of `enum`'s values reads in a menu, in its order: `png` as `PNG`")
    ]
    items: ParamOut
    anyOf: list[ParamOut]
    ui: UiHint
    step: float
    advanced: bool
    visible_when: Annotated[
        dict[str, list[str | int | float | bool]],
        Field(
            description="Show the field only while each parameter named has one of the values listed "
            '({"format": ["jpg", "webp"]}: a quality only JPEG and WebP use); its value is kept either way'
        ),
    ]


class ParamsSchemaOut(BaseModel):
    model_config = ConfigDict(extra="allow")

    type: Literal["object"]
    title: str | None = None
    properties: dict[str, ParamOut]
    required: list[str] | None = None


class ModelRouteOut(BaseModel):
    provider: str
    model: str
    operation: str | None
    when: str | None = Field(description='"image": only when that input is connected; "!image": only when not')
    status: RouteStatus
    note: str | None


class ScaleChoice(BaseModel):
    scale: int = Field(description="How many times wider and taller")
    value: str | int = Field(description="The scale parameter's value for it: 4, or a model's \"x4\"")


class UpscalingOut(BaseModel):
    """How a node enlarges a picture by a chosen scale (the Upscale tool, an upscaling model): a scale whose result
    would pass the catalog's `max_image_pixels` is refused when the node runs."""

    port: str = Field(description="The image input it enlarges")
    param: str = Field(description="The parameter that says by how much")
    scales: list[ScaleChoice] = Field(description="The parameter's values, each with its scale")


class NodeSpecOut(TypedDict):
    """A node type; the keys after params_schema are only on AI model nodes (category models/...), and left
    out (never null) on the others, but `upscaling`: on every node that enlarges by a chosen scale."""

    type: str
    title: str
    category: str
    description: str
    version: int
    inputs: list[PortOut]
    outputs: list[PortOut]
    params_schema: ParamsSchemaOut
    model_category: NotRequired[str]
    credits: NotRequired[int]
    routes: NotRequired[list[ModelRouteOut]]
    deprecated_routes: NotRequired[list[str]]
    unconfirmed_routes: NotRequired[list[str]]
    alternatives: NotRequired[list[str]]
    upscaling: NotRequired[UpscalingOut]


class PortConnection(BaseModel):
    """One kind of output that may feed one kind of input (karate.engine.types.can_connect decides)."""

    source: PortType
    source_list: bool = Field(description="The output gives a list")
    target: PortType
    target_list: bool = Field(description="The input takes a list")


class NodeCatalog(BaseModel):
    nodes: list[NodeSpecOut]
    connections: list[PortConnection] = Field(
        description="Every pairing of output and input that may be connected; a pairing not listed is refused"
    )
    max_image_pixels: int = Field(
        description="The largest image (width × height) this studio holds (KARATE_MAX_IMAGE_PIXELS): an upscale "
        "whose result would pass it is refused"
    )
