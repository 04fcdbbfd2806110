"""The export of one account's data (spec 10.2, GDPR's right of access and portability): a zip of its profile,
its workflows (the trash too), its runs with their node records, the files it uploaded or saved, its credit
ledger and the shares it made. Built in a temporary file, off the event loop, page by page, so a large
account never sits in memory whole.

Layout: `account.json` (the profile with its settings: the analytics opt-out, whether it receives the marketing
emails; its API keys), `workflows/<id>.json`, `runs/<id>.json`, `assets.json` (what each file is) and
`assets/<file name>`, `credits.json`, `shares.json`.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import select

from karate import json_bytes
from karate.db import Database
from karate.db.account_tables import ApiKey, AssetHolder, CreditEntry, WorkflowShare
from karate.db.models import Asset, NodeRunRecord, Run, User, Workflow, utcnow
from karate.db.repositories import timestamp
from karate.services.credits import entry_json
from karate.services.errors import NotFound
from karate.services.outputs import output_file_names
from karate.services.run_views import node_json, run_json
from karate.services.user_admin import profile_json
from karate.services.workflows import workflow_json
from karate.storage.assets import LocalAssetStore

# How many runs are read (with their node records) and written at a time.
_PAGE = 100
# Files already compressed gain nothing from deflate (JSON, arrays and BMPs gain a lot).
_COMPRESSED_IMAGES = frozenset(
    {"image/png", "image/jpeg", "image/webp", "image/gif", "image/avif", "image/heic", "image/heif"}
)


@dataclass(frozen=True, slots=True)
class ExportFile:
    """A finished export: the zip on disk (the caller removes it once sent) and the name to save it under."""

    path: Path
    filename: str


class AccountExport:
    """Writes the zip of one account's data."""

    def __init__(self, database: Database, store: LocalAssetStore, tmp_dir: Path) -> None:
        self.database = database
        self.store = store
        self.tmp_dir = tmp_dir  # temporary files here are removed at start if a stop left them behind

    async def build(self, user_id: str) -> ExportFile:
        """The zip of everything of `user_id`; NotFound when the account no longer exists."""
        async with self.database.session() as session:
            user = await session.get(User, user_id)
            if user is None:
                raise NotFound("this account no longer exists; sign in again")
            keys = (await session.scalars(select(ApiKey).where(ApiKey.user_id == user_id))).all()
        self.tmp_dir.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix="export-", suffix=".zip", dir=self.tmp_dir)
        os.close(handle)
        path = Path(name)
        try:
            archive = await asyncio.to_thread(zipfile.ZipFile, path, "w", zipfile.ZIP_DEFLATED)
            try:
                await self._write(archive, "account.json", _account_json(user, keys))
                await self._workflows(archive, user_id)
                await self._runs(archive, user_id)
                await self._assets(archive, user_id)
                await self._ledger_and_shares(archive, user_id)
            finally:
                await asyncio.to_thread(archive.close)
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        return ExportFile(path, f"karate-export-{utcnow():%Y-%m-%d}.zip")

    async def _workflows(self, archive: zipfile.ZipFile, user_id: str) -> None:
        async with self.database.session() as session:
            rows = (await session.scalars(select(Workflow).where(Workflow.owner_id == user_id))).all()
        await self._write_many(archive, ((f"workflows/{row.id}.json", workflow_json(row)) for row in rows))

    async def _runs(self, archive: zipfile.ZipFile, user_id: str) -> None:
        after = ""
        while True:
            async with self.database.session() as session:
                runs = (
                    await session.scalars(
                        select(Run).where(Run.owner_id == user_id, Run.id > after).order_by(Run.id).limit(_PAGE)
                    )
                ).all()
                if not runs:
                    return
                records = (
                    await session.scalars(select(NodeRunRecord).where(NodeRunRecord.run_id.in_([r.id for r in runs])))
                ).all()
            by_run: dict[str, list[NodeRunRecord]] = {}
            for record in records:
                by_run.setdefault(record.run_id, []).append(record)
            await self._write_many(
                archive, ((f"runs/{run.id}.json", _run_json(run, by_run.get(run.id, []))) for run in runs)
            )
            after = runs[-1].id

    async def _assets(self, archive: zipfile.ZipFile, user_id: str) -> None:
        """The files the user uploaded first, and those they uploaded after someone else (under their own name,
        without the first uploader's details), each once."""
        async with self.database.session() as session:
            owned = (await session.scalars(select(Asset).where(Asset.owner_id == user_id))).all()
            held = (
                await session.execute(
                    select(Asset, AssetHolder.filename, AssetHolder.created_at)
                    .join(AssetHolder, AssetHolder.sha256 == Asset.sha256)
                    .where(AssetHolder.user_id == user_id)
                )
            ).all()
        records = {asset.sha256: _asset_json(asset) for asset in owned}
        for asset, filename, created_at in held:
            records.setdefault(
                asset.sha256,
                {
                    **_asset_json(asset),
                    "filename": filename,
                    "created_at": timestamp(created_at),
                    "source_run_id": None,
                },
            )
        listed = sorted(records.values(), key=lambda record: record["created_at"] or "")
        names = output_file_names((_stem(r["filename"]), r["sha256"][:12], r["mime"]) for r in listed)
        for record, name in zip(listed, names, strict=True):
            stored = await asyncio.to_thread(
                self._add_file, archive, record["sha256"], record["mime"], f"assets/{name}"
            )
            record["file"] = f"assets/{name}" if stored else None
        await self._write(archive, "assets.json", listed)

    def _add_file(self, archive: zipfile.ZipFile, sha256: str, mime: str, arcname: str) -> bool:
        """Copy an asset's bytes into the zip; False when the store no longer has them."""
        if not self.store.exists(sha256):
            return False
        compressed = mime in _COMPRESSED_IMAGES or mime.startswith(("video/", "audio/"))
        archive.write(self.store.path(sha256), arcname, compress_type=zipfile.ZIP_STORED if compressed else None)
        return True

    async def _ledger_and_shares(self, archive: zipfile.ZipFile, user_id: str) -> None:
        async with self.database.session() as session:
            entries = (
                await session.scalars(
                    select(CreditEntry).where(CreditEntry.user_id == user_id).order_by(CreditEntry.id)
                )
            ).all()
            shares = (
                await session.execute(
                    select(WorkflowShare, Workflow.title, User.email, User.name)
                    .join(Workflow, Workflow.id == WorkflowShare.workflow_id)
                    .join(User, User.id == WorkflowShare.user_id)
                    .where(Workflow.owner_id == user_id)
                    .order_by(WorkflowShare.created_at)
                )
            ).all()
        await self._write(archive, "credits.json", [entry_json(entry) for entry in entries])
        await self._write(
            archive,
            "shares.json",
            [
                {
                    "workflow_id": share.workflow_id,
                    "workflow_title": title,
                    "shared_with": {"email": email, "name": name},
                    "role": share.role,
                    "created_at": timestamp(share.created_at),
                }
                for share, title, email, name in shares
            ],
        )

    async def _write(self, archive: zipfile.ZipFile, name: str, body: Any) -> None:
        await self._write_many(archive, [(name, body)])

    @staticmethod
    async def _write_many(archive: zipfile.ZipFile, entries: Iterable[tuple[str, Any]]) -> None:
        encoded = [(name, json_bytes.dumps(body, option=orjson.OPT_INDENT_2)) for name, body in entries]
        await asyncio.to_thread(_write_entries, archive, encoded)


def _write_entries(archive: zipfile.ZipFile, entries: list[tuple[str, bytes]]) -> None:
    for name, data in entries:
        archive.writestr(name, data)


def _stem(filename: str | None) -> str:
    """A recorded file name without its extension (the export names a file with its type's own)."""
    if not filename:
        return ""
    stem, dot, _ = filename.rpartition(".")
    return stem if dot and stem else filename


def _account_json(user: User, keys: Iterable[ApiKey]) -> dict[str, Any]:
    return {
        **profile_json(user),
        "analytics_opt_out": user.analytics_opt_out,
        "marketing_emails": user.marketing_emails,
        "created_at": timestamp(user.created_at),
        "signs_in_with": [
            method for method, used in (("password", user.password_hash), ("oidc", user.oidc_subject)) if used
        ],
        "api_keys": [
            {
                "name": key.name,
                "prefix": key.prefix,
                "created_at": timestamp(key.created_at),
                "last_used_at": timestamp(key.last_used_at),
            }
            for key in keys
        ],
    }


def _run_json(run: Run, records: list[NodeRunRecord]) -> dict[str, Any]:
    return {
        **run_json(run),
        "document": run.document,
        "nodes": [
            node_json(record)
            for record in sorted(records, key=lambda r: r.started_at.timestamp() if r.started_at else 0.0)
        ],
    }


def _asset_json(asset: Asset) -> dict[str, Any]:
    return {
        "sha256": asset.sha256,
        "filename": asset.filename,
        "mime": asset.mime,
        "bytes": asset.bytes,
        "width": asset.width,
        "height": asset.height,
        "duration": asset.duration,
        "source_run_id": asset.source_run_id,
        "source_node_id": asset.source_node_id,
        "created_at": timestamp(asset.created_at),
    }
