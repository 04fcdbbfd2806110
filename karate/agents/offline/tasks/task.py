"""A task and the phrases that say it: what the task modules are made of."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from karate.engine.types import PortType

IMAGE, VIDEO, AUDIO, TEXT, MESH, VECTOR = (
    PortType.IMAGE,
    PortType.VIDEO,
    PortType.AUDIO,
    PortType.TEXT,
    PortType.MESH,
    PortType.VECTOR,
)


@dataclass(frozen=True)
class Trigger:
    """A regular expression over the lower-cased instruction; `params` are what the phrase itself asks for."""

    pattern: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Task:
    """One thing a person asks for. `label`: a verb phrase for assumptions ("make a video"); `takes`: the media it
    works on, in order of preference (TEXT: from a prompt); `gives`: what it produces (None: the kind it took);
    `nodes`: node types that do it, preferred first."""

    key: str
    label: str
    triggers: tuple[Trigger, ...]
    takes: tuple[PortType, ...]
    gives: PortType | None
    nodes: tuple[str, ...] = ()
    needs_prompt: bool = False  # the instruction's words are the prompt (an edit by instruction)
    extras: tuple[PortType, ...] = ()  # other inputs the task brings along (a voice for a talking head)
    described: bool = False  # words describing the result pick a node that takes a prompt ("relight it at dusk")


NEEDS_INPUT = "_needs_input"  # a trigger that counts only in a clause naming the person's own media


def t(*patterns: str, **params: Any) -> tuple[Trigger, ...]:
    """One trigger per pattern, each asking for `params`."""
    return tuple(Trigger(p, dict(params)) for p in patterns)
