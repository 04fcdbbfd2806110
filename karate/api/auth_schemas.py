"""Request and response shapes of the account routes (karate/api/auth.py): sign-up, sign-in, the signed-in
account, password changes and API keys."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from karate.api.schemas import Name, Text
from karate.services.identity import Role


class StudioMode(StrEnum):
    """`local`: one machine, nobody signs in. `accounts`: sign-in, sharing and credits."""

    LOCAL = "local"
    ACCOUNTS = "accounts"


class SignUp(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: Text = Field(min_length=3, max_length=320)
    password: str = Field(min_length=1, max_length=1024, description="At least 8 characters")
    name: Text = Field("", max_length=200)


class SignIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: Text = Field(min_length=1, max_length=320)
    password: str = Field(min_length=1, max_length=1024)


class PasswordChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    current_password: str = Field(min_length=1, max_length=1024)
    new_password: str = Field(min_length=1, max_length=1024, description="At least 8 characters")


class MeOut(BaseModel):
    """The signed-in account (in local mode, the machine's owner)."""

    id: str
    email: str
    name: str
    role: Role
    credits: int = Field(description="Credit balance")
    analytics_opt_out: bool
    marketing_emails: bool | None = Field(
        None,
        description="Whether you receive the emails of tips the studio sends after a week away (only where its team "
        "switched them on, KARATE_MARKETING_EMAILS); change it with PATCH /api/v1/me. null in local mode, where the "
        "studio mails nobody",
    )
    mode: StudioMode
    data_dir: str | None = Field(
        None,
        description="Local mode: the absolute path of the studio's data folder (its database and files), for its "
        "owner to find them. null with accounts, where the server's folders are no user's business",
    )
    csrf_token: str | None = Field(
        None, description="Send it as x-csrf-token with every write made with the session cookie"
    )


class SessionOut(BaseModel):
    """A new sign-in: the account and the CSRF token for writes (the session itself is an HttpOnly cookie)."""

    user: MeOut
    csrf_token: str


class ApiKeyCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Name = Field("API key", min_length=1, max_length=100)


class ApiKeyOut(BaseModel):
    id: str
    name: str
    prefix: str = Field(description="The key's first characters, to tell keys apart")
    created_at: str
    last_used_at: str | None


class ApiKeyCreated(ApiKeyOut):
    key: str = Field(description="The key itself, shown this once: send it as x-api-key")


class ApiKeyList(BaseModel):
    items: list[ApiKeyOut]


class PasswordResetRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: Text = Field(min_length=1, max_length=320)


class PasswordResetConfirm(BaseModel):
    model_config = ConfigDict(extra="forbid")

    token: str = Field(min_length=1, max_length=200, description="The token from the mailed link")
    new_password: str = Field(min_length=1, max_length=1024, description="At least 8 characters")


#: The answer to a reset request, the same whether the email has an account or not.
RESET_REQUESTED = "if an account uses that email, a link to reset its password is on its way; check the inbox"
#: The same answer on a studio that sends no mail (KARATE_SMTP_URL unset): whoever runs it makes the link by hand (with
#: the CLI, which works whether the studio has an admin account or not; an admin also on the admin page).
RESET_BY_HAND = (
    "this studio sends no mail, so no link is on its way: ask the person who runs this studio for a reset link. "
    "They make one by running “karate reset-link” with your email where the studio runs, or, if the studio has "
    "an admin, on its admin page"
)


class ResetRequested(BaseModel):
    detail: str = Field(description="What happens next, in words")
