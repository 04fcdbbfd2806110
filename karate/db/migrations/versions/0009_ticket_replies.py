"""Support tickets get a thread: the team's replies and the asker's follow-ups (support_replies), and when the asker
last read the thread (a team reply after it is unread). A ticket may now be `closed`.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-09
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "support_replies",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("ticket_id", sa.String(32), sa.ForeignKey("support_tickets.id", ondelete="CASCADE"), nullable=False),
        sa.Column("user_id", sa.String(32), sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
        sa.Column("author", sa.String(16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_support_replies_ticket_id", "support_replies", ["ticket_id"])
    with op.batch_alter_table("support_tickets") as table:
        table.add_column(sa.Column("asker_read_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    # 0008 knew only `open` and `answered`: a closed ticket had its answer
    op.execute("UPDATE support_tickets SET status = 'answered' WHERE status = 'closed'")
    op.drop_index("ix_support_replies_ticket_id", "support_replies")
    op.drop_table("support_replies")
    with op.batch_alter_table("support_tickets") as table:  # SQLite copies the table: nothing refers to it now
        table.drop_column("asker_read_at")
