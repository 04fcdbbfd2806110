"""Tables of a studio with accounts: sign-in sessions, API keys, password resets, workflow shares, asset holders,
the credit ledger and its holds, Stripe events already applied, the audit log of admin and agent actions, and
support tickets with their threads of replies, and the agents' job queue.

Secrets are never stored: a session, API key or reset token is kept as the SHA-256 of the random value the
user holds. The credit ledger is append-only; `users.credits` is its running balance, changed in the same
transaction as each entry, so a balance check and a debit are one atomic UPDATE.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from karate.db.models import Base, UTCDateTime, new_id, utcnow


class AuthSession(Base):
    """A browser's sign-in: the cookie holds the token, this row its hash and the CSRF token for writes."""

    __tablename__ = "auth_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ApiKey(Base):
    """A key for scripts and the CLI, sent as `x-api-key`; shown once, kept as its hash."""

    __tablename__ = "api_keys"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    prefix: Mapped[str] = mapped_column(String(16))  # the key's first characters, to tell keys apart
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class PasswordReset(Base):
    """A one-time token mailed to reset a forgotten password."""

    __tablename__ = "password_resets"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class WorkflowShare(Base):
    """A workflow shared by its owner with another user, as `viewer` (read) or `editor` (read and write)."""

    __tablename__ = "workflow_shares"

    workflow_id: Mapped[str] = mapped_column(ForeignKey("workflows.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
    role: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class AssetHolder(Base):
    """A user who uploaded an asset. Assets are stored once per content, so the second person to upload the same
    bytes holds it too, under their own file name, without seeing the first uploader's."""

    __tablename__ = "asset_holders"

    sha256: Mapped[str] = mapped_column(ForeignKey("assets.sha256", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
    filename: Mapped[str | None] = mapped_column(String(255), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class CreditEntry(Base):
    """One change of a user's credits (append-only): a grant, a purchase, a hold for a model node, its refund.
    `amount` is signed (credits added are positive); `balance_after` is the balance once it applied. When an
    account is deleted its entries stay, without the user (anonymised)."""

    __tablename__ = "credit_ledger"
    __table_args__ = (Index("ix_credit_ledger_user_created", "user_id", "created_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    kind: Mapped[str] = mapped_column(String(20))  # a CreditKind value
    amount: Mapped[int] = mapped_column(Integer)
    balance_after: Mapped[int] = mapped_column(Integer)
    run_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    node_id: Mapped[str | None] = mapped_column(String(200), nullable=True)
    reference: Mapped[str | None] = mapped_column(String(255), nullable=True)  # a Stripe event, an admin
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class CreditHold(Base):
    """Credits held for one model node of a run before its provider is called: `held` until the node ends,
    then `settled` (spent) or `refunded`, exactly once. Holds still `held` when a server starts belong to a
    run a crash interrupted; they are refunded."""

    __tablename__ = "credit_holds"

    run_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    node_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    user_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    amount: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(10), index=True)  # held, settled or refunded
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class StripeEvent(Base):
    """A Stripe webhook event already applied: a replay of the same event id changes nothing."""

    __tablename__ = "stripe_events"

    id: Mapped[str] = mapped_column(String(255), primary_key=True)
    type: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class AuditEntry(Base):
    """An admin action (a grant of credits, a change of role): who did what to whom, and when."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    actor_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    action: Mapped[str] = mapped_column(String(100))
    target: Mapped[str | None] = mapped_column(String(255), nullable=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)


class SupportTicket(Base):
    """A question sent to the support agent (`POST /api/v1/agents/support`): its text, the answer the agent drafted
    (from the product docs, or an LLM given them), the docs sections it drew on, and whether the team was told."""

    __tablename__ = "support_tickets"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    user_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=True, index=True)
    ticket: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))  # a TicketStatus value
    answer: Mapped[str] = mapped_column(Text)
    answered_by: Mapped[str | None] = mapped_column(String(16), nullable=True)  # an AnswerSource value
    sources: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    team_notified: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    # when the asker last opened or wrote in the thread: a team reply after it is unread
    asker_read_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True, default=None)


class SupportReply(Base):
    """A message in a support ticket's thread after the agent's answer: the team's reply or the asker's follow-up.
    `user_id` is who wrote it (None once that account is deleted; the reply stays with the ticket)."""

    __tablename__ = "support_replies"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    ticket_id: Mapped[str] = mapped_column(ForeignKey("support_tickets.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    author: Mapped[str] = mapped_column(String(16))  # a ReplyAuthor value
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class AgentJob(Base):
    """A job on the agents' queue (spec 8.3): enqueued by staff or by the studio's schedule, claimed by one agent at a
    time under a lease (a claimer that stops lets the lease run out and the job is claimed again), then completed
    with a result or failed with an error. `slot`, when set, is unique: the schedule enqueues each run of a
    scheduled agent once however many servers share the database."""

    __tablename__ = "agent_jobs"
    __table_args__ = (Index("ix_agent_jobs_claim", "status", "priority", "created_at"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    type: Mapped[str] = mapped_column(String(40), index=True)  # an AgentJobType value
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    priority: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(16))  # an AgentJobStatus value
    slot: Mapped[str | None] = mapped_column(String(120), nullable=True, unique=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claimed_by: Mapped[str | None] = mapped_column(String(120), nullable=True)
    lease_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_by: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
