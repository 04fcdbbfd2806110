"""Who works on a workflow, for its comments, versions and activity: the access check they share (its team:
owner, editors, viewers) and people as the API shows them, `{id, name}`, and as a deletion record names them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select

from karate.collab.deletions import Person
from karate.db import Database
from karate.db.models import User, Workflow
from karate.db.repositories import WorkflowRepository
from karate.services.access import TEAM, AccessControl, WorkflowAccess
from karate.services.errors import Forbidden

#: Said to a reader of a public workflow (or a template) who is not on its team.
TEAM_ONLY = (
    "the {what} of a workflow are for the people it is shared with; "
    "duplicate it (POST /api/v1/workflows/{{id}}/duplicate) to have your own"
)


async def team_workflow(
    database: Database,
    access: AccessControl,
    workflow_id: str,
    user_id: str,
    *,
    what: str,
    write: bool = False,
) -> tuple[Workflow, WorkflowAccess]:
    """The workflow and the caller's access to it, when the caller is on its team (with `write`: its owner or
    an editor). NotFound when they may not read it; Forbidden, in words naming `what` ("comments"), for a
    reader of a public workflow, and with `write` for a viewer."""
    async with database.session() as session:
        workflow = await WorkflowRepository(session).get(workflow_id)
    if write:
        granted = await access.check_write(workflow, workflow_id, user_id)
    else:
        granted = await access.check_read(workflow, workflow_id, user_id)
    assert workflow is not None  # the checks raise NotFound for a missing one
    if granted not in TEAM:
        raise Forbidden(TEAM_ONLY.format(what=what))
    return workflow, granted


async def names(database: Database, user_ids: Iterable[str | None]) -> dict[str, str]:
    """The names of these users (those that still exist), by id; one query."""
    wanted = {user_id for user_id in user_ids if user_id}
    if not wanted:
        return {}
    async with database.session() as session:
        rows = await session.execute(select(User.id, User.name).where(User.id.in_(wanted)))
    return {user_id: name for user_id, name in rows.all()}


async def deleter(database: Database, user_id: str) -> Person:
    """The user as a deletion record names them (karate.collab.deletions): a change the server makes for them that
    deletes nodes tells whoever had changed one who removed it."""
    return Person(id=user_id, name=(await names(database, [user_id])).get(user_id) or "someone")


def person(user_id: str | None, known: dict[str, str]) -> dict[str, Any] | None:
    """A user as the API shows one, `{id, name}`; None for none (or a deleted account)."""
    if user_id is None or user_id not in known:
        return None
    return {"id": user_id, "name": known[user_id]}
