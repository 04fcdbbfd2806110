"""GET /api/v1/help/guide: the user guide (karate/agents/guide.md), public like the node catalog."""

from __future__ import annotations

from fastapi import APIRouter

from karate.agents.help_library import guide_sections
from karate.api.deps import JSON
from karate.api.support_schemas import Guide

router = APIRouter(tags=["help"])

_GUIDE = guide_sections()


@router.get("/help/guide", response_model=Guide)
async def guide() -> JSON:
    """The user guide, section by section: the /docs page shows it, and the support agent answers from it."""
    return JSON({"sections": [{"id": id_, "title": title, "text": text} for id_, title, text in _GUIDE]})
