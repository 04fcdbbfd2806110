"""Templates: the example workflows in examples/*.json, seeded into the database at start.

Example files name their images by a path inside the examples folder; seeding imports each image into
the asset store and puts its asset id in place of the path, so templates run like any workflow. A template's card
shows the picture shipped with it, examples/previews/<name>.webp (what it makes: examples/previews/make_previews.py),
put in its document as its `thumbnail`.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any, cast

from karate.db import Database
from karate.db.repositories import WorkflowRepository
from karate.engine.workflow_file import file_input_kind, read_workflow_file
from karate.services.assets import AssetService
from karate.services.uploads import UploadMedia
from karate.services.workflows import new_workflow, normalize_document
from karate.storage.assets import LocalAssetStore

log = logging.getLogger("karate.templates")


class TemplateSeeder:
    def __init__(self, database: Database, store: LocalAssetStore, assets: AssetService) -> None:
        self.database = database
        self.store = store
        self.assets = assets

    async def seed(self, folder: Path) -> int:
        """Create or refresh one template per example file; the number of templates seeded."""
        if not folder.is_dir():
            return 0
        count = 0
        for path in sorted(folder.glob("*.json")):
            try:
                raw = read_workflow_file(path)
                document = await self._import_images(raw, folder)
                await self._import_preview(document, folder / "previews" / f"{path.stem}.webp")
                await self._upsert(path.stem, raw, normalize_document(document))
                count += 1
            except Exception as error:  # one broken example must not stop the studio from starting
                log.warning("example %s was not seeded as a template: %s", path.name, error)
        return count

    async def _import_images(self, raw: dict[str, Any], folder: Path) -> dict[str, Any]:
        document: dict[str, Any] = json.loads(json.dumps(raw))  # a deep copy
        root = folder.resolve()
        for node in document.get("nodes", []):
            kind = file_input_kind(node)
            if kind is None:
                continue
            params = node["params"]
            source = _example_file(root, str(params.pop("path")))
            if source is None:
                raise ValueError(f"node {node.get('id')}: its path is not a file inside {root}")
            with source.open("rb") as stream:  # checked as an upload for that input is (an image at the one door)
                columns = self.assets.store_upload(stream, cast(UploadMedia, kind))
            await self.assets.register(columns, None, source.name)
            params["asset_id"] = columns["sha256"]
        return document

    async def _import_preview(self, document: dict[str, Any], preview: Path) -> None:
        """The template's preview as its document's thumbnail, if it ships one; without it, its card shows its input."""
        if not preview.is_file():
            return
        try:
            with preview.open("rb") as stream:
                columns = self.assets.store_upload(stream, "image")
        except Exception as error:  # a broken preview costs the template its picture, not its place
            log.warning("the preview %s was not used: %s", preview.name, error)
            return
        await self.assets.register(columns, None, preview.name)
        document["thumbnail"] = {"asset_id": columns["sha256"]}

    async def _upsert(self, key: str, raw: dict[str, Any], document: dict[str, Any]) -> None:
        title = str(raw.get("title") or raw.get("name") or key.replace("_", " ").replace("-", " ").capitalize())
        async with self.database.session() as session:
            repo = WorkflowRepository(session)
            existing = await repo.by_template_key(key)
            if existing is None:
                await repo.add(new_workflow(None, title[:200], document, is_public=True, template_key=key))
            elif existing.document != document or existing.title != title[:200]:
                await repo.update_if_version(
                    existing.id, existing.version, {"document": document, "title": title[:200]}
                )


def _example_file(root: Path, relative: str) -> Path | None:
    """An image named relative to the examples folder or to its parent, never outside the folder."""
    for base in (root, root.parent):
        candidate = (base / relative).resolve()
        if candidate.is_relative_to(root) and candidate.is_file():
            return candidate
    return None
