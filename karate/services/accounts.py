"""Accounts: sign-up and sign-in with email and password (argon2id), browser sessions with a CSRF token,
API keys, password changes, and who a request's credentials name (`authenticate`).

Tokens and keys are random (`secrets`), shown to their holder once, and stored only as their SHA-256. A
session lasts KARATE_SESSION_TTL seconds from its last renewal; signing out deletes it, and whatever it holds open
(live co-editing's connections, activity feeds) is told at once (`on_signed_out`); so it is when the session expires
(`expiry`, karate.services.accounts_expiry).
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import re
import secrets
from collections.abc import Awaitable, Callable, Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from pwdlib import PasswordHash
from sqlalchemy import delete, select, update

from karate.config import Settings
from karate.db import Database
from karate.db.account_tables import ApiKey, AuthSession
from karate.db.models import User, new_id, utcnow
from karate.db.repositories import timestamp
from karate.services.accounts_expiry import SessionExpiry
from karate.services.credits_ledger import CreditKind, change_balance
from karate.services.errors import Forbidden, InvalidRequest, NotFound, Unauthorized
from karate.services.identity import AuthMethod, Principal, Role

#: The cookie a browser's session travels in (HttpOnly, SameSite=Lax, Secure on https).
SESSION_COOKIE = "karate_session"
#: The header a session-authenticated write carries its CSRF token in.
CSRF_HEADER = "x-csrf-token"
#: The header an API key travels in.
API_KEY_HEADER = "x-api-key"
#: What every API key starts with, so a leaked one is recognisable (and scrubbed from logs).
API_KEY_PREFIX = "ksk_"

MIN_PASSWORD = 8
MAX_PASSWORD = 1024
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_WRONG = "the email or password is wrong; check both, or reset the password"

_hasher = PasswordHash.recommended()

#: Told (user id, the stored hashes of the session tokens or API keys that ended, or None for every one of the
#: user's) once credentials end: what they opened must end too.
SignedOutListener = Callable[[str, Collection[str] | None], Awaitable[None]]


@cache
def _dummy_hash() -> str:
    """Verified against when an email is unknown, taking as long as for a real account, so timing does not
    tell which emails have accounts. Made on first use: hashing takes a fifth of a second, which importing
    this module (every server start, every test process) must not pay."""
    return _hasher.hash(secrets.token_urlsafe(16))


def token_hash(token: str) -> str:
    """The SHA-256 (hex) under which a session token, API key or reset token is stored."""
    return hashlib.sha256(token.encode()).hexdigest()


#: The domain of the address an account gets when its OIDC token carried no usable email: no mailbox behind it.
NO_MAILBOX_DOMAIN = "oidc.invalid"


def has_mailbox(email: str) -> bool:
    """Whether mail sent to an account's address can reach someone (not a placeholder `NO_MAILBOX_DOMAIN` one)."""
    return not email.lower().endswith(f"@{NO_MAILBOX_DOMAIN}")


def normalize_email(email: str) -> str:
    """An email as accounts are keyed: trimmed and lower-cased. InvalidRequest when it is not an address."""
    email = email.strip().lower()
    if not _EMAIL.match(email) or len(email) > 320:
        raise InvalidRequest(f"{email!r} is not an email address; write it as name@example.com")
    return email


def check_password(password: str) -> None:
    """InvalidRequest unless the password is 8 to 1024 characters."""
    if len(password) < MIN_PASSWORD:
        raise InvalidRequest(f"choose a password of at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise InvalidRequest(f"a password may be at most {MAX_PASSWORD} characters")
    if len(set(password)) < 3:
        raise InvalidRequest("that password repeats one or two characters; choose one that is harder to guess")


async def hash_password(password: str) -> str:
    """The argon2id hash of a password, computed off the event loop (it takes a fifth of a second on purpose)."""
    return await asyncio.to_thread(_hasher.hash, password)


async def verify_password(password: str, password_hash: str | None) -> bool:
    known: str = password_hash if password_hash else await asyncio.to_thread(_dummy_hash)
    return await asyncio.to_thread(_hasher.verify, password, known) and bool(password_hash)


@dataclass(frozen=True, slots=True)
class SignedIn:
    """A new session: the token for the cookie and the CSRF token the page sends with its writes."""

    user: User
    token: str
    csrf_token: str


class AccountService:
    """Accounts and their credentials, over the users, auth_sessions and api_keys tables."""

    def __init__(self, database: Database, settings: Settings) -> None:
        self.database = database
        self.settings = settings
        # Called after a sign-out, a password change or reset, a revoked API key or a deleted account: live
        # co-editing closes the connections they opened (karate.collab.hub), which the next edit would otherwise
        # still reach the project through.
        self.on_signed_out: SignedOutListener | None = None
        #: Ends a session that holds connections open when it expires, as a sign-out.
        self.expiry = SessionExpiry(self)

    # --- accounts -------------------------------------------------------------------------------

    async def create_user(self, email: str, password: str | None, name: str, role: Role = Role.USER) -> User:
        """A new account with the starting credits (KARATE_SIGNUP_CREDITS). InvalidRequest when the email is
        taken or the password too short; `password` None makes an account that signs in only through OIDC."""
        email = normalize_email(email)
        if password is not None:
            check_password(password)
        name = name.strip()[:200] or email.split("@")[0]
        password_hash = await hash_password(password) if password is not None else None
        async with self.database.session() as session:
            if (await session.execute(select(User.id).where(User.email == email))).first() is not None:
                raise InvalidRequest(f"there is already an account for {email}; sign in, or reset its password")
            user = User(
                id=new_id(),
                email=email,
                name=name,
                role=str(role),
                password_hash=password_hash,
                credits=0,
                created_at=utcnow(),
            )
            session.add(user)
            await session.flush()
            starting = self.settings.signup_credits
            balance = await change_balance(session, user.id, starting, kind=CreditKind.SIGNUP) if starting else 0
            await session.commit()
        user.credits = balance or 0
        return user

    async def user(self, user_id: str) -> User:
        async with self.database.session() as session:
            user = await session.get(User, user_id)
        if user is None:
            raise NotFound("this account no longer exists; sign in again")
        return user

    async def user_by_email(self, email: str) -> User | None:
        async with self.database.session() as session:
            result = await session.execute(select(User).where(User.email == email.strip().lower()))
            return result.scalar_one_or_none()

    # --- sessions -------------------------------------------------------------------------------

    async def sign_in(self, email: str, password: str) -> SignedIn:
        """A new session for the account; Unauthorized with the same words whether the email or the password
        is wrong."""
        user = await self.user_by_email(email)
        if not await verify_password(password, user.password_hash if user else None) or user is None:
            raise Unauthorized(_WRONG)
        return await self.new_session(user)

    async def new_session(self, user: User) -> SignedIn:
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        now = utcnow()
        async with self.database.session() as session:
            session.add(
                AuthSession(
                    token_hash=token_hash(token),
                    user_id=user.id,
                    csrf_token=csrf,
                    created_at=now,
                    expires_at=now + timedelta(seconds=self.settings.session_ttl),
                )
            )
            await session.commit()
        return SignedIn(user, token, csrf)

    async def sign_out(self, token: str) -> None:
        """End the session: deleted, and what it holds open closed."""
        hashed = token_hash(token)
        async with self.database.session() as session:
            ended = await session.scalars(
                delete(AuthSession).where(AuthSession.token_hash == hashed).returning(AuthSession.user_id)
            )
            user_id = ended.first()
            await session.commit()
        if user_id is not None:
            await self.signed_out(user_id, [hashed])

    async def change_password(self, user_id: str, current: str, new: str, *, keep_session: str | None) -> None:
        """Set a new password after checking the current one; every other session of the account ends."""
        check_password(new)
        user = await self.user(user_id)
        if not await verify_password(current, user.password_hash):
            raise Forbidden("the current password is wrong; type it again, or reset it")
        await self.set_password(user_id, new, keep_session=keep_session)

    async def set_password(self, user_id: str, password: str, *, keep_session: str | None = None) -> None:
        check_password(password)
        password_hash = await hash_password(password)
        kept = token_hash(keep_session) if keep_session else ""
        async with self.database.session() as session:
            await session.execute(update(User).where(User.id == user_id).values(password_hash=password_hash))
            ended = await session.scalars(
                delete(AuthSession)
                .where(AuthSession.user_id == user_id, AuthSession.token_hash != kept)
                .returning(AuthSession.token_hash)
            )
            hashes = list(ended)
            await session.commit()
        if hashes:
            await self.signed_out(user_id, hashes)

    async def session_expires_at(self, hashed: str) -> datetime | None:
        """When the session (the stored hash of its token) expires unless renewed; None when it has ended."""
        async with self.database.session() as session:
            found = await session.execute(select(AuthSession.expires_at).where(AuthSession.token_hash == hashed))
            return found.scalar_one_or_none()

    async def end_expired_session(self, hashed: str) -> bool:
        """End the session if its time is over, as a sign-out; False when it was renewed and goes on."""
        async with self.database.session() as session:
            ended = await session.scalars(
                delete(AuthSession)
                .where(AuthSession.token_hash == hashed, AuthSession.expires_at <= utcnow())
                .returning(AuthSession.user_id)
            )
            user_id = ended.first()
            await session.commit()
        if user_id is not None:
            await self.signed_out(user_id, [hashed])
            return True
        return await self.session_expires_at(hashed) is None

    async def signed_out(self, user_id: str, credentials: Collection[str] | None = None) -> None:
        """Tell `on_signed_out` that credentials of the user ended (stored hashes of session tokens or API keys;
        None: every one of them, the account deleted)."""
        if self.on_signed_out is not None:
            await self.on_signed_out(user_id, credentials)

    # --- API keys -------------------------------------------------------------------------------

    async def create_api_key(self, user_id: str, name: str) -> tuple[ApiKey, str]:
        """A new key and its value, which is shown this once."""
        key = API_KEY_PREFIX + secrets.token_urlsafe(32)
        row = ApiKey(
            id=new_id(),
            user_id=user_id,
            name=name.strip()[:100] or "API key",
            prefix=key[: len(API_KEY_PREFIX) + 6],
            key_hash=token_hash(key),
            created_at=utcnow(),
        )
        async with self.database.session() as session:
            session.add(row)
            await session.commit()
        return row, key

    async def api_keys(self, user_id: str) -> list[dict[str, Any]]:
        async with self.database.session() as session:
            rows = await session.scalars(select(ApiKey).where(ApiKey.user_id == user_id).order_by(ApiKey.created_at))
            return [api_key_json(row) for row in rows]

    async def revoke_api_key(self, user_id: str, key_id: str) -> None:
        async with self.database.session() as session:
            revoked = await session.scalars(
                delete(ApiKey).where(ApiKey.id == key_id, ApiKey.user_id == user_id).returning(ApiKey.key_hash)
            )
            key_hash = revoked.first()
            await session.commit()
        if key_hash is None:
            raise NotFound(f"there is no API key {key_id}; GET /api/v1/auth/api-keys lists yours")
        await self.signed_out(user_id, [key_hash])

    # --- who is calling -------------------------------------------------------------------------

    async def from_session(self, token: str) -> Principal | None:
        """The principal of a live session (renewed when half its time has passed); None if unknown or expired (then
        ended, and what it held open closed)."""
        now = utcnow()
        async with self.database.session() as session:
            row = (
                await session.execute(
                    select(AuthSession, User.role)
                    .join(User, User.id == AuthSession.user_id)
                    .where(AuthSession.token_hash == token_hash(token))
                )
            ).first()
            if row is None:
                return None
            auth, role = row
            expired = auth.expires_at <= now
            ttl = timedelta(seconds=self.settings.session_ttl)
            if not expired and auth.expires_at - now < ttl / 2:
                auth.expires_at = now + ttl
                await session.commit()
        if expired:
            await self.end_expired_session(auth.token_hash)
            return None
        return Principal(auth.user_id, Role(role), AuthMethod.SESSION, csrf_token=auth.csrf_token)

    async def from_api_key(self, key: str) -> Principal | None:
        async with self.database.session() as session:
            row = (
                await session.execute(
                    select(ApiKey, User.role)
                    .join(User, User.id == ApiKey.user_id)
                    .where(ApiKey.key_hash == token_hash(key))
                )
            ).first()
            if row is None:
                return None
            api_key, role = row
            now = utcnow()
            if api_key.last_used_at is None or now - api_key.last_used_at > timedelta(minutes=1):
                api_key.last_used_at = now
                await session.commit()
        return Principal(api_key.user_id, Role(role), AuthMethod.API_KEY)

    async def from_oidc(self, issuer: str, claims: dict[str, Any]) -> Principal:
        """The account of a verified OIDC subject; its first token creates it (with the token's email when it
        carries one not taken by another account)."""
        subject = f"{issuer}|{claims['sub']}"
        async with self.database.session() as session:
            user = (await session.execute(select(User).where(User.oidc_subject == subject))).scalar_one_or_none()
        if user is None:
            email = str(claims.get("email") or "")
            if not _EMAIL.match(email.lower()) or await self.user_by_email(email) is not None:
                email = f"{new_id()}@{NO_MAILBOX_DOMAIN}"
            name = str(claims.get("name") or claims.get("given_name") or email.split("@")[0])
            user = await self.create_user(email, None, name)
            async with self.database.session() as session:
                await session.execute(update(User).where(User.id == user.id).values(oidc_subject=subject))
                await session.commit()
        return Principal(user.id, Role(user.role), AuthMethod.BEARER)


def csrf_matches(principal: Principal, sent: str | None) -> bool:
    """Whether a session-authenticated write carries its session's CSRF token (compared in constant time)."""
    return bool(sent and principal.csrf_token and hmac.compare_digest(sent, principal.csrf_token))


def api_key_json(row: ApiKey) -> dict[str, Any]:
    return {
        "id": row.id,
        "name": row.name,
        "prefix": row.prefix,
        "created_at": timestamp(row.created_at),
        "last_used_at": timestamp(row.last_used_at),
    }
