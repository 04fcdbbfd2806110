"""A model's prompt that is empty never reaches a provider: an empty Prompt node is refused at the check before
the run, and text that arrives empty from a node that ran fails the model node before it runs. The providers are
left unconfigured, so a node that got as far as looking for one would say "Set REPLICATE_API_TOKEN" instead."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from karate.engine import Engine, NodeStatus, compile_graph
from tests.engine.sample_nodes import registry
from tests.helpers import edge, node, workflow

FLUX = "model.flux_pro_1_1_ultra"  # its prompt is a required input
RODIN = "model.rodin_2"  # its prompt is optional: reference images alone will do


def prompt_into(model: str, text: str, **model_doc: Any) -> dict[str, Any]:
    return workflow(
        [node("prompt", "input.prompt", text=text), {**node("model", model), **model_doc}],
        [edge("prompt", "model", "text", "prompt")],
    )


@given(st.text(alphabet=" \t\n\u00a0\u3000", max_size=6))
def test_a_prompt_of_nothing_but_spaces_is_refused_before_the_run_naming_the_model(text: str) -> None:
    graph = compile_graph(prompt_into(FLUX, text), registry)
    assert graph.order == ["prompt"]  # the rest of the graph still runs
    (problem,) = graph.not_runnable["model"]
    assert (problem.code, problem.field) == ("empty_input", "prompt")
    assert problem.message == "Write a prompt for Flux Pro 1.1 Ultra: the text from Prompt is empty"


@given(st.text(min_size=1, max_size=20).filter(lambda text: text.strip()))
def test_any_prompt_with_a_word_in_it_is_accepted(text: str) -> None:
    graph = compile_graph(prompt_into(FLUX, text), registry)
    assert graph.not_runnable == {} and graph.order == ["prompt", "model"]


def test_the_refusal_names_the_nodes_by_the_titles_the_user_gave_them() -> None:
    doc = prompt_into(FLUX, "", title="Hero shot")
    doc["nodes"][0]["title"] = "Poster idea"
    (problem,) = compile_graph(doc, registry).not_runnable["model"]
    assert problem.message == "Write a prompt for Hero shot: the text from Poster idea is empty"


def test_an_optional_prompt_may_be_left_empty() -> None:
    graph = compile_graph(prompt_into(RODIN, ""), registry)
    assert "model" not in graph.not_runnable


async def test_a_prompt_that_arrives_empty_fails_the_model_before_it_asks_a_provider(test_engine: Engine) -> None:
    doc = workflow(
        [node("llm", "test.spoken", said="  \n"), node("model", FLUX), node("ok", "test.spoken", said="a fox")],
        [edge("llm", "model", "text", "prompt")],
    )
    result = await test_engine.run(doc)
    model = result.nodes["model"]
    assert model.status == NodeStatus.FAILED and model.error is not None
    assert (model.error.code, model.error.message) == (
        "empty_input",
        "Write a prompt for Flux Pro 1.1 Ultra: the text from Spoken is empty",
    )
    assert result.nodes["ok"].status == NodeStatus.COMPLETED  # an independent branch is not held up
