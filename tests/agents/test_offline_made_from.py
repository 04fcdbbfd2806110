"""A picture made "from it" by an edit model: its prompt says what "it" is (the model reads words, not the plan), and
keeps what else the person asked for."""

from __future__ import annotations

import pytest

from karate.agents.offline import plan_offline
from karate.agents.patch import PlanOut, PlanRequest, PlanStatus
from karate.agents.validate import validate_plan
from karate.engine.graph import WorkflowDocument
from tests.agents.test_offline_logos import CONTEXT, EDITORS
from tests.agents.test_planner_cases import build_graph


def edit_prompt(instruction: str, workflow: WorkflowDocument | None = None) -> str:
    """The text of the Prompt that feeds the edit model of the plan for `instruction`."""
    request = PlanRequest(instruction=instruction, workflow=workflow)
    answer: PlanOut = plan_offline(request, CONTEXT)
    assert validate_plan(answer, request, CONTEXT) == [] and answer.status is PlanStatus.READY, answer
    editor = next(node.id for node in answer.add_nodes if node.type in EDITORS)
    prompts = {node.id: str(node.params.get("text", "")) for node in answer.add_nodes if node.type == "input.prompt"}
    (source,) = [e.source for e in answer.add_edges if e.target == editor and e.source in prompts]
    return prompts[source]


@pytest.mark.parametrize(
    ("instruction", "prompt"),
    [
        ("draw a cat, then make a poster from it", "a poster made from this picture of a cat"),
        ("draw a cat, then use that for a poster", "a poster made from this picture of a cat"),
        ("draw a cat and make it into a poster", "a poster made from this picture of a cat"),
        ("draw a cat, then make a sticker from it", "a sticker made from this picture of a cat"),
        ("draw a cat, then put it on a poster", "put this picture of a cat on a poster"),
        ("upload my logo, then make a poster from it", "a poster made from this logo"),
    ],
)
def test_the_edit_prompt_says_what_it_is_made_from(instruction: str, prompt: str) -> None:
    assert edit_prompt(instruction) == prompt


def test_the_edit_prompt_keeps_the_style_and_text_asked_for() -> None:
    prompt = edit_prompt("draw a cat, then make a poster from it in a retro style with the title 'Cats'")
    assert prompt == 'a poster made from this picture of a cat, in a retro style with the title "Cats"'


def test_a_poster_from_a_picture_on_the_canvas_names_it_by_its_prompt() -> None:
    canvas = build_graph(["input.prompt -> model.flux_pro_1_1_ultra"], {"prompt-1": {"text": "a red fox"}}, CONTEXT)
    assert edit_prompt("make a poster from it", canvas) == "a poster made from this picture of a red fox"
