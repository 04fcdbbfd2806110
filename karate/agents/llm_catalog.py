"""The node catalog as an LLM reads it: one compact line per node type in the instructions, and two tools for
the rest (`describe_node`: parameters, credits and providers of one type; `search_catalog`: the lines that match
some words). Bounded in size whatever the catalog holds, so the prompt stays small as node types are added."""

from __future__ import annotations

import json
import re
from typing import Any

from karate.agents.context import PlanContext
from karate.engine.sdk import NodeSpec
from karate.engine.types import PortSpec

#: Most characters of catalog lines put in the instructions; past it, lines lose their ports (see `catalog_table`).
TABLE_BUDGET = 24_000
#: Most lines `search_catalog` answers.
SEARCH_LIMIT = 12
_DESCRIPTION_CHARS = 160


def _ports(ports: dict[str, PortSpec]) -> str:
    return ", ".join(f"{p.name}:{p.type_label}{'' if p.required else '?'}" for p in ports.values()) or "-"


def _credits(spec: NodeSpec) -> int:
    credits = spec.extra.get("credits")
    return credits if isinstance(credits, int) else 0


def catalog_line(spec: NodeSpec, context: PlanContext, *, ports: bool = True) -> str:
    """`type | title | category | in: name:type, ... | out: ... | N credits, runs here` (ports optional).

    An input marked `?` may stay unconnected. "runs here: no" marks a model none of whose providers is configured.
    """
    parts = [spec.type, spec.title, spec.category]
    if ports:
        parts += [f"in: {_ports(spec.inputs)}", f"out: {_ports(spec.outputs)}"]
    if credits := _credits(spec):
        parts.append(f"{credits} credit{'' if credits == 1 else 's'}")
    if not context.offered(spec.type):
        parts.append("runs here: no (provider not configured)")
    return " | ".join(parts)


def catalog_table(context: PlanContext, budget: int = TABLE_BUDGET) -> str:
    """Every node type, one line each; without ports when the full table would pass `budget` characters, and cut
    (saying so) when even that would; `describe_node` and `search_catalog` give the rest."""
    specs = list(context.specs())
    for ports in (True, False):
        lines = [catalog_line(spec, context, ports=ports) for spec in specs]
        table = "\n".join(lines)
        if len(table) <= budget:
            return table
    kept: list[str] = []
    size = 0
    for line in lines:
        size += len(line) + 1
        if size > budget:
            break
        kept.append(line)
    return "\n".join([*kept, f"... and {len(lines) - len(kept)} more: use search_catalog to find them"])


def _param_entry(name: str, schema: dict[str, Any], required: bool) -> dict[str, Any]:
    entry: dict[str, Any] = {"name": name, "type": schema.get("type", "any")}
    for key in ("enum", "default", "minimum", "maximum"):
        if key in schema:
            entry[key] = schema[key]
    if required:
        entry["required"] = True
    if description := schema.get("description"):
        entry["description"] = str(description)[:_DESCRIPTION_CHARS]
    return entry


def describe_node(context: PlanContext, node_type: str) -> str:
    """One node type in JSON: ports, parameters (type, enum, default, bounds), credits and providers; or a
    sentence saying the type does not exist, with close matches."""
    spec = context.spec(node_type)
    if spec is None:
        close = search_lines(context, node_type.replace(".", " ").replace("_", " "), limit=5)
        hint = ("; close matches:\n" + "\n".join(close)) if close else ""
        return f"There is no node type {node_type!r} in the catalog{hint}"
    schema = spec.params_model.model_json_schema()
    properties: dict[str, dict[str, Any]] = schema.get("properties", {})
    required = set(schema.get("required", []))
    providers = context.providers_of(spec.type)
    described = {
        "type": spec.type,
        "title": spec.title,
        "category": spec.category,
        "description": spec.description[: _DESCRIPTION_CHARS * 2],
        "inputs": [
            port.to_json() | {"description": port.description[:_DESCRIPTION_CHARS]} for port in spec.inputs.values()
        ],
        "outputs": [port.to_json() for port in spec.outputs.values()],
        "params": [_param_entry(name, prop, name in required) for name, prop in properties.items()],
        "credits": _credits(spec),
        "providers": providers,
        "runs_here": context.offered(spec.type),
    }
    return json.dumps(described, ensure_ascii=False, default=str)


def _words(text: str) -> set[str]:
    return {word for word in re.split(r"[^a-z0-9]+", text.lower()) if len(word) > 1}


def search_lines(context: PlanContext, query: str, *, limit: int = SEARCH_LIMIT) -> list[str]:
    """Catalog lines of the node types that share the most words with `query` (type, title, category,
    description, port types), best first; [] when none shares a word."""
    wanted = _words(query)
    scored: list[tuple[int, str, NodeSpec]] = []
    for spec in context.specs():
        ports = " ".join(str(p.type) for p in [*spec.inputs.values(), *spec.outputs.values()])
        title_words = _words(f"{spec.type} {spec.title}")
        other_words = _words(f"{spec.category} {spec.description} {ports}")
        score = 3 * len(wanted & title_words) + len(wanted & other_words)
        if score:
            scored.append((score, spec.type, spec))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [catalog_line(spec, context) for _, _, spec in scored[:limit]]
