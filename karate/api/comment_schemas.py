"""Request and response shapes of the comment routes (karate/api/comments.py), as they appear in /openapi.json:
a person (`{id, name}`, also used by versions and activity), a thread with its replies, and what posting and
changing a comment sends."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from karate.api.schemas import Text
from karate.collab.comments import MAX_BODY


class Person(BaseModel):
    """Someone on the workflow's team, as others see them."""

    id: str
    name: str


class CommentCreate(BaseModel):
    """A new thread, pinned to a node (`node_id`) or to a point on the canvas (`x` and `y`), exactly one."""

    model_config = ConfigDict(extra="forbid")

    body: Text = Field(max_length=MAX_BODY, description=f"The comment's text (1 to {MAX_BODY} characters)")
    node_id: Text | None = Field(None, min_length=1, max_length=200, description="The node it is pinned to")
    x: float | None = Field(None, ge=-1e9, le=1e9, description="Canvas point it is pinned to (flow coordinates)")
    y: float | None = Field(None, ge=-1e9, le=1e9)


class ReplyCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    body: Text = Field(max_length=MAX_BODY, description=f"The reply's text (1 to {MAX_BODY} characters)")


class CommentUpdate(BaseModel):
    """Change a comment's text (its author), and/or resolve or reopen its thread (on the thread's first comment:
    its author, or the workflow's owner or an editor)."""

    model_config = ConfigDict(extra="forbid")

    body: Text | None = Field(None, max_length=MAX_BODY)
    resolved: bool | None = Field(None, description="true resolves the thread, false reopens it")


class CommentReply(BaseModel):
    id: str
    body: str
    author: Person | None = Field(description="Who wrote it; null once their account is gone")
    created_at: str
    updated_at: str


class CommentThread(CommentReply):
    """A thread: its first comment, where it is pinned, whether it is resolved, and its replies oldest first."""

    node_id: str | None
    x: float | None
    y: float | None
    resolved_at: str | None
    resolved_by: Person | None
    replies: list[CommentReply]


class CommentList(BaseModel):
    items: list[CommentThread] = Field(description="Every thread, oldest first")
