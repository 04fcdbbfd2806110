"""The image family's entry builder and the parameters and output-format shorthands that several of its models
share."""

from __future__ import annotations

from typing import Unpack

from karate.catalog.dsl import IMAGE_OUT, EntryFields, choice, entry, integer, number, prompt_in
from karate.catalog.schema import ModelEntry, ModelParam

IMAGE_TIMEOUT = 300.0
JPG_PNG = choice("output_format", ("jpg", "png"), description="File format of the result", advanced=True)
TO_FAL_FORMAT = {"$": "output_format", "map": {"jpg": "jpeg"}}
#: Black Forest Labs' moderation level
SAFETY_TOLERANCE = integer("safety_tolerance", 2, 1, 6, "1 is strictest, 6 most permissive", advanced=True)


def guidance_scale(default: float) -> ModelParam:
    return number("guidance_scale", default, 1, 20, "How strictly to follow the prompt", advanced=True)


def image_model(id: str, title: str, description: str, **fields: Unpack[EntryFields]) -> ModelEntry:
    fields.setdefault("inputs", (prompt_in(),))
    fields.setdefault("job_timeout", IMAGE_TIMEOUT)
    return entry(id, title, "image", description, output=IMAGE_OUT, **fields)
