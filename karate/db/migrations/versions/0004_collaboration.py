"""Collaboration: Yjs updates per workflow, versions (snapshots), comment threads, and the version a run ran.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from karate.db.table_copy import foreign_keys_off

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_TIME = sa.DateTime(timezone=True)


def _workflow() -> sa.Column[str]:
    return sa.Column("workflow_id", sa.String(32), sa.ForeignKey("workflows.id", ondelete="CASCADE"), nullable=False)


def _user(name: str) -> sa.Column[str]:
    return sa.Column(name, sa.String(32), sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True)


def upgrade() -> None:
    op.create_table(
        "collab_updates",
        sa.Column("seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True, autoincrement=True),
        _workflow(),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", _TIME, nullable=False),
    )
    op.create_index("ix_collab_updates_workflow_seq", "collab_updates", ["workflow_id", "seq"])
    op.create_table(
        "workflow_versions",
        sa.Column("id", sa.String(32), primary_key=True),
        _workflow(),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("name", sa.String(200), nullable=True),
        _user("author_id"),
        sa.Column("snapshot", sa.LargeBinary(), nullable=False),
        sa.Column("document", sa.JSON().with_variant(sa.dialects.postgresql.JSONB(), "postgresql"), nullable=False),
        sa.Column("created_at", _TIME, nullable=False),
    )
    op.create_index("ix_workflow_versions_workflow_number", "workflow_versions", ["workflow_id", "number"], unique=True)
    op.create_table(
        "comments",
        sa.Column("id", sa.String(32), primary_key=True),
        _workflow(),
        sa.Column("thread_id", sa.String(32), sa.ForeignKey("comments.id", ondelete="CASCADE"), nullable=True),
        _user("author_id"),
        sa.Column("node_id", sa.String(200), nullable=True),
        sa.Column("x", sa.Float(), nullable=True),
        sa.Column("y", sa.Float(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("resolved_at", _TIME, nullable=True),
        _user("resolved_by"),
        sa.Column("created_at", _TIME, nullable=False),
        sa.Column("updated_at", _TIME, nullable=False),
    )
    op.create_index("ix_comments_workflow_created", "comments", ["workflow_id", "created_at"])
    op.create_index("ix_comments_thread_id", "comments", ["thread_id"])
    # a foreign key makes SQLite copy runs, which node records and events refer to (karate.db.table_copy)
    with foreign_keys_off(op.get_bind()), op.batch_alter_table("runs") as batch:
        batch.add_column(sa.Column("version_id", sa.String(32), nullable=True))
        batch.create_foreign_key("fk_runs_version_id", "workflow_versions", ["version_id"], ["id"], ondelete="SET NULL")


def downgrade() -> None:
    with foreign_keys_off(op.get_bind()), op.batch_alter_table("runs") as batch:
        batch.drop_constraint("fk_runs_version_id", type_="foreignkey")
        batch.drop_column("version_id")
    op.drop_table("comments")
    op.drop_table("workflow_versions")
    op.drop_table("collab_updates")
