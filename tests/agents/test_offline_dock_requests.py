"""What a new user typed into the AI dock on a fresh studio, planned offline: a setting by its name and a number,
"make them all stronger" over several nodes, the choices of a "which one?" question, and "then upscale both"."""

from __future__ import annotations

from typing import Any

import pytest

from karate.agents.context import PlanContext
from karate.agents.offline import plan_offline
from karate.agents.patch import PlanOut, PlanRequest, PlanStatus
from karate.agents.validate import validate_plan
from karate.engine.graph import WorkflowDocument
from karate.engine.registry import load_builtin_nodes
from tests.agents.test_planner_cases import build_graph

CONTEXT = PlanContext(load_builtin_nodes(), frozenset({"fal", "replicate"}))


def graph(*chains: str, params: dict[str, dict[str, Any]] | None = None) -> WorkflowDocument:
    return build_graph(list(chains), params or {}, CONTEXT)


def plan(instruction: str, workflow: WorkflowDocument | None = None, selection: list[str] | None = None) -> PlanOut:
    request = PlanRequest(instruction=instruction, workflow=workflow, selection=selection or [])
    answer = plan_offline(request, CONTEXT)
    assert validate_plan(answer, request, CONTEXT) == []
    return answer


def changed(answer: PlanOut) -> dict[str, dict[str, Any]]:
    return {change.id: change.params for change in answer.change_nodes}


# --- a setting by its name ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "instruction", ["adjust the brightness to 20", "set the brightness to 20", "brightness 20", "Brightness: 20"]
)
def test_a_setting_named_with_a_number_changes_the_node_that_has_it(instruction: str) -> None:
    answer = plan(instruction, graph("input.image -> tool.adjust"))
    assert answer.status == PlanStatus.READY and not answer.add_nodes, answer
    assert changed(answer) == {"adjust-1": {"brightness": 20.0}}
    assert answer.summary == "Adjust: Brightness 20"
    assert answer.not_understood == []


def test_a_setting_beyond_its_range_is_clamped_and_the_range_said() -> None:
    answer = plan("adjust the brightness to 150", graph("input.image -> tool.adjust"))
    assert changed(answer) == {"adjust-1": {"brightness": 100.0}}
    assert answer.assumptions == ["Adjust's brightness goes from -100 to 100, so I used 100 instead of 150."]
    lowered = plan("set the contrast to -300", graph("input.image -> tool.adjust"))
    assert changed(lowered) == {"adjust-1": {"contrast": -100.0}}


def test_a_setting_of_a_new_node_is_set_as_it_is_added() -> None:
    answer = plan("adjust my photo with brightness 30")
    adjust = next(n for n in answer.add_nodes if n.type == "tool.adjust")
    assert adjust.params["brightness"] == 30.0
    assert answer.not_understood == []


# --- "make them all stronger" --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "instruction",
    ["make them all stronger", "make both stronger", "make both of them stronger", "make all of them stronger"],
)
def test_make_them_all_stronger_changes_every_blur_and_names_each(instruction: str) -> None:
    answer = plan(instruction, graph("input.image -> tool.blur -> tool.blur"))
    assert changed(answer) == {"blur-1": {"radius": 8.0}, "blur-2": {"radius": 8.0}}
    assert answer.summary == "Blur (1): Radius 8; Blur (2): Radius 8"
    assert answer.not_understood == []


def test_namesakes_are_numbered_as_the_canvas_names_them_and_titled_ones_by_their_title() -> None:
    """The canvas names namesakes in words "Blur (1)", "Blur (2)" in the order they were added (graph/nodeNames.ts),
    wherever they sit: the reply's headline and the dock's list of changes name them alike."""
    side_by_side = graph("input.image -> tool.blur", "input.image -> tool.blur")
    first, second = side_by_side.nodes[1], side_by_side.nodes[3]
    first.position, second.position = second.position, first.position  # blur-1 is now the lower one
    assert plan("make both weaker", side_by_side).summary == "Blur (1): Radius 2; Blur (2): Radius 2"
    side_by_side.nodes[1].title = "Soft"
    assert plan("make both weaker", side_by_side).summary == "Soft: Radius 2; Blur: Radius 2"


def test_make_both_stronger_changes_each_kind_of_node_by_what_it_has() -> None:
    workflow = graph(
        "input.image -> tool.blur -> tool.adjust", params={"adjust-1": {"contrast": 20, "saturation": -10}}
    )
    answer = plan("make both stronger", workflow)
    assert changed(answer) == {"blur-1": {"radius": 8.0}, "adjust-1": {"contrast": 40.0, "saturation": -20.0}}
    assert answer.summary == "Blur: Radius 8; Adjust: Contrast 40, Saturation -20"


def test_an_adjust_that_changes_nothing_yet_is_said_to_be_left_as_it_is() -> None:
    answer = plan("make them all stronger", graph("input.image -> tool.blur -> tool.adjust"))
    assert changed(answer) == {"blur-1": {"radius": 8.0}}
    assert any(
        note.startswith("Adjust was left as it is") and "set the brightness to 20" in note
        for note in answer.assumptions
    )


# --- "which one?" ----------------------------------------------------------------------------------------------------


def test_which_one_offers_a_choice_per_node_and_a_choice_picked_plans_the_change_on_it() -> None:
    workflow = graph("input.image -> tool.blur -> tool.blur")
    question = plan("make it stronger", workflow)
    assert question.status == PlanStatus.QUESTION and not question.change_nodes
    assert [(c.node_id, c.label) for c in question.choices] == [("blur-1", "Blur (1)"), ("blur-2", "Blur (2)")]
    picked = plan("make it stronger", workflow, selection=[question.choices[1].node_id])
    assert changed(picked) == {"blur-2": {"radius": 8.0}}
    assert picked.summary == "Blur (2): Radius 8"


def test_blurs_fed_by_different_steps_are_numbered_and_understood_by_what_feeds_them() -> None:
    workflow = graph("input.image -> tool.upscale -> tool.blur", "input.image -> tool.invert -> tool.blur")
    labels = [c.label for c in plan("blur it by 20", workflow).choices]
    assert labels == ["Blur (1)", "Blur (2)"]
    assert changed(plan("make the blur after invert stronger", workflow)) == {"blur-2": {"radius": 8.0}}


def test_other_questions_offer_no_choices() -> None:
    assert plan("asdf qwerty").choices == []


# --- "then upscale both" ------------------------------------------------------------------------------------------


def types_fed(answer: PlanOut, node_type: str) -> list[str]:
    """The ids of what feeds each added node of `node_type`, in order."""
    ids = {n.id for n in answer.add_nodes if n.type == node_type}
    return [e.source for e in answer.add_edges if e.target in ids]


def test_upload_two_photos_then_upscale_both_upscales_each() -> None:
    answer = plan("upload two photos then upscale both")
    assert sorted(n.type for n in answer.add_nodes) == ["input.image"] * 2 + ["tool.upscale"] * 2
    assert sorted(types_fed(answer, "tool.upscale")) == ["image-1", "image-2"]


def test_two_pictures_made_by_two_models_then_upscale_both_upscales_each() -> None:
    answer = plan("generate a cat with flux and a dog with ideogram then upscale both")
    assert sorted(types_fed(answer, "tool.upscale")) == ["flux_pro_1_1_ultra-1", "ideogram_v3-1"]
    assert "Added Upscale to each of the 2 results." in answer.assumptions


@pytest.mark.parametrize("instruction", ["upscale both", "upscale them all", "upscale each picture"])
def test_upscale_both_on_a_canvas_with_two_pictures_upscales_each(instruction: str) -> None:
    answer = plan(instruction, graph("input.image", "input.image -> output.save"))
    assert sorted(types_fed(answer, "tool.upscale")) == ["image-1", "image-2"]


def test_upscale_it_on_a_canvas_with_two_pictures_still_upscales_one() -> None:
    answer = plan("upscale it", graph("input.image", "input.image"))
    assert [n.type for n in answer.add_nodes] == ["tool.upscale"]


def test_a_node_is_understood_by_the_name_the_replies_give_it_and_by_its_place() -> None:
    side_by_side = graph("input.image -> tool.blur", "input.image -> tool.blur")
    assert changed(plan("make Blur (2) stronger", side_by_side)) == {"blur-2": {"radius": 8.0}}
    assert changed(plan("make the lower blur stronger", side_by_side)) == {"blur-2": {"radius": 8.0}}
    added = plan("add an invert after the upper blur", side_by_side)
    assert [(e.source, e.target) for e in added.add_edges] == [("blur-1", "invert-1")]
    assert added.not_understood == []


# --- a step on what the canvas saves ------------------------------------------------------------------------------


def fed_by(answer: PlanOut, node_id: str) -> list[str]:
    return [e.source for e in answer.add_edges if e.target == node_id]


@pytest.mark.parametrize(
    ("instruction", "saved"),
    [
        ("upscale it by 4", "upscale-1"),
        ("set the brightness to 20", "adjust-1"),
        ("upscale it then invert it", "invert-1"),
        ("remove the person", "inpaint-1"),
    ],
)
def test_a_step_said_with_no_place_goes_ahead_of_the_save_so_the_saved_picture_is_its_result(
    instruction: str, saved: str
) -> None:
    answer = plan(instruction, graph("input.image -> tool.blur -> tool.blur -> output.save"))
    assert answer.status == PlanStatus.READY, answer
    assert fed_by(answer, "save-1") == [saved]
    assert answer.remove_edges == ["e-blur-2-image-save-1-image"]


@pytest.mark.parametrize("instruction", ["make 2 variations of it", "describe it"])
def test_alternatives_or_a_result_the_save_cannot_take_leave_the_save_as_it_was(instruction: str) -> None:
    answer = plan(instruction, graph("input.image -> tool.blur -> output.save"))
    assert fed_by(answer, "save-1") == [] and answer.remove_edges == [], answer
