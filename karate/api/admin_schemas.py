"""Request and response shapes of the admin routes (karate/api/admin.py): accounts, roles, the audit log."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from karate.services.audit import AuditAction
from karate.services.identity import Role


class AdminUserOut(BaseModel):
    id: str
    email: str
    name: str
    role: Role
    credits: int = Field(description="Credit balance")
    created_at: str | None


class AdminUserPage(BaseModel):
    items: list[AdminUserOut]
    total: int = Field(description="Accounts in all")


class RoleChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    role: Literal[Role.USER, Role.STAFF, Role.ADMIN] = Field(
        description="user: their own work; staff: also read others' for support; admin: also credits and roles"
    )


class AuditEntryOut(BaseModel):
    id: int
    actor_id: str | None = Field(description="The admin who acted; null when done from the command line")
    actor_email: str | None
    action: AuditAction
    target: str | None = Field(description="What the action was done to (a user id, ...)")
    data: dict[str, Any] = Field(description="The details: a role's old and new value, credits granted, ...")
    created_at: str | None


class AuditPage(BaseModel):
    items: list[AuditEntryOut]
    total: int = Field(description="Entries in all")


class ResetLinkOut(BaseModel):
    url: str = Field(description="Opens the page where the account chooses a new password; works once")
    expires_at: str
