"""Workflows: saved graphs with a title, owned by a user, changed under optimistic concurrency; a deleted
workflow waits in its owner's trash for TRASH_DAYS (restorable) before it is purged. Who may read or change
one is decided in karate.services.access."""

from __future__ import annotations

import asyncio
import contextlib
import math
import weakref
from collections import OrderedDict
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from karate.collab.activity import ActivityEvent
from karate.collab.people import names, person
from karate.db import Database
from karate.db.models import Workflow, new_id, utcnow
from karate.db.repositories import WorkflowRepository, timestamp
from karate.db.shares import ShareRepository
from karate.engine import GraphValidationError, Problem, WorkflowDocument
from karate.engine.graph_check import check_params
from karate.engine.messages import describe_error, location_label
from karate.engine.registry import load_builtin_nodes
from karate.services.access import AccessControl, WorkflowAccess
from karate.services.errors import InvalidRequest, NotFound, VersionConflict
from karate.services.limits import GraphLimits, check_graph_size
from karate.services.signing import UrlSigner
from karate.services.text import check_json_text
from karate.services.titles import TITLE_MAX_LENGTH, copy_title, title_apart_from, uncopied, unnumbered
from karate.services.workflow_cards import CardPictures

if TYPE_CHECKING:  # the hub projects into this service; this service sends document saves through the hub
    from karate.collab.activity import WorkflowActivity
    from karate.collab.hub import CollabHub


def normalize_document(document: Any, limits: GraphLimits | None = None) -> dict[str, Any]:
    """Check the document's shape (not its graph: an unfinished graph can be saved) and normalise it, which leaves
    out the connections to or from a node it does not hold: no canvas draws them, so no one could remove them, and
    they kept the graph from running ("this connection leads to a node that is not in the workflow"). They come
    from a document written by hand, or from two people co-editing: one deletes a node while the other connects
    to it."""
    stored = parse_document(document, limits)[1]
    edges = stored.get("edges")
    if edges:
        ids = {node["id"] for node in stored.get("nodes", [])}
        stored["edges"] = [edge for edge in edges if edge.get("source") in ids and edge.get("target") in ids]
    return stored


def parse_document(document: Any, limits: GraphLimits | None = None) -> tuple[WorkflowDocument, dict[str, Any]]:
    """The document as the engine's model and as the JSON to store, after checking its size (GraphTooLarge
    past `limits`, by default the settings') and its shape."""
    check_graph_size(document, limits or GraphLimits.of())
    try:
        parsed = WorkflowDocument.model_validate(document)
    except ValidationError as error:
        first = error.errors()[0]
        where = location_label(first["loc"]) if first["loc"] else "the workflow document"
        raise InvalidRequest(
            f"the workflow document is malformed: {describe_error(first, where)}; it needs "
            "{schema_version, nodes: [{id, type, params, position}], edges: [...]}"
        ) from None
    # checked before the JSON dump, which would turn NaN and Infinity into null without a word
    _refuse_non_finite_params(parsed)
    # The document as sent holds every string and number the stored one does (the model keeps unknown fields):
    # checking it spares a second dump of the model (2 ms for 401 nodes).
    check_json_text(
        document if isinstance(document, dict) else parsed.model_dump(exclude_none=True), "workflow document"
    )
    return parsed, parsed.model_dump(mode="json", exclude_none=True)


def _refuse_non_finite_params(document: WorkflowDocument) -> None:
    """NaN or Infinity in a node's parameters: refused as the engine words it ("Radius must be a number
    from 0 to 200"), with the node named, so the editor marks it."""
    registry = load_builtin_nodes()
    problems: list[Problem] = []
    for n in document.nodes:
        cls = registry.get(n.type)
        if cls is not None and any(isinstance(v, float) and not math.isfinite(v) for v in n.params.values()):
            problems.extend(
                p
                for p in check_params(n.id, cls, n.params)
                if p.field in n.params and isinstance(n.params[p.field], float) and not math.isfinite(n.params[p.field])
            )
    if problems:
        raise GraphValidationError(problems)


TRASH_DAYS = 30  # how long a deleted workflow can be restored before it is purged


def new_workflow(
    owner_id: str | None, title: str, document: dict[str, Any], *, is_public: bool, template_key: str | None = None
) -> Workflow:
    """A workflow at version 1, created now; a template when it has a `template_key`."""
    now = utcnow()
    return Workflow(
        id=new_id(),
        owner_id=owner_id,
        title=title,
        document=document,
        version=1,
        is_public=is_public,
        is_template=template_key is not None,
        template_key=template_key,
        created_at=now,
        updated_at=now,
    )


def workflow_json(
    workflow: Workflow,
    access: WorkflowAccess = WorkflowAccess.OWNER,
    *,
    with_document: bool = True,
    thumbnail_url: str | None = None,
) -> dict[str, Any]:
    """A workflow for the API, with what the caller may do with it; lists leave out the document and carry its
    card's picture (`thumbnail_url`, from `CardPictures`) instead."""
    body: dict[str, Any] = {
        "id": workflow.id,
        "title": workflow.title,
        "version": workflow.version,
        "owner_id": workflow.owner_id,
        "is_public": workflow.is_public,
        "is_template": workflow.is_template,
        "access": str(access),
        "created_at": timestamp(workflow.created_at),
        "updated_at": timestamp(workflow.updated_at),
        "node_count": len(workflow.document.get("nodes", [])),
    }
    if with_document:
        body["document"] = workflow.document
    else:
        body["thumbnail_url"] = thumbnail_url
    if workflow.deleted_at is not None:
        body["deleted_at"] = timestamp(workflow.deleted_at)
        body["purge_at"] = timestamp(workflow.deleted_at + timedelta(days=TRASH_DAYS))
    return body


class WorkflowService:
    def __init__(
        self,
        database: Database,
        *,
        access: AccessControl,
        signer: UrlSigner | None = None,
        cache_size: int = 1024,
        limits: GraphLimits | None = None,
    ) -> None:
        self.database = database
        self.access = access
        self.limits = limits or GraphLimits.of()  # the most nodes and edges a saved or run workflow may have
        self.cards = CardPictures(database, access, signer)  # without a signer, lists carry thumbnail_url null
        self._title_locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()
        # SQLite: this process is the only writer, so rows read once are served from memory (writes refresh them).
        self._cache: OrderedDict[str, Workflow] | None = OrderedDict() if database.is_sqlite else None
        self._cache_size = cache_size
        # Live co-editing (set by the studio): a document save of a workflow with a Yjs history goes through it.
        self.collab: CollabHub | None = None
        # Told when a title changes, so every open editor shows the new one (set by the studio).
        self.activity: WorkflowActivity | None = None

    async def readable(self, workflow_id: str, user_id: str | None) -> Workflow:
        """A workflow the user (None: signed out) may read; NotFound otherwise."""
        return (await self._read(workflow_id, user_id))[0]

    async def _read(self, workflow_id: str, user_id: str | None) -> tuple[Workflow, WorkflowAccess]:
        workflow = await self._load(workflow_id)
        access = await self.access.check_read(workflow, workflow_id, user_id)
        assert workflow is not None  # check_read raises NotFound for a missing one
        return workflow, access

    async def _load(self, workflow_id: str) -> Workflow | None:
        workflow = self._cached(workflow_id)
        if workflow is None:
            async with self.database.session() as session:
                workflow = await WorkflowRepository(session).get(workflow_id)
            if workflow is not None:
                self._remember(workflow)
        return workflow

    def _cached(self, workflow_id: str) -> Workflow | None:
        if self._cache is None:
            return None
        workflow = self._cache.get(workflow_id)
        if workflow is not None:
            self._cache.move_to_end(workflow_id)
        return workflow

    def _remember(self, workflow: Workflow) -> None:
        if self._cache is not None:
            known = self._cache.get(workflow.id)
            if known is not None and known.version > workflow.version:
                return  # a concurrent save already cached a newer version
            self._cache[workflow.id] = workflow
            if len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)

    def _forget(self, workflow_id: str) -> None:
        if self._cache is not None:
            self._cache.pop(workflow_id, None)

    async def _writable(
        self, workflow_id: str, user_id: str, *, owner_action: str | None = None
    ) -> tuple[Workflow, WorkflowAccess]:
        """A workflow the user may change (only its owner: `owner_action`); NotFound, or Forbidden in words."""
        workflow = await self._load(workflow_id)
        access = await self.access.check_write(workflow, workflow_id, user_id, owner_action=owner_action)
        assert workflow is not None  # the checks raise NotFound for a missing one
        return workflow, access

    async def list(
        self, user_id: str, limit: int, offset: int, query: str | None = None, *, shared: bool = False
    ) -> dict[str, Any]:
        """A page of the user's workflows (not the trashed ones), or with `shared` of those shared with them,
        newest change first; `query` keeps those whose title contains it, ignoring case."""
        async with self.database.session() as session:
            if shared:
                pairs, total = await ShareRepository(session).shared_with(user_id, limit, offset, query or None)
                rows = [(w, WorkflowAccess(role)) for w, role in pairs]
            else:
                owned, total = await WorkflowRepository(session).list_owned(user_id, limit, offset, query or None)
                rows = [(w, WorkflowAccess.OWNER) for w in owned]
        pictures = await self.cards.urls([w for w, _ in rows], user_id)
        return {
            "items": [
                workflow_json(w, access, with_document=False, thumbnail_url=pictures[w.id]) for w, access in rows
            ],
            "total": total,
            "limit": limit,
            "offset": offset,
        }

    async def templates(self) -> dict[str, Any]:
        async with self.database.session() as session:
            rows = await WorkflowRepository(session).list_templates()
        pictures = await self.cards.urls(rows, None)  # the preview each ships with (anyone may read it)
        return {"items": [{**workflow_json(w, WorkflowAccess.PUBLIC), "thumbnail_url": pictures[w.id]} for w in rows]}

    async def create(
        self,
        user_id: str,
        title: str,
        document: Any,
        *,
        is_public: bool = False,
        distinct_title: bool = False,
        copy: bool = False,
    ) -> dict[str, Any]:
        """A new workflow of the user's; with `distinct_title`, titled apart from every one of theirs (a file
        opened a second time: "Poster (2)"); with `copy`, titled as a copy of `title` ("Poster (copy)", then
        "Poster (copy 2)"): see karate.services.titles."""
        document = await self.access.check_thumbnail(normalize_document(document, self.limits), user_id)
        numbered = distinct_title or copy
        # numbered: one at a time per owner, so that two made at once (a drop of several files) are numbered apart
        async with self._titling(user_id) if numbered else contextlib.nullcontext(), self.database.session() as session:
            repository = WorkflowRepository(session)
            if numbered:
                await repository.lock_titles(user_id)  # and across API servers, until the row is committed
                # a long title is cut to make room for its number: its numbered ones share only its first letters
                base = uncopied(title) if copy else unnumbered(title)
                taken = await repository.titles_starting(user_id, base[: TITLE_MAX_LENGTH - 12])
                title = copy_title(taken, title) if copy else title_apart_from(taken, title)
            workflow = new_workflow(user_id, title, document, is_public=is_public)
            await repository.add(workflow)
        return workflow_json(workflow)

    def _titling(self, user_id: str) -> asyncio.Lock:
        """The lock this process holds while it numbers a title of `user_id`'s (kept while anyone waits on it)."""
        lock = self._title_locks.get(user_id)
        if lock is None:
            lock = self._title_locks[user_id] = asyncio.Lock()
        return lock

    async def update(
        self, workflow_id: str, user_id: str, version: int | None, changes: dict[str, Any]
    ) -> dict[str, Any]:
        """Save changes from an owner or editor (only the owner makes it public or private). With `version`,
        VersionConflict unless it is the current one; without, the changes are applied to whatever is current.
        A document change of a workflow being co-edited (it has a Yjs history) is merged into its shared
        document (karate.collab.hub), whose projection the row then is."""
        owner_action = "make it public or private" if "is_public" in changes else None
        current, access = await self._writable(workflow_id, user_id, owner_action=owner_action)
        self._forget(workflow_id)
        if "document" in changes:
            changes["document"] = await self.access.check_thumbnail(
                normalize_document(changes["document"], self.limits), user_id
            )
            if self.collab is not None and await self.collab.has_state(workflow_id):
                if version is not None and current.version != version:
                    raise self._conflict(workflow_id, version, current.version)
                # the nodes the save deletes are recorded as the saver's: whoever had changed one is told who
                await self.collab.apply_document(workflow_id, changes.pop("document"), user_id)
                self._forget(workflow_id)
                current, access = await self._writable(workflow_id, user_id)
                version = None  # merged: the rest applies to the version the projection made
                if not changes:
                    return workflow_json(current, access)
        for _ in range(8):  # without a version: retried while concurrent saves move it on
            expected = current.version if version is None else version
            if current.version == expected:
                async with self.database.session() as session:
                    repo = WorkflowRepository(session)
                    if await repo.update_if_version(workflow_id, expected, changes):
                        updated = await repo.get(workflow_id)
                        assert updated is not None
                        await session.refresh(updated)
                        self._remember(updated)
                        if "is_public" in changes and self.collab is not None:
                            await self.collab.access_changed(workflow_id)
                        if self.activity is not None and updated.title != current.title:
                            await self._tell_renamed(workflow_id, updated.title, user_id)
                        return workflow_json(updated, access)
                self._forget(workflow_id)
                current, _ = await self._writable(workflow_id, user_id)
            if version is not None:
                break
        raise self._conflict(workflow_id, version if version is not None else current.version, current.version)

    async def _tell_renamed(self, workflow_id: str, title: str, user_id: str) -> None:
        """Tell everyone who has the workflow open its new title and who gave it (activity `workflow.renamed`)."""
        if self.activity is None or not self.activity.listening(workflow_id):
            return
        renamer = person(user_id, await names(self.database, [user_id]))
        self.activity.publish(workflow_id, ActivityEvent.WORKFLOW_RENAMED, {"title": title, "user": renamer})

    @staticmethod
    def _conflict(workflow_id: str, version: int, current: int) -> VersionConflict:
        return VersionConflict(
            f"workflow {workflow_id} was changed elsewhere (another tab or person) since you "
            f"loaded version {version}; it is now version {current}. Load it again, or "
            "save your copy as a new workflow",
            current,
        )

    async def project(self, documents: dict[str, dict[str, Any]]) -> None:
        """Write co-edited documents' projections (checked and normalised by the caller), by workflow id, into their
        rows, all in one transaction: each changed row's version goes up by one. A row that holds its document
        already is left alone, as is a workflow no longer there (deleted meanwhile). A row saved meanwhile by
        another server is tried again, up to 8 times in all; then VersionConflict."""
        pending = documents
        for _ in range(8):
            for workflow_id in pending:
                self._forget(workflow_id)
            async with self.database.session() as session:
                repo = WorkflowRepository(session)
                stored = await repo.live_documents(list(pending))
                changes = {
                    workflow_id: (stored[workflow_id][0], document)
                    for workflow_id, document in pending.items()
                    if workflow_id in stored and stored[workflow_id][1] != document
                }
                missed = await repo.update_documents_if_versions(changes) if changes else set()
            for workflow_id in pending:
                self._forget(workflow_id)  # again: a read that overlapped the write may have cached the old row
            pending = {workflow_id: pending[workflow_id] for workflow_id in missed}
            if not pending:
                return
        raise VersionConflict(f"workflows {sorted(pending)} kept changing while their shared documents were saved", 0)

    async def delete(self, workflow_id: str, user_id: str) -> None:
        """Move the workflow to the owner's trash (restorable for TRASH_DAYS); NotFound, Forbidden."""
        await self._writable(workflow_id, user_id, owner_action="delete it")
        self._forget(workflow_id)
        async with self.database.session() as session:
            repo = WorkflowRepository(session)
            await repo.move_to_trash(workflow_id, utcnow())
            await repo.purge_trash(owner_id=user_id, deleted_before=utcnow() - timedelta(days=TRASH_DAYS))
        self._forget(workflow_id)  # again: a read that overlapped the write may have cached the live row
        if self.collab is not None:
            await self.collab.close_workflow(workflow_id)

    async def restore(self, workflow_id: str, user_id: str) -> dict[str, Any]:
        """Bring a workflow back from the user's trash, as it was; NotFound when it is not in their trash."""
        async with self.database.session() as session:
            repo = WorkflowRepository(session)
            trashed = await repo.get(workflow_id, trashed=True)
            if trashed is None or trashed.owner_id != user_id or not await repo.restore(workflow_id):
                raise NotFound(f"workflow {workflow_id} is not in your trash; GET /api/v1/trash lists what is")
        return await self.get(workflow_id, user_id)

    async def trash(self, user_id: str) -> dict[str, Any]:
        """The user's trashed workflows, most recently deleted first, each with when it will be purged."""
        async with self.database.session() as session:
            repo = WorkflowRepository(session)
            await repo.purge_trash(owner_id=user_id, deleted_before=utcnow() - timedelta(days=TRASH_DAYS))
            rows = await repo.list_trashed(user_id)
        pictures = await self.cards.urls(rows, user_id)
        return {
            "items": [workflow_json(w, with_document=False, thumbnail_url=pictures[w.id]) for w in rows],
            "retention_days": TRASH_DAYS,
        }

    async def empty_trash(self, user_id: str) -> int:
        """Delete every workflow in the user's trash for good; returns how many."""
        async with self.database.session() as session:
            return await WorkflowRepository(session).purge_trash(owner_id=user_id)

    async def duplicate(self, workflow_id: str, user_id: str) -> dict[str, Any]:
        source = await self.readable(workflow_id, user_id)  # anything the user may read: it becomes theirs
        document = source.document
        if source.is_template:  # its preview pictures the template; the copy is pictured by what it makes
            document = {key: value for key, value in document.items() if key != "thumbnail"}
        # a template's copy keeps its title ("Poster", then "Poster (2)"); a project's is named a copy of it
        template = source.is_template
        return await self.create(user_id, source.title, document, distinct_title=template, copy=not template)

    async def get(self, workflow_id: str, user_id: str | None) -> dict[str, Any]:
        """The workflow with what the caller (None: signed out) may do with it; NotFound unless they may read it.
        The document is the live one's latest: an open room's pending projection is written first."""
        if self.collab is not None:
            await self.collab.flush(workflow_id)
        return workflow_json(*await self._read(workflow_id, user_id))
