"""What each row of a user's credit ledger was for, in their words: a model node's hold (or its refund) names the
project its run was of and the node, by the title it had in that run and its model's name. Read from the run's own
copy of the graph, so older rows (written before the ledger said more than the run and node ids) read the same; a
row whose run is gone says only its kind."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from karate.db.account_tables import CreditEntry
from karate.db.models import Run, Workflow

#: A node type's name as people see it (the model's title), None for a type this studio does not have.
TypeTitle = Callable[[str], str | None]


async def spent_on(
    session: AsyncSession, entries: Iterable[CreditEntry], type_title: TypeTitle
) -> dict[tuple[str, str], dict[str, Any]]:
    """`CreditSpentOn` of each (run id, node id) the entries name whose run is still there."""
    wanted = {(entry.run_id, entry.node_id) for entry in entries if entry.run_id and entry.node_id}
    if not wanted:
        return {}
    runs = (
        await session.execute(
            select(Run.id, Run.document, Workflow.id, Workflow.title, Workflow.deleted_at)
            .outerjoin(Workflow, Workflow.id == Run.workflow_id)
            .where(Run.id.in_({run_id for run_id, _ in wanted}))
        )
    ).all()
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for run_id, document, workflow_id, title, deleted_at in runs:
        nodes = {str(node.get("id")): node for node in (document or {}).get("nodes", []) if isinstance(node, dict)}
        project = (
            None if workflow_id is None else {"id": workflow_id, "title": title, "in_trash": deleted_at is not None}
        )
        for wanted_run, node_id in wanted:
            node = nodes.get(node_id)
            if wanted_run == run_id and node is not None:
                found[(run_id, node_id)] = _node_spent_on(node, project, type_title)
    return found


def _node_spent_on(node: dict[str, Any], project: dict[str, Any] | None, type_title: TypeTitle) -> dict[str, Any]:
    model = type_title(str(node.get("type")))
    given = str(node.get("title") or "").strip()
    return {"project": project, "node_title": given or model, "model": model}
