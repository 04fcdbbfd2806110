"""Request and response shapes of the support agent's routes (karate/api/agents.py), as they appear in
/openapi.json."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from karate.agents.support import AnswerSource, ReplyAuthor, TicketStatus
from karate.api.schemas import Name

#: Longest question, and longest reply in a ticket's thread, in characters.
MAX_TICKET = 4000


class SupportTicketIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    ticket: Name = Field(
        min_length=1,
        max_length=MAX_TICKET,
        description=f"The question, in your own words (1 to {MAX_TICKET} characters)",
    )


class TicketReplyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: Name = Field(
        min_length=1, max_length=MAX_TICKET, description=f"The reply, in your own words (1 to {MAX_TICKET} characters)"
    )


class TicketReplyOut(BaseModel):
    """A message in a ticket's thread after the agent's answer."""

    id: str
    author: ReplyAuthor
    by: str | None = Field(
        description="The email of who wrote it; null on a team reply read by the asker (it is signed by the team)"
    )
    text: str
    created_at: str | None


class HelpSource(BaseModel):
    """A section of the product docs an answer drew on."""

    title: str = Field(description='e.g. "README › Working together" or "Blur node"')
    where: str = Field(description="Where to read it whole: a page of the studio (/docs#tool.blur) or a project file")
    excerpt: str = Field(description="Its opening, up to 600 characters")


class SupportTicketOut(BaseModel):
    id: str
    asked_by: str | None = Field(description="The email of the account that asked")
    ticket: str
    status: TicketStatus
    answer: str = Field(
        description="The agent's answer; when nothing matched, with accounts that the team will answer, on a local "
        "studio that the guide has no answer and where else to look"
    )
    answered_by: AnswerSource | None = Field(description="null when nothing in the docs matched and no LLM answered")
    sources: list[HelpSource]
    team_notified: bool = Field(
        description="Whether the team was told in Slack (SLACK_WEBHOOK_URL; a studio with accounts only)"
    )
    created_at: str | None
    replies: list[TicketReplyOut] = Field(description="The thread after the answer: team replies and follow-ups")
    unread: bool = Field(description="The team replied since the asker last opened the ticket")


class SupportTicketPage(BaseModel):
    items: list[SupportTicketOut]
    total: int = Field(ge=0)


class GuideSection(BaseModel):
    id: str = Field(description="Its anchor on the /docs page, e.g. guide-running-and-cancelling")
    title: str
    text: str = Field(description="Plain paragraphs, separated by a blank line")


class Guide(BaseModel):
    """The user guide: what the /docs page shows first, and what the support agent answers from."""

    sections: list[GuideSection]
