"""Admin routes under /api/v1/admin: accounts with their roles and credits, role changes, and the audit log
of admin actions. Every route needs an admin (AdminDep); in local mode the machine's owner is one."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from karate.api.admin_schemas import AdminUserOut, AdminUserPage, AuditPage, ResetLinkOut, RoleChange
from karate.api.deps import ID_PATTERN, JSON, AdminDep, DatabaseDep, PasswordResetsDep, SiteUrlDep
from karate.api.schemas import INVALID, NOT_FOUND
from karate.services import audit, user_admin

router = APIRouter(prefix="/admin", tags=["admin"], responses=INVALID)

UserId = Annotated[str, Path(pattern=ID_PATTERN, description="User id (32 hex characters)")]
Limit = Annotated[int, Query(ge=1, le=200)]
Offset = Annotated[int, Query(ge=0, le=1_000_000)]


@router.get("/users", response_model=AdminUserPage)
async def list_users(admin: AdminDep, database: DatabaseDep, limit: Limit = 50, offset: Offset = 0) -> JSON:
    """The studio's accounts, oldest first, with their roles and credit balances."""
    return JSON(await user_admin.list_users(database, limit, offset))


@router.patch("/users/{user_id}", response_model=AdminUserOut, responses=NOT_FOUND)
async def change_role(user_id: UserId, body: RoleChange, admin: AdminDep, database: DatabaseDep) -> JSON:
    """Give an account another role; the change is written to the audit log. Your own role is not yours to
    change (ask another admin)."""
    return JSON(await user_admin.set_role(database, admin, user_id, body.role))


@router.post("/users/{user_id}/reset-link", status_code=201, response_model=ResetLinkOut, responses=NOT_FOUND)
async def make_reset_link(user_id: UserId, site: SiteUrlDep, admin: AdminDep, resets: PasswordResetsDep) -> JSON:
    """A one-time link (valid an hour) that lets the account choose a new password: for a user locked out
    of a studio that sends no mail. Hand it over privately; making it is written to the audit log."""
    user = await resets.accounts.user(user_id)
    url, expires = await resets.new_link(user.id, site)
    await audit.record(resets.database, admin.user_id, audit.AuditAction.RESET_LINK_MADE, user.email, {})
    return JSON({"url": url, "expires_at": expires.isoformat()}, status_code=201)


@router.get("/audit", response_model=AuditPage)
async def audit_log(admin: AdminDep, database: DatabaseDep, limit: Limit = 50, offset: Offset = 0) -> JSON:
    """The audit log of admin actions, newest first."""
    return JSON(await audit.entries(database, limit, offset))
