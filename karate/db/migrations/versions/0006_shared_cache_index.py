"""The shared cache index: which node results exist (cache_entries), the stored files each one holds
(cache_assets), and their total size (cache_totals, one row), so servers and workers on one database share
one cache. Used when the database is PostgreSQL; the embedded default keeps its index in a SQLite file.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cache_entries",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("node_type", sa.String(200), nullable=False),
        sa.Column("outputs", sa.Text(), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("created", sa.Float(), nullable=False),
        sa.Column("last_used", sa.Float(), nullable=False),
    )
    op.create_index("ix_cache_entries_lru", "cache_entries", ["last_used"])
    op.create_table(
        "cache_assets",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("sha256", sa.String(64), primary_key=True),
    )
    op.create_index("ix_cache_assets_sha256", "cache_assets", ["sha256"])
    op.create_table(
        "cache_totals",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("bytes", sa.BigInteger(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("cache_totals")
    op.drop_index("ix_cache_assets_sha256", table_name="cache_assets")
    op.drop_table("cache_assets")
    op.drop_index("ix_cache_entries_lru", table_name="cache_entries")
    op.drop_table("cache_entries")
