"""Deleting nodes and undoing are done on the canvas, not by the AI dock's plans: an instruction asking for either
gets an answer that says how, naming the nodes meant, and builds nothing ("remove the blur" once built a Blur)."""

from __future__ import annotations

import pytest

from karate.agents.context import PlanContext
from karate.agents.offline import plan_offline
from karate.agents.patch import PlanRequest, PlanStatus
from karate.engine.registry import load_builtin_nodes
from tests.agents.test_planner_cases import build_graph


@pytest.fixture(scope="module")
def context() -> PlanContext:
    return PlanContext(load_builtin_nodes(), frozenset(["fal", "replicate"]))


def _ask(instruction: str, context: PlanContext, chains: list[str] | None = None) -> tuple[str, str]:
    workflow = build_graph(chains, {}, context) if chains else None
    plan = plan_offline(PlanRequest(instruction=instruction, workflow=workflow), context)
    assert plan.status == PlanStatus.QUESTION and not plan.add_nodes and not plan.change_nodes
    assert plan.question and plan.suggestions
    return plan.summary, plan.question


def test_asking_to_delete_a_node_says_how_naming_it(context: PlanContext) -> None:
    summary, question = _ask("please remove the blur", context, ["input.image -> tool.blur -> tool.invert"])
    assert "does not delete" in summary
    assert "select Blur on the canvas and press Delete" in question and "Ctrl+Z" in question


def test_asking_to_delete_everything_says_how_to_select_all(context: PlanContext) -> None:
    _, question = _ask("clear the canvas", context, ["input.image -> tool.blur"])
    assert "Ctrl+A" in question and "Delete" in question


def test_an_empty_canvas_has_nothing_to_delete(context: PlanContext) -> None:
    summary, question = _ask("remove the blur", context)
    assert summary == "Nothing planned: the canvas is empty" and "nothing on the canvas to delete" in question


def test_undo_is_pointed_to_the_undo_command(context: PlanContext) -> None:
    summary, question = _ask("undo that", context, ["input.image -> tool.blur"])
    assert "does not undo" in summary and "Ctrl+Z" in question


def test_removing_something_from_a_picture_is_still_a_task(context: PlanContext) -> None:
    workflow = build_graph(["input.image -> tool.blur"], {}, context)
    plan = plan_offline(PlanRequest(instruction="erase the watermark from my photo", workflow=workflow), context)
    assert plan.status == PlanStatus.READY and plan.add_nodes
