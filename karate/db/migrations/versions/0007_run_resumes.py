"""Run resumes: how many times another worker took a run over after the one executing it stopped (runs.resumes),
so a history list shows it without reading the run's events.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("runs", sa.Column("resumes", sa.Integer(), nullable=False, server_default="0"))
    # runs taken over before this column existed: one per run.resumed event they recorded
    op.execute(
        "UPDATE runs SET resumes = (SELECT COUNT(*) FROM run_events "
        "WHERE run_events.run_id = runs.id AND run_events.type = 'run.resumed') "
        "WHERE id IN (SELECT run_id FROM run_events WHERE type = 'run.resumed')"
    )


def downgrade() -> None:
    # in place, not in a batch: a copy of runs would delete their node records and events (karate.db.table_copy)
    op.drop_column("runs", "resumes")
