"""Validation reports every problem of a workflow at once, with node, field and a readable message."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from karate.engine import GraphValidationError, compile_graph
from tests.engine.sample_nodes import registry
from tests.helpers import edge, node, workflow


def problems_of(doc: object) -> list[tuple[str, str | None, str | None]]:
    """Every problem found on a node: those of a refused graph, or those of the nodes a run leaves out."""
    try:
        graph = compile_graph(doc, registry)  # type: ignore[arg-type]
    except GraphValidationError as error:
        return [(p.code, p.node_id, p.field) for p in error.problems]
    assert graph.problems, "the graph has problems"
    return [(p.code, p.node_id, p.field) for p in graph.problems]


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
    assert "Connect a number to Add's A input" in problem.message


def test_a_missing_connection_is_asked_for_in_words_naming_the_node_as_the_user_sees_it() -> None:
    doc = workflow(
        [{**node("b", "tool.blur"), "title": "Soften"}, node("s", "test.sum"), node("m", "tool.channels_merge")], []
    )
    with pytest.raises(GraphValidationError) as info:
        compile_graph(doc, registry)
    messages = {(p.node_id, p.field): p.message for p in info.value.problems if p.code == "missing_input"}
    assert messages[("b", "image")] == "Connect an image to Soften's Image input"
    assert messages[("s", "numbers")] == "Connect one or more numbers to Sum's Numbers input"
    assert messages[("m", "red")] == "Connect a mask to Merge Channels' Red input"
    assert ("m", "alpha") not in messages, "an optional input needs no connection"


def test_a_mistyped_node_type_is_answered_with_the_type_meant() -> None:
    with pytest.raises(GraphValidationError) as info:
        compile_graph(workflow([node("b", "tool.blurr"), node("z", "tool.zzzzzz")], []), registry)
    typo, unknown = info.value.problems
    assert typo.message == (
        "unknown node type 'tool.blurr' (did you mean tool.blur?); `karate nodes` lists the available types"
    )
    assert unknown.message == "unknown node type 'tool.zzzzzz'; `karate nodes` lists the available types"


def test_unknown_parameter_and_wrong_type_are_reported() -> None:
    found = problems_of(workflow([node("c", "test.const", value="lots", colour="red")], []))
    assert ("invalid_param", "c", "value") in found
    assert ("invalid_param", "c", "colour") in found


def test_unknown_port_names_are_dangling_edges() -> None:
    doc = workflow([node("c", "test.const"), node("a", "test.add")], [edge("c", "a", "number", "nope")])
    assert ("dangling_edge", "a", "nope") in problems_of(doc)


def test_a_connection_from_an_output_that_is_not_there_is_reported_once() -> None:
    doc = workflow(
        [node("c", "test.const"), node("e", "test.echo"), node("a", "test.add")],
        [edge("c", "e", "nope", "text"), edge("e", "a", "text", "a")],  # text -> number: refused too
    )
    found = problems_of(doc)
    assert [p for p in found if p[1] == "e"] == [("dangling_edge", "e", "text")]  # not also "connect a text to it"
    assert [p for p in found if p[1] == "a"] == [("type_mismatch", "a", "a")]


def test_a_workflow_with_nothing_to_run_is_refused_in_words() -> None:
    with pytest.raises(GraphValidationError) as empty:
        compile_graph(workflow([], []), registry)
    assert [(p.code, p.message) for p in empty.value.problems] == [
        ("empty_graph", "The workflow has no nodes: add a node, then run it")
    ]
    bypassed = workflow([node("c", "test.const") | {"bypass": True}], [])
    with pytest.raises(GraphValidationError) as everything_bypassed:
        compile_graph(bypassed, registry)
    assert [p.message for p in everything_bypassed.value.problems] == [
        "Every node is bypassed: turn a node's bypass off, then run it"
    ]


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
def test_a_back_edge_is_always_reported_as_a_cycle(dag: tuple[int, list[tuple[int, int]]], data: st.DataObject) -> None:
    size, pairs = dag
    if not pairs:
        return
    a, b = data.draw(st.sampled_from(pairs))
    nodes = [node(f"n{i}", "test.sum") for i in range(size)] + [node("seed", "test.const")]
    edges = [edge("seed", f"n{i}", "number", "numbers") for i in range(size)]
    edges += [edge(f"n{x}", f"n{y}", "number", "numbers") for x, y in pairs] + [
        edge(f"n{b}", f"n{a}", "number", "numbers")
    ]
    found = problems_of(workflow(nodes, edges))
    assert {("cycle", f"n{a}", None), ("cycle", f"n{b}", None)} <= set(found)


# --- parameter problems in words (issue 10, section 2) --------------------------------------------------

from typing import Literal  # noqa: E402

from karate.engine.messages import PATTERN_HINTS, size_in_words  # noqa: E402
from karate.engine.registry import NodeRegistry, load_builtin_nodes  # noqa: E402
from karate.engine.registry import node as node_type  # noqa: E402
from karate.sdk import Node, Param  # noqa: E402

words_registry = NodeRegistry()


@node_type("test.settings", title="Settings Probe", category="test", target=words_registry)
class SettingsProbe(Node):
    radius: float = Param(4.0, ge=0, le=200)
    count: int = Param(3, ge=1)
    strength: float = Param(0.5, gt=0, lt=1)
    free: float = Param(0.0)
    steps: int = Param(10, multiple_of=5)
    mode: Literal["fast", "best"] = Param("fast")
    flag: bool = Param(False)
    name: str = Param("", max_length=10, pattern=r"^[\w\- .]*$")
    colour: str = Param("#ffffff", pattern="^#[0-9a-fA-F]{6}$", title="Light colour")
    code: str = Param("0" * 32, pattern="^[0-9a-f]{32}$")
    label: str = Param("x", min_length=1)
    asset_id: str = Param("a" * 64, pattern="^[0-9a-f]{64}$", ui="video-upload")
    outputs: dict = {}

    def run(self, ctx: object) -> None:
        return None


@pytest.mark.parametrize(
    ("params", "field", "sentence"),
    [
        ({"radius": float("nan")}, "radius", "Radius must be a number from 0 to 200"),
        ({"radius": float("inf")}, "radius", "Radius must be a number from 0 to 200"),
        ({"radius": 250}, "radius", "Radius must be a number from 0 to 200"),
        ({"radius": "big"}, "radius", "Radius must be a number from 0 to 200"),
        ({"radius": None}, "radius", "Radius must be a number from 0 to 200"),
        ({"count": 0}, "count", "Count must be a whole number at least 1"),
        ({"count": 2.5}, "count", "Count must be a whole number at least 1"),
        ({"strength": 1}, "strength", "Strength must be a number more than 0 and less than 1"),
        ({"free": float("-inf")}, "free", "Free must be a number (not NaN or Infinity)"),
        ({"free": "x"}, "free", "Free must be a number"),
        ({"steps": 7}, "steps", "Steps must be a multiple of 5"),
        ({"mode": "slow"}, "mode", 'Mode is "slow", which is not one of: fast, best; choose one of them'),
        ({"mode": 5}, "mode", "Mode is 5, which is not one of: fast, best; choose one of them"),
        ({"mode": "s" * 60}, "mode", f'Mode is "{"s" * 38}…, which is not one of: fast, best; choose one of them'),
        ({"flag": "maybe"}, "flag", "Flag must be true or false"),
        (
            {"name": "poster 🌅"},
            "name",
            "Use only letters, digits, spaces, dots, dashes and underscores in the file name",
        ),
        ({"name": "x" * 11}, "name", "Name must be at most 10 characters"),
        ({"name": 5}, "name", "Name must be text"),
        ({"colour": "red"}, "colour", "Light colour must be a colour written like #ff8800"),
        ({"code": "XYZ"}, "code", "Code must be 32 hexadecimal characters (0-9, a-f)"),
        ({"label": ""}, "label", "Label must not be empty"),
        ({"asset_id": ""}, "asset_id", "Upload a video into Settings Probe first"),
        (
            {"asset_id": "not-a-hash"},
            "asset_id",
            "The file in this node is not in this studio's files, or is not yours to use. Upload a video into this "
            "node and choose it",
        ),
        ({"colour_of_sky": "blue"}, "colour_of_sky", "Settings Probe has no setting 'colour_of_sky'; remove it"),
    ],
)
def test_each_kind_of_refused_parameter_is_one_sentence_saying_what_to_do(
    params: dict, field: str, sentence: str
) -> None:
    with pytest.raises(GraphValidationError) as info:
        compile_graph(workflow([node("p", "test.settings", **params)], []), words_registry)
    assert [(p.code, p.node_id, p.field, p.message) for p in info.value.problems] == [
        ("invalid_param", "p", field, sentence)
    ]
    assert sentence in str(info.value)


def test_a_crop_aspect_that_is_not_a_choice_is_named_in_its_sentence() -> None:
    with pytest.raises(GraphValidationError) as info:
        compile_graph(workflow([node("crop", "tool.crop", aspect="16:0")], []), load_builtin_nodes())
    [message] = [p.message for p in info.value.problems if p.field == "aspect"]
    assert message.startswith('Aspect is "16:0", which is not one of: free, 1:1, ')
    assert message.endswith("; choose one of them")


def test_no_number_setting_of_any_node_takes_true_or_false_as_the_editor_marks_them() -> None:
    from karate.engine.graph_check import check_params

    registry = load_builtin_nodes()
    checked = 0
    for spec in registry.specs_json():
        cls = registry.get(spec["type"])
        assert cls is not None
        for name, field in spec["params_schema"].get("properties", {}).items():
            if field.get("type") not in ("integer", "number"):
                continue
            for flag in (True, False):
                [problem] = [p for p in check_params("n", cls, {name: flag}) if p.field == name]
                noun = "a whole number" if field["type"] == "integer" else "a number"
                words = "which is not one of" if "enum" in field else f" must be {noun}"
                assert problem.code == "invalid_param" and words in problem.message, (spec["type"], name)
            checked += 1
    assert checked > 50  # every tool's and model's number settings, not a few


def test_an_image_upload_left_empty_says_to_upload_an_image_first() -> None:
    with pytest.raises(GraphValidationError) as info:
        compile_graph(workflow([node("photo", "input.image")], []), load_builtin_nodes())
    assert [p.message for p in info.value.problems] == ["Upload an image into Image Upload first"]


PYDANTIC_WORDS = (
    "should",
    "Input should",
    "String should",
    "Field required",
    "Value error",
    "pattern",
    "^",
    "$",
    "\\w",
    "[0-9",
    "{64}",
    "_type",
    "_parsing",
    "less_than",
    "greater_than",
    "finite_number",
    "literal_error",
    "extra_forbidden",
    "errors.pydantic.dev",
)
HOSTILE = [float("nan"), float("inf"), -1e12, 1e12, "", "😀 \u0000", "x" * 30_000, None, True, [], {}, "#zz"]


def test_no_builtin_parameter_problem_quotes_a_pattern_or_pydantic_words() -> None:
    registry = load_builtin_nodes()
    checked = 0
    for cls in registry:
        for name in cls.spec.params_model.model_fields:
            for value in HOSTILE:
                doc = workflow([node("n", cls.spec.type, **{name: value})], [])
                try:
                    compile_graph(doc, registry)
                except GraphValidationError as error:
                    for problem in error.problems:
                        if problem.field == name:
                            checked += 1
                            assert not [w for w in PYDANTIC_WORDS if w in problem.message], (
                                cls.spec.type,
                                name,
                                problem.message,
                            )
    assert checked > 200


def test_every_pattern_a_builtin_parameter_uses_has_words() -> None:
    for cls in load_builtin_nodes():
        for name, field in cls.spec.params_model.model_fields.items():
            pattern = next((m.pattern for m in field.metadata if isinstance(getattr(m, "pattern", None), str)), None)
            extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
            if pattern and not str(extra.get("ui", "")).endswith("-upload"):
                assert pattern in PATTERN_HINTS, f"{cls.spec.type}.{name}: add words for {pattern} to PATTERN_HINTS"


# --- workflow files as editors save them (issue 10, section 2) -------------------------------------------

from karate.engine.workflow_file import read_workflow_bytes  # noqa: E402

ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32"]
json_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=20)


@given(
    texts=st.dictionaries(json_text, json_text, max_size=5),
    encoding=st.sampled_from(ENCODINGS),
    newline=st.sampled_from(["\n", "\r\n", "\r"]),
)
@settings(max_examples=150, deadline=None)
def test_any_document_saved_in_a_unicode_encoding_reads_back_unchanged(
    texts: dict[str, str], encoding: str, newline: str
) -> None:
    import json

    document = {"nodes": [{"id": "p", "type": "input.prompt", "params": texts}], "edges": []}
    data = json.dumps(document, indent=1, ensure_ascii=False).replace("\n", newline).encode(encoding)
    assert read_workflow_bytes(data, "w.json") == document


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b'{"nodes": [], "title": "caf\xe9"}', "w.json is not UTF-8 text (byte 0xE9 at line 1, column 28"),
        (b"\xff\xfe" + b"\x00\xd8" + b"{\x00", "w.json is not valid UTF-16 text; save it as UTF-8"),
        (b"[1, 2]", "w.json must hold a JSON object with `nodes` and `edges` lists"),
        (b'{"nodes": {}}', "w.json must hold a JSON object with `nodes` and `edges` lists"),
        (b"   ", "w.json is empty"),
        (b"[" * 100_000, "w.json"),
    ],
)
def test_unreadable_workflow_bytes_are_one_malformed_problem_saying_what_to_change(data: bytes, words: str) -> None:
    with pytest.raises(GraphValidationError) as info:
        read_workflow_bytes(data, "w.json")
    (problem,) = info.value.problems
    assert problem.code == "malformed" and words in problem.message


@pytest.mark.parametrize(
    ("text", "library_words"),
    [
        ("{nodes: []}", "Expecting property name enclosed in double quotes"),
        ('{"nodes": }', "Expecting value"),
        ('{"nodes": [] "edges": []}', "Expecting ',' delimiter"),
        ('{"nodes" []}', "Expecting ':' delimiter"),
        ('{"nodes": [], "title": "dusk', "Unterminated string"),
        ('{"nodes": [], "title": "a\tb"}', "Invalid control character"),
        ('{"nodes": [], "title": "\\q"}', "Invalid \\escape"),
        ('{"nodes": [], "title": "\\u12"}', "Invalid \\uXXXX escape"),
        ('{"nodes": []} {}', "Extra data"),
    ],
)
def test_each_kind_of_broken_json_is_explained_in_its_own_words(text: str, library_words: str) -> None:
    """Every message of the json library that the reader translates is one it really gives."""
    from karate.engine.workflow_file import _JSON_FAULTS

    with pytest.raises(GraphValidationError) as info:
        read_workflow_bytes(text.encode(), "w.json")
    (problem,) = info.value.problems
    assert problem.message.endswith(_JSON_FAULTS[library_words])
    assert library_words not in problem.message  # the library's own text never shows


@pytest.mark.parametrize(
    ("size", "words"), [(209_715_200, "200 MB"), (1536, "1.5 KB"), (512, "512 bytes"), (8 * 1024**3, "8 GB")]
)
def test_sizes_in_messages_read_as_people_write_them(size: int, words: str) -> None:
    assert size_in_words(size) == words


# --- the valid part always runs; bypassed nodes are wired around (issue 11) -------------------------------

from karate.engine import Engine, NodeStatus, RunStatus  # noqa: E402
from tests.engine import sample_nodes  # noqa: E402


def test_an_unconnected_node_leaves_the_valid_branch_runnable_and_says_why_it_cannot_run() -> None:
    doc = workflow(
        [
            node("c", "test.const", value=2),
            node("add", "test.add"),
            node("loose", "test.add"),
            node("after", "test.echo"),
        ],
        [edge("c", "add", "number", "a"), edge("loose", "after", "number", "text")],
    )
    graph = compile_graph(doc, registry)
    assert graph.order == ["c", "add"]
    assert list(graph.not_runnable) == ["loose", "after"]
    assert [(p.code, p.field) for p in graph.not_runnable["loose"]] == [("missing_input", "a")]
    (needs,) = graph.not_runnable["after"]
    assert needs.code == "upstream_invalid" and needs.message == (
        "needs Add, which can't run yet: Connect a number to Add's A input"
    )
    assert [p.node_id for p in graph.problems] == ["loose"], "only problems of their own, once"


def test_nothing_runnable_is_refused_with_each_nodes_own_problems() -> None:
    doc = workflow([node("add", "test.add"), node("echo", "test.echo")], [edge("add", "echo", "number", "text")])
    assert problems_of(doc) == [("missing_input", "add", "a")]


@pytest.mark.parametrize(
    "broken",
    [
        {"schema_version": 99},
        {"nodes": [node("c", "test.const"), node("c", "test.const")]},
        {"edges": [edge("c", "ghost", "number", "a")]},
    ],
    ids=["newer schema", "duplicate id", "edge to a missing node"],
)
def test_a_problem_of_the_whole_document_stops_everything(broken: dict) -> None:
    doc = workflow([node("c", "test.const"), node("add", "test.add")], [edge("c", "add", "number", "a")]) | broken
    with pytest.raises(GraphValidationError):
        compile_graph(doc, registry)


def test_a_cycle_stops_only_the_nodes_in_it_and_after_it() -> None:
    doc = workflow(
        [node("c", "test.const"), node("x", "test.add"), node("y", "test.add"), node("z", "test.echo")],
        [edge("x", "y", "number", "a"), edge("y", "x", "number", "a"), edge("y", "z", "number", "text")],
    )
    graph = compile_graph(doc, registry)
    assert graph.order == ["c"] and set(graph.not_runnable) == {"x", "y", "z"}


def test_running_one_node_checks_only_that_node_and_what_it_needs() -> None:
    doc = workflow(
        [node("c", "test.const"), node("add", "test.add"), node("loose", "test.add", offset="x")],
        [edge("c", "add", "number", "a")],
    )
    graph = compile_graph(doc, registry, targets=["add"])
    assert graph.order == ["c", "add"] and graph.not_runnable == {} and graph.problems == []
    with pytest.raises(GraphValidationError) as refused:
        compile_graph(doc, registry, targets=["loose"])
    assert {(p.code, p.field) for p in refused.value.problems} == {("missing_input", "a"), ("invalid_param", "offset")}
    with pytest.raises(GraphValidationError) as unknown:
        compile_graph(doc, registry, targets=["nobody"])
    assert unknown.value.problems[0].code == "unknown_node"


def test_a_node_whose_source_has_an_unknown_type_cannot_run_even_through_an_optional_input() -> None:
    doc = workflow(
        [node("c", "test.const"), node("ghost", "test.nope"), node("add", "test.add")],
        [edge("c", "add", "number", "a"), edge("ghost", "add", "number", "b")],
    )
    graph = compile_graph(doc, registry)
    assert graph.order == ["c"] and graph.not_runnable["add"][0].code == "upstream_invalid"


def test_a_node_fed_by_a_node_of_unknown_type_needs_that_node_named_by_its_type_not_a_connection() -> None:
    doc = workflow(
        [node("c", "test.const"), node("ghost", "test.nope_node"), node("add", "test.add")],
        [edge("c", "add", "number", "b"), edge("ghost", "add", "number", "a")],
    )
    [problem] = compile_graph(doc, registry).not_runnable["add"]
    assert problem.code == "upstream_invalid"
    assert problem.message.startswith("needs Nope node (test.nope_node), which can't run yet: unknown node type")
    doc["nodes"][1]["title"] = "Glow"  # the name its author gave it
    doc["edges"][1].pop("targetHandle")  # an edge that names no input: it may mean either
    [problem] = compile_graph(doc, registry).not_runnable["add"]
    assert problem.message.startswith("needs Glow (test.nope_node), which can't run yet")


def _bypassed(node_doc: dict) -> dict:
    return node_doc | {"bypass": True}


def test_a_bypassed_node_passes_its_first_input_of_the_same_kind_on() -> None:
    doc = workflow(
        [node("c", "test.const", value=3), _bypassed(node("add", "test.add", offset=100)), node("out", "test.echo")],
        [edge("c", "add", "number", "a"), edge("add", "out", "number", "text")],
    )
    graph = compile_graph(doc, registry)
    assert graph.order == ["c", "out"] and graph.bypassed == ["add"]
    assert [(link.input, link.source, link.source_port) for link in graph.incoming["out"]] == [("text", "c", "number")]


def test_a_chain_of_bypassed_nodes_is_followed_and_their_own_problems_do_not_count() -> None:
    doc = workflow(
        [
            node("c", "test.const"),
            _bypassed(node("a1", "test.add", offset="bad")),
            _bypassed(node("a2", "test.add")),
            node("out", "test.add"),
        ],
        [edge("c", "a1", "number", "b"), edge("a1", "a2", "number", "a"), edge("a2", "out", "number", "a")],
    )
    graph = compile_graph(doc, registry)
    assert graph.not_runnable == {} and [link.source for link in graph.incoming["out"]] == ["c"]


def test_a_bypassed_node_with_nothing_to_pass_on_stops_the_nodes_that_read_it() -> None:
    doc = workflow(
        [
            node("c", "test.const"),
            _bypassed(node("add", "test.add")) | {"title": "Sum"},
            node("out", "test.echo"),
            node("after", "test.echo"),
        ],
        [edge("add", "out", "number", "text"), edge("out", "after", "text", "text")],
    )
    graph = compile_graph(doc, registry)
    assert graph.order == ["c"] and list(graph.not_runnable) == ["out", "after"]
    (problem,) = graph.not_runnable["out"]
    assert problem.code == "bypassed_input" and problem.field == "text"
    assert problem.message == (
        "input 'text' comes from Sum, which is bypassed and has no connected input "
        "of the kind to pass on; connect one to it or turn its bypass off"
    )


def test_running_a_bypassed_node_itself_is_refused_in_words() -> None:
    doc = workflow([node("c", "test.const"), _bypassed(node("add", "test.add"))], [edge("c", "add", "number", "a")])
    with pytest.raises(GraphValidationError) as refused:
        compile_graph(doc, registry, targets=["add"])
    assert refused.value.problems[0].message == "Add is bypassed; turn its bypass off to run it"


def test_title_collapsed_and_bypass_round_trip_in_the_document() -> None:
    from karate.engine import WorkflowDocument

    saved = {
        "id": "a",
        "type": "test.add",
        "params": {},
        "title": "Make it brighter",
        "collapsed": True,
        "bypass": True,
    }
    doc = WorkflowDocument.model_validate({"nodes": [saved]})
    assert doc.model_dump(mode="json", exclude_none=True)["nodes"][0] == saved
    plain = WorkflowDocument.model_validate({"nodes": [{"id": "a", "type": "test.add"}]})
    assert set(plain.model_dump(mode="json", exclude_none=True)["nodes"][0]) == {"id", "type", "params"}


async def test_a_run_executes_the_valid_branch_and_records_the_others_as_blocked(test_engine: Engine) -> None:
    doc = workflow(
        [node("c", "test.const", value=2), node("add", "test.add", offset=1), node("loose", "test.add")],
        [edge("c", "add", "number", "a")],
    )
    execution = test_engine.prepare(doc)
    result = await execution.execute()
    assert result.status == RunStatus.COMPLETED
    assert result.nodes["add"].outputs["number"] == 3
    loose = result.nodes["loose"]
    assert loose.status == NodeStatus.BLOCKED and loose.error is not None
    assert loose.error.message == "Connect a number to Add's A input"
    events = [(e.type, e.node_id) for e in execution.events.history or []]
    assert ("node.blocked", "loose") in events
    assert events.index(("node.blocked", "loose")) == 1, "sent right after run.started"
    assert execution.events.history[-1].data["blocked"] == 1  # type: ignore[index]


async def test_bypassing_a_node_reuses_the_cache_of_the_graph_without_it(test_engine: Engine) -> None:
    direct = workflow(
        [node("c", "test.const", value=4), node("out", "test.add", offset=1)], [edge("c", "out", "number", "a")]
    )
    first = await test_engine.run(direct)
    assert first.nodes["out"].outputs["number"] == 5
    muted = workflow(
        [
            node("c", "test.const", value=4),
            _bypassed(node("mid", "test.add", offset=50)),
            node("out", "test.add", offset=1),
        ],
        [edge("c", "mid", "number", "a"), edge("mid", "out", "number", "a")],
    )
    second = await test_engine.run(muted)
    assert second.nodes["out"].cached and second.nodes["out"].key == first.nodes["out"].key
    assert "mid" not in second.nodes and sample_nodes.executions["mid"] == 0
    unmuted = await test_engine.run(
        workflow(muted["nodes"][:1] + [node("mid", "test.add", offset=50)] + muted["nodes"][2:], muted["edges"])
    )
    assert unmuted.nodes["out"].outputs["number"] == 55 and not unmuted.nodes["out"].cached


@given(random_dags(), st.data())
@settings(max_examples=60, deadline=None)
def test_exactly_the_nodes_without_a_broken_ancestor_run(
    dag: tuple[int, list[tuple[int, int]]], data: st.DataObject
) -> None:
    size, pairs = dag
    broken = data.draw(st.sets(st.integers(0, size - 1), max_size=size))
    nodes = [node(f"n{i}", "test.sum", **({"colour": "red"} if i in broken else {})) for i in range(size)]
    edges = [edge("seed", f"n{i}", "number", "numbers") for i in range(size)]
    edges += [edge(f"n{a}", f"n{b}", "number", "numbers") for a, b in pairs]
    parents = {b: {a for a, bb in pairs if bb == b} for b in range(size)}

    def clean(i: int) -> bool:
        return i not in broken and all(clean(p) for p in parents[i])

    expected = {f"n{i}" for i in range(size) if clean(i)}
    document = workflow([*nodes, node("seed", "test.const")], edges)
    graph = compile_graph(document, registry)  # the seed is always valid: something runs
    assert set(graph.order) == expected | {"seed"}
    assert set(graph.not_runnable) == {f"n{i}" for i in range(size)} - expected
    assert all(link.source in graph.classes for links in graph.incoming.values() for link in links)
