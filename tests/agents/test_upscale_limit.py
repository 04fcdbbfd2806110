"""A designer with a phone photo on the canvas asks the AI dock to upscale it: where the photo's size is recorded, the
plan's scale is the largest whose result stays within the studio's pixel limit (KARATE_MAX_IMAGE_PIXELS), and the
plan says why; a small photo, or one of unknown size, is upscaled as asked."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import cv2
import httpx
import numpy as np

from karate.agents.context import PlanContext
from karate.agents.offline import plan_offline
from karate.agents.patch import PlannerKind, PlanOut, PlanRequest, PlanStatus
from karate.agents.service import Planner, fitted
from karate.agents.validate import validate_plan
from karate.config import Settings
from karate.engine.graph import EdgeDoc, NodeDoc, WorkflowDocument
from karate.providers import ProviderHub
from tests.agents.test_offline_dock_requests import CONTEXT, changed, graph

PHOTO = "a1" * 32  # the uploaded photo's asset id (the sha256 of its bytes)
PHONE_PHOTO = (4000, 3000)  # 12 megapixels
LIMIT_NOTE = (
    "Upscale's scale is 2, not 4: a 4000×3000 image upscaled 4× would be 16000×12000 (192 megapixels), over this "
    "studio's 100-megapixel limit."
)


def on_canvas(chain: str = "input.image") -> WorkflowDocument:
    return graph(chain, params={"image-1": {"asset_id": PHOTO}})


def plan(instruction: str, workflow: WorkflowDocument, size: tuple[int, int] | None) -> PlanOut:
    """The offline plan with the photo's recorded size known to the planner (None: not recorded)."""
    context = dataclasses.replace(CONTEXT, pictures={PHOTO: size} if size else {})
    request = PlanRequest(instruction=instruction, workflow=workflow)
    answer = plan_offline(request, context)
    assert validate_plan(answer, request, context) == []
    return answer


def scale_of(answer: PlanOut, node_type: str = "tool.upscale") -> object:
    node = next(n for n in answer.add_nodes if n.type == node_type)
    return node.params.get("scale", node.params.get("upscale_factor"))


def test_upscaling_a_12_megapixel_photo_by_4_is_capped_to_the_largest_scale_that_fits() -> None:
    answer = plan("upscale it by 4", on_canvas(), PHONE_PHOTO)
    assert answer.status == PlanStatus.READY
    assert scale_of(answer) == 2
    assert answer.assumptions == [LIMIT_NOTE]


def test_a_scale_of_3_is_capped_too_when_it_passes_the_limit() -> None:
    answer = plan("upscale it 3x", on_canvas(), PHONE_PHOTO)
    assert scale_of(answer) == 2
    assert answer.assumptions == [
        "Upscale's scale is 2, not 3: a 4000×3000 image upscaled 3× would be 12000×9000 (108 megapixels), over "
        "this studio's 100-megapixel limit."
    ]


def test_a_small_photo_is_upscaled_as_asked() -> None:
    answer = plan("upscale it by 4", on_canvas(), (1000, 800))
    assert scale_of(answer) == 4
    assert answer.assumptions == []
    assert answer.summary == "Upscale after Image Upload: Scale 4"


def test_a_photo_of_unknown_size_is_upscaled_as_asked() -> None:
    answer = plan("upscale it by 4", on_canvas(), None)
    assert scale_of(answer) == 4 and answer.assumptions == []


def test_the_cap_follows_the_photo_through_tools_that_keep_its_size() -> None:
    answer = plan("blur it then upscale it by 4", on_canvas(), PHONE_PHOTO)
    assert scale_of(answer) == 2
    assert answer.assumptions == [LIMIT_NOTE]


def test_an_upscaling_model_is_capped_to_a_scale_it_offers() -> None:
    esrgan = plan("upscale it by 4 with real esrgan", on_canvas(), PHONE_PHOTO)
    assert scale_of(esrgan, "model.real_esrgan") == 2
    google = plan("upscale it by 4 with google upscaler", on_canvas(), PHONE_PHOTO)
    assert scale_of(google, "model.google_upscaler") == "x2"
    assert "192 megapixels" in google.assumptions[-1]


def test_raising_the_scale_of_an_upscale_on_the_canvas_is_capped() -> None:
    workflow = graph("input.image -> tool.upscale", params={"image-1": {"asset_id": PHOTO}, "upscale-1": {"scale": 3}})
    answer = plan("upscale it by 4", workflow, PHONE_PHOTO)
    assert changed(answer) == {"upscale-1": {"scale": 2}}
    assert answer.assumptions == [LIMIT_NOTE]


def test_a_photo_no_scale_fits_keeps_the_plan_and_says_to_crop_it() -> None:
    answer = plan("upscale it", on_canvas(), (9000, 8000))
    assert scale_of(answer) == 2
    assert answer.assumptions == [
        "Upscale cannot enlarge this image: a 9000×8000 image upscaled 2× would be 18000×16000 (288 megapixels), "
        "over this studio's 100-megapixel limit, and no scale fits; crop or shrink the image to 25 megapixels or "
        "less (for example 5303×4714) and upscale that."
    ]


async def test_the_planner_reads_the_photos_recorded_size_and_the_studios_own_limit() -> None:
    asked: list[Sequence[str]] = []

    async def recorded(ids: Sequence[str]) -> dict[str, tuple[int, int]]:
        asked.append(ids)
        return {PHOTO: (2000, 1500)}

    settings = Settings(
        _env_file=None, openai_api_key=None, anthropic_api_key=None, ollama_host=None, max_image_pixels=20_000_000
    )
    planner = Planner(settings, CONTEXT.registry, ProviderHub(settings), sizes=recorded)
    answer = await planner.plan(PlanRequest(instruction="upscale it by 4", workflow=on_canvas()))
    assert asked == [[PHOTO]]
    assert scale_of(answer) == 2
    assert answer.assumptions == [
        "Upscale's scale is 2, not 4: a 2000×1500 image upscaled 4× would be 8000×6000 (48 megapixels), over this "
        "studio's 20-megapixel limit."
    ]


def test_an_llms_upscale_is_capped_the_same_way() -> None:
    workflow = on_canvas()
    llm_plan = PlanOut(
        status=PlanStatus.READY,
        planner=PlannerKind.LLM,
        summary="Image Upload → Upscale",
        add_nodes=[NodeDoc(id="upscale-1", type="tool.upscale", params={"scale": 4, "sharpen": 0.8})],
        add_edges=[EdgeDoc(source="image-1", sourceHandle="image", target="upscale-1", targetHandle="image")],
    )
    context: PlanContext = dataclasses.replace(CONTEXT, pictures={PHOTO: PHONE_PHOTO})
    answer = fitted(llm_plan, PlanRequest(instruction="upscale it by 4", workflow=workflow), context)
    assert answer.add_nodes[0].params == {"scale": 2, "sharpen": 0.8}
    assert answer.assumptions == [LIMIT_NOTE.removesuffix(".")]  # made a sentence with every note, in Planner.plan
    assert llm_plan.add_nodes[0].params["scale"] == 4  # the LLM's own answer is left as it was
    blur = NodeDoc(id="blur-1", type="tool.blur", params={"radius": 8.0})
    no_upscale = llm_plan.model_copy(update={"add_nodes": [blur], "add_edges": []})
    assert fitted(no_upscale, PlanRequest(instruction="blur it", workflow=workflow), context) is no_upscale


async def test_the_studio_caps_an_upscale_of_an_uploaded_photo_by_its_recorded_size(client: httpx.AsyncClient) -> None:
    """Through the API, as the dock asks: the studio reads the uploaded photo's size from its row (the API tests'
    studio allows 4 megapixels: a 1000×750 photo upscaled 4× would be 12)."""
    ok, png = cv2.imencode(".png", np.full((750, 1000, 3), 120, np.uint8))
    assert ok
    uploaded = await client.post("/api/v1/assets", files={"file": ("photo.png", png.tobytes(), "image/png")})
    assert uploaded.status_code == 201, uploaded.text
    workflow = graph("input.image", params={"image-1": {"asset_id": uploaded.json()["id"]}})
    answer = await client.post(
        "/api/v1/agents/plan",
        json={"instruction": "upscale it by 4", "workflow": workflow.model_dump(mode="json", exclude_none=True)},
    )
    assert answer.status_code == 200, answer.text
    upscale = next(node for node in answer.json()["add_nodes"] if node["type"] == "tool.upscale")
    assert upscale["params"]["scale"] == 2
    assert answer.json()["assumptions"] == [
        "Upscale's scale is 2, not 4: a 1000×750 image upscaled 4× would be 4000×3000 (12 megapixels), over this "
        "studio's 4-megapixel limit."
    ]
