"""A run's events in chunks: each row of run_events holds the events `seq` to `last_seq` that the run journal
committed together (`events`, a JSON list) instead of one event (`type`, `payload`). A 401-node run's 805 events
became a handful of rows, and a REST client following such a run waits a fifth less (bench/scale/README.md).
Recorded events become chunks of one; the downgrade gives each event its own row again.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    op.add_column("run_events", sa.Column("last_seq", sa.Integer(), nullable=True))
    as_list = "json_build_array(payload)" if postgres else "json_array(json(payload))"
    op.execute(f"UPDATE run_events SET last_seq = seq, payload = {as_list}")
    # On SQLite a batch copies run_events; no table refers to it, so the copy deletes nothing (karate.db.table_copy).
    with op.batch_alter_table("run_events") as batch:
        batch.alter_column("last_seq", existing_type=sa.Integer(), nullable=False)
        batch.alter_column("payload", new_column_name="events", existing_type=sa.JSON(), existing_nullable=False)
        batch.drop_column("type")


def downgrade() -> None:
    bind = op.get_bind()
    postgres = bind.dialect.name == "postgresql"
    chunks = sa.table(
        "run_events",
        sa.column("run_id", sa.String()),
        sa.column("seq", sa.Integer()),
        sa.column("last_seq", sa.Integer()),
        sa.column("events", sa.JSON()),
    )
    longer = chunks.c.last_seq > chunks.c.seq
    expanded: list[dict[str, Any]] = [
        {"run_id": run_id, "seq": event["seq"], "type": event["type"], "payload": event}
        for run_id, events in bind.execute(sa.select(chunks.c.run_id, chunks.c.events).where(longer)).all()
        for event in events
    ]
    op.execute(chunks.delete().where(longer))
    op.add_column("run_events", sa.Column("type", sa.String(40), nullable=True))
    first = (
        ("events->0->>'type'", "events->0")
        if postgres
        else ("json_extract(events, '$[0].type')", "json(json_extract(events, '$[0]'))")
    )
    op.execute(f"UPDATE run_events SET type = {first[0]}, events = {first[1]}")
    with op.batch_alter_table("run_events") as batch:
        batch.alter_column("type", existing_type=sa.String(40), nullable=False)
        batch.alter_column("events", new_column_name="payload", existing_type=sa.JSON(), existing_nullable=False)
        batch.drop_column("last_seq")
    events = sa.table(
        "run_events",
        sa.column("run_id", sa.String()),
        sa.column("seq", sa.Integer()),
        sa.column("type", sa.String()),
        sa.column("payload", sa.JSON()),
    )
    if expanded:
        op.bulk_insert(events, expanded)
