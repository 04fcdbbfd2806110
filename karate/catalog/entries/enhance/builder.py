"""The shape of what the enhance family's entries of one kind share."""

from __future__ import annotations

from typing import TypedDict

from karate.catalog.schema import ModelPort


class Kind(TypedDict):
    """What the entries of one kind share: their output and how long their jobs may take."""

    job_timeout: float
    output: ModelPort
