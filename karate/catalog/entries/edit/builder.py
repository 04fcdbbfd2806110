"""The edit family's entry builder (an image out unless told otherwise, and the editing job timeout), and the
mask parameter its masked edits share."""

from __future__ import annotations

from typing import Unpack

from karate.catalog.dsl import IMAGE_OUT, EntryFieldsWithOutput, entry, integer
from karate.catalog.schema import ModelEntry

EDIT_TIMEOUT = 300.0
GROW_MASK = integer("grow_mask", 5, 0, 20, "Pixels to grow the mask by", advanced=True)


def edit_model(id: str, title: str, description: str, **fields: Unpack[EntryFieldsWithOutput]) -> ModelEntry:
    fields.setdefault("job_timeout", EDIT_TIMEOUT)
    fields.setdefault("output", IMAGE_OUT)
    return entry(id, title, "edit", description, **fields)
