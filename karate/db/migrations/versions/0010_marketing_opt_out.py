"""Each person's choice of the marketing emails: `users.marketing_emails`, true (they receive the tips emails when the
studio sends them, KARATE_MARKETING_EMAILS) until they turn it off on their account page or with an email's
unsubscribe link.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-10
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Not in a batch: on SQLite a batch copies the users table, and dropping the old one would cascade to every
    # table that refers to it. Adding a column with a default needs no copy on either database.
    op.add_column("users", sa.Column("marketing_emails", sa.Boolean(), nullable=False, server_default=sa.true()))


def downgrade() -> None:
    # SQLite drops a column in place (3.35 and later), as PostgreSQL does: the users table is not copied.
    op.drop_column("users", "marketing_emails")
