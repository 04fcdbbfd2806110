"""Forgotten passwords: a one-time token, valid an hour, mailed as a link (KARATE_SMTP_URL); the link's page
sends it back with a new password, which ends every session of the account. The token is random and stored
only as its SHA-256; asking for a reset answers the same whether the email has an account or not."""

from __future__ import annotations

import logging
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update

from karate.db import Database
from karate.db.account_tables import PasswordReset
from karate.db.models import User, utcnow
from karate.services.accounts import AccountService, check_password, token_hash
from karate.services.errors import InvalidRequest
from karate.services.mail import Mailer

log = logging.getLogger("karate.accounts")

#: How long a mailed reset link works.
RESET_TTL = timedelta(hours=1)
#: The web app's page a reset link opens (it reads `token` from the query).
RESET_PAGE = "/reset-password"

_SUBJECT = "Reset your Karate Studio password"
_BODY = """Someone (we hope you) asked to reset the password of your Karate Studio account.

Choose a new password here within the hour:

{link}

If it was not you, ignore this mail: your password stays as it is.
"""
_INVALID = "this reset link is not valid: it was used already, has expired or was mistyped; ask for a new one"


class PasswordResets:
    """Reset tokens over the password_resets table, mailed by `mailer`."""

    def __init__(self, database: Database, accounts: AccountService, mailer: Mailer) -> None:
        self.database = database
        self.accounts = accounts
        self.mailer = mailer

    async def request(self, email: str, site_url: str) -> None:
        """Mail a reset link under `site_url` to the account of `email`, if there is one (else nothing is
        sent, and nothing tells the caller: the answer must not reveal which emails have accounts)."""
        user = await self.accounts.user_by_email(email)
        if user is None or user.is_local:
            log.info("a password reset was asked for an email with no account; no mail sent")
            return
        link, _ = await self.new_link(user.id, site_url)
        await self.mailer.send(user.email, _SUBJECT, _BODY.format(link=link))

    async def new_link(self, user_id: str, site_url: str) -> tuple[str, datetime]:
        """A one-time link under `site_url` that sets the account's password, and when it expires (for the
        mail, or for an admin to hand over when the studio sends no mail)."""
        token = secrets.token_urlsafe(32)
        now = utcnow()
        async with self.database.session() as session:
            await session.execute(
                delete(PasswordReset).where(PasswordReset.user_id == user_id, PasswordReset.expires_at <= now)
            )
            session.add(PasswordReset(token_hash=token_hash(token), user_id=user_id, expires_at=now + RESET_TTL))
            await session.commit()
        return f"{site_url.rstrip('/')}{RESET_PAGE}?token={token}", now + RESET_TTL

    async def confirm(self, token: str, new_password: str) -> User:
        """Set the password of the token's account and sign every session of it out; the token (and every
        other reset link of the account) stops working. InvalidRequest for a used, expired or unknown token."""
        check_password(new_password)  # before the token is spent, so a short password does not waste it
        now = utcnow()
        hashed = token_hash(token)
        async with self.database.session() as session:
            claimed = await session.execute(
                update(PasswordReset)
                .where(
                    PasswordReset.token_hash == hashed,
                    PasswordReset.used_at.is_(None),
                    PasswordReset.expires_at > now,
                )
                .values(used_at=now)
            )
            await session.commit()
            if getattr(claimed, "rowcount", 0) != 1:
                raise InvalidRequest(_INVALID)
            user_id = (
                await session.execute(select(PasswordReset.user_id).where(PasswordReset.token_hash == hashed))
            ).scalar_one()
        await self.accounts.set_password(user_id, new_password)
        async with self.database.session() as session:
            await session.execute(
                delete(PasswordReset).where(PasswordReset.user_id == user_id, PasswordReset.token_hash != hashed)
            )
            await session.commit()
        return await self.accounts.user(user_id)
