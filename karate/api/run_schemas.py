"""Request and response shapes of the run routes (karate/api/runs.py) and of a one-off model inference
(karate/api/ai.py), as they appear in /openapi.json: what a run is asked with, what it answers at once, its
record with each node's status and outputs (or its summary), its history page, and a cancel's answer."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from typing_extensions import TypedDict

from karate.api.schemas import Problem, Text
from karate.collab.versions import VersionKind
from karate.engine import WorkflowDocument
from karate.engine.run_state import NodeStatus, RunStatus

#: A node id a client names in a query (`node=`): a run's read, its event stream.
NodeId = Annotated[str, StringConstraints(min_length=1, max_length=200)]
MAX_NODES_ASKED = 500  # node ids one read may name; a client wanting more reads the full view


class RunCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    workflow_id: str | None = Field(None, pattern=r"^[0-9a-f]{32}$", description="Run a saved workflow")
    workflow: WorkflowDocument | None = Field(None, description="Or run this document without saving it")
    from_node: Text | None = Field(
        None, min_length=1, max_length=200, description="Run only this node and the nodes it needs"
    )
    collab_state: str | None = Field(
        None,
        max_length=100_000,
        description="With workflow_id, from a live editor: base64 of its Yjs state vector (Y.encodeStateVector). "
        "The run waits (up to 5 s) until the studio holds those edits, so it runs what the editor shows",
    )


class NotRunnableNode(BaseModel):
    """A node a run leaves out: it, or a node it needs, has a problem (code upstream_invalid names that node)."""

    node_id: str
    type: str
    problems: list[Problem]


class RunAccepted(BaseModel):
    id: str
    status: Literal[RunStatus.QUEUED]
    url: str
    events_url: str
    not_runnable: list[NotRunnableNode] = Field(
        default_factory=list,
        description="The nodes that will not run, each with its problems; the rest runs. Their run status is blocked",
    )


class NodeErrorOut(BaseModel):
    code: str
    message: str = Field(description="What went wrong on this node and what to do about it")


class OutputValue(TypedDict, total=False):
    """A node's result on one output, described without its content: a file (`asset_id`, `mime`, and for
    pictures `width`, `height`, `channels`; a file a Save node saved also its `filename`), a plain value (`value`),
    or a list of these (`list`). Keys are left out, never null; `url`, `thumbnail_url` and `preview_mime` are only
    in run records (GET /runs/{id})."""

    asset_id: str
    mime: str
    width: int
    height: int
    channels: int  # 1 for a mask or grey image, 3 for RGB, 4 for RGBA
    size: int  # bytes of the file
    # A saved file's name in this run (`poster.png`: its Save node's Filename, unique in the run); the same bytes
    # saved by another run are stored once, and have that run's name there. `url` opens and saves it under it.
    filename: str
    value: Any  # a text, number or boolean result
    url: str  # signed download URL
    thumbnail_url: str  # signed 256-pixel picture, for pictures
    preview_mime: str  # the thumbnail's media type
    list: _OutputValues


_OutputValues = list[OutputValue]


class NodeRunOut(BaseModel):
    node_id: str
    type: str
    status: NodeStatus
    cached: bool
    outputs: dict[str, OutputValue]
    error: NodeErrorOut | None
    started_at: str | None
    finished_at: str | None
    duration_ms: float | None


class VersionRef(BaseModel):
    """A workflow version something came from (a run; an asset's provenance): the exact graph that made it
    (karate.collab.versions; GET /workflows/{id}/versions/{version_id} has the graph)."""

    id: str
    number: int = Field(description="1, 2, ... in the workflow's history")
    name: str | None
    kind: VersionKind


class RunSummary(BaseModel):
    id: str
    workflow_id: str | None
    version_id: str | None = Field(description="The workflow version it ran; null for a run of a document")
    version: VersionRef | None
    status: RunStatus
    error: str | None
    targets: list[str] | None
    created_at: str | None
    started_at: str | None
    finished_at: str | None
    worker_lost_at: str | None = Field(
        description="With workers (KARATE_DISPATCH=queue), while the run is running: when the worker executing it "
        "was found stopped (its lease ran out, or it handed the run back), until another worker takes it over "
        "(within a second when one is free; a `run.resumed` event says so). Null while a worker executes it, "
        "and once it has ended"
    )
    events_url: str


def left_out(schema: dict[str, Any]) -> None:
    """For a key the server leaves out when it has nothing to say: optional, with no default."""
    schema.pop("default", None)


class RunProgress(BaseModel):
    """How far a run has got, counted from its nodes' records without reading any output (`view=summary`)."""

    nodes: int = Field(
        ge=0, description="Its nodes with a record: every node of a run under way, those that ended of a finished one"
    )
    by_status: dict[NodeStatus, int] = Field(description="How many nodes are in each status; none left out")
    cached: int = Field(ge=0, description="Completed nodes whose result came from the cache")
    executed: int = Field(ge=0, description="Completed nodes that were executed")
    credits: int = Field(ge=0, description="Catalog credits of the AI model nodes it executed")
    elapsed_ms: float | None = Field(
        description="Since it started: until it ended, or until now while it runs; null while it is queued"
    )


class RunOut(RunSummary):
    nodes: dict[str, NodeRunOut] = Field(
        description="Each node's record by node id: every node in the full view, in the summary only those asked "
        "for with `node`"
    )
    document: WorkflowDocument | None = Field(
        None,
        description="The graph the run ran, as submitted (the editor tells from it which nodes were "
        "edited since); null for a run recorded without one; left out of the summary view",
        json_schema_extra=left_out,
    )
    progress: RunProgress | None = Field(
        None, description="Only in the summary view (`view=summary`)", json_schema_extra=left_out
    )


class RunListItem(RunSummary):
    """A run in a history list: its summary with a picture of its result, what it cost, how many of its nodes
    finished and how many did not run, and whether it was resumed after its worker stopped."""

    thumbnail_url: str | None = Field(
        description="Signed 256-pixel picture of the run's result (a saved image, "
        "else the last image a node made), or null"
    )
    credits: int = Field(
        ge=0,
        description="Catalog credits of the AI model nodes the run executed; cached results and local tools cost none",
    )
    nodes: int = Field(
        ge=0,
        description="How many nodes it ran or left out: all of them once it has ended; while it is under way, "
        "those that have ended so far",
    )
    completed: int = Field(
        ge=0,
        description="Of those, how many finished (status `completed`, executed or from the cache): their results "
        "are kept, also when the run was then cancelled or failed",
    )
    not_run: int = Field(
        ge=0,
        description="Of those, how many did not run: status `blocked` (it, or a node it needs, has a problem, "
        "such as a missing input) or `skipped` (a node it needs failed). A run can be `completed` with some: the "
        "part of its graph that could run did; its record says which nodes, and why",
    )
    resumes: int = Field(
        ge=0,
        description="With workers (KARATE_DISPATCH=queue): how many times another worker took the run over after "
        "the one executing it stopped (killed, cut off from the database, or shut down before the run ended), each "
        "time starting it again with the nodes that had finished reused from the cache (its `run.resumed` "
        "events); 0 for a run one worker executed",
    )


class RunPage(BaseModel):
    items: list[RunListItem]
    total: int
    limit: int
    offset: int


class CancelOut(BaseModel):
    """The answer to a cancel: `cancelled` when the run had not started (it is over), `cancelling` when it
    was running (it ends with `run.cancelled` once its nodes have stopped)."""

    id: str
    status: Literal["cancelling", "cancelled"]


class InferRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    model: Text = Field(min_length=1, max_length=200, description="A node type of a model category")
    prompt: Text = Field(max_length=20_000)


class InferAccepted(BaseModel):
    task_id: str
    status: Literal[RunStatus.QUEUED]
