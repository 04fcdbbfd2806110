"""`--set NODE_ID.PARAM=VALUE` on the command line: read, checked against the workflow's nodes and their settings
(a mistyped name is refused before anything runs, with the closest one), and applied to the workflow's nodes; and
the values a run was given, by --set or in the file, quoted back in the problems that refuse them.

A mistake on the command line is refused as a whole (exit 2): only the command's author can fix it, where a
problem in the workflow file leaves its node out and lets the rest run.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from pydantic import ValidationError

from karate.engine.graph_check import check_params
from karate.engine.messages import with_written_value, written_values
from karate.engine.registry import NodeRegistry
from karate.engine.unknown_keys import closest, meant
from karate.engine.validation import Problem
from karate.engine.workflow_file import FILE_INPUTS

# Nodes listed in a message about a --set naming none while there are few enough to read.
_LISTED = 12


@dataclass(frozen=True)
class Override:
    """One `--set`: the node, the setting, the value (JSON when it parses, else the text) and the text typed."""

    node_id: str
    param: str
    value: Any
    text: str


def parse_override(item: str) -> Override | None:
    """One `NODE_ID.PARAM=VALUE`, VALUE read as JSON when it parses, else as a string; None when `item` is not one."""
    target, sep, raw = item.partition("=")
    node_id, dot, param = target.rpartition(".")
    if not sep or not dot or not node_id or not param:
        return None
    try:
        value = json.loads(raw)
    except json.JSONDecodeError:
        value = raw
    return Override(node_id, param, value, raw)


def set_overrides(
    items: list[str], nodes: dict[Any, dict[str, Any]], registry: NodeRegistry
) -> tuple[list[Override], list[Problem]]:
    """Each `--set` of `items` applied to the workflow's nodes (`nodes`: its node objects by id), and every one that
    does not fit, all at once and in command-line order: one that is not NODE_ID.SETTING=VALUE, names a node or
    setting the workflow lacks, or gives a value its setting refuses. The overrides as typed come with them."""
    given: list[Override] = []
    found: list[tuple[int, Problem]] = []  # each by the place of its --set on the command line
    last: dict[tuple[str, str], int] = {}  # the place of the --set that gives a setting its value: a later one wins
    for place, item in enumerate(items):
        override = parse_override(item)
        if override is None:
            found.append((place, malformed_override(item, nodes, registry)))
            continue
        given.append(override)
        last[(override.node_id, override.param)] = place
        found += [(place, problem) for problem in apply_overrides(nodes, [override], registry)]
    found += [(last[(str(p.node_id), str(p.field))], p) for p in _refused_values(nodes, given, registry)]
    return given, [problem for _, problem in sorted(found, key=lambda placed: placed[0])]


def _refused_values(nodes: dict[Any, dict[str, Any]], given: list[Override], registry: NodeRegistry) -> list[Problem]:
    """The values `given` (already applied) that their settings refuse, each saying the value typed, found before
    anything runs as the run would find them."""
    problems: list[Problem] = []
    for node_id in dict.fromkeys(o.node_id for o in given):
        node = nodes.get(node_id)
        cls = registry.get(str(node.get("type"))) if node is not None else None
        if node is None or cls is None or not isinstance(node.get("params"), dict):
            continue
        params = {k: v for k, v in node["params"].items() if k in cls.spec.params_model.model_fields}
        problems += check_params(node_id, cls, params)  # `path` of a file input is checked as a file, later
    return say_given_values(on_given_settings(problems, given), given)


def malformed_override(item: str, nodes: dict[Any, dict[str, Any]], registry: NodeRegistry) -> Problem:
    """ "--set radius=3 does not say which node; write it as NODE_ID.SETTING=VALUE: did you mean blur.radius=3?": a
    --set that is not NODE_ID.SETTING=VALUE, with the one it may mean (`nodes`: the workflow's node objects by id)."""
    target, sep, raw = item.partition("=")
    if not sep:
        message = f"--set {item} has no value; write it as {target if '.' in target else 'NODE_ID.SETTING'}=VALUE"
        return Problem("invalid_override", message)
    having = [
        str(node_id)
        for node_id, node in nodes.items()
        if (cls := registry.get(str(node.get("type")))) is not None
        and target in setting_names(str(node.get("type")), list(cls.spec.params_model.model_fields))
    ]
    message = f"--set {item} does not say which node; write it as NODE_ID.SETTING=VALUE"
    if having:
        message += ": did you mean " + " or ".join(f"{node_id}.{target}={raw}" for node_id in having[:3]) + "?"
    return Problem("invalid_override", message)


def apply_overrides(
    nodes: dict[Any, dict[str, Any]], overrides: list[Override], registry: NodeRegistry
) -> list[Problem]:
    """Set each override on its node's params (`nodes`: the workflow's node objects by id). An override that
    names no node of the workflow, or a setting its node does not have, is not applied: its problem says so and
    suggests the closest name. A node of a type the registry lacks takes any name (its type is the problem)."""
    problems = []
    for override in overrides:
        node = nodes.get(override.node_id)
        if node is None:
            problems.append(_unknown_node(override, node_titles(nodes, registry)))
            continue
        cls = registry.get(str(node.get("type")))
        if cls is not None:
            names = setting_names(str(node.get("type")), list(cls.spec.params_model.model_fields))
            if override.param not in names:
                title = str(node.get("title") or "").strip() or cls.spec.title
                problems.append(_unknown_setting(override, title, names))
                continue
        node["params"] = {**(node.get("params") or {}), override.param: override.value}
    return problems


def node_titles(nodes: dict[Any, dict[str, Any]], registry: NodeRegistry) -> dict[str, str]:
    """Each node of the workflow (`nodes`: its node objects by id) by id, as the canvas names it: the title its person
    gave it, else its type's ("Product photo", "Blur"); its type, for a type the registry lacks."""
    named = {}
    for node_id, node in nodes.items():
        given, node_type = node.get("title"), str(node.get("type"))
        cls = registry.get(node_type)
        title = given.strip() if isinstance(given, str) and given.strip() else ""
        named[str(node_id)] = title or (cls.spec.title if cls is not None else node_type)
    return named


def setting_names(node_type: str, fields: list[str]) -> list[str]:
    """The settings `--set` may give a node: its parameters, and `path` on a file input (a file on this computer)."""
    return [*fields, "path"] if node_type in FILE_INPUTS and "path" not in fields else fields


def on_given_settings(problems: Iterable[Problem], overrides: list[Override]) -> list[Problem]:
    """The problems on a setting given on the command line."""
    given = {(o.node_id, o.param) for o in overrides}
    return [p for p in problems if (p.node_id, p.field) in given]


def say_given_values(problems: Iterable[Problem], overrides: list[Override]) -> list[Problem]:
    """`problems`, each on a setting given on the command line saying the value typed (unless it says it already):
    "Radius must be a number from 0 to 200; you gave 'abc'"."""
    typed = {(o.node_id, o.param): o.text for o in overrides}
    said = []
    for problem in problems:
        text = typed.get((str(problem.node_id), str(problem.field)))
        if text is not None and text not in problem.message:
            problem = replace(problem, message=f"{problem.message}; you gave {text!r}")
        said.append(problem)
    return said


def say_file_values(
    problems: Iterable[Problem], nodes: dict[Any, dict[str, Any]], registry: NodeRegistry, overrides: list[Override]
) -> list[Problem]:
    """`problems`, each on a value the workflow file gives (`nodes`: its node objects by id) that its setting refuses,
    quoting it as the file writes it, as `say_given_values` quotes a typed one: 'Radius must be a number from 0 to
    200; the workflow file has "radius": 500'. A sentence that quotes it already, or a value given by --set, is left."""
    given = {(o.node_id, o.param) for o in overrides}
    problems = list(problems)
    refused: dict[tuple[str, str], Any] = {}
    for node_id in {p.node_id for p in problems if p.code == "invalid_param"}:
        node = nodes.get(node_id) or {}
        cls, params = registry.get(str(node.get("type"))), node.get("params")
        if cls is None or not isinstance(params, dict):
            continue
        try:
            cls.spec.params_model.model_validate(params)
        except ValidationError as error:
            refused |= {(str(node_id), name): value for name, value in written_values(error, params).items()}
    said = []
    for problem in problems:
        key = (str(problem.node_id), str(problem.field))
        if problem.code == "invalid_param" and key in refused and key not in given:
            problem = replace(problem, message=with_written_value(problem.message, key[1], refused[key]))
        said.append(problem)
    return said


def _unknown_node(override: Override, titles: dict[str, str]) -> Problem:
    """ "the workflow has no node 'blurr'; did you mean blur (Blur)? (its nodes: img (Product photo), blur (Blur))":
    --set names a node by its id, which a person may mistype or take for its title."""
    typed, ids = override.node_id, list(titles)
    by_title = {title.casefold(): node_id for node_id, title in titles.items()}
    near = meant(typed, ids) or by_title.get(typed.casefold())
    message = f"the workflow has no node {typed!r}"
    if near is not None:
        if typed.casefold() == titles[near].casefold() != near.casefold():  # "Product photo" for img
            message += "; --set names a node by its id, not its title"
        message += f"; did you mean {near} ({titles[near]})?"
    if len(ids) <= _LISTED:
        message += f" (its nodes: {', '.join(f'{node_id} ({title})' for node_id, title in titles.items())})"
    return Problem("invalid_override", message, typed, override.param)


def _unknown_setting(override: Override, title: str, names: list[str]) -> Problem:
    message = f"{title} has no setting {override.param!r}" + closest(override.param, names, "its settings")
    return Problem("invalid_override", message, override.node_id, override.param)
