"""The support agent's answer to a question (DESIGN.md section 9): the product docs' sections that match it
(karate.agents.help_library), given to an LLM to write the answer when one is configured (the planner's choice of
provider, KARATE_PLANNER_MODEL), else quoted as they are. No storage here: karate.services.support keeps tickets.
"""

from __future__ import annotations

import asyncio
import importlib
from dataclasses import dataclass
from enum import StrEnum

from karate.agents.help_library import HelpLibrary, Passage, excerpt
from karate.agents.llm import choose_model
from karate.config import Settings

#: Docs sections an answer draws on.
SOURCES = 3


class TicketStatus(StrEnum):
    """`answered`: the agent found docs that bear on the question and answered from them, or the team replied;
    `open`: nothing answered it yet (the docs had nothing, or the asker wrote back): on a studio with accounts it
    waits for the team; on a local studio, whose one person is the owner who asked, nobody else will answer it;
    `closed`: the asker (or the team) closed it, and nobody replies to it any more."""

    ANSWERED = "answered"
    OPEN = "open"
    CLOSED = "closed"


class ReplyAuthor(StrEnum):
    """Who wrote a reply in a ticket's thread: `team` (staff or an admin answering) or `asker` (a
    follow-up by whoever asked, local mode's owner included)."""

    TEAM = "team"
    ASKER = "asker"


class AnswerSource(StrEnum):
    """Who wrote the answer: `docs` (the matching sections, quoted) or `llm` (an LLM, given those sections)."""

    DOCS = "docs"
    LLM = "llm"


@dataclass(frozen=True, slots=True)
class Draft:
    status: TicketStatus
    answer: str
    answered_by: AnswerSource | None
    sources: list[Passage]


def quoted_answer(passages: list[Passage]) -> str:
    """The answer without an LLM: each matching section's opening, under its title, best first (the sources, with
    where to read each whole, are listed beside the answer)."""
    parts = ["These parts of the studio's documentation match your question:"]
    parts += [f"{passage.title}:\n{excerpt(passage)}" for passage in passages]
    return "\n\n".join(parts)


def nothing_found(team: bool) -> str:
    """The answer when nothing in the docs matches: passed on where a team reads tickets (`team`: a studio with
    accounts); on a local studio the asker is its only person, so it says so plainly and how to find an answer."""
    if team:
        return (
            "Nothing in the studio's documentation answers this, so your question is passed on to the studio's "
            "team. If you ask again, say what you did, what you saw and what you expected."
        )
    return (
        "The studio's guide has no answer to this, and on a studio that runs on your own machine there is nobody "
        "else to pass it on to. Try asking in other words, such as the name of a node, a button or a message you "
        "saw, or look through the Docs page."
    )


async def draft_answer(ticket: str, library: HelpLibrary, settings: Settings, *, team: bool) -> Draft:
    """The answer to `ticket`. With an LLM configured (and answering in time) it writes the answer from the matching
    sections; when it fails, or none is configured, the sections are quoted. `team`: whether a team reads the
    tickets (the staff and admins of a studio with accounts). Never raises for a provider's failure (each is
    logged)."""
    passages = library.search(ticket, SOURCES)
    choice = choose_model(settings)
    if choice is not None:
        # pydantic-ai and the SDKs load on the first answer that uses them, off the event loop
        writer = await asyncio.to_thread(importlib.import_module, "karate.agents.support_llm")
        written: str | None = await writer.write_answer(choice, ticket, passages, settings)
        if written:
            return Draft(TicketStatus.ANSWERED if passages else TicketStatus.OPEN, written, AnswerSource.LLM, passages)
    if not passages:
        return Draft(TicketStatus.OPEN, nothing_found(team), None, [])
    return Draft(TicketStatus.ANSWERED, quoted_answer(passages), AnswerSource.DOCS, passages)
