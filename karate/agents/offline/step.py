"""A step of an instruction (one thing to add, with what its clause says about it), and the kinds of task
that decide how steps join: what makes something, and what only describes how it looks."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from karate.agents.offline.existing import Ref
from karate.agents.offline.intent import Intent
from karate.agents.offline.models import Named
from karate.agents.offline.tasks import Task
from karate.engine.types import PortType


@dataclass
class Step:
    """One thing to add (a task, a named model, or an input), with what its clause says about it."""

    task: Task | None = None
    preset: dict[str, Any] = field(default_factory=dict)
    named: Named | None = None
    inputs: list[tuple[PortType, str, bool]] = field(default_factory=list)  # (media, url or "", "the image")
    intents: list[Intent] = field(default_factory=list)
    count: int = 1
    copies: int = 1  # how many of the person's own pictures (or videos) it names: "upload two photos"
    subject: list[str] = field(default_factory=list)
    words: str = ""  # the clause's words, for parameter choices named in it
    refs: list[Ref] = field(default_factory=list)
    leftover: list[str] = field(default_factory=list)  # content words nobody used
    raw: list[str] = field(default_factory=list)  # the clause's own words, for a model whose prompt is the request
    others: list[Named] = field(default_factory=list)  # further models the clause names ("swap flux for ideogram")
    joined: str = ""  # the separator before the clause ("then", "and", ",")
    sibling: bool = False  # a model beside the previous step's one ("with sd 3.5 and with flux", "kling vs luma")
    borrowed: bool = False  # its subject came from a later clause with no task ("…: a whale over a city")

    @property
    def real(self) -> bool:
        return self.task is not None or self.named is not None


GENERATIVE = frozenset({"generate", "animate", "animate_image", "three_d", "vectorize", "write"})


MAKERS = frozenset({"generate", "animate"})  # tasks that make a picture or video from words


# Tasks on a picture whose words also describe one ("black and white", "blurred background", "slow motion",
# "high resolution", "depth of field"): inside a description of something to make, they are part of it.
LOOK_TASKS = frozenset(
    {"adjust", "blur", "invert", "interpolate", "upscale", "depth", "relight", "crop", "mask", "resize"}
)


IMPERATIVE = (
    r"^\s*(?:(?:please|pls|now|also|and|then)\s+)*(?:make|turn|convert|set|apply|give|add|put|change|blur|invert|"
    r"upscale|crop|brighten|darken|desaturate|adjust|sharpen|enhance|enlarge|smooth|interpolate|relight|trim|"
    r"increase|boost|raise|reduce|lower|decrease|mask|resize|shrink|downsize|downscale|scale|stretch)\b"
)
