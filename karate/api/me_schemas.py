"""Request shapes of the account's own routes (karate/api/me.py): profile changes and the confirmation that
deletes the account. Answers reuse `MeOut` (karate/api/auth_schemas.py)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from karate.api.schemas import Text


class ProfileUpdate(BaseModel):
    """What to change; a field left out stays as it is."""

    model_config = ConfigDict(extra="forbid")

    name: Text | None = Field(None, min_length=1, max_length=200, description="The name shown for you")
    analytics_opt_out: bool | None = Field(None, description="True: no usage analytics are kept about you")
    marketing_emails: bool | None = Field(
        None,
        description="False: no emails of tips when you have been away (the studio sends them only with "
        "KARATE_MARKETING_EMAILS); true: receive them again",
    )


class AccountDeletion(BaseModel):
    """The confirmation that deletes the account: its password, or for an account that signs in only through
    OIDC (no password), its email typed out."""

    model_config = ConfigDict(extra="forbid")

    password: str | None = Field(None, min_length=1, max_length=1024, description="The account's password")
    confirm: Text | None = Field(
        None, max_length=320, description="For an account without a password: its email, typed out"
    )
