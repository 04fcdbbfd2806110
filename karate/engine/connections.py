"""Whether the edges into a node fit it: the ports an edge names, types that connect, inputs with the right
number of connections, and the links that replace those from bypassed nodes (engine/bypass.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from karate.engine.bypass import Link, resolve_output
from karate.engine.problems import Problem
from karate.engine.sdk import Node
from karate.engine.types import PortSpec, can_connect

Report = Callable[[Problem], None]
Title = Callable[[str], str]  # node id -> the name a user sees on that node (GraphCheck.title)


def port_link(
    edge: Any, edge_id: str, source_cls: type[Node], target_cls: type[Node], report: Report, title: Title
) -> Link | None:
    """The link an edge between two nodes of known types makes, or None after reporting why it makes none:
    a port that is not there, a node feeding itself, or an output whose type the input does not take. Its
    messages name the nodes by `title`, never by id."""
    source_port = _pick_port(edge.sourceHandle, source_cls.spec.outputs)
    target_port = _pick_port(edge.targetHandle, target_cls.spec.inputs)
    if target_port is None:
        inputs = _names(target_cls.spec.inputs)
        said = (
            f"{title(edge.target)} has no input {edge.targetHandle!r} (inputs: {inputs})"
            if edge.targetHandle is not None
            else f"A connection into {title(edge.target)} does not say which input it feeds "
            f"({_labels(target_cls.spec.inputs)}); connect it to one of them"
        )
        report(Problem("dangling_edge", said, edge.target, edge.targetHandle, edge_id))
        return None
    if source_port is None:
        outputs = _names(source_cls.spec.outputs)
        said = (
            f"input {target_port.name!r} is connected to output {edge.sourceHandle!r} of {title(edge.source)}, "
            f"which has no such output (outputs: {outputs})"
            if edge.sourceHandle is not None
            else f"{_owner(title(edge.target))} {target_port.label} input is connected to {title(edge.source)} "
            f"without saying which of its outputs ({_labels(source_cls.spec.outputs)}); connect it again from one of "
            "them"
        )
        report(Problem("dangling_edge", said, edge.target, target_port.name, edge_id))
        return None
    if edge.source == edge.target:
        report(Problem("cycle", "a node cannot feed itself", edge.target, target_port.name, edge_id))
        return None
    if not can_connect(source_port, target_port):
        report(
            Problem(
                "type_mismatch",
                f"{title(edge.source)}.{source_port.name} gives "
                f"{source_port.type_label}, but input {target_port.name!r} takes "
                f"{target_port.type_label}",
                edge.target,
                target_port.name,
                edge_id,
            )
        )
        return None
    return Link(target_port.name, edge.source, source_port.name)


def links_around_bypassed(
    node_id: str,
    incoming: dict[str, list[Link]],
    classes: dict[str, type[Node]],
    bypassed: set[str],
    report: Report,
    title: Title,
) -> tuple[list[Link], set[str]]:
    """This node's links, those from bypassed nodes replaced by links from what feeds them; and the inputs
    left without a link that a problem explains already (its messages name the nodes by `title`)."""
    links = []
    explained: set[str] = set()
    port_of = classes[node_id].spec.inputs
    for link in incoming[node_id]:
        if link.source not in bypassed:
            links.append(link)
            continue
        source = resolve_output(
            link.source,
            link.source_port,
            bypassed=bypassed,
            incoming=incoming,
            inputs_of=lambda n: classes[n].spec.inputs,
            output_of=lambda n, port: classes[n].spec.outputs[port],
        )
        if source is None:
            report(
                Problem(
                    "bypassed_input",
                    f"input {link.input!r} comes from {title(link.source)}, which is bypassed and has no "
                    "connected input of the kind to pass on; connect one to it or turn its bypass off",
                    node_id,
                    link.input,
                )
            )
            explained.add(link.input)
            continue
        given = classes[source[0]].spec.outputs[source[1]]
        if not can_connect(given, port_of[link.input]):
            report(
                Problem(
                    "type_mismatch",
                    f"{title(link.source)} is bypassed, so input {link.input!r} would get "
                    f"{given.type_label} from {title(source[0])}, but it takes "
                    f"{port_of[link.input].type_label}; turn the bypass off",
                    node_id,
                    link.input,
                )
            )
            explained.add(link.input)
            continue
        links.append(Link(link.input, *source))
    return links, explained


def check_inputs(
    node_id: str, title: str, cls: type[Node], links: list[Link], report: Report, explained: set[str]
) -> None:
    """Report each required input without a connection (unless `explained` names it), in words that name the node
    by `title` (the name the user sees on it), and each single input with more than one."""
    counts: dict[str, int] = {}
    for link in links:
        counts[link.input] = counts.get(link.input, 0) + 1
    for name, port in cls.spec.inputs.items():
        count = counts.get(name, 0)
        if count == 0 and port.required and name not in explained:
            message = f"Connect {port.type_words} to {_owner(title)} {port.label} input"
            report(Problem("missing_input", message, node_id, name))
        elif count > 1 and not port.is_list:
            report(Problem("too_many_inputs", f"input {name!r} takes one connection, it has {count}", node_id, name))


def _pick_port(handle: str | None, ports: dict[str, PortSpec]) -> PortSpec | None:
    """The port a handle names; with no handle, the only port (None when there are several)."""
    if handle is None:
        return next(iter(ports.values())) if len(ports) == 1 else None
    return ports.get(handle)


def _names(ports: dict[str, PortSpec]) -> str:
    return ", ".join(ports) or "none"


def _labels(ports: dict[str, PortSpec]) -> str:
    """The ports as a person reads them, the last two joined by "or": "Image or Mask", "A, B or C"."""
    labels = [port.label for port in ports.values()]
    return " or ".join([", ".join(labels[:-1]), labels[-1]]) if len(labels) > 1 else "".join(labels)


def _owner(title: str) -> str:
    """A node's name as a possessive: "Blur's", "Masks'"."""
    return f"{title}'" if title.endswith("s") else f"{title}'s"
