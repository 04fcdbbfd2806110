"""What a new user typed into the AI dock about nodes that share a name, or a setting nothing on the canvas has,
planned offline: "make the second blur weaker", "blur 2", "make the blurs weaker", "set the brightness to 20" with
no Adjust, "make it stronger" where nothing has a strength, "then upscale both" with one picture at the end."""

from __future__ import annotations

import pytest

from karate.agents.patch import PlanStatus
from tests.agents.test_offline_dock_requests import changed, graph, plan

TWO_BLURS = "input.image -> tool.blur -> tool.blur"


@pytest.mark.parametrize(
    ("instruction", "expected"),
    [
        ("make the second blur weaker", {"blur-2": {"radius": 2.0}}),
        ("make the first blur weaker", {"blur-1": {"radius": 2.0}}),
        ("make the last blur stronger", {"blur-2": {"radius": 8.0}}),
        ("make blur 2 stronger", {"blur-2": {"radius": 8.0}}),
        ("make Blur (1) stronger", {"blur-1": {"radius": 8.0}}),
        ("make Blur (2) stronger", {"blur-2": {"radius": 8.0}}),
    ],
)
def test_a_namesake_picked_by_its_number_is_changed_not_added(instruction: str, expected: dict[str, object]) -> None:
    answer = plan(instruction, graph(TWO_BLURS))
    assert answer.status == PlanStatus.READY and not answer.add_nodes, answer
    assert changed(answer) == expected
    assert answer.not_understood == []


def test_namesakes_are_numbered_as_the_canvas_numbers_them_by_id_not_by_place() -> None:
    workflow = graph(TWO_BLURS)
    first, second = workflow.nodes[1], workflow.nodes[2]
    first.position, second.position = second.position, first.position  # blur-1 now right of blur-2
    assert changed(plan("make Blur (1) stronger", workflow)) == {"blur-1": {"radius": 8.0}}


def test_a_second_blur_is_still_a_new_one_and_a_number_beyond_the_namesakes_no_node() -> None:
    assert [n.type for n in plan("add a second blur", graph(TWO_BLURS)).add_nodes] == ["tool.blur"]
    assert not changed(plan("make blur 3 stronger", graph(TWO_BLURS))).get("blur-3")


def test_a_step_goes_after_a_namesake_named_by_its_number() -> None:
    added = plan("add an invert after Blur (1)", graph(TWO_BLURS))
    assert ("blur-1", "invert-1") in [(e.source, e.target) for e in added.add_edges]
    assert added.not_understood == []


def test_the_plural_of_a_kind_with_several_nodes_changes_them_all() -> None:
    answer = plan("make the blurs weaker", graph(TWO_BLURS))
    assert answer.status == PlanStatus.READY
    assert changed(answer) == {"blur-1": {"radius": 2.0}, "blur-2": {"radius": 2.0}}


def test_a_setting_no_node_has_adds_the_tool_that_has_it_after_the_picture() -> None:
    answer = plan("set the brightness to 20", graph("input.image -> tool.invert -> output.save"))
    assert answer.status == PlanStatus.READY
    adjust = next(n for n in answer.add_nodes if n.type == "tool.adjust")
    assert adjust.params["brightness"] == 20.0
    assert ("invert-1", adjust.id) in [(e.source, e.target) for e in answer.add_edges]
    assert answer.not_understood == []


def test_stronger_where_nothing_has_a_strength_says_so_and_names_what_could_be_added() -> None:
    answer = plan("make it stronger", graph("input.image -> tool.invert -> output.save"))
    assert answer.status == PlanStatus.QUESTION and not answer.change_nodes
    assert answer.summary == "Nothing changed: nothing here has a strength to make stronger"
    assert answer.question is not None and "Invert has none" in answer.question and "Blur" in answer.question
    assert "add a blur at the end" in answer.suggestions
    assert answer.not_understood == []
    picked = plan(answer.suggestions[0], graph("input.image -> tool.invert -> output.save"))
    assert [n.type for n in picked.add_nodes] == ["tool.blur"]


def test_upscale_both_with_one_picture_at_the_end_says_which_one_was_upscaled() -> None:
    answer = plan("then upscale both", graph("input.image -> tool.invert -> output.save"))
    assert [n.type for n in answer.add_nodes] == ["tool.upscale"]
    assert "There is one picture at the end, so Upscale was added to it: the one from Invert." in answer.assumptions


def test_a_selected_node_that_has_no_say_in_the_request_does_not_stop_it() -> None:
    """The node a palette click just added (Save Image) is selected: "the blurs", a brightness nothing has, and a
    strength nothing has are read as with nothing selected."""
    blurs = graph(f"{TWO_BLURS} -> output.save")
    assert changed(plan("make the blurs weaker", blurs, ["save-1"])) == {
        "blur-1": {"radius": 2.0},
        "blur-2": {"radius": 2.0},
    }
    brighter = plan("set the brightness to 20", blurs, ["save-1"])
    assert [n.type for n in brighter.add_nodes] == ["tool.adjust"] and brighter.not_understood == []
    stronger = plan("make it stronger", graph("input.image -> tool.invert -> output.save"), ["save-1"])
    assert stronger.not_understood == [] and "nothing here has a strength" in stronger.summary


@pytest.mark.parametrize(
    ("instruction", "radius"),
    [
        ("make both blurs stronger", 8.0),
        ("make all blurs weaker", 2.0),
        ("make them all stronger", 8.0),
        ("make both stronger", 8.0),
        ("blur them by 10", 10.0),
    ],
)
@pytest.mark.parametrize("selected", ["blur-1", "blur-2"])
def test_both_or_all_said_changes_every_namesake_though_one_is_selected(
    instruction: str, radius: float, selected: str
) -> None:
    """A Blur added from the palette stays selected: "both" and "all" still mean both Blurs, not the selected one."""
    answer = plan(instruction, graph(TWO_BLURS), [selected])
    assert answer.status == PlanStatus.READY and not answer.add_nodes, answer
    assert changed(answer) == {"blur-1": {"radius": radius}, "blur-2": {"radius": radius}}


def test_both_said_of_two_selected_among_three_changes_the_selected_two() -> None:
    three = graph(f"{TWO_BLURS} -> tool.blur")
    assert changed(plan("make both stronger", three, ["blur-1", "blur-3"])) == {
        "blur-1": {"radius": 8.0},
        "blur-3": {"radius": 8.0},
    }
    assert set(changed(plan("make all blurs weaker", three, ["blur-1", "blur-3"]))) == {"blur-1", "blur-2", "blur-3"}


def test_a_selected_namesake_alone_is_changed_when_no_plural_is_said() -> None:
    assert changed(plan("make it stronger", graph(TWO_BLURS), ["blur-2"])) == {"blur-2": {"radius": 8.0}}


@pytest.mark.parametrize("instruction", ["set the brightness of the photo to 20", "set the brightness to 20"])
def test_a_tool_added_for_a_setting_says_where_it_goes_and_what_it_sets(instruction: str) -> None:
    answer = plan(instruction, graph("input.image"))
    assert [n.type for n in answer.add_nodes] == ["tool.adjust"]
    assert answer.summary == "Adjust after Image Upload: Brightness 20"
    after_invert = plan(instruction, graph("input.image -> tool.invert -> output.save"))
    assert after_invert.summary == "Adjust after Invert: Brightness 20"
