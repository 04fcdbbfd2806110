"""A plan that saves a cut-out as JPEG says so: JPEG has no transparency, so Save Image lays the cut-out on white
(karate.engine.values.on_white), which someone who asked to remove a background may not expect."""

from __future__ import annotations

from karate.agents.patch import PlanOut, PlanRequest
from karate.agents.validate import edge_id
from karate.engine.graph import WorkflowDocument

SAVE = "output.save"

NOTE = (
    "JPEG has no transparency, so the cut-out is saved on a white background; ask to save it as a PNG to keep it "
    "transparent."
)


def with_flattening_note(plan: PlanOut, request: PlanRequest) -> PlanOut:
    """`plan` with `NOTE` among its assumptions when, once applied, a background remover feeds (through any nodes)
    a Save Image set to JPEG, and the plan added or set one of the two; unchanged otherwise. Background removers
    are the node types the planners pick to "remove the background"."""
    from karate.agents.offline.tasks import TASKS_BY_KEY  # loaded with the planners, not with the studio

    cutting_out = frozenset(TASKS_BY_KEY["remove_background"].nodes)
    workflow = request.workflow or WorkflowDocument()
    added = {node.id for node in plan.add_nodes}
    types = {node.id: node.type for node in [*workflow.nodes, *plan.add_nodes]}
    params = {node.id: dict(node.params) for node in [*workflow.nodes, *plan.add_nodes]}
    touched = set(added)
    for change in plan.change_nodes:
        params.setdefault(change.id, {}).update(change.params)
        touched.add(change.id)
    removed = set(plan.remove_edges)
    edges = [e for e in workflow.edges if edge_id(e) not in removed] + list(plan.add_edges)
    below: dict[str, list[str]] = {}
    for edge in edges:
        below.setdefault(edge.source, []).append(edge.target)
    for cutter in (node_id for node_id, node_type in types.items() if node_type in cutting_out):
        for saved in _downstream(cutter, below):
            as_jpeg = types.get(saved) == SAVE and params.get(saved, {}).get("format") == "jpg"
            if as_jpeg and (cutter in touched or saved in touched) and NOTE not in plan.assumptions:
                return plan.model_copy(update={"assumptions": [*plan.assumptions, NOTE]})
    return plan


def _downstream(start: str, below: dict[str, list[str]]) -> set[str]:
    seen: set[str] = set()
    todo = [start]
    while todo:
        for target in below.get(todo.pop(), []):
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen
