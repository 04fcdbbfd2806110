"""The shape of a catalog entry: one AI model, its parameters and ports, credit cost and provider routes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

if TYPE_CHECKING:
    from karate.engine.sdk import NodeSpec

PortKind = Literal["text", "image", "video", "audio", "mesh", "vector"]
ParamKind = Literal["string", "text", "integer", "number", "boolean", "enum"]
RouteStatus = Literal["confirmed", "unconfirmed", "deprecated"]
Category = Literal["image", "video", "3d", "text", "vector", "upscale", "lipsync", "edit", "audio"]

PROVIDERS = ("replicate", "fal", "openai", "stability", "google", "runway", "luma", "anthropic", "ollama", "local")
_REF = re.compile(r"\$\{?([a-z_][a-z0-9_]*)\}?")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ModelParam(_Frozen):
    """A parameter the user sets on the node (becomes a field of the node's params schema)."""

    name: str
    kind: ParamKind
    default: Any = None
    description: str = ""
    ge: float | None = None
    le: float | None = None
    choices: tuple[Any, ...] | None = None
    advanced: bool = False


class ModelPort(_Frozen):
    name: str
    kind: PortKind
    required: bool = True
    list: bool = False
    description: str = ""


class ProviderRoute(_Frozen):
    """Where a model runs: provider, its model id (may use `{param}`), and our parameters mapped to its input.

    `input` is the provider's request body in which "$name" stands for a parameter or input port,
    "text ${name}" formats one into text, and {"$": name, "map": {...}, "omit": [...], "as": "int"}
    transforms one. A missing value (an unconnected input, an empty text, an omitted default) leaves its
    key out; inside a nested object a missing plain "$name" leaves the whole object out (a keyframe
    without its image), while a missing {"$": name} leaves out only its key.
    """

    provider: str
    model: str
    operation: str = ""
    input: dict[str, Any] = Field(default_factory=dict)
    output: str | None = None
    #: "image" to use this route only when that input is connected, "!image" only when it is not
    when: str = ""
    status: RouteStatus = "confirmed"
    note: str = ""

    @model_validator(mode="after")
    def _known_provider(self) -> ProviderRoute:
        if self.provider not in PROVIDERS:
            raise ValueError(f"unknown provider {self.provider!r}")
        return self

    def references(self) -> set[str]:
        """Every parameter or input name this route reads."""
        found: set[str] = set(_REF.findall(self.model.replace("{", "${")))
        _collect_refs(self.input, found)
        if self.when:
            found.add(self.when.lstrip("!"))
        return found


class ModelEntry(_Frozen):
    id: str = Field(pattern=r"^model\.[a-z0-9_]+$")
    title: str
    category: Category
    description: str
    inputs: tuple[ModelPort, ...] = ()
    output: ModelPort
    params: tuple[ModelParam, ...] = ()
    credits: int = Field(ge=0)
    routes: tuple[ProviderRoute, ...]
    job_timeout: float = Field(600.0, gt=0)
    alternatives: tuple[str, ...] = ()
    spec_names: tuple[str, ...] = ()
    #: the choice parameter that says how many times wider and taller the model makes its input image (its
    #: choices 2, 4 or "x2", "x4"); "" for a model that does not enlarge an image by a chosen scale
    upscale_param: str = ""

    @model_validator(mode="after")
    def _routes_read_known_names(self) -> ModelEntry:
        names = {param.name for param in self.params} | {port.name for port in self.inputs}
        if not self.routes:
            raise ValueError(f"{self.id} has no provider route")
        for route in self.routes:
            unknown = route.references() - names
            if unknown:
                raise ValueError(f"{self.id}: route {route.provider} reads unknown names {sorted(unknown)}")
        return self

    @model_validator(mode="after")
    def _upscales_by_a_known_scale(self) -> ModelEntry:
        if self.upscale_param and self.upscaling is None:
            raise ValueError(
                f"{self.id}: upscale_param {self.upscale_param!r} must name a choice parameter whose every choice "
                'is a whole number (2, "x2", "2x"), of a model with an image input'
            )
        return self

    @property
    def upscaling(self) -> Upscaling | None:
        """How the model enlarges its input image, where `upscale_param` says it does; None otherwise (or when
        `upscale_param` names no choice of whole numbers, which the catalog refuses)."""
        param = next((p for p in self.params if p.name == self.upscale_param and p.kind == "enum"), None)
        port = next((p.name for p in self.inputs if p.kind == "image" and not p.list), None)
        if param is None or port is None:
            return None
        choices = param.choices or ()
        scales = {number: choice for choice in choices if (number := scale_number(choice)) is not None}
        if not scales or len(scales) != len(choices):  # a choice that is no scale, or one scale spelt twice
            return None
        return Upscaling(port, param.name, scales)

    @property
    def deprecated_routes(self) -> list[str]:
        return [route.provider for route in self.routes if route.status == "deprecated"]

    @property
    def unconfirmed_routes(self) -> list[str]:
        return [route.provider for route in self.routes if route.status == "unconfirmed"]


@dataclass(frozen=True, slots=True)
class Upscaling:
    """How an upscaling model enlarges: the image input it enlarges, the parameter that says by how much, and the
    scales that parameter offers (number → the parameter's value: {2: "x2", 4: "x4"})."""

    port: str
    param: str
    scales: dict[int, Any]

    def to_json(self) -> dict[str, Any]:
        """As the node catalog sends it (UpscalingOut): the editor marks the scales that would pass the studio's
        pixel limit for a picture whose size it knows."""
        scales = [{"scale": scale, "value": value} for scale, value in sorted(self.scales.items())]
        return {"port": self.port, "param": self.param, "scales": scales}

    @classmethod
    def of_spec(cls, spec: NodeSpec) -> Upscaling | None:
        """How the node type of `spec` enlarges, as its spec declares it (`upscaling`, `to_json`'s shape: the Upscale
        tool's, an upscaling model's); None for a node that does not."""
        declared = spec.extra.get("upscaling")
        if declared is None:
            return None
        scales = {choice["scale"]: choice["value"] for choice in declared["scales"]}
        return cls(declared["port"], declared["param"], scales)


def scale_number(value: object) -> int | None:
    """A scale as a whole number: 4 for 4, "4", "x4" or "4x"; None for anything else (True, 2.5, "big")."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    match = re.fullmatch(r"x?(\d+)x?", value.strip().lower()) if isinstance(value, str) else None
    return int(match.group(1)) if match else None


def _collect_refs(value: Any, found: set[str]) -> None:
    if isinstance(value, str):
        found.update(_REF.findall(value))
    elif isinstance(value, dict):
        if isinstance(value.get("$"), str):
            found.add(value["$"])
        for key, item in value.items():
            if key not in ("$", "map", "omit", "as"):
                _collect_refs(item, found)
    elif isinstance(value, list):
        for item in value:
            _collect_refs(item, found)
