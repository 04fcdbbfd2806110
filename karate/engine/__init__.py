"""The execution engine: graph model, validation, scheduling, caching and run events.

It knows nothing of HTTP or SQL; the server and the CLI drive it through `Engine`.
"""

from karate.engine.events import Event, EventBus
from karate.engine.graph import WorkflowDocument
from karate.engine.run_state import NodeRun, NodeStatus, RunResult, RunStatus
from karate.engine.scheduler import Engine, Execution
from karate.engine.validation import GraphValidationError, Problem, compile_graph

__all__ = [
    "Engine",
    "Event",
    "EventBus",
    "Execution",
    "GraphValidationError",
    "NodeRun",
    "NodeStatus",
    "Problem",
    "RunResult",
    "RunStatus",
    "WorkflowDocument",
    "compile_graph",
]
