"""The natural-language builder's contract: what `POST /api/v1/agents/plan` is asked and what it answers.

A plan is a *graph patch* on the workflow the person is editing: nodes to add (with parameters and canvas
positions), edges to add (between new nodes, or from new to existing ones), parameters to change on existing
nodes, and edges to remove (when a step is inserted into an existing chain). The editor previews it as ghost
nodes and applies it as one undoable step. Every patch the server answers has been validated against the
node catalog and the current graph (`karate.agents.validate`); an instruction that cannot be mapped answers
`status="question"` with a question and close matches, never a guessed graph.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field

from karate.engine.graph import EdgeDoc, NodeDoc, WorkflowDocument

MAX_INSTRUCTION = 2000


class PlanStatus(StrEnum):
    """`ready`: the patch does what was asked. `question`: nothing was planned; `question` says what to
    clarify and `suggestions` lists close matches the person can pick from."""

    READY = "ready"
    QUESTION = "question"


class PlannerKind(StrEnum):
    """Which planner answered: the deterministic one over the catalog, or an LLM (then validated)."""

    OFFLINE = "offline"
    LLM = "llm"


class CanvasPoint(BaseModel):
    x: float
    y: float


class PlanRequest(BaseModel):
    instruction: str = Field(min_length=1, max_length=MAX_INSTRUCTION, description="What the person typed")
    workflow: WorkflowDocument | None = Field(
        None, description="The graph on the canvas now; absent or empty for a new project"
    )
    selection: list[str] = Field(
        default_factory=list, max_length=500, description="Ids of the selected nodes, which 'it' refers to first"
    )
    origin: CanvasPoint | None = Field(
        None, description="Where new nodes go when nothing on the canvas anchors them (the view's centre)"
    )


class NodeChange(BaseModel):
    """New values for some parameters of an existing node; parameters not named keep their value."""

    id: str = Field(description="An existing node's id")
    params: dict[str, Any] = Field(description="Only the parameters that change, with their new values")


class PlanChoice(BaseModel):
    """A node the instruction may mean, offered when it could mean several ("make it stronger" with two Blurs and
    neither selected): picked, the instruction is planned again with that node selected."""

    node_id: str = Field(description="An existing node's id")
    label: str = Field(
        description="The node as the canvas names it, namesakes numbered as it numbers them, e.g. 'Blur (2)'"
    )


class PlanOut(BaseModel):
    status: PlanStatus
    planner: PlannerKind
    summary: str = Field(description="One line for the person, e.g. 'Prompt → Flux Pro 1.1 Ultra → Runway Gen-4'")
    add_nodes: list[NodeDoc] = Field(default_factory=list, description="New nodes, with ids not used in the graph")
    add_edges: list[EdgeDoc] = Field(
        default_factory=list, description="New connections; each end is a new node or an existing one"
    )
    change_nodes: list[NodeChange] = Field(default_factory=list)
    remove_edges: list[str] = Field(
        default_factory=list, description="Ids of existing edges the patch replaces (a step inserted into a chain)"
    )
    assumptions: list[str] = Field(
        default_factory=list,
        description="Choices the planner made for the person, e.g. 'used Flux Pro 1.1 Ultra for \"flux ultra\"'",
    )
    not_understood: list[str] = Field(
        default_factory=list, description="Words of the instruction that the plan does not act on"
    )
    question: str | None = Field(None, description="When status is 'question': what to clarify")
    suggestions: list[str] = Field(
        default_factory=list, description="When status is 'question': close matches, as instructions to try"
    )
    choices: list[PlanChoice] = Field(
        default_factory=list,
        description="When status is 'question' and the instruction could mean any of several nodes: one per node",
    )
    credits: int = Field(0, ge=0, description="What running the added and changed model nodes would cost")
