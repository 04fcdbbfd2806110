"""The node SDK turns a small class into a node type, and refuses classes it cannot use."""

from __future__ import annotations

from typing import Literal, TypedDict, get_args

import pytest

from karate.engine.graph_check import check_params
from karate.engine.registry import NodeRegistry, load_builtin_nodes, node
from karate.engine.sdk import NodeDefinitionError, UiHint, UiHintName
from karate.sdk import Image, Input, Mask, Node, Param


class SplitOutputs(TypedDict):
    """Outputs declared as a TypedDict, so a type checker holds `run` to them."""

    mask: Mask
    image: Image


def test_a_class_becomes_a_schema_with_ports_and_bounded_params() -> None:
    registry = NodeRegistry()

    @node("test.soften", title="Soften", category="tools", target=registry)
    class Soften(Node):
        """Make it softer."""

        image: Image = Input()
        amount: float = Param(2.0, ge=0, le=10, ui="slider")
        outputs = {"image": Image}

        def run(self, ctx: object) -> object:
            return self.image

    spec = registry.get("test.soften").spec  # type: ignore[union-attr]
    schema = spec.to_json()
    assert schema["description"] == "Make it softer."
    assert schema["inputs"][0]["type"] == "image" and schema["outputs"][0]["name"] == "image"
    amount = schema["params_schema"]["properties"]["amount"]
    assert (amount["minimum"], amount["maximum"], amount["ui"], amount["default"]) == (0, 10, "slider", 2.0)


def test_outputs_declared_as_a_typeddict_are_the_ports_in_their_order() -> None:
    registry = NodeRegistry()

    @node("test.split", title="Split", category="tools", target=registry)
    class Split(Node):
        image: Image = Input()
        outputs = SplitOutputs

        def run(self, ctx: object) -> SplitOutputs:
            return {"mask": self.image[:, :, 0], "image": self.image}

    outputs = registry.get("test.split").spec.to_json()["outputs"]  # type: ignore[union-attr]
    assert [(port["name"], port["type"]) for port in outputs] == [("mask", "mask"), ("image", "image")]


def test_a_node_without_run_or_with_an_untyped_input_is_refused() -> None:
    with pytest.raises(NodeDefinitionError, match="must define run"):

        @node("test.lazy", title="Lazy", category="tools", target=NodeRegistry())
        class Lazy(Node):
            outputs = {"image": Image}

    with pytest.raises(NodeDefinitionError, match="needs a port type"):

        @node("test.untyped", title="Untyped", category="tools", target=NodeRegistry())
        class Untyped(Node):
            thing: object = Input()
            outputs = {"image": Image}

            def run(self, ctx: object) -> object:
                return None


def test_ui_hints_are_one_enumeration_and_an_unknown_hint_is_refused() -> None:
    assert set(get_args(UiHintName)) == {hint.value for hint in UiHint}
    assert Param("", ui=UiHint.AUDIO_UPLOAD).json_schema_extra == {"ui": "audio-upload"}
    with pytest.raises(NodeDefinitionError, match="unknown ui hint 'knob'"):
        Param(0.5, ui="knob")  # type: ignore[arg-type]


def test_a_parameter_shown_only_for_some_values_of_another_says_so_and_a_wrong_condition_is_refused() -> None:
    registry = NodeRegistry()

    @node("test.encode", title="Encode", category="outputs", target=registry)
    class Encode(Node):
        image: Image = Input()
        format: Literal["png", "jpg"] = Param("png")
        quality: int = Param(90, ge=1, le=100, visible_when={"format": ["jpg"]})
        outputs = {"image": Image}

        def run(self, ctx: object) -> object:
            return self.image

    properties = registry.get("test.encode").spec.to_json()["params_schema"]["properties"]  # type: ignore[union-attr]
    assert properties["quality"]["visible_when"] == {"format": ["jpg"]}
    assert "visible_when" not in properties["format"]
    with pytest.raises(NodeDefinitionError, match="visible_when names 'kind', not another parameter"):

        @node("test.nameless", title="Nameless", category="outputs", target=NodeRegistry())
        class Nameless(Node):
            quality: int = Param(90, visible_when={"kind": ["jpg"]})

            def run(self, ctx: object) -> object:
                return None

    with pytest.raises(NodeDefinitionError, match=r"gives format the values \['gif'\], which it never takes"):

        @node("test.gif", title="Gif", category="outputs", target=NodeRegistry())
        class Gif(Node):
            format: Literal["png", "jpg"] = Param("png")
            quality: int = Param(90, visible_when={"format": ["gif"]})

            def run(self, ctx: object) -> object:
                return None


def test_the_save_node_shows_quality_only_for_the_formats_that_use_it() -> None:
    save = next(cls for cls in load_builtin_nodes() if cls.spec.type == "output.save")
    properties = save.spec.to_json()["params_schema"]["properties"]
    assert properties["quality"]["visible_when"] == {"format": ["jpg", "webp"]}
    assert properties["compression"]["visible_when"] == {"format": ["png"]}
    assert properties["filename"]["examples"] == ["holiday-photo"]  # a short placeholder, not the description


# What node authors import. A name added here is a promise to keep; removing or renaming one breaks their nodes,
# so this list changes only on purpose (as httpx tests its exported members).
SDK_SURFACE = {
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
}


def test_the_node_sdk_exports_exactly_its_public_names_each_documented() -> None:
    import karate.sdk as sdk

    assert set(sdk.__all__) == SDK_SURFACE
    for name in sdk.__all__:
        member = getattr(sdk, name)
        assert getattr(member, "__doc__", None), f"karate.sdk.{name} has no docstring"


def test_labels_made_from_names_keep_acronyms_in_capitals() -> None:
    registry = NodeRegistry()

    @node("test.fetch", title="Fetch", category="inputs", target=registry)
    class Fetch(Node):
        svg: Image = Input()
        url: str = Param("")
        lora_url: str = Param("")
        id_weight: float = Param(1.0, ge=0, le=2)
        cfg_scale: float = Param(7.0)
        image_3d_hdr: bool = Param(False)
        aspect_ratio: str = Param("1:1")
        api_key_json: str = Param("", title="Key file")  # a title given is kept as it is
        outputs = {"image": Image}

        def run(self, ctx: object) -> object:
            return self.svg

    spec = registry.get("test.fetch").spec  # type: ignore[union-attr]
    titles = {name: prop["title"] for name, prop in spec.to_json()["params_schema"]["properties"].items()}
    assert titles == {
        "url": "URL",
        "lora_url": "LoRA URL",
        "id_weight": "ID Weight",
        "cfg_scale": "CFG Scale",
        "image_3d_hdr": "Image 3D HDR",
        "aspect_ratio": "Aspect Ratio",
        "api_key_json": "Key file",
    }
    assert spec.inputs["svg"].label == "SVG"
    messages = [p.message for p in check_params("f", Fetch, {"url": 5, "lora_url": 5})]
    assert messages == ["URL must be text", "LoRA URL must be text"]


def test_a_docstring_description_reads_as_paragraphs_not_source_lines() -> None:
    registry = NodeRegistry()

    @node("test.wrapped", title="Wrapped", category="tools", target=registry)
    class Wrapped(Node):
        """Invert the colours (255 minus each of red, green and blue). Transparency
        is kept.

        A second paragraph, wrapped
        at the source's margin:
        - one item
        - another item
        """

        image: Image = Input()
        outputs = {"image": Image}

        def run(self, ctx: object) -> object:
            return self.image

    assert registry.get("test.wrapped").spec.description == (  # type: ignore[union-attr]
        "Invert the colours (255 minus each of red, green and blue). Transparency is kept.\n\n"
        "A second paragraph, wrapped at the source's margin:\n- one item\n- another item"
    )


def test_no_built_in_node_description_breaks_a_line_mid_paragraph() -> None:
    for cls in load_builtin_nodes():
        paragraphs = cls.spec.description.split("\n\n")
        assert all("\n" not in p or "\n- " in p for p in paragraphs), (cls.spec.type, cls.spec.description)
