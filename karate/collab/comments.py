"""Comment threads on a workflow: pinned to a node or to a point on the canvas, with replies, resolved and
reopened as a whole; stored in the database and told live to everyone who has the workflow open
(karate.collab.activity).

Who may do what (the workflow's team: its owner, and those it is shared with as editor or viewer):
- read the threads, post a thread or a reply: anyone on the team, viewers too (as in Figma, viewing a design
  includes discussing it); readers of a public workflow are not on its team and see no comments.
- edit a comment's text: its author only.
- resolve or reopen a thread: its author, or anyone who may edit the workflow (owner, editors).
- delete a comment (a thread's first comment deletes the thread): its author, or anyone who may edit the workflow.

A thread as the API shows it (`CommentThread` in karate/api/comment_schemas.py):
    {id, node_id, x, y, body, author: {id, name} | null, created_at, updated_at, resolved_at,
     resolved_by: {id, name} | null, replies: [{id, body, author, created_at, updated_at}]}
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, or_, select

from karate.collab.activity import ActivityEvent, WorkflowActivity
from karate.collab.people import names, person, team_workflow
from karate.db import Database
from karate.db.collab_tables import Comment
from karate.db.models import new_id, utcnow
from karate.db.repositories import timestamp
from karate.services.access import WRITERS, AccessControl
from karate.services.errors import Forbidden, InvalidRequest, NotFound

MAX_BODY = 5000  # characters of one comment
_WHAT = "comments"


def check_body(body: str) -> str:
    """A comment's text, trimmed; InvalidRequest, in words, when empty or longer than MAX_BODY characters."""
    text = body.strip()
    if not text:
        raise InvalidRequest("a comment needs some text; write what you want to say")
    if len(text) > MAX_BODY:
        raise InvalidRequest(f"a comment can be at most {MAX_BODY} characters long (this one has {len(text)})")
    return text


def check_pin(node_id: str | None, x: float | None, y: float | None) -> None:
    """A thread is pinned to a node or to a canvas point, exactly one; InvalidRequest in words otherwise."""
    point = x is not None or y is not None
    if node_id is not None and point:
        raise InvalidRequest("pin a comment to a node (node_id) or to a point on the canvas (x and y), not both")
    if node_id is None and not point:
        raise InvalidRequest("say where the comment goes: node_id for a node, or x and y for a point on the canvas")
    if point and (x is None or y is None):
        raise InvalidRequest("a comment pinned to the canvas needs both x and y")


def no_comment(comment_id: str) -> NotFound:
    return NotFound(f"there is no comment {comment_id} on this workflow; GET its comments to see the threads")


class CommentService:
    """The comment threads of workflows, checked against karate.services.access and told to `activity`."""

    def __init__(self, database: Database, access: AccessControl, activity: WorkflowActivity) -> None:
        self.database = database
        self.access = access
        self.activity = activity

    async def check_readable(self, workflow_id: str, user_id: str) -> None:
        """NotFound or Forbidden unless the user may read the workflow's comments (and follow its activity)."""
        await team_workflow(self.database, self.access, workflow_id, user_id, what=_WHAT)

    async def list(self, workflow_id: str, user_id: str) -> dict[str, Any]:
        """Every thread of the workflow, oldest first, each with its replies oldest first: `{items: [thread]}`."""
        await team_workflow(self.database, self.access, workflow_id, user_id, what=_WHAT)
        async with self.database.session() as session:
            rows = (
                await session.execute(
                    select(Comment).where(Comment.workflow_id == workflow_id).order_by(Comment.created_at, Comment.id)
                )
            ).scalars()
            comments = list(rows)
        known = await names(self.database, [c.author_id for c in comments] + [c.resolved_by for c in comments])
        replies: dict[str, list[Comment]] = {}
        for comment in comments:
            if comment.thread_id is not None:
                replies.setdefault(comment.thread_id, []).append(comment)
        threads = [c for c in comments if c.thread_id is None]
        return {"items": [_thread_json(t, replies.get(t.id, []), known) for t in threads]}

    async def create(
        self,
        workflow_id: str,
        user_id: str,
        body: str,
        *,
        node_id: str | None = None,
        x: float | None = None,
        y: float | None = None,
    ) -> dict[str, Any]:
        """Start a thread pinned to `node_id` or to the canvas point (x, y); the thread."""
        text = check_body(body)
        check_pin(node_id, x, y)
        await team_workflow(self.database, self.access, workflow_id, user_id, what=_WHAT)
        comment = await self._add(workflow_id, user_id, text, node_id=node_id, x=x, y=y)
        thread = await self._thread(workflow_id, comment.id)
        self._tell(ActivityEvent.COMMENT_CREATED, workflow_id, comment.id, thread)
        if thread is None:  # deleted in the meantime
            raise no_comment(comment.id)
        return thread

    async def _add(self, workflow_id: str, user_id: str, text: str, **where: Any) -> Comment:
        """Store a new comment by `user_id`; `where`: its pin (node_id, or x and y) or the thread_id it replies in."""
        now = utcnow()
        comment = Comment(
            id=new_id(), workflow_id=workflow_id, author_id=user_id, body=text, created_at=now, updated_at=now, **where
        )
        async with self.database.session() as session:
            session.add(comment)
            await session.commit()
        return comment

    async def reply(self, workflow_id: str, thread_id: str, user_id: str, body: str) -> dict[str, Any]:
        """Add a reply to a thread (a reply to a reply joins the same thread); the reply."""
        text = check_body(body)
        await team_workflow(self.database, self.access, workflow_id, user_id, what=_WHAT)
        target = await self._comment(workflow_id, thread_id)
        comment = await self._add(workflow_id, user_id, text, thread_id=target.thread_id or target.id)
        thread = await self._thread(workflow_id, comment.thread_id or comment.id)
        self._tell(ActivityEvent.COMMENT_CREATED, workflow_id, comment.id, thread)
        known = await names(self.database, [user_id])
        return _reply_json(comment, known)

    async def update(
        self, workflow_id: str, comment_id: str, user_id: str, *, body: str | None = None, resolved: bool | None = None
    ) -> dict[str, Any]:
        """Edit a comment's text (its author), and/or resolve or reopen its thread (the thread's author or
        someone who may edit the workflow); the whole thread after the change."""
        if body is None and resolved is None:
            raise InvalidRequest("send body (the new text) or resolved (true or false), or both")
        text = check_body(body) if body is not None else None
        _, granted = await team_workflow(self.database, self.access, workflow_id, user_id, what=_WHAT)
        comment = await self._comment(workflow_id, comment_id)
        if text is not None and comment.author_id != user_id:
            raise Forbidden("only a comment's author can change its text; reply to it instead")
        if resolved is not None:
            if comment.thread_id is not None:
                raise InvalidRequest("resolve or reopen the thread (its first comment), not a reply")
            if comment.author_id != user_id and granted not in WRITERS:
                raise Forbidden("only the thread's author or someone who may edit the workflow can resolve it")
        async with self.database.session() as session:
            row = await session.get(Comment, comment_id)
            if row is None:
                raise no_comment(comment_id)
            if text is not None and text != row.body:
                row.body, row.updated_at = text, utcnow()
            if resolved is True and row.resolved_at is None:
                row.resolved_at, row.resolved_by = utcnow(), user_id
            elif resolved is False:
                row.resolved_at, row.resolved_by = None, None
            await session.commit()
        thread = await self._thread(workflow_id, comment.thread_id or comment.id)
        self._tell(ActivityEvent.COMMENT_UPDATED, workflow_id, comment_id, thread)
        if thread is None:  # deleted in the meantime
            raise no_comment(comment_id)
        return thread

    async def delete(self, workflow_id: str, comment_id: str, user_id: str) -> None:
        """Delete a comment (its author, or someone who may edit the workflow); a thread's first comment takes
        its replies with it."""
        _, granted = await team_workflow(self.database, self.access, workflow_id, user_id, what=_WHAT)
        comment = await self._comment(workflow_id, comment_id)
        if comment.author_id != user_id and granted not in WRITERS:
            raise Forbidden("only a comment's author or someone who may edit the workflow can delete it")
        async with self.database.session() as session:
            await session.execute(delete(Comment).where(or_(Comment.id == comment_id, Comment.thread_id == comment_id)))
            await session.commit()
        thread = await self._thread(workflow_id, comment.thread_id) if comment.thread_id else None
        self._tell(ActivityEvent.COMMENT_DELETED, workflow_id, comment_id, thread, comment.thread_id or comment_id)

    # --- reading ------------------------------------------------------------------------------------

    async def _comment(self, workflow_id: str, comment_id: str) -> Comment:
        async with self.database.session() as session:
            comment = await session.get(Comment, comment_id)
        if comment is None or comment.workflow_id != workflow_id:
            raise no_comment(comment_id)
        return comment

    async def _thread(self, workflow_id: str, thread_id: str) -> dict[str, Any] | None:
        """One thread as the API shows it; None when it no longer exists."""
        async with self.database.session() as session:
            rows = list(
                (
                    await session.execute(
                        select(Comment)
                        .where(Comment.workflow_id == workflow_id)
                        .where(or_(Comment.id == thread_id, Comment.thread_id == thread_id))
                        .order_by(Comment.created_at, Comment.id)
                    )
                ).scalars()
            )
        root = next((c for c in rows if c.id == thread_id), None)
        if root is None:
            return None
        known = await names(self.database, [c.author_id for c in rows] + [root.resolved_by])
        return _thread_json(root, [c for c in rows if c.id != thread_id], known)

    def _tell(
        self,
        event: ActivityEvent,
        workflow_id: str,
        comment_id: str,
        thread: dict[str, Any] | None,
        thread_id: str | None = None,
    ) -> None:
        self.activity.publish(
            workflow_id,
            event,
            {"comment_id": comment_id, "thread_id": thread["id"] if thread else thread_id, "thread": thread},
        )


def _reply_json(comment: Comment, known: dict[str, str]) -> dict[str, Any]:
    return {
        "id": comment.id,
        "body": comment.body,
        "author": person(comment.author_id, known),
        "created_at": timestamp(comment.created_at),
        "updated_at": timestamp(comment.updated_at),
    }


def _thread_json(root: Comment, replies: Sequence[Comment], known: dict[str, str]) -> dict[str, Any]:
    return {
        **_reply_json(root, known),
        "node_id": root.node_id,
        "x": root.x,
        "y": root.y,
        "resolved_at": timestamp(root.resolved_at),
        "resolved_by": person(root.resolved_by, known),
        "replies": [_reply_json(reply, known) for reply in replies],
    }
