"""Every catalog entry, through every one of its routes, end to end against that provider's fake: the run
completes, the output is stored with the right type, and the request matches the route's mapping and the
provider's documented schema (the fakes refuse anything else, as the real APIs do)."""

from __future__ import annotations

import pytest

from karate.catalog import CATALOG
from karate.catalog.schema import ModelEntry, ProviderRoute
from karate.engine import NodeStatus
from karate.engine.values import Raster
from karate.storage.assets import AssetRef
from tests.providers.contract import connected_inputs, expected_fields, file_encodings, model_workflow, received_fields

CASES = [
    pytest.param(entry, index, id=f"{entry.id}-{index}-{route.provider}")
    for entry in CATALOG
    for index, route in enumerate(entry.routes)
]
KIND_PREFIX = {"image": "image/", "video": "video/", "mesh": "model/", "vector": "image/svg", "audio": "audio/"}
#: how each provider must receive input files
ENCODING = {
    "replicate": "data-uri",
    "fal": "uploaded-url",
    "runway": "data-uri",
    "luma": "public-url",
    "stability": "multipart",
    "google": "base64",
    "anthropic": "base64",
    "ollama": "base64",
}


def only_route(entry: ModelEntry, route: ProviderRoute) -> ModelEntry:
    return entry.model_copy(update={"routes": (route,)})


@pytest.mark.parametrize(("entry", "index"), CASES)
async def test_catalog_route_runs_end_to_end_against_its_fake(entry, index, fakes, hub, make_engine, store):
    route = entry.routes[index]
    fake = fakes.get(route.provider)
    if fake is not None:
        fake.output_kind = entry.output.kind
    engine = make_engine(hub, only_route(entry, route))

    result = await engine.run(model_workflow(entry, route, store))

    run = result.nodes["model"]
    assert run.status == NodeStatus.COMPLETED, run.error
    value = run.outputs[entry.output.name]
    if entry.output.kind == "text":
        assert value == "A red square on black."
    else:
        ref = value.asset if isinstance(value, Raster) else value
        assert isinstance(ref, AssetRef) and store.exists(ref.sha256)
        assert ref.mime.startswith(KIND_PREFIX[entry.output.kind]), ref.mime
    if fake is None:
        return  # a local route
    received = received_fields(fake, route)
    if received is not None:
        assert received == expected_fields(entry, route)
    used = route.references() & set(connected_inputs(entry, route))
    files = [port for port in entry.inputs if port.kind != "text" and port.name in used]
    if files and route.provider in ENCODING:
        assert ENCODING[route.provider] in file_encodings(fake, route)
