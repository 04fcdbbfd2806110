"""Compliance (spec 10.2): a user's own profile settings (name, analytics opt-out, marketing emails), the zip of their
data (karate.services.compliance_export) and the deletion of their account with everything of theirs, those settings
with its row.

A deletion ends the account's sessions and API keys first (nothing new starts for it), cancels its runs still
going and waits for them to leave memory (so no run writes to rows being deleted), then deletes its rows in one
transaction. The credit ledger keeps its rows without the user (anonymised). Files are content-addressed and
may be shared: a record the account uploaded first passes to the next person who uploaded the same bytes,
and a file is removed only when no record, workflow or run names its sha256 any more.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterable, Sequence

from sqlalchemy import Text, cast, delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from karate.db import Database
from karate.db.account_tables import (
    ApiKey,
    AssetHolder,
    AuditEntry,
    AuthSession,
    CreditEntry,
    CreditHold,
    PasswordReset,
    SupportReply,
    SupportTicket,
    WorkflowShare,
)
from karate.db.models import Asset, NodeRunRecord, Run, RunEventChunk, User, Workflow
from karate.services.accounts import AccountService, verify_password
from karate.services.assets import AssetService
from karate.services.compliance_export import AccountExport, ExportFile
from karate.services.errors import Forbidden, InvalidRequest, LocalMode, NotFound, RunFinished
from karate.services.runs import RunService
from karate.services.workflows import WorkflowService

log = logging.getLogger("karate.compliance")

_UNFINISHED = ("queued", "running")
# How long a deletion waits for its cancelled runs to end before it goes on regardless.
_CANCEL_WAIT_S = 30.0
_CANCEL_POLL_S = 0.02
# How many sha256s one query looks for in documents and outputs.
_SHA_BATCH = 100


class ComplianceService:
    """Profile settings, export and deletion of the calling user's account."""

    def __init__(
        self,
        database: Database,
        accounts: AccountService,
        runs: RunService,
        workflows: WorkflowService,
        assets: AssetService,
        *,
        local_mode: bool,
    ) -> None:
        self.database = database
        self.accounts = accounts
        self.runs = runs
        self.workflows = workflows
        self.assets = assets
        self.local_mode = local_mode
        self.exports = AccountExport(database, assets.store, assets.store.root / ".tmp")

    async def update_profile(
        self, user_id: str, *, name: str | None, analytics_opt_out: bool | None, marketing_emails: bool | None
    ) -> User:
        """Change the account's display name, analytics opt-out and whether it receives the marketing emails (each
        only when given); the account after."""
        changes: dict[str, object] = {}
        if name is not None:
            changes["name"] = name.strip()[:200]
        if analytics_opt_out is not None:
            changes["analytics_opt_out"] = analytics_opt_out
        if marketing_emails is not None:
            changes["marketing_emails"] = marketing_emails
        if changes:
            async with self.database.session() as session:
                await session.execute(update(User).where(User.id == user_id).values(**changes))
                await session.commit()
        return await self.accounts.user(user_id)

    async def export(self, user_id: str) -> ExportFile:
        """A zip of everything of the account (see karate.services.compliance_export)."""
        return await self.exports.build(user_id)

    async def delete_account(self, user_id: str, *, password: str | None, confirm: str | None) -> None:
        """Delete the account and everything of it, once confirmed: with its password, or for an account that
        signs in only through OIDC by typing its email. LocalMode in local mode (there is no account to delete);
        Unauthorized for a wrong password; InvalidRequest when the confirmation is missing or wrong."""
        if self.local_mode:
            raise LocalMode(
                "this studio runs in local mode: its data is the machine owner's files, and there is no account to "
                "delete; remove the data folder (KARATE_DATA_DIR) to erase it"
            )
        user = await self.accounts.user(user_id)
        await _check_confirmation(user, password, confirm)
        await self._end_credentials(user_id)
        await self.accounts.signed_out(user_id)  # its open co-editing connections close
        await self._cancel_runs(user_id)
        workflow_ids, released = await self._delete_rows(user_id)
        for workflow_id in workflow_ids:
            self.workflows._forget(workflow_id)  # the SQLite row cache must not serve them any more
        await self._remove_unused_files(released)
        log.info("account %s deleted with %d workflow(s) and %d file(s)", user_id, len(workflow_ids), len(released))

    async def _end_credentials(self, user_id: str) -> None:
        async with self.database.session() as session:
            for table in (AuthSession, ApiKey, PasswordReset):
                await session.execute(delete(table).where(table.user_id == user_id))
            await session.commit()

    async def _cancel_runs(self, user_id: str) -> None:
        """Cancel the account's runs still queued or running, and wait until this process executes none."""
        async with self.database.session() as session:
            stored = (
                await session.scalars(select(Run.id).where(Run.owner_id == user_id, Run.status.in_(_UNFINISHED)))
            ).all()
        live = [run_id for run_id, run in self.runs.live if run.owner_id == user_id]
        for run_id in dict.fromkeys([*live, *stored]):
            try:
                await self.runs.cancel(run_id, user_id)
            except (RunFinished, NotFound):
                continue  # it ended meanwhile
        deadline = time.monotonic() + _CANCEL_WAIT_S
        while any(self.runs.live.get(run_id) is not None for run_id in live):
            if time.monotonic() > deadline:
                log.warning("runs of account %s did not end within %.0f s of their cancel", user_id, _CANCEL_WAIT_S)
                return
            await asyncio.sleep(_CANCEL_POLL_S)

    async def _delete_rows(self, user_id: str) -> tuple[Sequence[str], list[str]]:
        """Delete every row of the account in one transaction; its workflow ids, and the sha256s whose record
        went with it. Explicit rather than left to the foreign keys' cascades, so it does not depend on the
        database enforcing them."""
        runs = select(Run.id).where(Run.owner_id == user_id)
        workflows = select(Workflow.id).where(Workflow.owner_id == user_id)
        async with self.database.session() as session:
            workflow_ids = (await session.scalars(workflows)).all()
            released = await _release_assets(session, user_id)
            await session.execute(delete(RunEventChunk).where(RunEventChunk.run_id.in_(runs)))
            await session.execute(delete(NodeRunRecord).where(NodeRunRecord.run_id.in_(runs)))
            await session.execute(delete(CreditHold).where(CreditHold.user_id == user_id))
            await session.execute(update(CreditEntry).where(CreditEntry.user_id == user_id).values(user_id=None))
            await session.execute(update(AuditEntry).where(AuditEntry.actor_id == user_id).values(actor_id=None))
            # Their questions go with their threads; their replies in others' threads stay, signed by nobody.
            asked = select(SupportTicket.id).where(SupportTicket.user_id == user_id)
            await session.execute(delete(SupportReply).where(SupportReply.ticket_id.in_(asked)))
            await session.execute(update(SupportReply).where(SupportReply.user_id == user_id).values(user_id=None))
            await session.execute(delete(SupportTicket).where(SupportTicket.user_id == user_id))
            await session.execute(
                delete(WorkflowShare).where(
                    or_(WorkflowShare.user_id == user_id, WorkflowShare.workflow_id.in_(workflows))
                )
            )
            # Others' runs of a workflow of theirs (a public one) stay, no longer pointing at it.
            await session.execute(update(Run).where(Run.workflow_id.in_(workflows)).values(workflow_id=None))
            await session.execute(delete(Run).where(Run.owner_id == user_id))
            await session.execute(delete(Workflow).where(Workflow.owner_id == user_id))
            await session.execute(delete(User).where(User.id == user_id))
            await session.commit()
        return workflow_ids, released

    async def _remove_unused_files(self, shas: Sequence[str]) -> None:
        """Remove the files (and their previews) no remaining record, workflow or run names."""
        for start in range(0, len(shas), _SHA_BATCH):
            batch = shas[start : start + _SHA_BATCH]
            unused = set(batch) - await self._still_named(batch)
            if unused:
                await asyncio.to_thread(self._remove_files, unused)

    async def _still_named(self, shas: Sequence[str]) -> set[str]:
        """Which of these sha256s another asset record names, or any workflow (a template's too), run document
        or node record's outputs still mentions."""
        async with self.database.session() as session:
            named = set((await session.scalars(select(Asset.sha256).where(Asset.sha256.in_(shas)))).all())
            for column in (Workflow.document, Run.document, NodeRunRecord.outputs):
                text = cast(column, Text)
                found = await session.scalars(select(text).where(or_(*(text.contains(sha) for sha in shas))))
                named.update(_mentioned(shas, found))
        return named

    def _remove_files(self, shas: Iterable[str]) -> None:
        for sha in shas:
            self.assets.store.delete(sha)
            for preview in self.assets.derived.glob(f"{sha}.*"):
                preview.unlink(missing_ok=True)


async def _release_assets(session: AsyncSession, user_id: str) -> list[str]:
    """Let go of the account's asset records: those it holds beside their first uploader go; one it uploaded
    first passes to the next person who uploaded the same bytes (under their own file name), else goes.
    Returns the sha256s whose record went."""
    await session.execute(delete(AssetHolder).where(AssetHolder.user_id == user_id))
    owned = (await session.scalars(select(Asset.sha256).where(Asset.owner_id == user_id))).all()
    heirs: dict[str, AssetHolder] = {}
    for start in range(0, len(owned), _SHA_BATCH):
        holders = await session.scalars(
            select(AssetHolder)
            .where(AssetHolder.sha256.in_(owned[start : start + _SHA_BATCH]))
            .order_by(AssetHolder.created_at)
        )
        for holder in holders:
            heirs.setdefault(holder.sha256, holder)
    for sha, heir in heirs.items():
        await session.execute(
            update(Asset)
            .where(Asset.sha256 == sha)
            .values(
                owner_id=heir.user_id,
                filename=heir.filename,
                source_run_id=None,
                source_node_id=None,
                created_at=heir.created_at,
            )
        )
        await session.execute(delete(AssetHolder).where(AssetHolder.sha256 == sha, AssetHolder.user_id == heir.user_id))
    await session.execute(delete(Asset).where(Asset.owner_id == user_id))
    return [sha for sha in owned if sha not in heirs]


def _mentioned(shas: Sequence[str], texts: Iterable[str]) -> set[str]:
    found: set[str] = set()
    for text in texts:
        found.update(sha for sha in shas if sha in text)
    return found


async def _check_confirmation(user: User, password: str | None, confirm: str | None) -> None:
    if user.password_hash is not None:
        if not password:
            raise InvalidRequest("send your password as `password` to confirm that the account should be deleted")
        if not await verify_password(password, user.password_hash):
            raise Forbidden("the password is wrong, so nothing was deleted; type it again")
        return
    if (confirm or "").strip().lower() != user.email.lower():
        raise InvalidRequest(
            f"this account signs in without a password: send its email ({user.email}) as `confirm` to confirm "
            "that it should be deleted"
        )
