"""What is wrong with a workflow, in words: one `Problem` on a node, field or edge, and the error that
refuses a workflow of which nothing can run."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong, where it is (a node and field, or an edge) and what to do, in `message`; `code` is one
    of karate.api.schemas.ProblemCode (tests/api/test_openapi_schema.py checks every code made is listed)."""

    code: str  # unknown_type, missing_input, type_mismatch, cycle, invalid_param, dangling_edge, ...
    message: str
    node_id: str | None = None
    field: str | None = None
    edge_id: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "message": self.message,
            "node_id": self.node_id,
            "field": self.field,
            "edge_id": self.edge_id,
        }

    def __str__(self) -> str:
        where = ""
        if self.node_id:
            where = f"node {self.node_id}" + (f".{self.field}" if self.field else "")
        elif self.edge_id:
            where = f"edge {self.edge_id}"
        return f"{where}: {self.message}" if where else self.message


class GraphValidationError(ValueError):
    """A workflow of which nothing can run; `problems` lists every reason."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        summary = "; ".join(str(p) for p in problems[:5])
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        counted = "1 problem" if len(problems) == 1 else f"{len(problems)} problems"
        super().__init__(f"the workflow has {counted}: {summary}{more}")
