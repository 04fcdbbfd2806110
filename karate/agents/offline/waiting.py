"""A step that runs here, planned after a node on the canvas that cannot run yet (its provider has no key): free as
it is, it still waits for that node, and the note says for whose key ("remove its background" after Nano Banana)."""

from __future__ import annotations

from karate.agents.offline.canvas import Canvas, Out
from karate.agents.offline.existing import upstream
from karate.agents.offline.models import runs_here, waits_for_key
from karate.agents.offline.step import Step
from karate.agents.offline.tasks import TASKS_BY_KEY
from karate.engine.sdk import NodeSpec


def waiting_notes(canvas: Canvas, step: Step, spec: NodeSpec, source: Out | None) -> list[str]:
    """That the new node of `spec` (fed from `source`) waits for the nearest node above it on the canvas that has no
    key; none when it cannot run itself (its own key note says so), or when all above it can run. A node this plan
    adds has its own key note."""
    if source is None or not runs_here(spec, canvas.context) or canvas.workflow.node(source.node_id) is None:
        return []
    for node_id in [source.node_id, *upstream(canvas.workflow, source.node_id)]:
        above = canvas.spec(node_id)
        if above is not None and not runs_here(above, canvas.context):
            what = "the cut-out" if step.task is TASKS_BY_KEY["remove_background"] else spec.title
            return waits_for_key(what, above, canvas.name(node_id), canvas.context)
    return []
