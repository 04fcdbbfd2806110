"""What a new user typed into the AI dock with their photo on the canvas, planned offline: changes said in words edit
THAT photo with an instruction-following model (not a new picture drawn from words), and a setting said "of the
photo" is still a setting."""

from __future__ import annotations

import pytest

from karate.agents.offline.tasks import TASKS_BY_KEY
from karate.agents.patch import PlanOut, PlanStatus
from karate.engine.graph import WorkflowDocument
from tests.agents.test_offline_dock_requests import changed, graph, plan

EDIT_MODELS = set(TASKS_BY_KEY["edit"].nodes)
PHOTO = {"image-1": {"asset_id": "a-photo-of-a-beach"}}


def photo(chain: str = "input.image") -> WorkflowDocument:
    return graph(chain, params=PHOTO)


def fed(answer: PlanOut, node_id: str) -> list[tuple[str, str | None]]:
    return [(e.source, e.targetHandle) for e in answer.add_edges if e.target == node_id]


def prompt_of(answer: PlanOut, node_id: str) -> str:
    source = next(e.source for e in answer.add_edges if e.target == node_id and e.targetHandle == "prompt")
    return next(n.params["text"] for n in answer.add_nodes if n.id == source)


@pytest.mark.parametrize(
    "instruction",
    [
        "make the sky more dramatic and remove the person",
        "make the sky more dramatic",
        "replace the sky and remove the person",
        "make her hair red and add sunglasses",
        "make the photo look like winter",
        "please make the sky in the photo more dramatic, and remove the person",
    ],
)
def test_a_change_said_in_words_edits_the_photo_on_the_canvas(instruction: str) -> None:
    answer = plan(instruction, photo())
    assert answer.status == PlanStatus.READY, answer
    models = [n for n in answer.add_nodes if n.type.startswith("model.")]
    assert [n.type in EDIT_MODELS for n in models] == [True], answer.add_nodes  # one edit, nothing drawn anew
    edit = models[0]
    assert ("image-1", "images") in fed(answer, edit.id) or ("image-1", "image") in fed(answer, edit.id)
    assert prompt_of(answer, edit.id) == instruction.removeprefix("please ")
    assert answer.summary.endswith(": edits the photo in Image Upload")
    assert answer.not_understood == []


def test_several_changes_are_one_edit_with_the_request_as_its_prompt() -> None:
    answer = plan("make the sky more dramatic and remove the person", photo())
    assert sorted(n.type for n in answer.add_nodes) == ["input.prompt", "model.nano_banana"]
    assert not any(n.type in ("tool.inpaint", "tool.painter") for n in answer.add_nodes)  # no mask to paint
    assert answer.summary == "Prompt → Nano Banana: edits the photo in Image Upload"


def test_a_change_then_a_tool_edits_the_photo_then_applies_the_tool() -> None:
    answer = plan("make the sky more dramatic then upscale it", photo())
    edit = next(n for n in answer.add_nodes if n.type in EDIT_MODELS)
    upscale = next(n for n in answer.add_nodes if n.type == "tool.upscale")
    assert ("image-1", "images") in fed(answer, edit.id)
    assert fed(answer, upscale.id) == [(edit.id, "image")]
    assert prompt_of(answer, edit.id) == "make the sky more dramatic"


def test_a_task_with_its_own_model_still_uses_it_on_the_photo() -> None:
    answer = plan("remove the background of the photo", photo())
    assert [n.type for n in answer.add_nodes] == ["model.bria_remove_background"]
    assert fed(answer, answer.add_nodes[0].id) == [("image-1", "image")]


@pytest.mark.parametrize(
    ("instruction", "chain"),
    [
        ("remove the blur", "input.image -> tool.blur"),  # a node: said how to delete it
        ("remove the image", "input.image"),
        ("change the prompt to a dog", "input.image"),
        ("make a red fox", "input.image"),
    ],
)
def test_requests_about_the_canvas_are_not_read_as_edits_of_the_photo(instruction: str, chain: str) -> None:
    answer = plan(instruction, photo(chain))
    assert not any(n.type in EDIT_MODELS for n in answer.add_nodes), answer


def test_without_a_photo_a_description_still_makes_a_new_picture() -> None:
    answer = plan("make the sky more dramatic and remove the person", graph("input.prompt -> model.flux_pro_1_1_ultra"))
    assert not any(n.type in EDIT_MODELS for n in answer.add_nodes)


# --- a setting "of the photo" ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "instruction",
    [
        "set the brightness of the photo to 20",
        "set the brightness of the image to 20",
        "set the brightness on my picture to 20",
        "set the photo's brightness to 20",
        "brightness of my photo 20",
    ],
)
def test_words_naming_the_picture_do_not_break_a_setting_by_name(instruction: str) -> None:
    on_adjust = plan(instruction, photo("input.image -> tool.adjust"))
    assert changed(on_adjust) == {"adjust-1": {"brightness": 20.0}} and not on_adjust.add_nodes
    assert on_adjust.not_understood == []
    added = plan(instruction, photo())
    assert [(n.type, n.params["brightness"]) for n in added.add_nodes] == [("tool.adjust", 20.0)]
    assert fed(added, added.add_nodes[0].id) == [("image-1", "image")] and added.not_understood == []


def test_a_setting_of_my_photo_on_an_empty_canvas_uploads_it_and_adds_the_tool_set_so() -> None:
    for instruction in ("set the brightness of my photo to 20", "upload my photo and set the brightness to 20"):
        answer = plan(instruction)
        assert [n.type for n in answer.add_nodes] == ["input.image", "tool.adjust"], instruction
        assert answer.add_nodes[1].params["brightness"] == 20.0
        assert answer.not_understood == []
