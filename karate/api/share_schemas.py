"""Request and response shapes of the sharing routes (karate/api/shares.py)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from karate.api.schemas import Text
from karate.services.access import ShareRole


class ShareCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: Text = Field(min_length=3, max_length=320, description="The email of an account on this studio")
    role: ShareRole = Field(description="`viewer` reads it and its runs; `editor` also changes it")


class ShareOut(BaseModel):
    user_id: str
    email: str
    name: str
    role: ShareRole
    created_at: str | None


class ShareList(BaseModel):
    items: list[ShareOut]
