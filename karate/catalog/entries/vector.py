"""SVG models: vectorizing an image (hosted, or locally with vtracer) and text-to-vector generation."""

from __future__ import annotations

from typing import Unpack

from karate.catalog.dsl import (
    COMMON_ASPECTS,
    FAL_SIZE,
    VECTOR_OUT,
    EntryFields,
    aspect,
    choice,
    entry,
    fal,
    image_in,
    integer,
    prompt_in,
    replicate,
    route,
)
from karate.catalog.schema import ModelEntry


def vector_model(id: str, title: str, description: str, **fields: Unpack[EntryFields]) -> ModelEntry:
    fields.setdefault("job_timeout", 300.0)
    return entry(id, title, "vector", description, output=VECTOR_OUT, **fields)


ENTRIES: list[ModelEntry] = [
    vector_model(
        "vectorizer",
        "Vectorizer",
        "Image to SVG: Recraft's vectorizer when a key is set, else vtracer locally.",
        credits=1,
        inputs=(image_in(description="Image to trace"),),
        params=(
            choice("colormode", ("color", "binary"), description="Local tracing: colour or black and white"),
            integer("filter_speckle", 4, 0, 128, "Local tracing: drop specks smaller than this", advanced=True),
            integer("color_precision", 6, 1, 8, "Local tracing: bits per colour channel", advanced=True),
        ),
        routes=(
            replicate("recraft-ai/recraft-vectorize", {"image": "$image"}),
            fal("fal-ai/recraft/vectorize", {"image_url": "$image"}),
            route(
                "local",
                "vtracer",
                operation="vectorize",
                input={
                    "image": "$image",
                    "colormode": "$colormode",
                    "filter_speckle": "$filter_speckle",
                    "color_precision": "$color_precision",
                    "mode": "spline",
                },
            ),
        ),
    ),
    vector_model(
        "recraft_v3_svg",
        "Recraft V3 SVG",
        "Recraft V3 drawing straight to SVG.",
        credits=6,
        inputs=(prompt_in(),),
        params=(
            aspect(COMMON_ASPECTS),
            choice(
                "style",
                (
                    "vector_illustration",
                    "vector_illustration/line_art",
                    "vector_illustration/engraving",
                    "vector_illustration/linocut",
                ),
            ),
        ),
        routes=(
            replicate(
                "recraft-ai/recraft-v3-svg",
                {"prompt": "$prompt", "aspect_ratio": "$aspect_ratio", "style": "$style"},
                status="unconfirmed",
            ),
            fal(
                "fal-ai/recraft/v3/text-to-image",
                {"prompt": "$prompt", "style": "$style", "image_size": FAL_SIZE},
                status="unconfirmed",
                note="SVG output for vector styles not confirmed",
            ),
        ),
    ),
    vector_model(
        "text_to_vector",
        "Text To Vector",
        "Recraft V4: an SVG illustration from a prompt.",
        credits=6,
        inputs=(prompt_in(),),
        params=(aspect(COMMON_ASPECTS),),
        routes=(
            fal("fal-ai/recraft/v4/text-to-vector", {"prompt": "$prompt", "image_size": FAL_SIZE}),
            replicate(
                "recraft-ai/recraft-20b-svg",
                {"prompt": "$prompt", "aspect_ratio": "$aspect_ratio"},
                status="unconfirmed",
            ),
        ),
    ),
]
