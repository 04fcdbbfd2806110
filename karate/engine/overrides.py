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

from karate.engine.messages import with_written_value, written_values
from karate.engine.registry import NodeRegistry
from karate.engine.unknown_keys import closest
from karate.engine.validation import Problem
from karate.engine.workflow_file import FILE_INPUTS


@dataclass(frozen=True)
class Override:
    """One `--set`: the node, the setting, the value (JSON when it parses, else the text) and the text typed."""

    node_id: str
    param: str
    value: Any
    text: str


def parse_overrides(items: Iterable[str]) -> tuple[list[Override], list[Problem]]:
    """`NODE_ID.PARAM=VALUE` pairs; VALUE is read as JSON when it parses, else as a string."""
    overrides, problems = [], []
    for item in items:
        target, sep, raw = item.partition("=")
        node_id, dot, param = target.rpartition(".")
        if not sep or not dot or not node_id or not param:
            problems.append(Problem("invalid_override", f"--set {item!r} must look like NODE_ID.PARAM=VALUE"))
            continue
        try:
            value = json.loads(raw)
        except json.JSONDecodeError:
            value = raw
        overrides.append(Override(node_id, param, value, raw))
    return overrides, problems


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
            problems.append(_unknown_node(override, [str(node_id) for node_id in nodes]))
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


def _unknown_node(override: Override, node_ids: list[str]) -> Problem:
    message = f"--set names node {override.node_id!r}, which is not in the workflow" + closest(
        override.node_id, node_ids, "its nodes"
    )
    return Problem("invalid_override", message, override.node_id)


def _unknown_setting(override: Override, title: str, names: list[str]) -> Problem:
    message = f"{title} has no setting {override.param!r}" + closest(override.param, names, "its settings")
    return Problem("invalid_override", message, override.node_id, override.param)
