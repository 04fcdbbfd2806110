"""A plan that saves a cut-out as JPEG says that it stands on white there (JPEG has no transparency): asked of the
dock as a designer asks it, on an empty canvas and on a photo already saved as JPEG."""

from __future__ import annotations

from karate.agents.flattening import NOTE
from karate.agents.patch import PlanOut, PlanRequest, PlanStatus
from karate.agents.service import Planner
from karate.config import Settings
from karate.engine.graph import EdgeDoc, NodeDoc, WorkflowDocument
from karate.providers import ProviderHub
from tests.agents.test_offline_dock_requests import CONTEXT


async def _plan(instruction: str, workflow: WorkflowDocument | None = None) -> PlanOut:
    settings = Settings(_env_file=None, openai_api_key=None, anthropic_api_key=None, ollama_host=None)
    planner = Planner(settings, CONTEXT.registry, ProviderHub(settings))
    answer = await planner.plan(PlanRequest(instruction=instruction, workflow=workflow))
    assert answer.status is PlanStatus.READY, answer
    return answer


def _saved_as_jpeg() -> WorkflowDocument:
    """What "make this black and white and save as jpg" left on the canvas: photo → Adjust → Save Image (JPEG)."""
    return WorkflowDocument(
        nodes=[
            NodeDoc(id="photo", type="input.image", params={"asset_id": "a" * 64}),
            NodeDoc(id="adjust", type="tool.adjust", params={"saturation": -100}),
            NodeDoc(id="save", type="output.save", params={"format": "jpg"}),
        ],
        edges=[
            EdgeDoc(source="photo", sourceHandle="image", target="adjust", targetHandle="image"),
            EdgeDoc(source="adjust", sourceHandle="image", target="save", targetHandle="image"),
        ],
    )


async def test_removing_the_background_before_a_jpeg_save_says_it_stands_on_white() -> None:
    answer = await _plan("remove the background", _saved_as_jpeg())
    assert NOTE in answer.assumptions
    answer = await _plan("remove the background of my photo and save it as a jpg")
    assert NOTE in answer.assumptions


async def test_a_cut_out_saved_as_png_or_a_jpeg_of_no_cut_out_says_nothing_of_it() -> None:
    assert NOTE not in (await _plan("remove the background of my photo and save it")).assumptions
    assert NOTE not in (await _plan("remove the background of my photo and save it as a png")).assumptions
    assert NOTE not in (await _plan("blur my photo and save it as a jpg")).assumptions
