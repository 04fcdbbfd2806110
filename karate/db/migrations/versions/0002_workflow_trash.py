"""Deleted projects go to a trash first: workflows.deleted_at (null while the project is live).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("workflows", sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True))
    op.create_index("ix_workflows_deleted_at", "workflows", ["deleted_at"])


def downgrade() -> None:
    op.drop_index("ix_workflows_deleted_at", table_name="workflows")
    # in place, not in a batch: a copy of workflows would empty the runs' workflow_id (karate.db.table_copy)
    op.drop_column("workflows", "deleted_at")
