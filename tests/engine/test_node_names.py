"""Every message about a node names it as the user sees it on the canvas, by the title they gave it or its
type's, never by its id (the id stays in a problem's `node_id`); and a failed run's error reads as a sentence."""

from __future__ import annotations

import re
from collections.abc import Iterable

import pytest

from karate.engine import Engine, GraphValidationError, Problem, RunStatus, compile_graph
from karate.engine.registry import NodeRegistry, node
from karate.engine.run_end import failed_line
from karate.engine.run_state import NodeError, NodeRun, NodeStatus
from karate.sdk import Boolean, Input, Node, NodeContext, Number, Text
from tests.helpers import edge, workflow

names = NodeRegistry()


@node("t.flag", title="Flag", category="test", target=names)
class FlagNode(Node):
    outputs = {"flag": Boolean}

    def run(self, ctx: NodeContext) -> bool:
        return True


@node("t.add", title="Add", category="test", target=names)
class AddNode(Node):
    a: float = Input()
    outputs = {"number": Number}

    def run(self, ctx: NodeContext) -> float:
        return self.a


@node("t.pair", title="Pair", category="test", target=names)
class PairNode(Node):
    a: float = Input()
    b: float = Input()
    outputs = {"low": Number, "high": Number}

    def run(self, ctx: NodeContext) -> dict[str, float]:
        return {"low": min(self.a, self.b), "high": max(self.a, self.b)}


@node("t.echo", title="Echo", category="test", target=names)
class EchoNode(Node):
    text: str = Input()
    outputs = {"text": Text}

    def run(self, ctx: NodeContext) -> str:
        return self.text


# ids of the kind the editor makes ("flux_pro_1_1_ultra-1"): none may show in a message
IDS = ("flag-7", "add-7", "echo-7", "sum-7", "gone-7")


def titled(node_id: str, type_: str, title: str | None = None, **fields: object) -> dict[str, object]:
    return {"id": node_id, "type": type_, "params": {}, **({"title": title} if title else {}), **fields}


def messages(problems: Iterable[Problem]) -> list[str]:
    return [p.message for p in problems]


def assert_no_ids(texts: list[str]) -> None:
    for text in texts:
        assert not [i for i in IDS if i in text], text


def test_a_node_that_needs_a_node_which_cannot_run_names_it_by_its_title_only() -> None:
    doc = workflow(
        # Flag runs, so the rest is left out, each node with why
        [titled("add-7", "t.add", "Hero sum"), titled("echo-7", "t.echo"), titled("flag-7", "t.flag")],
        [edge("add-7", "echo-7", "number", "text")],
    )
    graph = compile_graph(doc, names)
    (needs,) = graph.not_runnable["echo-7"]
    assert needs.node_id == "echo-7" and needs.message == (
        "needs Hero sum, which can't run yet: Connect a number to Hero sum's A input"
    )


def test_problems_around_bypassed_nodes_name_them_by_their_titles() -> None:
    doc = workflow(
        [
            titled("flag-7", "t.flag", "Switch"),
            titled("add-7", "t.add", "Offset", bypass=True),  # passes the flag on to Echo, which takes no flag
            titled("echo-7", "t.echo"),
            titled("sum-7", "t.add", "Lonely", bypass=True),  # nothing connected: nothing to pass on
            titled("gone-7", "t.echo", "Reader"),
        ],
        [
            edge("flag-7", "add-7", "flag", "a"),
            edge("add-7", "echo-7", "number", "text"),
            edge("sum-7", "gone-7", "number", "text"),
        ],
    )
    graph = compile_graph(doc, names)
    assert messages(graph.not_runnable["echo-7"]) == [
        "Offset is bypassed, so input 'text' would get boolean from Switch, but it takes text; turn the bypass off"
    ]
    assert messages(graph.not_runnable["gone-7"]) == [
        "input 'text' comes from Lonely, which is bypassed and has no connected input of the kind to pass on; "
        "connect one to it or turn its bypass off"
    ]
    with pytest.raises(GraphValidationError) as refused:
        compile_graph(doc, names, targets=["sum-7"])
    assert messages(refused.value.problems) == ["Lonely is bypassed; turn its bypass off to run it"]


def test_connections_to_missing_ports_or_nodes_read_without_node_ids() -> None:
    doc = workflow(
        [titled("flag-7", "t.flag", "Switch"), titled("echo-7", "t.echo", "Caption"), titled("add-7", "t.add")],
        [
            edge("flag-7", "echo-7", "flag", "nope"),
            edge("flag-7", "echo-7", "nope", "text"),
            edge("echo-7", "add-7", "text", "a"),
        ],
    )
    graph = compile_graph(doc, names)
    texts = messages(p for p in graph.problems if p.code in ("dangling_edge", "type_mismatch"))
    assert texts == [
        "Caption has no input 'nope' (inputs: text)",
        "input 'text' is connected to output 'nope' of Switch, which has no such output (outputs: flag)",
        "Caption.text gives text, but input 'a' takes number",
    ]
    unnamed = workflow(  # edges without the port they connect, where a node has several
        [titled("add-7", "t.add", "Sum"), titled("pair-7", "t.pair", "Range"), titled("echo-7", "t.add", "Total")],
        [
            {"id": "e1", "source": "add-7", "target": "pair-7", "sourceHandle": "number"},
            {"id": "e2", "source": "pair-7", "target": "echo-7", "targetHandle": "a"},
        ],
    )
    with pytest.raises(GraphValidationError) as refused:  # nothing can run
        compile_graph(unnamed, names)
    texts = messages(p for p in refused.value.problems if p.code == "dangling_edge")
    assert texts == [
        "A connection into Range does not say which input it feeds (A or B); connect it to one of them",
        "Total's A input is connected to Range without saying which of its outputs (Low or High); connect it again "
        "from one of them",
    ]
    # the edge naming no input is Range's one problem about its inputs, not also one for each input it may have meant
    assert [p.code for p in refused.value.problems if p.node_id == "pair-7"] == ["dangling_edge"]
    dangling = workflow(
        [titled("echo-7", "t.echo")], [edge("gone-7", "echo-7", "text", "text"), edge("echo-7", "sum-7", "text", "a")]
    )
    with pytest.raises(GraphValidationError) as refused:
        compile_graph(dangling, names)
    texts = messages(refused.value.problems)
    assert "input 'text' is connected to a node that is not in the workflow; remove the connection" in texts
    assert "this connection leads to a node that is not in the workflow; remove the connection" in texts
    assert_no_ids(texts)
    with pytest.raises(GraphValidationError) as unknown:
        compile_graph(doc, names, targets=["gone-7"])
    assert unknown.value.problems[0].node_id == "gone-7"  # the id stays in the structured field
    assert_no_ids(messages(unknown.value.problems))


def test_a_refused_workflow_counts_its_problems_in_words() -> None:
    with pytest.raises(GraphValidationError) as one:
        compile_graph(workflow([titled("echo-7", "t.echo")], []), names)
    assert str(one.value).startswith("the workflow has 1 problem: ")
    with pytest.raises(GraphValidationError) as two:
        compile_graph(workflow([titled("echo-7", "t.echo"), titled("add-7", "t.add")], []), names)
    assert str(two.value).startswith("the workflow has 2 problems: ")


def _failed(node_id: str, message: str) -> NodeRun:
    return NodeRun(node_id, "t.echo", NodeStatus.FAILED, error=NodeError("error", message))


TITLES = {"a": "Flux Pro 1.1 Ultra", "b": "Hero crop", "c": "Invert", "d": "Save Image", "e": "Blur"}


@pytest.mark.parametrize(
    ("message", "line"),
    [
        ("the provider refused it; reword it", "Flux Pro 1.1 Ultra failed: the provider refused it; reword it"),
        ("Flux Pro 1.1 Ultra: the image is too wide", "Flux Pro 1.1 Ultra failed: the image is too wide"),
        ("Flux Pro 1.1 Ultra took longer than 60 s", "Flux Pro 1.1 Ultra took longer than 60 s"),
        ("Flux Pro 1.1 Ultra failed: ValueError: bad", "Flux Pro 1.1 Ultra failed: ValueError: bad"),
        ("Write a prompt for Flux Pro 1.1 Ultra: it is empty", "Write a prompt for Flux Pro 1.1 Ultra: it is empty"),
    ],
)  # fmt: skip
def test_one_failed_node_is_the_run_error_by_its_title_with_its_message_said_once(message: str, line: str) -> None:
    assert failed_line([_failed("a", message)], TITLES.__getitem__) == line


def test_several_failed_nodes_are_named_then_counted() -> None:
    three = [_failed(n, "bad") for n in "abc"]
    assert failed_line(three, TITLES.__getitem__) == (
        "3 nodes failed: Flux Pro 1.1 Ultra, Hero crop and Invert; see each node"
    )
    assert (
        failed_line(three[:2], TITLES.__getitem__) == "2 nodes failed: Flux Pro 1.1 Ultra and Hero crop; see each node"
    )
    five = [_failed(n, "bad") for n in "abcde"]
    assert failed_line(five, TITLES.__getitem__) == (
        "5 nodes failed: Flux Pro 1.1 Ultra, Hero crop, Invert and 2 more; see each node"
    )


async def test_a_failed_run_says_which_nodes_failed_by_their_titles(test_engine: Engine) -> None:
    doc = workflow(
        [
            titled("flag-7", "test.const"),
            titled("sum-7", "test.fail"),
            titled("add-7", "test.fail", "Grade"),
            titled("echo-7", "test.add"),
        ],
        [edge("flag-7", "add-7", "number", "a"), edge("add-7", "echo-7", "number", "a")],
    )
    result = await test_engine.run(doc)
    assert result.status == RunStatus.FAILED
    assert result.error == "2 nodes failed: Fail and Grade; see each node"
    assert not re.search(r"\(s\)|-7", result.error)
