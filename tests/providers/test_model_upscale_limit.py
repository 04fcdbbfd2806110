"""An AI upscaler asked to enlarge a photo past the studio's pixel limit (KARATE_MAX_IMAGE_PIXELS) is refused before
its provider is called: no request reaches the provider, no credits are held, and the words are the Upscale tool's,
naming the largest scale the model offers that fits. A scale that fits still calls the provider."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
from pydantic import ValidationError

from karate.catalog import CATALOG
from karate.catalog.dsl import IMAGE_OUT, choice, entry, fal, image_in
from karate.engine import Engine, NodeStatus
from karate.engine.context import NodeServices
from karate.engine.values import encode_image
from karate.providers.hub import ProviderHub
from karate.storage.assets import LocalAssetStore
from tests.helpers import edge, node, workflow
from tests.providers.conftest import registry_with, settings_for
from tests.providers.fakes import FakeProvider

PHONE_PHOTO = (4000, 3000)  # 12 megapixels: 4× is 192, past the default 100-megapixel limit; 2× is 48
REFUSAL = (
    "a 4000×3000 image upscaled 4× would be 16000×12000 (192 megapixels), over this studio's 100-megapixel limit; "
    "choose a scale of 2, or crop the image first"
)
UPSCALERS = [e for e in CATALOG if e.upscaling is not None]


class RecordedCredits:
    """A credit gate that only records what the runner asked of it."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    async def hold(self, run_id: str, node_id: str, amount: int) -> None:
        self.calls.append("hold")

    async def settle(self, run_id: str, node_id: str) -> None:
        self.calls.append("settle")

    async def refund(self, run_id: str, node_id: str) -> None:
        self.calls.append("refund")


@pytest.fixture
def credits() -> RecordedCredits:
    return RecordedCredits()


@pytest.fixture
def studio(
    fakes: dict[str, FakeProvider], hub: ProviderHub, store: Any, cache: Any, credits: RecordedCredits
) -> Iterator[Engine]:
    """An engine with the catalog's models, its providers the fakes, the default 100-megapixel limit, charging."""
    services = NodeServices(settings=settings_for(fakes, max_image_pixels=100_000_000), providers=hub, credits=credits)
    engine = Engine(store, cache, registry=registry_with(), services=services)
    yield engine
    engine.close()


def upscale_workflow(store: LocalAssetStore, node_type: str, size: tuple[int, int], **params: Any) -> dict[str, Any]:
    """An uploaded black picture of `size` (width, height) feeding a `node_type` upscaler, with `params` set on it."""
    width, height = size
    photo = store.put_bytes(encode_image(np.zeros((height, width), np.uint8), "png"), "image/png")
    return workflow(
        [node("photo", "input.image", asset_id=photo.sha256), node("upscaler", node_type, **params)],
        [edge("photo", "upscaler", "image", "image")],
    )


def requests_to_providers(fakes: dict[str, FakeProvider]) -> dict[str, int]:
    return {name: len(fake.requests) for name, fake in fakes.items() if fake.requests}


def test_the_upscaling_models_are_those_the_catalog_declares_with_their_scales() -> None:
    scales = {e.id: (e.upscaling.param, e.upscaling.scales) for e in UPSCALERS if e.upscaling is not None}
    assert scales == {
        "model.real_esrgan": ("scale", {2: 2, 4: 4}),
        "model.clarity_upscaler": ("upscale_factor", {2: 2, 4: 4}),
        "model.google_upscaler": ("upscale_factor", {2: "x2", 4: "x4"}),
    }


@pytest.mark.parametrize("model", UPSCALERS, ids=lambda e: e.id)
async def test_an_upscale_past_the_limit_is_refused_before_the_provider_is_called(
    model, studio, fakes, store, credits
) -> None:
    assert model.upscaling is not None
    four_times = {model.upscaling.param: model.upscaling.scales[4]}

    result = await studio.run(upscale_workflow(store, model.id, PHONE_PHOTO, **four_times))

    run = result.nodes["upscaler"]
    assert run.status == NodeStatus.FAILED
    assert run.error is not None and (run.error.code, run.error.message) == ("invalid_input", REFUSAL)
    assert requests_to_providers(fakes) == {}  # no upload, no job: nothing for the provider to bill
    assert credits.calls == []


async def test_the_local_upscale_tool_refuses_the_same_photo_in_the_same_words(studio, store) -> None:
    result = await studio.run(upscale_workflow(store, "tool.upscale", PHONE_PHOTO, scale=4))

    run = result.nodes["upscaler"]
    assert run.error is not None and run.error.message == REFUSAL


async def test_an_upscale_that_fits_calls_the_provider(studio, fakes, store, credits) -> None:
    fakes["fal"].output_kind = "image"

    result = await studio.run(upscale_workflow(store, "model.real_esrgan", PHONE_PHOTO, scale=2))

    run = result.nodes["upscaler"]
    assert run.status == NodeStatus.COMPLETED, run.error
    assert fakes["fal"].received("POST", "/fal-ai/esrgan")
    assert credits.calls == ["hold", "settle"]


async def test_a_picture_no_offered_scale_fits_is_told_to_be_cropped(studio, fakes, store) -> None:
    result = await studio.run(upscale_workflow(store, "model.google_upscaler", (9000, 8000), upscale_factor="x2"))

    run = result.nodes["upscaler"]
    assert run.status == NodeStatus.FAILED
    assert run.error is not None and run.error.message.endswith(
        "and no scale fits; crop or shrink the image to 25 megapixels or less (for example 5303×4714) and upscale that"
    )
    assert requests_to_providers(fakes) == {}


def test_an_upscale_param_that_is_no_choice_of_scales_is_refused_when_the_catalog_loads() -> None:
    with pytest.raises(ValidationError, match="upscale_param 'style' must name a choice parameter"):
        entry(
            "bad_upscaler",
            "Bad Upscaler",
            "upscale",
            "An upscaler whose scale parameter offers no scales.",
            credits=1,
            inputs=(image_in(),),
            params=(choice("style", ("sharp", "soft")),),
            upscale_param="style",
            output=IMAGE_OUT,
            routes=(fal("fal-ai/bad", {"image_url": "$image", "style": "$style"}),),
        )
