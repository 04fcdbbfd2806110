"""Queries of the dashboard's project cards: of a page of workflows, each one's newest run that made a picture, and
the assets their documents name, read once for the whole page."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import bindparam, exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from karate.db.account_tables import WorkflowShare
from karate.db.models import Asset, NodeRunRecord, Run, Workflow
from karate.db.repositories import names_a_picture


class CardRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def newest_pictured_runs(self, workflow_ids: Sequence[str], input_types: Collection[str]) -> dict[str, str]:
        """Workflow id -> its newest run with a finished node other than an input (an input's picture is what the
        run was given) whose outputs name an image, among the runs of the people who work on it (its owner and
        those it is shared with: whoever may read the card may read those runs). Workflows without one are left
        out."""
        if not workflow_ids:
            return {}
        values = {"workflow_ids": list(workflow_ids), "inputs": list(input_types)}
        rows = (await self.session.execute(_NEWEST_PICTURED_RUNS, values)).all()
        # two runs started in the same microsecond: either pictures the project, the same one each time
        return {workflow_id: run_id for workflow_id, run_id in sorted(rows)}

    async def assets(self, sha256s: Collection[str]) -> dict[str, Asset]:
        """The recorded assets among these ids, by id."""
        if not sha256s:
            return {}
        rows = await self.session.execute(select(Asset).where(Asset.sha256.in_(list(sha256s))))
        return {asset.sha256: asset for asset in rows.scalars()}


def _newest_pictured_runs() -> Any:
    """The query of `CardRepository.newest_pictured_runs`, made once: the greatest start time of each workflow's
    qualifying runs (an aggregate on ix_runs_workflow_created), joined back to its run."""
    record = NodeRunRecord
    by_team = or_(
        Run.owner_id == Workflow.owner_id,
        exists().where(WorkflowShare.workflow_id == Run.workflow_id, WorkflowShare.user_id == Run.owner_id),
    )
    pictured = exists().where(
        record.run_id == Run.id,
        record.status == "completed",
        record.node_type.not_in(bindparam("inputs", expanding=True)),
        names_a_picture(record),
    )
    runs = select(Run.workflow_id, Run.id).join(Workflow, Workflow.id == Run.workflow_id)
    qualifying = (Run.workflow_id.in_(bindparam("workflow_ids", expanding=True)), by_team, pictured)
    newest = (
        select(Run.workflow_id, func.max(Run.created_at).label("at"))
        .join(Workflow, Workflow.id == Run.workflow_id)
        .where(*qualifying)
        .group_by(Run.workflow_id)
        .subquery()
    )
    at_newest = (newest.c.workflow_id == Run.workflow_id) & (newest.c.at == Run.created_at)
    return runs.join(newest, at_newest).where(*qualifying)


_NEWEST_PICTURED_RUNS = _newest_pictured_runs()
