"""Tables of live co-editing: each workflow's Yjs updates (its collaborative document, compacted now and then),
its versions (Yjs snapshots with the graph they hold) and the comment threads pinned to its nodes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Float, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from karate.db.models import Base, JsonDocument, UTCDateTime, new_id, utcnow


class CollabUpdate(Base):
    """One Yjs update of a workflow's document, stored as it is relayed; a room's history in order.
    Compaction replaces a workflow's rows with one row holding their merge."""

    __tablename__ = "collab_updates"
    __table_args__ = (Index("ix_collab_updates_workflow_seq", "workflow_id", "seq"),)

    seq: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer(), "sqlite"), primary_key=True, autoincrement=True
    )
    workflow_id: Mapped[str] = mapped_column(ForeignKey("workflows.id", ondelete="CASCADE"))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class WorkflowVersion(Base):
    """A version of a workflow: a Yjs snapshot (the document's full state as one update) and the graph it holds.
    `kind`: named (Save version), auto (every ten minutes of editing), run (before a run), restore."""

    __tablename__ = "workflow_versions"
    __table_args__ = (Index("ix_workflow_versions_workflow_number", "workflow_id", "number", unique=True),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    workflow_id: Mapped[str] = mapped_column(ForeignKey("workflows.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str | None] = mapped_column(String(200), nullable=True, default=None)
    author_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    snapshot: Mapped[bytes] = mapped_column(LargeBinary)
    document: Mapped[dict[str, Any]] = mapped_column(JsonDocument)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Comment(Base):
    """A comment: a thread's first (`thread_id` null, pinned to `node_id` or to the canvas point x, y) or a reply
    in a thread. A thread is resolved and reopened as a whole (on its first comment)."""

    __tablename__ = "comments"
    __table_args__ = (Index("ix_comments_workflow_created", "workflow_id", "created_at"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    workflow_id: Mapped[str] = mapped_column(ForeignKey("workflows.id", ondelete="CASCADE"))
    thread_id: Mapped[str | None] = mapped_column(
        ForeignKey("comments.id", ondelete="CASCADE"), nullable=True, default=None, index=True
    )
    author_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    node_id: Mapped[str | None] = mapped_column(String(200), nullable=True, default=None)
    x: Mapped[float | None] = mapped_column(Float, nullable=True, default=None)
    y: Mapped[float | None] = mapped_column(Float, nullable=True, default=None)
    body: Mapped[str] = mapped_column(Text)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True, default=None)
    resolved_by: Mapped[str | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True, default=None
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
