"""The execution engine: graph model, validation, scheduling, caching and run events.

It knows nothing of HTTP or SQL; the server and the CLI drive it through `Engine`.

The names below are imported from their modules when first used, so importing one module of the
engine (`karate.engine.tuning`, say) does not load all of them (`karate run --help` starts faster).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from karate.engine.events import Event, EventBus
    from karate.engine.graph import WorkflowDocument
    from karate.engine.run_state import NodeRun, NodeStatus, RunResult, RunStatus
    from karate.engine.scheduler import Engine, Execution
    from karate.engine.validation import GraphValidationError, Problem, compile_graph

_MODULES = {
    "Event": "events",
    "EventBus": "events",
    "WorkflowDocument": "graph",
    "NodeRun": "run_state",
    "NodeStatus": "run_state",
    "RunResult": "run_state",
    "RunStatus": "run_state",
    "Engine": "scheduler",
    "Execution": "scheduler",
    "GraphValidationError": "validation",
    "Problem": "validation",
    "compile_graph": "validation",
}

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


def __getattr__(name: str) -> Any:
    """`karate.engine.Engine` and the other names above, imported from their module on first use."""
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
