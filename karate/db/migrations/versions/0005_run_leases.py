"""Run leases: the worker executing a run (runs.lease_owner) and until when its claim holds (runs.lease_expires_at).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("runs", sa.Column("lease_owner", sa.String(120), nullable=True))
    op.add_column("runs", sa.Column("lease_expires_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    # in place, not in a batch: a copy of runs would delete their node records and events (karate.db.table_copy)
    op.drop_column("runs", "lease_expires_at")
    op.drop_column("runs", "lease_owner")
