"""What admins do to accounts: list them (with role and credits) and change a role, and what the command line
does to one (make an existing account an admin), each change written to the audit log."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from karate.db import Database
from karate.db.models import User
from karate.db.repositories import timestamp
from karate.services.audit import AuditAction, record
from karate.services.errors import InvalidRequest, NotFound
from karate.services.identity import Principal, Role


def profile_json(user: User) -> dict[str, Any]:
    """What every view of an account shows of it (the admin list, `me`, the account export)."""
    return {"id": user.id, "email": user.email, "name": user.name, "role": user.role, "credits": user.credits}


def user_json(user: User) -> dict[str, Any]:
    """An account in the admin list (`AdminUserOut`)."""
    return {**profile_json(user), "created_at": timestamp(user.created_at)}


async def list_users(database: Database, limit: int, offset: int) -> dict[str, Any]:
    """A page of the accounts, oldest first (the local owner of local mode is not an account): `{items, total}`."""
    accounts = select(User).where(User.is_local.is_(False))
    async with database.session() as session:
        total = (await session.execute(select(func.count()).select_from(accounts.subquery()))).scalar_one()
        users = await session.scalars(accounts.order_by(User.created_at, User.id).limit(limit).offset(offset))
        return {"items": [user_json(user) for user in users], "total": total}


async def set_role(database: Database, actor: Principal, user_id: str, role: Role) -> dict[str, Any]:
    """Give the account `user_id` the role `role` (user, staff or admin), recorded in the audit log."""
    if role == Role.OWNER:
        raise InvalidRequest("owner is local mode's own role; give an account user, staff or admin")
    if user_id == actor.user_id:
        raise InvalidRequest(
            "you cannot change your own role (so no studio is left without an admin); ask another admin"
        )
    async with database.session() as session:
        user = await session.get(User, user_id)
        if user is None or user.is_local:
            raise NotFound(f"there is no account {user_id}; GET /api/v1/admin/users lists them")
        previous = user.role
        user.role = str(role)
        await session.commit()
        answer = user_json(user)
    if previous != str(role):
        await record(database, actor.user_id, AuditAction.ROLE_CHANGED, user_id, {"from": previous, "to": str(role)})
    return answer


async def make_admin(database: Database, email: str) -> tuple[User, str]:
    """Make the account `email` an admin from the command line (`karate create-user EMAIL --admin` for an account
    that exists: a lead who signed up on the web), recorded in the audit log with no actor. Returns the account
    and the role it had; NotFound when no account has that email."""
    async with database.session() as session:
        user = (await session.execute(select(User).where(User.email == email))).scalar_one_or_none()
        if user is None or user.is_local:
            raise NotFound(f"there is no account for {email}")
        previous = user.role
        user.role = str(Role.ADMIN)
        await session.commit()
    if previous != str(Role.ADMIN):
        await record(database, None, AuditAction.ROLE_CHANGED, user.id, {"from": previous, "to": str(Role.ADMIN)})
    return user, previous
