"""What the LLM planner is told: the standing instructions, and one request's message (the instruction, the graph
on the canvas, the selection and the catalog), each bounded in size."""

from __future__ import annotations

import json

from karate.agents.context import PlanContext
from karate.agents.llm_catalog import catalog_table
from karate.agents.patch import PlanRequest
from karate.agents.validate import edge_id
from karate.engine.graph import WorkflowDocument

#: Most nodes and edges of the canvas described to the LLM (selected nodes first); the rest are counted.
GRAPH_NODES = 120
GRAPH_EDGES = 240
_PARAMS_CHARS = 240

INSTRUCTIONS = """\
You turn a person's instruction into a change of the node graph they are editing in Karate Studio, an AI design \
tool. Nodes have typed inputs and outputs. An edge joins an output to an input of a fitting type: the same type, \
or a number into text, an image into a mask, a mask into an image; a single value may feed a list input. An input \
takes one edge, except a list input.

Answer by calling submit_plan once, with:
- add_nodes: the new nodes. Each has a short ref that edges of this plan use (not an id already in the graph), a \
type from the catalog, and only the params the instruction sets. describe_node gives a type's parameter names, \
allowed values and bounds (ask for several types at once); search_catalog finds types by words.
- add_edges: connections between new nodes, and between new and existing nodes, naming the ports exactly.
- change_nodes: new parameter values for existing nodes (for example "make it 16:9" about a selected node).
- remove_edges: existing edges the change replaces, when a step goes into an existing chain; connect the new step \
on both sides.
Rules:
- The subject of an image or video request goes into the text param of a Prompt node (input.prompt) connected to \
the model's prompt input. When the person works on their own picture and none is on the canvas, start from an Image \
Upload (input.image).
- "it" and "this" mean the selected nodes first, else the last node of the graph.
- Prefer local tools (category tools) where they do the job, and models that run here; say each choice you made \
for the person in assumptions, in plain words.
- Add a model only when the instruction asks for something to be generated or names the model. A model marked \
"runs here: no" only when no local tool does the job, and then say in assumptions that it needs a key for its \
provider and will not run until the studio has one.
- Words that name the saved file ("save it as a poster", "save it as poster.jpg", "call it summer-sale") set Save \
Image's filename (and its format, from an extension); they are not a prompt.
- List the words you did not act on in not_understood.
- When the instruction cannot be mapped to the catalog, answer status "question" with a question and suggestions \
(instructions the person could type), and no nodes. Never guess an unrelated graph.
- summary is one line naming the steps, for example "Prompt → Flux Pro 1.1 Ultra → Upscale".
"""


def describe_graph(workflow: WorkflowDocument | None, selection: list[str]) -> str:
    """The canvas as lines: `id | type | params` per node (selected first), then `edge id: a.out -> b.in`."""
    if workflow is None or not workflow.nodes:
        return "The canvas is empty."
    selected = set(selection)
    ordered = sorted(workflow.nodes, key=lambda node: node.id not in selected)
    shown = ordered[:GRAPH_NODES]
    lines = ["Nodes on the canvas (id | type | params):"]
    for node in shown:
        params = json.dumps(node.params, ensure_ascii=False, default=str)
        if len(params) > _PARAMS_CHARS:
            params = params[:_PARAMS_CHARS] + "…"
        lines.append(f"{node.id} | {node.type} | {params}")
    if len(workflow.nodes) > len(shown):
        lines.append(f"... and {len(workflow.nodes) - len(shown)} more nodes not listed")
    ids = {node.id for node in shown}
    edges = [edge for edge in workflow.edges if edge.source in ids and edge.target in ids]
    lines.append("Edges (id: source.output -> target.input):")
    lines += [
        f"{edge_id(edge)}: {edge.source}.{edge.sourceHandle or '?'} -> {edge.target}.{edge.targetHandle or '?'}"
        for edge in edges[:GRAPH_EDGES]
    ]
    if len(edges) > GRAPH_EDGES:
        lines.append(f"... and {len(edges) - GRAPH_EDGES} more edges not listed")
    if selection:
        lines.append("Selected: " + ", ".join(selection[:50]))
    return "\n".join(lines)


def request_message(request: PlanRequest, context: PlanContext) -> str:
    """The user message of one planning request."""
    return "\n\n".join(
        [
            f"Instruction: {request.instruction}",
            describe_graph(request.workflow, request.selection),
            "Catalog (type | title | category | in: inputs | out: outputs; '?' marks an optional input):\n"
            + catalog_table(context),
        ]
    )
