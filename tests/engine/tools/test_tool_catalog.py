"""Every editing tool is registered with a JSON schema, and every one runs through the engine."""

from __future__ import annotations

import json

import numpy as np
import pytest

from karate.engine import RunStatus
from karate.engine.registry import load_builtin_nodes
from tests.engine.tools.support import outputs_of
from tests.helpers import edge, node, run_tool, store_image, workflow

TOOLS = {
    "tool.adjust": ({"image", "mask"}, {"image"}),
    "tool.blur": ({"image", "mask"}, {"image"}),
    "tool.invert": ({"image", "mask"}, {"image"}),
    "tool.crop": ({"image"}, {"image"}),
    "tool.mask_extractor": ({"image"}, {"mask", "image"}),
    "tool.inpaint": ({"image", "mask"}, {"image"}),
    "tool.painter": ({"image"}, {"image", "mask"}),
    "tool.relight": ({"image"}, {"image"}),
    "tool.upscale": ({"image"}, {"image"}),
    "tool.resize": ({"image"}, {"image"}),
    "tool.channels": ({"image"}, {"image", "red", "green", "blue", "alpha"}),
    "tool.channels_merge": ({"red", "green", "blue", "alpha"}, {"image"}),
    "tool.outpaint": ({"image"}, {"image", "mask"}),
    "tool.depth": ({"image"}, {"depth"}),
    "tool.describe": ({"image"}, {"text"}),
}

# Parameters that make each tool do real work on a small picture (defaults where they already do).
WORKING_PARAMS = {
    "tool.outpaint": {"left": 4},
    "tool.crop": {"aspect": "1:1"},
    "tool.painter": {"strokes": [{"points": [[2, 2], [20, 10]]}]},
}


def test_every_tool_has_its_ports_and_a_json_schema():
    specs = {spec["type"]: spec for spec in load_builtin_nodes().specs_json()}
    for type_id, (inputs, outputs) in TOOLS.items():
        spec = specs[type_id]
        assert spec["category"] == "tools" and spec["title"] and spec["description"]
        assert {port["name"] for port in spec["inputs"]} == inputs, type_id
        assert {port["name"] for port in spec["outputs"]} == outputs, type_id
        schema = spec["params_schema"]
        assert schema["type"] == "object" and schema.get("additionalProperties") is False
        json.dumps(schema)
    assert specs["tool.depth"]["outputs"][0]["type"] == "mask"
    assert specs["tool.describe"]["outputs"][0]["type"] == "text"


def test_parameters_are_bounded_in_the_schema():
    specs = {spec["type"]: spec for spec in load_builtin_nodes().specs_json()}
    radius = specs["tool.blur"]["params_schema"]["properties"]["radius"]
    assert radius["minimum"] == 0 and radius["maximum"] == 200
    assert specs["tool.blur"]["params_schema"]["properties"]["kind"]["enum"] == ["gaussian", "box", "motion"]
    assert specs["tool.upscale"]["params_schema"]["properties"]["scale"]["enum"] == [2, 3, 4]
    color = specs["tool.mask_extractor"]["params_schema"]["properties"]["color"]
    assert color["ui"] == "color" and color["pattern"]


@pytest.mark.parametrize(
    "type_id", [t for t in TOOLS if t not in ("tool.depth", "tool.describe", "tool.inpaint", "tool.channels_merge")]
)
async def test_each_local_tool_runs_on_default_settings(engine, store, type_id):
    image = np.random.default_rng(1).integers(0, 256, (24, 32, 3), dtype=np.uint8)
    result, outputs = await run_tool(engine, store, type_id, image=image, **WORKING_PARAMS.get(type_id, {}))
    assert result.status == RunStatus.COMPLETED, result.error
    assert set(outputs) == TOOLS[type_id][1]


async def test_a_changed_parameter_reruns_only_the_tool_it_belongs_to(engine, store):
    image = np.random.default_rng(4).integers(0, 256, (16, 16, 3), dtype=np.uint8)
    asset = store_image(store, image)

    def graph(radius: float):
        return workflow(
            [
                node("img", "input.image", asset_id=asset),
                node("inv", "tool.invert"),
                node("blur", "tool.blur", radius=radius),
            ],
            [edge("img", "inv"), edge("inv", "blur")],
        )

    await engine.run(graph(1.0))
    second = await engine.run(graph(2.0))
    assert second.nodes["inv"].cached and not second.nodes["blur"].cached
    np.testing.assert_array_equal(outputs_of(second, store, "inv")["image"], 255 - image)
