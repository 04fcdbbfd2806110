"""The node SDK: one node type is one small class, registered by a decorator.

    @node("tool.blur", title="Blur", category="tools")
    class Blur(Node):
        \"\"\"Soften an image.\"\"\"
        image: Image = Input()
        radius: float = Param(4.0, ge=0, le=200, ui="slider")
        outputs = {"image": Image}

        def run(self, ctx):
            return blur(self.image, self.radius)

Inputs and parameters are attributes of the instance when `run` is called. `run` returns the single
output's value, or a dict by output name when there are several. Several outputs are best declared as a
TypedDict, so a type checker holds `run` to them:

    class SplitOutputs(TypedDict):
        image: Image
        mask: Mask

    outputs = SplitOutputs

    def run(self, ctx) -> SplitOutputs:
        return {"image": rgb, "mask": alpha}

A plain `def run` is CPU work and runs in the worker pool when its inputs are large; an `async def run`
runs on the event loop.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Annotated, Any, ClassVar, Literal, get_args, get_origin, get_type_hints, is_typeddict

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, create_model
from pydantic.fields import FieldInfo
from pydantic_core import PydanticKnownError

from karate.engine.context import NodeContext
from karate.engine.labels import titled_properties
from karate.engine.messages import pattern_messages
from karate.engine.ports import resolve_port_annotation
from karate.engine.types import PortSpec


class _InputMarker:
    __slots__ = ("description", "required")

    def __init__(self, description: str, required: bool) -> None:
        self.description = description
        self.required = required


def Input(description: str = "", *, required: bool = True) -> Any:  # noqa: N802 - reads like a type
    """Declare an input port; its type comes from the annotation. A `required` input needs a connection, and a
    required text input some text: a node fed only spaces there is refused before it runs (engine/empty_text.py)."""
    return _InputMarker(description, required)


class UiHint(StrEnum):
    """How the editor shows a parameter; the editor has one widget per hint (its type check fails otherwise)."""

    SLIDER = "slider"
    TEXTAREA = "textarea"
    COLOR = "color"
    SELECT = "select"
    BRUSH = "brush"  # painting on the node's image; the value is a list of strokes
    IMAGE_UPLOAD = "image-upload"
    VIDEO_UPLOAD = "video-upload"
    AUDIO_UPLOAD = "audio-upload"
    # The name of the file an upload field of the same node holds: set by that field, no widget of its own.
    FILE_NAME = "file-name"


# The same hints as plain names, so node authors may write `ui="slider"` and still be type-checked
# (tests/engine/test_sdk.py checks that the two lists agree).
UiHintName = Literal[
    "slider", "textarea", "color", "select", "brush", "image-upload", "video-upload", "audio-upload", "file-name"
]


def _ui_hint(name: str) -> UiHint:
    """The hint named `name`; an unknown one fails when the node type is declared, not in the editor."""
    try:
        return UiHint(name)
    except ValueError:
        known = ", ".join(hint.value for hint in UiHint)
        raise NodeDefinitionError(f"unknown ui hint {name!r}: use one of {known}") from None


def Param(  # noqa: N802
    default: Any = ...,
    *,
    description: str = "",
    ge: float | None = None,
    le: float | None = None,
    gt: float | None = None,
    lt: float | None = None,
    multiple_of: float | None = None,
    min_length: int | None = None,
    max_length: int | None = None,
    pattern: str | None = None,
    ui: UiHint | UiHintName | None = None,
    title: str | None = None,
    step: float | None = None,
    advanced: bool = False,
    visible_when: Mapping[str, Sequence[str | int | float | bool]] | None = None,
    example: str | None = None,
) -> Any:
    """Declare a parameter with its default, bounds and a UI hint (slider, textarea, color, select, ...).

    `visible_when` names other parameters of the node and the values for which this one means something
    (`{"format": ["jpg", "webp"]}`: a quality only JPEG and WebP use); the editor hides the field otherwise.
    Its value is still checked and kept either way. `example` is a value as a person would write it
    (`https://example.com/photo.jpg`), which an empty text field shows greyed out. A `file-name` parameter (the
    name of the file an upload field holds) names the file, not what the node makes: it is left out of the
    node's cache key (karate/engine/cache.py fingerprints the dumped parameters)."""
    extra: dict[str, Any] = {}
    hint = _ui_hint(ui) if ui else None
    if hint is not None:
        extra["ui"] = hint.value
    if step is not None:
        extra["step"] = step
    if advanced:
        extra["advanced"] = True
    if visible_when:
        extra["visible_when"] = {name: list(values) for name, values in visible_when.items()}
    return Field(
        default,
        description=description or None,
        title=title,
        ge=ge,
        le=le,
        gt=gt,
        lt=lt,
        multiple_of=multiple_of,
        min_length=min_length,
        max_length=max_length,
        pattern=pattern,
        examples=[example] if example is not None else None,
        exclude=hint is UiHint.FILE_NAME or None,
        json_schema_extra=extra or None,
    )


ParamsModel = type[BaseModel]


def _refuse_boolean(kind: Literal["int_type", "float_type"]) -> Any:
    def refuse(value: Any) -> Any:
        if isinstance(value, bool):
            raise PydanticKnownError(kind)
        return value

    return BeforeValidator(refuse)


def _no_booleans(annotation: Any) -> Any:
    """A number parameter that refuses true and false (pydantic would read them as 1 and 0), as the editor marks
    them: a node must not run with a number nobody wrote."""
    if annotation is int:
        return Annotated[int, _refuse_boolean("int_type")]
    if annotation is float:
        return Annotated[float, _refuse_boolean("float_type")]
    return annotation


def _params_schema_extra(schema: dict[str, Any], model: type[BaseModel]) -> None:
    """A node's parameters as the editor reads them: titled "URL", not pydantic's "Url", and each pattern with
    the words the check before a run says of a value it refuses."""
    titled_properties(schema, model)
    pattern_messages(schema, model)


def _check_visible_when(owner: str, fields: Mapping[str, tuple[Any, FieldInfo]]) -> None:
    """Each `visible_when` names another parameter of the node, and only values that parameter can take."""
    for name, (_, info) in fields.items():
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        conditions = extra.get("visible_when")
        if not isinstance(conditions, dict):
            continue
        for other, values in conditions.items():
            if other == name or other not in fields:
                raise NodeDefinitionError(f"{owner}.{name}: visible_when names {other!r}, not another parameter")
            choices = get_args(fields[other][0]) if get_origin(fields[other][0]) is Literal else ()
            unknown = (
                [value for value in values if value not in choices] if choices and isinstance(values, list) else []
            )
            if unknown:
                raise NodeDefinitionError(
                    f"{owner}.{name}: visible_when gives {other} the values {unknown}, which it never takes"
                )


@dataclass(frozen=True)
class NodeSpec:
    """Everything the engine, the API and the editor know about a node type."""

    type: str
    title: str
    category: str
    description: str
    version: int
    inputs: dict[str, PortSpec]
    outputs: dict[str, PortSpec]
    input_forms: dict[str, str]
    params_model: ParamsModel
    is_async: bool
    volatile: bool
    timeout: float | None
    threaded: bool
    inline: bool
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "title": self.title,
            "category": self.category,
            "description": self.description,
            "version": self.version,
            "inputs": [port.to_json() for port in self.inputs.values()],
            "outputs": [port.to_json() for port in self.outputs.values()],
            "params_schema": self.params_model.model_json_schema(),
            **self.extra,
        }


class Node:
    """Base class of every node type. Subclasses are declared with `@node(...)`."""

    spec: ClassVar[NodeSpec]
    # Output ports by name: a dict of port annotations, or a TypedDict class whose fields are the ports.
    outputs: ClassVar[dict[str, Any] | type] = {}
    volatile: ClassVar[bool] = False  # its result may change with the same parameters (e.g. a URL fetch)
    timeout: ClassVar[float | None] = None  # seconds; None takes the engine's default
    threaded: ClassVar[bool] = False  # run in the worker pool even when the inputs are tiny
    inline: ClassVar[bool] = False  # cheap whatever the input size (a slice, a lookup): never worth a thread hop

    def run(self, ctx: NodeContext) -> Any:
        """The node's work; every node type defines it (the `@node` decorator checks)."""

    @classmethod
    def known_outputs(cls, params: Mapping[str, Any]) -> dict[str, Any]:
        """The outputs that follow from the parameters alone, by output name (a Prompt gives out its text), so
        the check before a run can read them (an empty prompt is refused then: engine/empty_text.py); {} when
        only running the node tells."""
        return {}

    @classmethod
    def settings_problems(cls, params: Mapping[str, Any]) -> dict[str, str]:
        """Settings that are each valid alone but together ask for nothing (a Crop of the whole picture), by the
        field to change: a sentence saying what to set. The check before a run refuses the node with them, as it
        does a value out of range, so such a node never runs and reports done; {} when the settings are fine."""
        return {}

    @classmethod
    def instantiate(cls, params: BaseModel, inputs: dict[str, Any]) -> Node:
        instance = cls.__new__(cls)
        instance.__dict__.update(params.__dict__)  # not dict(params): its failed look-up of .keys() raises
        instance.__dict__.update(inputs)
        return instance


def as_paragraphs(text: str) -> str:
    """A description as the editor shows it, a tooltip wrapping it to its own width: the lines of each
    paragraph joined (a docstring breaks them at the source's margin), blank lines between paragraphs kept,
    and a line that starts a list item ("- ", "* ") kept on its own line."""
    paragraphs = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines: list[str] = []
        for line in (raw.strip() for raw in block.splitlines()):
            if not line:
                continue
            if lines and not line.startswith(("- ", "* ", "• ")):
                lines[-1] = f"{lines[-1]} {line}"
            else:
                lines.append(line)
        if lines:
            paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs)


class NodeDefinitionError(TypeError):
    """A node class that the SDK cannot turn into a node type."""


def build_spec(
    cls: type[Node],
    type_id: str,
    *,
    title: str,
    category: str,
    version: int,
    description: str | None,
    extra: dict[str, Any] | None = None,
) -> NodeSpec:
    if cls.run is Node.run:
        raise NodeDefinitionError(f"{cls.__name__} must define run(self, ctx)")
    hints = get_type_hints(cls, include_extras=True)
    inputs: dict[str, PortSpec] = {}
    input_forms: dict[str, str] = {}
    param_fields: dict[str, Any] = {}
    for name, annotation in hints.items():
        default = cls.__dict__.get(name, inspect.Parameter.empty)
        if isinstance(default, _InputMarker):
            port = resolve_port_annotation(annotation)
            if port is None:
                raise NodeDefinitionError(f"{cls.__name__}.{name}: an Input needs a port type (Image, Text, ...)")
            inputs[name] = PortSpec(name, port.kind.type, port.is_list, default.required, default.description)
            input_forms[name] = port.kind.form
            delattr(cls, name)
        elif isinstance(default, FieldInfo):
            param_fields[name] = (_no_booleans(annotation), default)
            delattr(cls, name)
    outputs: dict[str, PortSpec] = {}
    declared = cls.outputs
    annotations = get_type_hints(declared, include_extras=True) if is_typeddict(declared) else declared
    if not isinstance(annotations, dict):
        raise NodeDefinitionError(f"{cls.__name__}: outputs must be a dict of port types or a TypedDict")
    for name, annotation in annotations.items():
        port = resolve_port_annotation(annotation)
        if port is None:
            raise NodeDefinitionError(f"{cls.__name__}: output {name!r} needs a port type")
        outputs[name] = PortSpec(name, port.kind.type, port.is_list)
    params_model = create_model(
        f"{cls.__name__}Params",
        # NaN is never a setting; defaults are checked too, so an upload left empty is refused before a run
        __config__=ConfigDict(
            extra="forbid",
            title=title,
            allow_inf_nan=False,
            validate_default=True,
            json_schema_extra=_params_schema_extra,
        ),
        **param_fields,
    )
    _check_visible_when(cls.__name__, param_fields)
    return NodeSpec(
        type=type_id,
        title=title,
        category=category,
        description=as_paragraphs(description or inspect.getdoc(cls) or ""),
        version=version,
        inputs=inputs,
        outputs=outputs,
        input_forms=input_forms,
        params_model=params_model,
        is_async=inspect.iscoroutinefunction(cls.run),
        volatile=cls.volatile,
        timeout=cls.timeout,
        threaded=cls.threaded,
        inline=cls.inline,
        extra=extra or {},
    )
