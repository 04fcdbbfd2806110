"""Where the AI dock puts a new step that the instruction places "after" or "before" a node of the canvas, named by
its title, its type or what it is ("the image", "the upload", "the upscale", "the save"), planned offline: the new
node goes there, and the link that ran through that place runs through it."""

from __future__ import annotations

import pytest

from karate.agents.context import PlanContext
from karate.agents.offline import plan_offline
from karate.agents.patch import PlanOut, PlanRequest, PlanStatus
from karate.agents.validate import validate_plan
from karate.engine.registry import load_builtin_nodes
from tests.agents.test_planner_cases import build_graph

CONTEXT = PlanContext(load_builtin_nodes(), frozenset({"fal", "replicate"}))
UPLOAD_UPSCALE_SAVE = "input.image -> tool.upscale -> output.save"


def plan(instruction: str, chain: str = UPLOAD_UPSCALE_SAVE) -> PlanOut:
    request = PlanRequest(instruction=instruction, workflow=build_graph([chain], {}, CONTEXT))
    answer = plan_offline(request, CONTEXT)
    assert validate_plan(answer, request, CONTEXT) == []
    assert answer.status == PlanStatus.READY, answer
    return answer


def links(answer: PlanOut) -> tuple[set[tuple[str, str]], list[str]]:
    """The links the plan adds (source → target) and the ids of the links it removes."""
    return {(e.source, e.target) for e in answer.add_edges}, answer.remove_edges


@pytest.mark.parametrize(
    "instruction",
    [
        "add a blur after the image",
        "add a blur after the photo",
        "add a blur after the image node",
        "add a blur after the upload",
        "add a blur after the image upload",
        "add a blur after the input",
        "add a blur before the upscale",
    ],
)
def test_a_blur_after_the_image_goes_between_the_upload_and_the_upscale(instruction: str) -> None:
    answer = plan(instruction)
    assert [n.type for n in answer.add_nodes] == ["tool.blur"]
    added, removed = links(answer)
    assert added == {("image-1", "blur-1"), ("blur-1", "upscale-1")}
    assert removed == ["e-image-1-image-upscale-1-image"]
    assert answer.summary == "Blur after Image Upload"
    assert answer.not_understood == []


@pytest.mark.parametrize(
    "instruction",
    [
        "add a blur after the upscale",
        "add a blur before the save",
        "add a blur before the output",
        "add a blur",  # no place said: ahead of the Save, on the picture it saves, as before
    ],
)
def test_a_blur_after_the_upscale_goes_between_the_upscale_and_the_save(instruction: str) -> None:
    answer = plan(instruction)
    assert [n.type for n in answer.add_nodes] == ["tool.blur"]
    added, removed = links(answer)
    assert added == {("upscale-1", "blur-1"), ("blur-1", "save-1")}
    assert removed == ["e-upscale-1-image-save-1-image"]
    assert answer.summary == "Blur after Upscale"


def test_the_image_with_no_place_said_is_still_the_picture_the_flow_ends_with() -> None:
    """ "blur the image" works on what the flow makes (the upscaled picture), not on the upload."""
    added, _ = links(plan("blur the image"))
    assert ("upscale-1", "blur-1") in added


def test_after_the_image_without_an_upload_is_after_the_picture_the_flow_makes() -> None:
    """A graph whose picture comes from a prompt has no upload to go after: the step follows the picture made."""
    answer = plan("add a blur after the image", "input.prompt -> model.flux_pro_1_1_ultra -> output.save")
    added, _ = links(answer)
    assert ("flux_pro_1_1_ultra-1", "blur-1") in added and ("blur-1", "save-1") in added
