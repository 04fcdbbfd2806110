"""A setting asked for that no node on the canvas has: "set the brightness to 20" with no Adjust adds an Adjust
set so (after the picture meant, as "make my photo brighter" would); "make it stronger" where nothing has a
strength says so, and names the steps that have one."""

from __future__ import annotations

import re

from karate.agents.context import PlanContext
from karate.agents.offline.intent import Intent
from karate.agents.offline.landing import land, strength_settings
from karate.agents.offline.naming import node_name
from karate.agents.offline.resizing import RESIZE, sizes_of
from karate.agents.offline.step import Step
from karate.agents.offline.tasks import TASKS, TASKS_BY_KEY, Task
from karate.agents.patch import PlannerKind, PlanOut, PlanStatus
from karate.engine.graph import WorkflowDocument


def tool_step(intents: list[Intent], bare: list[Step], context: PlanContext) -> Step | None:
    """A step adding the tool that has the settings named in `intents` ("brightness to 20": an Adjust; "half the
    size": a Resize), on what the clauses point at; None when no tool has them all."""
    refs = [r for s in bare for r in s.refs]
    words = " ".join(s.words for s in bare)
    sizes = [i for i in sizes_of(intents) if i.kind != "scale" or not re.search(r"\dx|x\d", i.label)]
    if sizes and context.spec(RESIZE) is not None:  # "make it half the size": a Resize ("4x" is an upscale's)
        return Step(task=TASKS_BY_KEY["resize"], intents=sizes, refs=refs, words=words)
    named = [i for i in intents if i.kind == "setting"]
    if not named:
        return None
    for task in _tool_tasks(context):
        spec = context.spec(task.nodes[0])
        if spec is not None and all(land(spec.params_model, spec.title, [i]).params for i in named):
            return Step(task=task, intents=named, refs=refs, words=words)
    return None


def nothing_has_a_strength(intent: Intent, workflow: WorkflowDocument, context: PlanContext) -> PlanOut:
    """The reply to "make it stronger" on a graph where no node has a strength (Image → Invert → Save)."""
    way = "stronger" if intent.value > 1 else "weaker"
    having = []
    for task in _tool_tasks(context):
        spec = context.spec(task.nodes[0])
        if spec is not None and strength_settings(spec.params_model):
            having.append(spec.title)
    tools = [n for n in workflow.nodes if n.type.startswith("tool.")]
    here = ", ".join(dict.fromkeys(node_name(n, context) for n in tools))
    without = f" ({here} {'has' if len(tools) == 1 else 'have'} none)" if here else ""
    offered = having[:3]
    named = [f"{'an' if t[:1].lower() in 'aeiou' else 'a'} {t}" for t in offered]
    listed = ", ".join(named[:-1]) + f" or {named[-1]}" if len(named) > 1 else "".join(named)
    return PlanOut(
        status=PlanStatus.QUESTION,
        planner=PlannerKind.OFFLINE,
        summary=f"Nothing changed: nothing here has a strength to make {way}",
        question=(
            f"Nothing on this canvas has a strength to make {way}{without}. "
            + (f"Add a step that has one, for example {listed}." if offered else "")
        ).strip(),
        suggestions=[f"add {name.lower()} at the end" for name in named],
    )


def _tool_tasks(context: PlanContext) -> list[Task]:
    """The tasks done by one tool of the catalog (not a model), in the lexicon's order."""
    return [t for t in TASKS if len(t.nodes) == 1 and t.nodes[0].startswith("tool.") and context.spec(t.nodes[0])]
