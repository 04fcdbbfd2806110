"""Asking the AI dock to delete nodes or to undo: its plans add and change nodes (and rewire them), they never delete
one, so such an instruction gets an answer saying how to do it on the canvas, instead of being read as a graph to
build ("remove the blur" on an empty canvas made an Image Upload and a Blur)."""

from __future__ import annotations

import re

from karate.agents.offline.canvas import Canvas
from karate.agents.offline.questions import STARTERS
from karate.agents.offline.tasks import TASKS
from karate.agents.offline.text import Text
from karate.agents.patch import PlannerKind, PlanOut, PlanStatus

_REMOVE = re.compile(
    r"^(?:(?:please|now|then|and|ok|okay|just|can you|could you)[ ,]+)*"
    r"(?P<verb>delete|remove|erase|get rid of|clear|wipe|take out|throw away)\b\s*(?P<rest>.*)$"
)
_UNDO = re.compile(
    r"^(?:(?:please|now|ok|okay|just|can you|could you)[ ,]+)*(?:undo|take (?:that|it) back|revert|roll back)\b"
)
_EVERYTHING = re.compile(r"\b(?:everything|all|canvas|graph|workflow|board|whole)\b")
_EMPTY = (
    "There is nothing on the canvas to delete. Tell me what to build, for example: "
    "'blur my image then save it as a png'."
)


def not_a_plan(text: Text, canvas: Canvas) -> PlanOut | None:
    """The answer to an instruction that asks to delete nodes or to undo, or None for any other (and for a task
    that removes something from a picture: "remove the background", "erase the watermark"). `text`: the
    instruction as the parser read it, misspellings corrected and the canvas's nodes it names claimed (`ref`)."""
    low = re.sub(r"\s+", " ", text.low.strip())
    if _UNDO.match(low):
        return _answer(
            "Nothing planned: the AI dock does not undo",
            "To take back the last change, press Ctrl+Z (⌘Z on a Mac) or Undo in the toolbar; a plan applied from "
            "here is one change, taken back at once.",
        )
    removing = _REMOVE.match(low)
    if removing is None or _is_task(low[removing.start("verb") :]):  # "and remove the background": a task
        return None
    rest = removing.group("rest")
    if not canvas.workflow.nodes:
        return _answer("Nothing planned: the canvas is empty", _EMPTY)
    named = list(dict.fromkeys(canvas.name(span.value.node_id) for span in text.spans if span.kind == "ref"))
    if named:
        what = ", ".join(named[:3]) + (f" and {len(named) - 3} more" if len(named) > 3 else "")
        how = f"select {what} on the canvas and press Delete or Backspace"
    elif _EVERYTHING.search(rest):
        how = "press Ctrl+A (⌘A on a Mac) to select every node, then Delete or Backspace"
    else:  # a removal verb first and no task of its own: never a graph to build ("delete the upscale" built one)
        how = "select them on the canvas (Shift+drag for several) and press Delete or Backspace"
    return _answer(
        "Nothing planned: the AI dock adds and changes nodes, it does not delete them",
        f"To delete nodes, {how}; Ctrl+Z brings them back.",
    )


def _is_task(low: str) -> bool:
    """Whether a task's own words begin the instruction, its verb included ("remove the background")."""
    return any(
        (found := re.search(trigger.pattern, low)) is not None and found.start() == 0
        for task in TASKS
        for trigger in task.triggers
    )


def _answer(summary: str, question: str) -> PlanOut:
    """A question that says how, with instructions the dock can carry out to offer instead (not the words typed
    made into a picture: "generate an image of delete everything")."""
    return PlanOut(
        status=PlanStatus.QUESTION,
        planner=PlannerKind.OFFLINE,
        summary=summary,
        question=question,
        suggestions=list(STARTERS),
    )
