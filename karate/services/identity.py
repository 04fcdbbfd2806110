"""Who a request acts for: a `Principal`, made only from verified credentials (a session cookie, an API key,
an OIDC bearer token) or, in local mode, the machine's one local owner. Never from a header a client names
itself (ComfyUI's multi-user mode trusts a `comfy-user` header anyone can send)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    """What an account may do: `user` its own work, `staff` also read others' for support, `admin` also
    grant credits and change roles. `owner` is local mode's one account, which may do everything."""

    USER = "user"
    STAFF = "staff"
    ADMIN = "admin"
    OWNER = "owner"


class AuthMethod(StrEnum):
    """How a request proved who it is."""

    LOCAL = "local"  # local mode: the machine's owner, no sign-in
    SESSION = "session"  # the browser's session cookie (writes also need the CSRF token)
    API_KEY = "api_key"  # x-api-key
    BEARER = "bearer"  # an OIDC token (Authorization: Bearer)


@dataclass(frozen=True, slots=True)
class Principal:
    """The verified caller: its user id and role, how it signed in, and for a session its CSRF token."""

    user_id: str
    role: Role
    method: AuthMethod
    csrf_token: str | None = None

    @property
    def is_admin(self) -> bool:
        return self.role in (Role.ADMIN, Role.OWNER)

    @property
    def is_staff(self) -> bool:
        return self.is_admin or self.role == Role.STAFF
