"""What a node reads and returns, as the scheduler hands it over: inputs converted to the forms a node
declared, outputs normalised to the port types, the bytes an input holds and the pixels a finished result
can let go of."""

from __future__ import annotations

from typing import Any

from karate.engine.sdk import NodeSpec
from karate.engine.types import PortType
from karate.engine.values import Raster, as_image_pixels, as_mask_pixels, describe_value, to_raster
from karate.storage.assets import AssetStore


def describe_outputs(outputs: dict[str, Any]) -> dict[str, Any]:
    return {name: describe_value(value) for name, value in outputs.items()}


def release_outputs(outputs: dict[str, Any]) -> None:
    for value in outputs.values():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, Raster):
                item.release()


def input_bytes(raw_inputs: dict[str, Any]) -> int:
    total = 0
    for value in raw_inputs.values():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, Raster):
                total += item.nbytes_hint()
    return total


def undecoded(raw_inputs: dict[str, Any]) -> list[Raster]:
    """The image inputs still in their encoded files (decoding a large one is not the event loop's job)."""
    return [
        item
        for value in raw_inputs.values()
        for item in (value if isinstance(value, list) else [value])
        if isinstance(item, Raster) and not item.has_pixels
    ]


def convert_inputs(spec: NodeSpec, raw: dict[str, Any], store: AssetStore) -> dict[str, Any]:
    converted: dict[str, Any] = {}
    for name, value in raw.items():
        port = spec.inputs[name]
        form = spec.input_forms[name]
        if value is None:
            converted[name] = None
        elif isinstance(value, list):
            converted[name] = [_convert(item, port.type, form, store) for item in value]
        else:
            converted[name] = _convert(value, port.type, form, store)
    return converted


def _convert(value: Any, port_type: PortType, form: str, store: AssetStore) -> Any:
    if isinstance(value, Raster):
        if form == "file":
            return value.encoded(store)
        return as_mask_pixels(value, store) if port_type == PortType.MASK else as_image_pixels(value, store)
    if port_type == PortType.NUMBER:
        return float(value)
    if port_type == PortType.TEXT and not isinstance(value, str):
        return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
    return value


def normalize_outputs(spec: NodeSpec, result: Any) -> dict[str, Any]:
    names = list(spec.outputs)
    if len(names) == 1 and not (isinstance(result, dict) and set(result) == set(names)):
        result = {names[0]: result}
    if not isinstance(result, dict):
        raise TypeError(f"run() must return a dict with outputs {names}, got {type(result).__name__}")
    missing = [name for name in names if name not in result]
    if missing:
        raise TypeError(f"run() did not return output(s) {missing}")
    outputs: dict[str, Any] = {}
    for name, port in spec.outputs.items():
        value = result[name]
        if port.type in (PortType.IMAGE, PortType.MASK):
            value = [to_raster(v, port.type) for v in value] if port.is_list else to_raster(value, port.type)
        elif port.type == PortType.NUMBER and not port.is_list:
            value = float(value)
        outputs[name] = value
    return outputs
