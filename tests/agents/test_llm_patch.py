"""What the LLM planner does around the model: the draft → plan conversion (ids, full parameters, edge ids,
positions), what it refuses before validation, and the size bounds of what the model is sent."""

from __future__ import annotations

import pytest

from karate.agents.context import PlanContext
from karate.agents.llm_catalog import catalog_table, describe_node, search_lines
from karate.agents.llm_patch import DraftEdge, DraftNode, DraftPlan, draft_problems, next_node_id, to_plan
from karate.agents.llm_prompt import request_message
from karate.agents.patch import PlanRequest, PlanStatus
from karate.agents.validate import validate_plan
from karate.engine.graph import EdgeDoc, NodeDoc, WorkflowDocument
from karate.engine.registry import load_builtin_nodes

CONTEXT = PlanContext(load_builtin_nodes(), frozenset({"fal"}))
ALL_TYPES = [spec.type for spec in CONTEXT.specs()]


@pytest.mark.parametrize("node_type", ALL_TYPES)
def test_a_node_of_any_type_gets_full_params_that_validate(node_type: str) -> None:
    draft = DraftPlan(status="ready", summary="one node", add_nodes=[DraftNode(ref="n", type=node_type)])
    request = PlanRequest(instruction="add it")

    plan, ids = to_plan(draft, request, CONTEXT)

    spec = CONTEXT.spec(node_type)
    assert spec is not None
    assert set(plan.add_nodes[0].params) == set(spec.params_model.model_fields)
    assert validate_plan(plan, request, CONTEXT) == []
    assert ids == {"n": plan.add_nodes[0].id}


def test_a_mistyped_node_type_in_a_plan_is_answered_with_the_type_meant() -> None:
    plan = to_plan(
        DraftPlan(status="ready", summary="blur", add_nodes=[DraftNode(ref="b", type="tool.blurr")]),
        PlanRequest(instruction="blur it"),
        CONTEXT,
    )[0]
    assert validate_plan(plan, PlanRequest(instruction="blur it"), CONTEXT) == [
        "node 'blurr-1': there is no node type 'tool.blurr' in the catalog (did you mean tool.blur?)"
    ]


def test_new_ids_follow_the_editor_and_skip_taken_ones() -> None:
    taken = {"blur-1", "blur-2", "prompt-1"}
    assert next_node_id("tool.blur", taken) == "blur-3"
    assert next_node_id("tool.blur", taken) == "blur-4"
    assert next_node_id("model.flux_pro_1_1_ultra", taken) == "flux_pro_1_1_ultra-1"


def test_a_ref_that_clashes_with_the_graph_or_repeats_is_refused() -> None:
    workflow = WorkflowDocument(nodes=[NodeDoc(id="blur-1", type="tool.blur")])
    draft = DraftPlan(
        status="ready",
        summary="two blurs",
        add_nodes=[DraftNode(ref="blur-1", type="tool.blur"), DraftNode(ref="b", type="tool.blur")]
        + [DraftNode(ref="b", type="tool.invert")],
    )
    problems = draft_problems(draft, workflow)
    assert problems == [
        "new node ref 'blur-1' is already an existing node's id; give it another ref",
        "new node ref 'b' is used twice; give each new node its own ref",
    ]
    assert draft_problems(DraftPlan(status="question", summary="?"), workflow) == [
        "status 'question' needs the question to ask"
    ]
    assert draft_problems(DraftPlan(status="ready", summary="nothing"), workflow) == [
        "a 'ready' plan changes nothing; build what was asked, or answer status 'question'"
    ]


def test_a_question_carries_no_nodes() -> None:
    draft = DraftPlan(
        status="question",
        summary="unclear",
        question="Image or video?",
        add_nodes=[DraftNode(ref="n", type="tool.blur")],
    )
    plan, _ = to_plan(draft, PlanRequest(instruction="stuff"), CONTEXT)
    assert plan.status == PlanStatus.QUESTION and plan.add_nodes == [] and plan.question == "Image or video?"


def test_ports_may_be_left_out_where_a_node_has_one() -> None:
    draft = DraftPlan(
        status="ready",
        summary="Upload → Upscale",
        add_nodes=[DraftNode(ref="a", type="input.image"), DraftNode(ref="b", type="tool.upscale")],
        add_edges=[DraftEdge(source="a", target="b")],
    )
    plan, _ = to_plan(draft, PlanRequest(instruction="upscale my photo"), CONTEXT)
    assert plan.add_edges == [
        EdgeDoc(
            id="e-image-1-image-upscale-1-image",
            source="image-1",
            sourceHandle="image",
            target="upscale-1",
            targetHandle="image",
        )
    ]


def test_new_roots_go_below_the_graph_when_no_origin_is_given() -> None:
    workflow = WorkflowDocument(nodes=[NodeDoc(id="image-1", type="input.image", position={"x": 40, "y": 300})])
    draft = DraftPlan(
        status="ready",
        summary="Prompt, Prompt",
        add_nodes=[DraftNode(ref="p", type="input.prompt"), DraftNode(ref="q", type="input.prompt")],
    )
    plan, _ = to_plan(draft, PlanRequest(instruction="two prompts", workflow=workflow), CONTEXT)
    assert [node.position for node in plan.add_nodes] == [{"x": 40, "y": 480}, {"x": 40, "y": 660}]


def test_the_catalog_is_described_in_bounded_size() -> None:
    full = catalog_table(CONTEXT)
    assert len(full.splitlines()) == len(ALL_TYPES)
    assert "model.face_align | Face Align | models/edit | in: image:image" in full
    assert "runs here: no (provider not configured)" in full
    short = catalog_table(CONTEXT, budget=len(full) - 1)
    assert len(short) < len(full) and "in: " not in short and len(short.splitlines()) == len(ALL_TYPES)
    cut = catalog_table(CONTEXT, budget=2000)
    assert len(cut) < 2200 and cut.endswith("more: use search_catalog to find them")


def test_describe_node_and_search_help_the_model_find_its_way() -> None:
    assert '"name": "radius"' in describe_node(CONTEXT, "tool.blur")
    missing = describe_node(CONTEXT, "tool.sharpen")
    assert missing.startswith("There is no node type 'tool.sharpen' in the catalog")
    assert search_lines(CONTEXT, "remove the background")[0].startswith("model.bria_remove_background")
    assert search_lines(CONTEXT, "zzzz") == []


def test_a_huge_graph_is_described_in_bounded_size() -> None:
    nodes = [NodeDoc(id=f"blur-{n}", type="tool.blur", params={"radius": n}) for n in range(2000)]
    edges = [EdgeDoc(source=f"blur-{n}", target=f"blur-{n + 1}") for n in range(1999)]
    request = PlanRequest(
        instruction="x" * 2000,
        workflow=WorkflowDocument(nodes=nodes, edges=edges),
        selection=["blur-1500"],
    )
    message = request_message(request, CONTEXT)
    assert len(message) < 40_000
    assert "blur-1500 | tool.blur" in message and "... and 1880 more nodes not listed" in message
