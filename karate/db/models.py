"""Tables of the studio: users, workflows, runs, node runs, assets and run events (accounts mode adds
karate.db.account_tables)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, DateTime, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

JsonDocument = JSON().with_variant(JSONB(), "postgresql")


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite hands back naive ones)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


def new_id() -> str:
    return uuid.uuid4().hex


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20), default="user")
    is_local: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Accounts mode: the argon2 hash (none for an account that signs in only through OIDC), the credit
    # balance (the running sum of its ledger: karate.db.account_tables), the analytics opt-out, and whether
    # the marketing agent may mail them tips (KARATE_MARKETING_EMAILS; off on the account page or by unsubscribing).
    password_hash: Mapped[str | None] = mapped_column(String(255), nullable=True, default=None)
    credits: Mapped[int] = mapped_column(Integer, default=0)
    analytics_opt_out: Mapped[bool] = mapped_column(Boolean, default=False)
    marketing_emails: Mapped[bool] = mapped_column(Boolean, default=True)
    oidc_subject: Mapped[str | None] = mapped_column(String(255), unique=True, nullable=True, default=None)


class Workflow(Base):
    __tablename__ = "workflows"
    __table_args__ = (Index("ix_workflows_owner_updated", "owner_id", "updated_at"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    owner_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=True)
    title: Mapped[str] = mapped_column(String(200))
    document: Mapped[dict[str, Any]] = mapped_column(JsonDocument)
    version: Mapped[int] = mapped_column(Integer, default=1)
    is_public: Mapped[bool] = mapped_column(Boolean, default=False)
    is_template: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    template_key: Mapped[str | None] = mapped_column(String(200), unique=True, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Set when the owner deletes the project: it waits in the trash (restorable) until purged.
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True, default=None, index=True)


class Run(Base):
    __tablename__ = "runs"
    __table_args__ = (
        Index("ix_runs_workflow_created", "workflow_id", "created_at"),
        Index("ix_runs_owner_created", "owner_id", "created_at"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    workflow_id: Mapped[str | None] = mapped_column(ForeignKey("workflows.id", ondelete="SET NULL"), nullable=True)
    owner_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=True)
    status: Mapped[str] = mapped_column(String(20), index=True)
    document: Mapped[dict[str, Any]] = mapped_column(JsonDocument)
    targets: Mapped[list[str] | None] = mapped_column(JSON, nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    # The workflow version it ran (karate.db.collab_tables.WorkflowVersion): the exact graph that made its results.
    version_id: Mapped[str | None] = mapped_column(
        ForeignKey("workflow_versions.id", ondelete="SET NULL"), nullable=True, default=None
    )
    # The worker executing it and until when its claim holds unless renewed (karate.worker.leases); none in
    # the embedded default, and none once it ended.
    lease_owner: Mapped[str | None] = mapped_column(String(120), nullable=True, default=None)
    lease_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True, default=None)
    # How many times another worker took it over after the one executing it stopped (karate.worker.leases).
    resumes: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class NodeRunRecord(Base):
    __tablename__ = "node_runs"

    run_id: Mapped[str] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), primary_key=True)
    node_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    node_type: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20))
    cached: Mapped[bool] = mapped_column(Boolean, default=False)
    outputs: Mapped[dict[str, Any]] = mapped_column(JSON)
    error: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    duration_ms: Mapped[float | None] = mapped_column(Float, nullable=True)


class Asset(Base):
    """An uploaded file, an example image or a saved result; the cache never evicts these."""

    __tablename__ = "assets"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    owner_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    mime: Mapped[str] = mapped_column(String(100))
    bytes: Mapped[int] = mapped_column(BigInteger)
    width: Mapped[int | None] = mapped_column(Integer, nullable=True)
    height: Mapped[int | None] = mapped_column(Integer, nullable=True)
    duration: Mapped[float | None] = mapped_column(Float, nullable=True)
    filename: Mapped[str | None] = mapped_column(String(255), nullable=True)
    source_run_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    source_node_id: Mapped[str | None] = mapped_column(String(200), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class RunEventChunk(Base):
    """A run's events `seq` to `last_seq`, in order, as one row: the events (RunEvent JSON, karate.api.event_schemas)
    that the run journal committed together. A 401-node run's 805 events are a handful of rows, not 805: a row
    each cost a REST client following such a run a fifth of its time (bench/scale/README.md). Read them with
    `RunRepository.events_after`; write a chunk's columns with `event_chunk`."""

    __tablename__ = "run_events"

    run_id: Mapped[str] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)  # the first event's
    last_seq: Mapped[int] = mapped_column(Integer)
    events: Mapped[list[dict[str, Any]]] = mapped_column(JSON)


def event_chunk(run_id: str, events: list[dict[str, Any]]) -> dict[str, Any]:
    """The columns of the chunk holding `events` (RunEvent JSON, at least one, in seq order) of run `run_id`."""
    return {"run_id": run_id, "seq": events[0]["seq"], "last_seq": events[-1]["seq"], "events": events}
