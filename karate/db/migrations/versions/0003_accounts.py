"""Accounts: passwords, credits and opt-out on users; sessions, API keys, password resets, workflow shares,
the credit ledger and holds, applied Stripe events and the audit log.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from karate.db.table_copy import foreign_keys_off

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_TIME = sa.DateTime(timezone=True)


def _user(ondelete: str, *, nullable: bool = False, primary_key: bool = False) -> sa.Column[str]:
    return sa.Column(
        "user_id",
        sa.String(32),
        sa.ForeignKey("users.id", ondelete=ondelete),
        nullable=nullable,
        primary_key=primary_key,
    )


def upgrade() -> None:
    # the unique constraint makes SQLite copy the table (karate.db.table_copy)
    with foreign_keys_off(op.get_bind()), op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("password_hash", sa.String(255), nullable=True))
        batch.add_column(sa.Column("credits", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("analytics_opt_out", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("oidc_subject", sa.String(255), nullable=True))
        batch.create_unique_constraint("uq_users_oidc_subject", ["oidc_subject"])
    op.create_table(
        "auth_sessions",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        _user("CASCADE"),
        sa.Column("csrf_token", sa.String(64), nullable=False),
        sa.Column("created_at", _TIME, nullable=False),
        sa.Column("expires_at", _TIME, nullable=False),
    )
    op.create_index("ix_auth_sessions_user_id", "auth_sessions", ["user_id"])
    op.create_table(
        "api_keys",
        sa.Column("id", sa.String(32), primary_key=True),
        _user("CASCADE"),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("prefix", sa.String(16), nullable=False),
        sa.Column("key_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", _TIME, nullable=False),
        sa.Column("last_used_at", _TIME, nullable=True),
    )
    op.create_index("ix_api_keys_user_id", "api_keys", ["user_id"])
    op.create_table(
        "password_resets",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        _user("CASCADE"),
        sa.Column("expires_at", _TIME, nullable=False),
        sa.Column("used_at", _TIME, nullable=True),
    )
    op.create_index("ix_password_resets_user_id", "password_resets", ["user_id"])
    op.create_table(
        "workflow_shares",
        sa.Column("workflow_id", sa.String(32), sa.ForeignKey("workflows.id", ondelete="CASCADE"), primary_key=True),
        _user("CASCADE", primary_key=True),
        sa.Column("role", sa.String(10), nullable=False),
        sa.Column("created_at", _TIME, nullable=False),
    )
    op.create_index("ix_workflow_shares_user_id", "workflow_shares", ["user_id"])
    op.create_table(
        "asset_holders",
        sa.Column("sha256", sa.String(64), sa.ForeignKey("assets.sha256", ondelete="CASCADE"), primary_key=True),
        _user("CASCADE", primary_key=True),
        sa.Column("filename", sa.String(255), nullable=True),
        sa.Column("created_at", _TIME, nullable=False),
    )
    op.create_index("ix_asset_holders_user_id", "asset_holders", ["user_id"])
    op.create_table(
        "credit_ledger",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        _user("SET NULL", nullable=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("balance_after", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.String(32), nullable=True),
        sa.Column("node_id", sa.String(200), nullable=True),
        sa.Column("reference", sa.String(255), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", _TIME, nullable=False),
    )
    op.create_index("ix_credit_ledger_user_created", "credit_ledger", ["user_id", "created_at"])
    op.create_table(
        "credit_holds",
        sa.Column("run_id", sa.String(32), primary_key=True),
        sa.Column("node_id", sa.String(200), primary_key=True),
        _user("SET NULL", nullable=True),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("created_at", _TIME, nullable=False),
        sa.Column("closed_at", _TIME, nullable=True),
    )
    op.create_index("ix_credit_holds_status", "credit_holds", ["status"])
    op.create_table(
        "stripe_events",
        sa.Column("id", sa.String(255), primary_key=True),
        sa.Column("type", sa.String(100), nullable=False),
        sa.Column("created_at", _TIME, nullable=False),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("actor_id", sa.String(32), sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
        sa.Column("action", sa.String(100), nullable=False),
        sa.Column("target", sa.String(255), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", _TIME, nullable=False),
    )
    op.create_index("ix_audit_log_created_at", "audit_log", ["created_at"])


def downgrade() -> None:
    for table in ("audit_log", "stripe_events", "credit_holds", "credit_ledger", "asset_holders", "workflow_shares"):
        op.drop_table(table)
    for table in ("password_resets", "api_keys", "auth_sessions"):
        op.drop_table(table)
    # a column under a unique constraint cannot be dropped in place on SQLite: the table is copied
    with foreign_keys_off(op.get_bind()), op.batch_alter_table("users") as batch:
        batch.drop_constraint("uq_users_oidc_subject", type_="unique")
        batch.drop_column("oidc_subject")
        batch.drop_column("analytics_opt_out")
        batch.drop_column("credits")
        batch.drop_column("password_hash")
