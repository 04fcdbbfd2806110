"""Validation reports every problem of a workflow at once, with node, field and a readable message."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from karate.engine import GraphValidationError, compile_graph
from tests.engine.sample_nodes import registry
from tests.helpers import edge, node, workflow


def problems_of(doc: object) -> list[tuple[str, str | None, str | None]]:
    with pytest.raises(GraphValidationError) as info:
        compile_graph(doc, registry)  # type: ignore[arg-type]
    return [(p.code, p.node_id, p.field) for p in info.value.problems]


def test_every_kind_of_problem_is_reported_together() -> None:
    doc = workflow(
        [
            node("ghost", "tool.does_not_exist"),
            node("c", "test.const", value=5000),
            node("add", "test.add"),  # required input `a` left unconnected
            node("echo", "test.echo"),
            node("x", "test.add"),
            node("y", "test.add"),
        ],
        [
            edge("c", "echo", "number", "text") | {"id": "ok"},  # number -> text is allowed
            edge("c", "nowhere", "number", "a"),
            edge("echo", "x", "text", "a"),  # text -> number is a mismatch
            edge("y", "x", "number", "b"),
            edge("x", "y", "number", "a"),  # x <-> y cycle
        ],
    )
    found = problems_of(doc)
    codes = {code for code, _, _ in found}
    assert {"unknown_type", "invalid_param", "missing_input", "dangling_edge", "type_mismatch", "cycle"} <= codes
    assert ("invalid_param", "c", "value") in found
    assert ("missing_input", "add", "a") in found
    assert ("type_mismatch", "x", "a") in found
    assert ("unknown_type", "ghost", "type") in found


def test_messages_say_what_to_do() -> None:
    with pytest.raises(GraphValidationError) as info:
        compile_graph(workflow([node("a", "test.add")], []), registry)
    (problem,) = info.value.problems
    assert "input 'a' (number) needs a connection" in problem.message


def test_unknown_parameter_and_wrong_type_are_reported() -> None:
    found = problems_of(workflow([node("c", "test.const", value="lots", colour="red")], []))
    assert ("invalid_param", "c", "value") in found
    assert ("invalid_param", "c", "colour") in found


def test_unknown_port_names_are_dangling_edges() -> None:
    doc = workflow([node("c", "test.const"), node("a", "test.add")], [edge("c", "a", "number", "nope")])
    assert ("dangling_edge", "a", "nope") in problems_of(doc)


def test_two_edges_into_a_single_input_are_refused_but_lists_collect() -> None:
    nodes = [node("c1", "test.const"), node("c2", "test.const"), node("a", "test.add"), node("s", "test.sum")]
    edges = [edge("c1", "a", "number", "a"), edge("c2", "a", "number", "a")]
    assert ("too_many_inputs", "a", "a") in problems_of(workflow(nodes, edges))
    ok = workflow(nodes[:2] + nodes[3:], [edge("c1", "s", "number", "numbers"), edge("c2", "s", "number", "numbers")])
    assert compile_graph(ok, registry).order[-1] == "s"


def test_malformed_documents_are_validation_errors() -> None:
    assert problems_of([1, 2])[0][0] == "malformed"
    assert problems_of({"nodes": [{"type": "test.const"}]})[0][0] == "malformed"
    assert problems_of({"nodes": "x"})[0][0] == "malformed"
    doc = workflow([node("a", "test.const"), node("a", "test.const")], [])
    assert ("duplicate_id", "a", None) in problems_of(doc)


@st.composite
def random_dags(draw: st.DrawFn) -> tuple[int, list[tuple[int, int]]]:
    size = draw(st.integers(1, 25))
    pairs = draw(st.lists(st.tuples(st.integers(0, size - 1), st.integers(0, size - 1)), max_size=60))
    return size, sorted({(min(a, b), max(a, b)) for a, b in pairs if a != b})


@given(random_dags())
@settings(max_examples=60, deadline=None)
def test_any_dag_compiles_to_an_order_that_respects_every_edge(dag: tuple[int, list[tuple[int, int]]]) -> None:
    size, pairs = dag
    nodes = [node(f"n{i}", "test.sum") for i in range(size)] + [node("seed", "test.const")]
    edges = [edge("seed", f"n{i}", "number", "numbers") for i in range(size)]
    edges += [edge(f"n{a}", f"n{b}", "number", "numbers") for a, b in pairs]
    graph = compile_graph(workflow(nodes, edges), registry)
    position = {node_id: index for index, node_id in enumerate(graph.order)}
    assert len(graph.order) == size + 1
    assert all(position[f"n{a}"] < position[f"n{b}"] for a, b in pairs)


@given(random_dags(), st.data())
@settings(max_examples=60, deadline=None)
def test_a_back_edge_is_always_reported_as_a_cycle(dag: tuple[int, list[tuple[int, int]]],
                                                     data: st.DataObject) -> None:
    size, pairs = dag
    if not pairs:
        return
    a, b = data.draw(st.sampled_from(pairs))
    nodes = [node(f"n{i}", "test.sum") for i in range(size)] + [node("seed", "test.const")]
    edges = [edge("seed", f"n{i}", "number", "numbers") for i in range(size)]
    edges += [edge(f"n{x}", f"n{y}", "number", "numbers") for x, y in pairs] + [
        edge(f"n{b}", f"n{a}", "number", "numbers")]
    found = problems_of(workflow(nodes, edges))
    assert {("cycle", f"n{a}", None), ("cycle", f"n{b}", None)} <= set(found)
