"""The studio: the composition root that builds every long-lived part of the server (database, asset
store, engine, services) whole, started and stopped together by the app's lifespan."""

from __future__ import annotations

import logging
import time
from collections.abc import Collection
from pathlib import Path

import orjson

from karate.agents.service import Planner
from karate.collab.activity import WorkflowActivity
from karate.collab.comments import CommentService
from karate.collab.hub import CollabHub
from karate.collab.relay import collab_relay_for
from karate.collab.versions import VersionService
from karate.config import Settings
from karate.db import Database
from karate.db.repositories import AssetRepository, UserRepository
from karate.engine import Engine
from karate.engine.context import NodeServices
from karate.engine.registry import load_builtin_nodes
from karate.engine.types import connection_table
from karate.providers import ProviderHub
from karate.services.access import AccessControl
from karate.services.accounts import AccountService
from karate.services.agent_jobs import AgentJobQueue
from karate.services.agent_schedule import AgentScheduler
from karate.services.agent_tools import AgentTools
from karate.services.assets import AssetService
from karate.services.billing import Billing
from karate.services.credits import CreditService
from karate.services.credits_estimate import RunPricer
from karate.services.credits_gate import RunCreditGate
from karate.services.dispatcher import dispatcher_for, event_fanout_for
from karate.services.identity import AuthMethod, Principal, Role
from karate.services.journal import RunJournal
from karate.services.limits import GraphLimits
from karate.services.live import LiveRuns, RunEventFeed
from karate.services.mail import Mailer
from karate.services.oidc import OidcVerifier
from karate.services.outputs import OutputDescriber
from karate.services.password_resets import PasswordResets
from karate.services.pinned import PinnedAssets
from karate.services.rate_limits import RateLimiter
from karate.services.run_recording import JOURNAL_FIRST, JOURNAL_LAST, RunRecorder
from karate.services.run_views import RunViews
from karate.services.runs import RunService
from karate.services.sharing import ShareService
from karate.services.signing import UrlSigner
from karate.services.support import SupportDesk
from karate.services.support_threads import TicketThreads
from karate.services.templates import TemplateSeeder
from karate.services.workflows import WorkflowService
from karate.storage.assets import AssetRef
from karate.storage.factory import open_asset_store, open_cache_index

log = logging.getLogger("karate.studio")

# Temporary upload files older than this belong to no running upload (used when servers share a folder).
_STALE_TMP_S = 3600


class Studio:
    """Every long-lived part of the server, built whole: `open` reads what the parts need from the database
    and returns a studio whose `start` begins its background work and whose `stop` ends it and closes it."""

    def __init__(self, settings: Settings, database: Database, *, local_owner_id: str, pinned: PinnedAssets) -> None:
        self.settings = settings
        self.database = database
        self.local_owner_id = local_owner_id
        self.accounts = AccountService(database, settings)
        self.mailer = Mailer(settings.smtp_url, settings.smtp_from)
        self.password_resets = PasswordResets(database, self.accounts, self.mailer)
        # Local mode: every request acts for the machine's owner. Accounts mode: only for verified credentials.
        self.local_principal = None if settings.auth else Principal(local_owner_id, Role.OWNER, AuthMethod.LOCAL)
        self.rate_limits = RateLimiter(settings, enabled=self.local_principal is None)
        self.oidc = OidcVerifier(settings.oidc_issuer, settings.oidc_audience) if settings.oidc_issuer else None
        self.pinned = pinned
        self.registry = load_builtin_nodes()
        self._catalog: bytes | None = None
        self.store = open_asset_store(settings)  # a local folder, or an S3 bucket (KARATE_STORAGE_URL)
        # The node-result cache: shared in the database on PostgreSQL, else a SQLite file in the data folder.
        self.cache = open_cache_index(settings, self.store, is_pinned=pinned.__contains__)
        self.signer = UrlSigner.from_settings(settings.signing_secret, settings.data_dir, settings.signed_url_ttl)
        public_url = self._public_asset_url if settings.public_url else None
        self.providers = ProviderHub(settings, public_url=public_url)
        self.live = LiveRuns()
        # Accounts mode charges model nodes their credits; local mode charges nothing.
        self.credits = CreditService(database, settings, type_title=self._type_title)
        self.billing = Billing(database, settings, self.credits)
        gate = RunCreditGate(self.credits, self.live) if settings.auth else None
        self.engine = Engine(
            self.store,
            self.cache,
            registry=self.registry,
            workers=settings.worker_count,
            node_timeout=settings.node_timeout,
            services=NodeServices(settings, self.providers, gate),
        )
        self.journal = RunJournal(database, first=JOURNAL_FIRST, last=JOURNAL_LAST)
        # One place decides who may read or change each workflow, run and asset (karate.services.access).
        self.access = AccessControl(database, single_user=self.local_principal is not None, live=self.live)
        self.sharing = ShareService(database, self.access, accounts=self.local_principal is None)
        # With workers (KARATE_DISPATCH=queue), run events reach this server's followers through Redis.
        self.fanout = event_fanout_for(settings)
        self.events = RunEventFeed(database, self.live, self.access, self.fanout)
        self.workflows = WorkflowService(
            database, access=self.access, signer=self.signer, limits=GraphLimits.of(settings)
        )
        # Live co-editing: each workflow a Yjs document in a room (karate.collab.hub), projected into its row.
        # With Redis, each room is relayed to the same workflow's rooms on the other servers (karate.collab.relay).
        relay = collab_relay_for(settings.redis_url, settings.queue_prefix)
        self.collab = CollabHub(
            database, self.workflows, self.access, accounts=self.local_principal is None, relay=relay
        )
        self.workflows.collab = self.collab
        self.sharing.on_change = self.collab.access_changed
        # What happens on a workflow besides its graph, live (comments, runs, versions), and its version history.
        self.activity = WorkflowActivity(relay=relay)
        self.accounts.on_signed_out = self._signed_out  # a sign-out (or expiry) ends its open connections at once
        self.workflows.activity = self.activity
        self.comments = CommentService(database, self.access, self.activity)
        self.versions = VersionService(database, self.access, self.activity, self.collab, self.workflows, self.registry)
        self.collab.edit_listener = self.versions.note_edit
        self.assets = AssetService(
            database,
            self.store,
            self.signer,
            data_dir=settings.data_dir,
            max_bytes=settings.upload_max_bytes,
            pinned=pinned,
            access=self.access,
        )
        describer = OutputDescriber(self.store, self.signer)
        dialect = "sqlite" if database.is_sqlite else "postgresql"
        self.recorder = RunRecorder(self.journal, self.live, describer, pinned, dialect=dialect)
        self.dispatcher = dispatcher_for(settings, self.recorder.execute, self.live.remove)
        views = RunViews(database, self.live, describer, self.registry, self.access, lease_s=settings.run_lease_s)
        self.planner = Planner(settings, self.registry, self.providers, sizes=self.assets.image_sizes)
        self.support = SupportDesk(database, self.registry, settings, accounts=self.local_principal is None)
        self.support_threads = TicketThreads(self.support, self.mailer)
        self.agent_jobs = AgentJobQueue(database)
        self.agent_schedule = AgentScheduler(
            self.agent_jobs,
            AgentTools(
                database,
                settings.data_dir,
                self.planner.context,
                settings=settings,
                mailer=self.mailer,
                signer=self.signer,
            ),
        )
        self.pricer = RunPricer(
            self.engine, self.workflows, self.credits, charged=bool(settings.auth), providers=self.providers
        )
        self.runs = RunService(
            database,
            self.engine,
            self.journal,
            self.live,
            self.workflows,
            self.recorder,
            views,
            self.dispatcher,
            pricer=self.pricer if settings.auth else None,
            collab=self.collab,
            versions=self.versions,
            activity=self.activity,
            fanout=self.fanout,
        )

    @classmethod
    async def open(cls, settings: Settings) -> Studio:
        """Create the data folder, migrate the database, read the local owner and the recorded assets,
        remove temporary files left behind, and build the studio on them (not started yet)."""
        settings.create_data_dir()
        database = Database(settings.resolved_database_url, pool_size=settings.db_pool_size)
        await database.migrate()
        async with database.session() as session:
            local_owner_id = (await UserRepository(session).ensure_local_owner()).id
            pinned = PinnedAssets(await AssetRepository(session).all_ids())
        _clean_temporary_files(settings.assets_dir / ".tmp", embedded=database.is_sqlite)
        return cls(settings, database, local_owner_id=local_owner_id, pinned=pinned)

    def node_catalog(self) -> bytes:
        """The node catalog as JSON, with the studio's pixel limit (the editor marks upscales past it), made once: the
        registry and the settings do not change while the server runs."""
        if self._catalog is None:
            self._catalog = orjson.dumps(
                {
                    "nodes": self.registry.specs_json(),
                    "connections": connection_table(),
                    "max_image_pixels": self.settings.max_image_pixels,
                }
            )
        return self._catalog

    async def start(self) -> None:
        """Start writing the run journal, seed the templates, and resume or close the runs a stop interrupted."""
        self.journal.start()
        if self.fanout is not None:  # the events of runs this server ends itself (a queued run cancelled)
            self.fanout.start()
        await self.collab.start()
        settings = self.settings
        seeded = await TemplateSeeder(self.database, self.store, self.assets).seed(settings.resolved_examples_dir)
        if seeded:
            log.info("seeded %d template(s) from %s", seeded, settings.resolved_examples_dir)
        # before any run executes: no hold survives a stop (but workers' runs go on while a server restarts)
        await self.credits.recover(ended_runs_only=not self.dispatcher.local)
        await self.runs.recover()
        self.agent_schedule.start()

    async def stop(self) -> None:
        await self.agent_schedule.stop()
        await self.accounts.expiry.stop()
        await self.collab.stop()  # every room projected and compacted while the database is open
        await self.runs.stop()  # runs executing here end "interrupted", as after a crash; queued ones stay queued
        await self.journal.stop()
        if self.fanout is not None:
            await self.fanout.stop()
            await self.fanout.redis.aclose()
        self.engine.close()
        await self.providers.aclose()
        await self.rate_limits.aclose()
        self.cache.close()
        await self.database.dispose()

    def _type_title(self, node_type: str) -> str | None:
        """A node type's title (a model's name), None for a type this studio does not have."""
        cls = self.registry.get(node_type)
        return cls.spec.title if cls is not None else None

    async def _signed_out(self, user_id: str, credentials: Collection[str] | None) -> None:
        """Credentials of the user ended: their activity feeds and co-editing connections close, on every server."""
        self.activity.signed_out_here(user_id, credentials)
        await self.collab.signed_out(user_id, credentials)

    def _public_asset_url(self, asset: AssetRef) -> str:
        """A signed, absolute address a provider can download an input file from."""
        assert self.settings.public_url is not None
        return self.settings.public_url.rstrip("/") + self.signer.url(asset.sha256)


def _clean_temporary_files(folder: Path, *, embedded: bool) -> None:
    """Remove the temporary files a killed upload or node left behind (they never became assets): all of
    them for an embedded database (one server), else those older than an hour (servers may share a folder)."""
    cutoff = time.time() - _STALE_TMP_S
    for path in folder.glob("*"):
        try:
            if embedded or path.stat().st_mtime < cutoff:
                path.unlink()
        except OSError:
            continue
