"""Shapes of the marketing emails' unsubscribe routes (karate/api/marketing.py)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class MarketingLink(BaseModel):
    """The token of an email's unsubscribe link (its `token=`), which names the account it was sent to."""

    model_config = ConfigDict(extra="forbid")

    token: str = Field(min_length=1, max_length=200, description="The token from the email's link")


class MarketingChoiceOut(BaseModel):
    """The choice the link's account has now."""

    email: str = Field(description="The address the emails went to")
    marketing_emails: bool = Field(description="Whether it receives the emails of tips")
