"""The studio: every long-lived part of the server (database, asset store, engine, services), started
and stopped together by the app's lifespan."""

from __future__ import annotations

import logging
import time

import orjson

from karate.config import Settings
from karate.db import Database
from karate.db.repositories import AssetRepository, UserRepository
from karate.engine import Engine
from karate.engine.registry import load_builtin_nodes
from karate.engine.types import connection_table
from karate.providers import ProviderHub
from karate.services.assets import AssetService
from karate.services.dispatcher import InProcessDispatcher
from karate.services.journal import RunJournal
from karate.services.limits import GraphLimits
from karate.services.live import LiveRuns, RunEventFeed
from karate.services.outputs import OutputDescriber
from karate.services.runs import JOURNAL_FIRST, JOURNAL_LAST, RunService
from karate.services.signing import UrlSigner
from karate.services.templates import TemplateSeeder
from karate.services.workflows import WorkflowService
from karate.storage.assets import AssetRef, LocalAssetStore
from karate.storage.cache_index import SqliteCacheIndex

log = logging.getLogger("karate.studio")

# Temporary upload files older than this belong to no running upload (used when servers share a folder).
_STALE_TMP_S = 3600


class Studio:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.registry = load_builtin_nodes()
        self._catalog: bytes | None = None

    def node_catalog(self) -> bytes:
        """The node catalog as JSON, made once: the registry does not change while the server runs."""
        if self._catalog is None:
            self._catalog = orjson.dumps({"nodes": self.registry.specs_json(), "connections": connection_table()})
        return self._catalog

    async def start(self) -> None:
        settings = self.settings
        settings.create_data_dir()
        self.database = Database(settings.resolved_database_url)
        await self.database.migrate()
        async with self.database.session() as session:
            self.local_owner_id = (await UserRepository(session).ensure_local_owner()).id
            self.pinned: set[str] = set(await AssetRepository(session).all_ids())
        self.store = LocalAssetStore(settings.assets_dir, max_image_pixels=settings.max_image_pixels)
        self._clean_temporary_files()
        self.cache = SqliteCacheIndex(settings.cache_index_path, self.store, max_bytes=settings.cache_max_bytes,
                                      is_pinned=self.pinned.__contains__)
        self.signer = UrlSigner.from_settings(settings.signing_secret, settings.data_dir, settings.signed_url_ttl)
        public_url = self._public_asset_url if settings.public_url else None
        self.providers = ProviderHub(settings, public_url=public_url)
        self.engine = Engine(self.store, self.cache, registry=self.registry, workers=settings.worker_count,
                             node_timeout=settings.node_timeout,
                             services={"settings": settings, "providers": self.providers})
        self.journal = RunJournal(self.database, first=JOURNAL_FIRST, last=JOURNAL_LAST)
        self.journal.start()
        self.live = LiveRuns()
        self.events = RunEventFeed(self.database, self.live)
        self.workflows = WorkflowService(self.database, signer=self.signer, limits=GraphLimits.of(settings))
        self.assets = AssetService(self.database, self.store, self.signer, data_dir=settings.data_dir,
                                   max_bytes=settings.upload_max_bytes, pinned=self.pinned)
        self.runs = RunService(self.database, self.engine, self.journal, self.live, self.workflows,
                               OutputDescriber(self.store, self.signer), self.pinned)
        self.dispatcher = InProcessDispatcher(self.runs.execute, concurrency=settings.run_concurrency)
        self.runs.dispatcher = self.dispatcher
        seeded = await TemplateSeeder(self.database, self.store, self.assets).seed(settings.resolved_examples_dir)
        if seeded:
            log.info("seeded %d template(s) from %s", seeded, settings.resolved_examples_dir)
        await self.runs.recover()

    async def stop(self) -> None:
        self.runs.cancel_all()
        await self.dispatcher.stop()
        await self.journal.stop()
        self.engine.close()
        await self.providers.aclose()
        self.cache.close()
        await self.database.dispose()

    def _public_asset_url(self, asset: AssetRef) -> str:
        """A signed, absolute address a provider can download an input file from."""
        assert self.settings.public_url is not None
        return self.settings.public_url.rstrip("/") + self.signer.url(asset.sha256)

    def _clean_temporary_files(self) -> None:
        # A killed upload or node leaves its temporary file behind; it never became an asset.
        embedded = self.database.is_sqlite
        cutoff = time.time() - _STALE_TMP_S
        for path in (self.settings.assets_dir / ".tmp").glob("*"):
            try:
                if embedded or path.stat().st_mtime < cutoff:
                    path.unlink()
            except OSError:
                continue
