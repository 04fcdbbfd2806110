"""A parameter asked for in words (what `params` reads and `landing` sets on a node)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Intent:
    """One parameter asked for. `kind`: aspect, size, scale, duration, seed, format, filename, resolution, radius,
    strength, count, width, height, side (the longer side), percent, or setting (a parameter by its name: `value` is
    (name, number)); `value`: a number or a word; `label`: how the person said it, or the value's own name."""

    kind: str
    value: Any
    label: str
    said: str = ""  # the words typed, where `label` names the value otherwise ("wide" read as "landscape")

    @property
    def typed(self) -> str:
        """The intent as the person typed it, for what the plan does not act on."""
        return (self.said or self.label).strip()
